import Foundation
import MinzhengCore
import Testing

@Suite struct SHA256HashTests {
    @Test func matchesTheStandardVectors() {
        #expect(SHA256Hash.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256Hash.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256Hash.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256Hash.hex(String(repeating: "a", count: 1000)) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
        // RFC 4231 test case 2.
        #expect(SHA256Hash.hmacHex(key: "Jefe", message: "what do ya want for nothing?")
            == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }
}

@Suite struct SocialOrganizationImportTests {
    static let header = SocialOrganizationImport.columns
    static func row(_ line: Int, _ values: [String]) -> (line: Int, fields: [String]) { (line, values) }

    @Test func everyBadRowIsRefusedWithItsReasonsAndGoodRowsAreTaken() throws {
        let good = UnifiedSocialCreditCode.completing("51659003MJ0000001")
        let agency = UnifiedSocialCreditCode.completing("52659003MJ0000002")
        let rows = [
            Self.row(1, Self.header),
            Self.row(2, [good, "图木舒克市书法家协会（示例）", "社会团体", "张三", "图木舒克市", "书法交流", "659003-JY", "2020-05-01", "正常"]),
            Self.row(3, [good, "重复的协会（示例）", "社会团体", "李四", "图木舒克市", "", "", "2020-05-01", ""]),
            Self.row(4, [String(agency.dropLast()) + "0", "坏校验码（示例）", "社会服务机构", "王五", "图木舒克市", "", "", "2021-01-01", "正常"]),
            Self.row(5, [agency, "类型不符（示例）", "基金会", "赵六", "图木舒克市", "", "", "2021-01-01", "正常"]),
            Self.row(6, [UnifiedSocialCreditCode.completing("91659003MA0000001"), "一家企业（示例）", "社会团体", "钱七", "x", "", "", "2021-01-01", ""]),
            Self.row(7, [UnifiedSocialCreditCode.completing("53659003MJ0000003"), "", "基金会", "", "", "", "999", "2031-01-01", "休眠"]),
            Self.row(8, ["", "", "", "", "", "", "", "", ""]),
        ]
        let result = try SocialOrganizationImport.parse(rows, knownUnitCodes: ["659003-JY"], existingCodes: [], today: CivilDate(iso: "2025-06-01")!)
        #expect(result.accepted.map(\.line) == [2])
        #expect(result.accepted.first?.organization.kind == .socialGroup)
        #expect(result.refused.map(\.line) == [3, 4, 5, 6, 7])
        #expect(result.refused[0].reasons.contains { $0.contains("重复") })
        #expect(result.refused[1].reasons.contains { $0.contains("校验") })
        #expect(result.refused[2].reasons.contains { $0.contains("不符") })
        #expect(result.refused[3].reasons.contains { $0.contains("51") })
        let many = result.refused[4].reasons
        #expect(many.contains { $0.contains("名称") } && many.contains { $0.contains("法定代表人") } && many.contains { $0.contains("业务主管单位") })
        #expect(many.contains { $0.contains("晚于今天") } && many.contains { $0.contains("状态") })
    }

    @Test func aMissingColumnRefusesTheWholeFile() {
        #expect(throws: ValidationError.self) {
            _ = try SocialOrganizationImport.parse([(1, ["名称", "类型"])], knownUnitCodes: [], existingCodes: [], today: CivilDate(iso: "2025-06-01")!)
        }
    }

    @Test func organisationsRegisteredInTheLastSixMonthsSkipTheYear() {
        func org(_ registered: String, _ status: OrganizationStatus = .normal) -> SocialOrganization {
            SocialOrganization(creditCode: "x", name: "x", kind: .socialGroup, legalRepresentative: "x", address: "x", businessScope: "",
                               supervisorUnitCode: nil, registeredOn: CivilDate(iso: registered)!, status: status)
        }
        #expect(org("2024-06-30").isDueAnnualInspection(for: 2024))
        #expect(!org("2024-07-01").isDueAnnualInspection(for: 2024))
        #expect(org("2024-07-01").isDueAnnualInspection(for: 2025))
        #expect(!org("2020-01-01", .revoked).isDueAnnualInspection(for: 2025))
        #expect(AnnualInspection.deadlines(year: 2026, kind: .foundation).registry == CivilDate(iso: "2026-03-31"))
        #expect(AnnualInspection.deadlines(year: 2026, kind: .socialGroup).registry == CivilDate(iso: "2026-05-31"))
    }
}

@Suite struct DoubleRandomDrawTests {
    static func pools(targets: Int = 200, inspectors: Int = 12) -> ([DoubleRandomDraw.Target], [DoubleRandomDraw.Inspector]) {
        let categories = ["社会团体", "社会服务机构", "基金会"]
        var t: [DoubleRandomDraw.Target] = []
        for index in 0..<targets {
            let category: String = index % 3 == 2 && index > 20 ? categories[1] : categories[index % 3]
            let flags: [String] = index % 17 == 0 ? ["活动异常"] : []
            let id = String(format: "5%d659003MJ%07d", index % 3 + 1, index)
            t.append(DoubleRandomDraw.Target(id: id, name: "示例组织\(index)（示例）", category: category, riskFlags: flags))
        }
        let p = (0..<inspectors).map { DoubleRandomDraw.Inspector(id: String(format: "65900320%04d", $0), name: "检查员\($0)（示例）", unit: "659003", certified: $0 != 3) }
        return (t, p)
    }

