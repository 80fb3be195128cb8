import Foundation

/// 统一社会信用代码 (GB 32100-2015): authority, category, GB/T 2260 code, 组织机构代码 and a check character
/// over the 31-character set `0123456789ABCDEFGHJKLMNPQRTUWXY` (rules.md §13.2).
public struct UnifiedSocialCreditCode: Hashable, Sendable, CustomStringConvertible {
    public static let fieldName = "统一社会信用代码"
    public static let characterSet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    static let organizationCodeWeights = [3, 7, 9, 10, 5, 8, 4, 2]

    /// Registration authorities (position 1) and the categories (position 2) each may use.
    public static let authorities: [Character: (name: String, categories: [Character: String])] = [
        "1": ("机构编制", ["1": "机关", "2": "事业单位", "3": "群众团体", "9": "其他"]),
        "2": ("外交", ["1": "外国常驻新闻机构", "9": "其他"]),
        "3": ("司法行政", ["1": "律师执业机构", "2": "公证处", "3": "基层法律服务所", "4": "司法鉴定机构", "5": "仲裁委员会", "9": "其他"]),
        "4": ("文化", ["1": "外国在华文化中心", "9": "其他"]),
        "5": ("民政", ["1": "社会团体", "2": "民办非企业单位（社会服务机构）", "3": "基金会", "9": "其他"]),
        "6": ("旅游", ["1": "外国旅游部门常驻代表机构", "2": "港澳台地区旅游部门常驻内地（大陆）代表机构", "9": "其他"]),
        "7": ("宗教", ["1": "宗教活动场所", "2": "宗教院校", "9": "其他"]),
        "8": ("工会", ["1": "基层工会", "9": "其他"]),
        "9": ("工商（市场监管）", ["1": "企业", "2": "个体工商户", "3": "农民专业合作社"]),
        "A": ("中央军委改革和编制办公室", ["1": "军队事业单位", "9": "其他"]),
        "N": ("农业", ["1": "组级集体经济组织", "2": "村级集体经济组织", "3": "乡镇级集体经济组织", "9": "其他"]),
        "Y": ("其他", ["1": "其他"]),
    ]

    public let value: String
    /// A non-fatal remark: the inner 组织机构代码 check failed (GB 11714, a warning per rules.md §13.2).
    public let warning: String?

    public var authorityCode: Character { Array(value)[0] }
    public var categoryCode: Character { Array(value)[1] }
    public var authorityName: String { Self.authorities[authorityCode]!.name }
    public var categoryName: String { Self.authorities[authorityCode]!.categories[categoryCode]! }
    public var divisionCode: String { String(Array(value)[2..<8]) }

    public var description: String { value }

    public init(_ text: String) throws {
        let field = Self.fieldName
        let characters = Array(text.trimmingCharacters(in: .whitespaces))
        guard characters.count == 18 else {
            throw ValidationError(field: field, reason: "位数不对：应为 18 位，实际 \(characters.count) 位。")
        }
        if let bad = characters.first(where: { !Self.characterSet.contains($0) }) {
            let hint = bad.isLowercase ? "字母应为大写" : "代码不使用 I、O、S、V、Z"
            throw ValidationError(field: field, reason: "含有无效字符「\(bad)」（\(hint)）。")
        }
        guard let authority = Self.authorities[characters[0]] else {
            throw ValidationError(field: field, reason: "登记管理部门代码「\(characters[0])」无效。")
        }
        guard authority.categories[characters[1]] != nil else {
            throw ValidationError(field: field, reason: "机构类别代码「\(characters[1])」不属于登记管理部门「\(authority.name)」。")
        }
        guard characters[2..<8].allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw ValidationError(field: field, reason: "第 3–8 位登记管理机关行政区划码应为 6 位数字。")
        }
        let expected = Self.checkCharacter(for: characters)
        guard characters[17] == expected else {
            throw ValidationError(field: field, reason: "校验码错误：最后一位应为 \(expected)，请核对代码。")
        }
        self.value = String(characters)
        self.warning = Self.organizationCodeWarning(Array(characters[8..<17]))
    }

    public static func checkCharacter(for characters: [Character]) -> Character {
        var sum = 0
        for index in 0..<17 {
            sum += characterSet.firstIndex(of: characters[index])! * weights[index]
        }
        return characterSet[(31 - sum % 31) % 31]
    }

    /// GB 11714-1997: C9 = 11 − (Σ mod 11) over characters valued 0–35; 10 → X and 11 → 0 (the mapping is ✘).
    static func organizationCodeWarning(_ code: [Character]) -> String? {
        func valueOf(_ character: Character) -> Int? {
            if let digit = character.wholeNumberValue, character.isASCII { return digit }
            guard let ascii = character.asciiValue, ascii >= 65, ascii <= 90 else { return nil }
            return Int(ascii) - 55
        }
        var sum = 0
        for index in 0..<8 {
            guard let value = valueOf(code[index]) else { return "内含的组织机构代码含有无效字符（仅提示）。" }
            sum += value * organizationCodeWeights[index]
        }
        let check = 11 - sum % 11
        let expected: Character = check == 10 ? "X" : check == 11 ? "0" : Character(String(check))
        return code[8] == expected ? nil : "内含的组织机构代码校验位不符（应为 \(expected)，仅提示，GB 11714 映射未经官方确认）。"
    }

    /// The first 17 characters with their check character appended (fictional codes for demos and tests). Only for
    /// literal codes written by a programmer: 17 characters of the code's alphabet, or it stops with that message
    /// (found by the fuzzer, which fed it an `I`; what people type goes through `init`, which refuses in Chinese).
    public static func completing(_ first17: String) -> String {
        let characters = Array(first17)
        precondition(characters.count == 17 && characters.allSatisfy(characterSet.contains),
                     "completing(_:) needs 17 characters of 0-9A-HJ-NPQRTUWXY, got \(first17)")
        return first17 + String(checkCharacter(for: characters))
    }

    /// The registry types of a social organisation (rules.md §13.2: 51 / 52 / 53, or 59 其他).
    public var isSocialOrganizationCode: Bool {
        authorityCode == "5" && ["1", "2", "3", "9"].contains(categoryCode)
    }

    /// Requires a code the civil-affairs registry issues: 51, 52, 53 or 59.
    public func requireSocialOrganization() throws {
        guard isSocialOrganizationCode else {
            throw ValidationError(
                field: Self.fieldName,
                reason: "社会组织的代码应以 51（社会团体）、52（社会服务机构）、53（基金会）或 59 开头，此代码的登记管理部门为「\(authorityName)」。")
        }
    }
}
