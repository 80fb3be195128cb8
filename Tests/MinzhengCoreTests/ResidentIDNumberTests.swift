import MinzhengCore
import Testing

@Suite struct ResidentIDNumberTests {
    static let today = CivilDate(iso: "2026-11-26")!

    @Test(arguments: ["11010519491231002X", "659003199001011238", "653101198506152012", "110105200002290013"])
    func validNumbersAreAccepted(_ value: String) throws {
        let id = try ResidentIDNumber(value, today: Self.today)
        #expect(id.value == value)
    }

    @Test func rulebookVectorYieldsCheckCharacterX() throws {
        let id = try ResidentIDNumber("11010519491231002X", today: Self.today)
        #expect(id.birthDate == CivilDate(iso: "1949-12-31"))
        #expect(!id.isMale)
        #expect(ResidentIDNumber.checkCharacter(for: Array("11010519491231002")) == "X")
    }

    @Test(arguments: [
        ("1101051949123100", "位数不对"),
        ("11010519491231002XX", "位数不对"),
        ("11010519491231002x", "X 应为大写"),
        ("110105194912310021", "校验码错误：最后一位应为 X"),
        ("11010519491331002X", "出生日期无效：第 7–14 位不是真实的日期"),
        ("110105190002290010", "出生日期无效"),
        ("110105189912310010", "早于 1900 年"),
        ("110105203001010010", "晚于今天"),
        ("11010519491231A02X", "前 17 位只能是数字"),
        ("11010519491231002Y", "最后一位只能是数字或大写 X"),
        ("010105194912310021", "地址码无效"),
    ])
    func invalidNumbersAreRefusedWithTheReason(_ value: String, _ reason: String) {
        do {
            _ = try ResidentIDNumber(value, today: Self.today)
            Issue.record("\(value) was accepted")
        } catch let error as ValidationError {
            #expect(error.field == "公民身份号码")
            #expect(error.reason.contains(reason), "\(error.reason)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func legacyFifteenDigitNumberIsConvertedWhenAccepted() throws {
        let id = try ResidentIDNumber("110105491231002", today: Self.today)
        #expect(id.value == "11010519491231002X")
        #expect(id.wasLegacy)
        #expect(throws: ValidationError.self) { try ResidentIDNumber("110105491231002", today: Self.today, acceptLegacy15: false) }
    }

    @Test func ageCountsWholeYears() throws {
        let id = try ResidentIDNumber("110105200002290013", today: Self.today)
        #expect(id.age(on: CivilDate(iso: "2022-02-28")!) == 21)
        #expect(id.age(on: CivilDate(iso: "2022-03-01")!) == 22)
    }
}

@Suite struct UnifiedSocialCreditCodeTests {
    @Test(arguments: ["91350100M000100Y43", "91110000600037341L", "51659003MJ00000016", "52659003MJ00000026", "53659003MJ00000036"])
    func validCodesAreAccepted(_ value: String) throws {
        #expect(try UnifiedSocialCreditCode(value).value == value)
    }

    @Test func socialOrganizationCodesNameTheirAuthorityAndCategory() throws {
        let code = try UnifiedSocialCreditCode("51659003MJ00000016")
        #expect(code.authorityName == "民政")
        #expect(code.categoryName == "社会团体")
        #expect(code.divisionCode == "659003")
        try code.requireSocialOrganization()
        #expect(try UnifiedSocialCreditCode("53659003MJ00000036").categoryName == "基金会")
    }

    @Test func aCompanyCodeIsNotASocialOrganizationCode() throws {
        let code = try UnifiedSocialCreditCode("91350100M000100Y43")
        #expect(throws: ValidationError.self) { try code.requireSocialOrganization() }
    }

    @Test(arguments: [
        ("51659003MJ0000001", "位数不对"),
        ("51659003MJ00000017", "校验码错误：最后一位应为 6"),
        ("51659003MI00000016", "无效字符「I」"),
        ("51659003mj00000016", "字母应为大写"),
        ("5165900ZMJ00000016", "代码不使用 I、O、S、V、Z"),
        ("C1659003MJ00000016", "登记管理部门代码「C」无效"),
        ("54659003MJ00000016", "机构类别代码「4」不属于登记管理部门「民政」"),
        ("5165900AMJ00000016", "行政区划码应为 6 位数字"),
    ])
    func invalidCodesAreRefusedWithTheReason(_ value: String, _ reason: String) {
        do {
            _ = try UnifiedSocialCreditCode(value)
            Issue.record("\(value) was accepted")
        } catch let error as ValidationError {
            #expect(error.reason.contains(reason), "\(error.reason)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func innerOrganizationCodeMismatchIsOnlyAWarning() throws {
        let code = try UnifiedSocialCreditCode("51659003MJ00000016")
        #expect(code.warning != nil)
        #expect(try UnifiedSocialCreditCode("91350100M000100Y43").warning == nil)
    }
}

@Suite struct MobileNumberTests {
    @Test(arguments: ["13812345678", "+86 138 1234 5678", "8613812345678", "199-0000-1111"])
    func mainlandMobileNumbersAreAccepted(_ value: String) throws {
        #expect(try MobileNumber(value).value.count == 11)
    }

    @Test(arguments: ["1381234567", "12812345678", "23812345678", "138123456789", "1381234567a"])
    func otherNumbersAreRefused(_ value: String) {
        #expect(throws: ValidationError.self) { try MobileNumber(value) }
    }
}