    static let plan = DoubleRandomDraw.Plan(id: "p1", title: "2025 年社会组织双随机抽查", year: 2025, checkItemCode: "SZ-01", checkItemName: "年度报告抽查",
                                            ratePerMille: 30, minimumOnePerCategory: true, prioritizeRisk: false, inspectorsPerTarget: 2)

    static func file(interests: [DoubleRandomDraw.Interest] = [], witness: String = "20250915") throws -> DoubleRandomDraw.File {
        let (targets, inspectors) = pools()
        let seed = DoubleRandomDraw.seed(commitment: "c0ffee", witness: witness)
        let outcome = try DoubleRandomDraw.run(plan: plan, targets: targets, inspectors: inspectors, interests: interests, seed: seed)
        return DoubleRandomDraw.File(
            format: DoubleRandomDraw.format, algorithm: DoubleRandomDraw.algorithm, plan: plan, targets: targets, inspectors: inspectors,
            interests: interests, targetPoolHash: DoubleRandomDraw.targetPoolHash(targets),
            inspectorPoolHash: DoubleRandomDraw.inspectorPoolHash(inspectors, interests: interests), commitment: "c0ffee",
            frozenAt: "2025-09-10", witnessValue: witness, witnesses: ["见证人（示例）"], operatorName: "reviewer", drawnAt: "2025-09-15",
            seed: seed, outcome: outcome)
    }

    @Test func theQuotasFollowThePlanAndEveryTargetGetsTwoCertifiedInspectors() throws {
        let file = try Self.file()
        // 3% per category, at least one: ⌈3% × n⌉ of each category.
        for quota in file.outcome.quotas { #expect(quota.drawn == max(1, Int((Double(quota.poolSize) * 0.03).rounded(.up)))) }
        #expect(file.outcome.assignments.count == file.outcome.quotas.map(\.drawn).reduce(0, +))
        for assignment in file.outcome.assignments {
            #expect(assignment.inspectorIDs.count == 2)
            #expect(Set(assignment.inspectorIDs).count == 2)
            #expect(!assignment.inspectorIDs.contains("659003200003"))
        }
    }

    @Test func thePublishedFileReproducesTheDrawAndAnyChangeIsCaught() throws {
        var file = try Self.file()
        #expect(DoubleRandomDraw.verify(file).isEmpty)
        let data = try DoubleRandomDraw.encode(file)
        #expect(DoubleRandomDraw.verify(try DoubleRandomDraw.decode(data)).isEmpty)

        var witness = file
        witness.witnessValue = "20250916"
        #expect(DoubleRandomDraw.verify(witness).contains { $0.contains("种子") })
        witness.seed = DoubleRandomDraw.seed(commitment: witness.commitment, witness: witness.witnessValue)
        #expect(DoubleRandomDraw.verify(witness).contains { $0.contains("抽取结果") })

        var pool = file
        pool.targets.removeLast()
        #expect(DoubleRandomDraw.verify(pool).contains { $0.contains("检查对象名录库") })

        var inspectors = file
        inspectors.inspectors[0].certified = false
        #expect(DoubleRandomDraw.verify(inspectors).contains { $0.contains("执法检查人员名录库") })

        file.outcome.assignments.swapAt(0, 1)
        #expect(DoubleRandomDraw.verify(file).contains { $0.contains("抽取结果") })
    }

    @Test func anInspectorWithAnInterestIsPassedOverAndListed() throws {
        let first = try Self.file()
        let assignment = try #require(first.outcome.assignments.first)
        let conflicted = assignment.inspectorIDs[0]
        let interest = DoubleRandomDraw.Interest(inspectorID: conflicted, targetID: assignment.targetID, reason: "上次检查过该对象")
        let second = try Self.file(interests: [interest])
        let redrawn = try #require(second.outcome.assignments.first { $0.targetID == assignment.targetID })
        #expect(!redrawn.inspectorIDs.contains(conflicted))
        #expect(second.outcome.exclusions.contains(DoubleRandomDraw.Exclusion(targetID: assignment.targetID, inspectorID: conflicted, reason: "上次检查过该对象")))
        #expect(DoubleRandomDraw.verify(second).isEmpty)
        // The same targets are drawn: interests only change who inspects.
        #expect(second.outcome.assignments.map(\.targetID) == first.outcome.assignments.map(\.targetID))
    }

    @Test func tooFewInspectorsOrOneInspectorPerTargetIsRefused() throws {
        var (targets, inspectors) = Self.pools(inspectors: 2)
        inspectors[1].certified = false
        #expect(throws: ValidationError.self) {
            _ = try DoubleRandomDraw.run(plan: Self.plan, targets: targets, inspectors: inspectors, interests: [], seed: "s")
        }
        var single = Self.plan
        single.inspectorsPerTarget = 1
        #expect(throws: ValidationError.self) {
            _ = try DoubleRandomDraw.run(plan: single, targets: targets, inspectors: Self.pools().1, interests: [], seed: "s")
        }
    }
}
