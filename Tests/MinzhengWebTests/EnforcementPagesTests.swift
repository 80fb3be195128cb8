import Foundation
import MinzhengCore
import MinzhengPersistence
import MinzhengTestSupport
import MinzhengWeb
import Testing
import Vapor

@Suite struct EnforcementPagesTests {
    static let benchmarkForm: [(String, String)] = [
        ("code", "CF-001-01"), ("powerItemCode", "MZ-CF-001"), ("violation", "社会团体未按规定接受年度检查（示例）"),
        ("basisClause", "社会团体登记管理条例 第二十八条"), ("penaltyClause", "第三十条"), ("legalMinimum", "1000"), ("legalMaximum", "10000"),
        ("effectiveFrom", "2025-01-01"),
        ("noPenalty.conditions", "首违轻微并及时改正"), ("noPenalty.min", "0"), ("noPenalty.max", "0"),
        ("lighter.conditions", "从轻情形"), ("lighter.min", "1000"), ("lighter.max", "4000"),
        ("normal.conditions", "一般情形"), ("normal.min", "4000.01"), ("normal.max", "7000"),
        ("heavier.conditions", "从重情形"), ("heavier.min", "7000.01"), ("heavier.max", "10000"),
    ]

    @Test(arguments: TestDatabase.kinds)
    func anOfficerPairOpensACaseWithEvidenceAndTheBundleVerifies(_ kind: TestDatabase.Kind) async throws {
        try await TestApp.withDemo(kind) { app, password in
            let legal = TestClient(app: app)
            try await legal.login("legal", password)
            for (name, number) in [("officer.a", "65900320250001"), ("officer.b", "65900320250002")] {
                #expect(try await legal.post("/work/enforcement/certificates", form: [
                    ("username", name), ("number", number), ("category", "民政综合执法"), ("validFrom", "2024-01-01"), ("validUntil", "2027-12-31"),
                ]).status == .seeOther)
            }
            var overlapping = Self.benchmarkForm
            overlapping[overlapping.firstIndex { $0.0 == "normal.min" }!] = ("normal.min", "3000")
            let refused = try await legal.post("/work/enforcement/benchmarks", form: overlapping)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains("重叠"))
            #expect(refused.body.contains("社会团体未按规定接受年度检查（示例）"))
            #expect(try await legal.post("/work/enforcement/benchmarks", form: Self.benchmarkForm).status == .seeOther)
            #expect(try await legal.post("/work/enforcement/benchmarks/CF-001-01/publish").status == .seeOther)
            let portal = try await TestClient(app: app).get("/enforcement")
            #expect(portal.body.contains("65900320250001"))
            #expect(portal.body.contains("社会团体未按规定接受年度检查"))
            #expect(portal.body.contains("1,000.00 元至 4,000.00 元"))

            let officer = TestClient(app: app)
            try await officer.login("officer.a", password)
            #expect(try await officer.post("/work/enforcement/certificates", form: [("username", "officer.a"), ("number", "12345678")]).status == .forbidden)
            let unit = try #require(try await OrgUnitRepository(db: app.minzheng.store.database(logger: app.logger)).find(code: "659003"))
            let created = try await officer.post("/work/matters", form: [
                ("type", "penaltyCase"), ("orgUnitID", unit.id.description), ("title", "未接受年检案"), ("partyType", "法人或者其他组织"),
                ("partyName", "图木舒克市某协会（示例）"), ("benchmarkCode", "CF-001-01"), ("violationDate", CivilDate(Date()).adding(days: -30).description),
                ("caseSource", "监督检查"), ("caseFacts", "逾期未报送年检材料。"),
            ])
            #expect(created.status == .seeOther)
            let path = try #require(created.location)
            let id = String(path.suffix(36))
            let leader = TestClient(app: app)
            try await leader.login("leader", password)
            #expect(try await leader.post("\(path)/acts/file", form: [("filingOpinion", "同意立案。")]).status == .seeOther)
            let page = try await officer.get(path)
            #expect(page.body.contains("证据种类"))
            let noDevice = try await officer.upload("\(path)/materials", filename: "照片.pdf", contentType: "application/pdf",
                                                    data: Data("%PDF-1.4\n%%EOF\n".utf8), fields: [("kind", "证据：照片")])
            #expect(noDevice.status == .unprocessableEntity)
            #expect(noDevice.body.contains("采集设备"))
            #expect(try await officer.upload("\(path)/materials", filename: "照片.pdf", contentType: "application/pdf", data: Data("%PDF-1.4\n%%EOF\n".utf8),
                                             fields: [("kind", "证据：照片"), ("device", "ZFY-0032"), ("capturedAt", "\(CivilDate(Date())) 09:30")]).status == .seeOther)
            let alone = try await officer.post("\(path)/acts/notifyRights", form: [
                ("coOfficer", "officer.a"), ("violationFacts", "逾期未报送。"), ("proposedTier", "一般处罚"), ("proposedAmount", "5000"),
            ])
            #expect(alone.status == .conflict)
            #expect(alone.body.contains("不能是本人"))
            let outside = try await officer.post("\(path)/acts/notifyRights", form: [
                ("coOfficer", "officer.b"), ("violationFacts", "逾期未报送。"), ("proposedTier", "一般处罚"), ("proposedAmount", "9000"),
            ])
            #expect(outside.status == .conflict)
            #expect(outside.body.contains("4,000.01 元至 7,000.00 元"))
            #expect(try await officer.post("\(path)/acts/notifyRights", form: [
                ("coOfficer", "officer.b"), ("violationFacts", "逾期未报送。"), ("proposedTier", "一般处罚"), ("proposedAmount", "5000"),
            ]).status == .seeOther)
            let early = try await leader.post("\(path)/acts/decide", form: [("decidedTier", "一般处罚"), ("decidedAmount", "5000"), ("benchmarkApplication", "一般。")])
            #expect(early.status == .conflict)
            #expect(early.body.contains("陈述申辩和听证申请期限"))

            let bundle = try await officer.get("/matters/\(id)/bundle.zip")
            #expect(bundle.status == .ok)
            var files = try ZipFiles.unpack(bundle.data)
            #expect(CaseBundle.verify(files).isEmpty)
            #expect(files.keys.contains { $0.hasPrefix("materials/") })
            let evidencePath = try #require(files.keys.first { $0.hasPrefix("materials/") })
            var tampered = files[evidencePath]!
            tampered[tampered.count - 2] ^= 0x01
            files[evidencePath] = tampered
            #expect(!CaseBundle.verify(files).isEmpty)
            let citizen = TestClient(app: app)
            try await citizen.login("13900000001", password)
            #expect(try await citizen.get("/matters/\(id)/bundle.zip").status == .notFound)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func servedDecisionsArePublishedMaskedAndWithdrawnWithANotice(_ kind: TestDatabase.Kind) async throws {
        try await TestApp.withDemo(kind) { app, _ in
            let services = app.minzheng
            let db = services.store.database(logger: app.logger)
            let matters = services.matters(logger: app.logger)
            let accounts = AccountRepository(db: db, cipher: services.cipher)
            func principal(_ name: String) async throws -> Principal { guard let account = try await accounts.find(username: name) else { throw Abort(.notFound) }; return account.principal }
            func context(_ p: Principal) -> JournalContext { JournalContext(actor: .user(accountID: p.accountID, username: p.username)) }
            func at(_ iso: String) -> Date { CivilDate(iso: iso)!.startInstant.addingTimeInterval(10 * 3600) }
            let legal = try await principal("legal")
            let repository = EnforcementRepository(store: services.store, db: db, cipher: services.cipher)
            for (name, number) in [("officer.a", "65900320250001"), ("officer.b", "65900320250002")] {
                try await repository.addCertificate(username: name, number: number, category: "民政综合执法", validFrom: CivilDate(iso: "2024-01-01"),
                                                    validUntil: CivilDate(iso: "2027-12-31"), by: legal, context: context(legal))
            }
            var benchmark = DemoBenchmarkFixture.benchmark
            benchmark.code = "CF-001-01"
            _ = try await repository.saveDraft(benchmark, by: legal, context: context(legal))
            try await repository.publish(code: "CF-001-01", by: legal, context: context(legal))
            let officer = try await principal("officer.a")
            let leader = try await principal("leader")
            let unit = try #require(try await OrgUnitRepository(db: db).find(code: "659003"))
            let id = try await matters.create(PenaltyCase.id, at: unit, applicant: nil, channel: "window", title: "案",
                                              fields: ["partyType": "自然人", "partyName": "王某某（示例）", "partyCode": Fixtures.idNumber("65900319800101001"),
                                                       "benchmarkCode": "CF-001-01", "violationDate": "2025-08-01", "caseSource": "监督检查", "caseFacts": "违法。"],
                                              by: officer, context: context(officer), now: at("2025-09-01"))
            _ = try await matters.perform("file", on: id, by: leader, input: ["filingOpinion": "同意。"], context: context(leader), now: at("2025-09-01"))
            _ = try await matters.addMaterial(to: id, kind: "证据：书证", filename: "笔录.pdf", contentType: "application/pdf", data: Data("%PDF-1.4\n%%EOF\n".utf8),
                                              by: officer, context: context(officer), now: at("2025-09-02"))
            _ = try await matters.perform("notifyRights", on: id, by: officer, input: ["coOfficer": "officer.b", "violationFacts": "未接受年检。", "proposedTier": "从轻处罚",
                                                                                       "proposedAmount": "2000", "c_eliminatedHarm": "yes"],
                                          context: context(officer), now: at("2025-09-03"))
            _ = try await matters.perform("decide", on: id, by: leader, input: ["decidedTier": "从轻处罚", "decidedAmount": "2000", "benchmarkApplication": "从轻。"],
                                          context: context(leader), now: at("2025-09-11"))
            _ = try await matters.perform("serve", on: id, by: officer, input: ["coOfficer": "officer.b", "serviceMethod": "直接送达", "serviceDate": "2025-09-12"],
                                          context: context(officer), now: at("2025-09-12"))
            let list = try await TestClient(app: app).get("/enforcement/decisions")
            #expect(list.body.contains("王*某（示例）行政处罚决定"))
            #expect(!list.body.contains("王某某"))
            let detailID = try #require(list.body.components(separatedBy: "/enforcement/decisions/").dropFirst().first?.prefix(36))
            let detail = try await TestClient(app: app).get("/enforcement/decisions/\(detailID)")
            #expect(detail.body.contains("2,000.00 元"))
            #expect(!detail.body.contains("659003198001010"))
            _ = try await matters.perform("revoke", on: id, by: leader, input: ["revocationReason": "复议撤销。"], context: context(leader), now: at("2025-10-20"))
            let withdrawn = try await TestClient(app: app).get("/enforcement/decisions/\(detailID)")
            #expect(withdrawn.body.contains("已于"))
            #expect(withdrawn.body.contains("复议撤销"))
        }
    }
}

enum DemoBenchmarkFixture {
    static let benchmark = DiscretionBenchmark(
        code: "X", powerItemCode: "MZ-CF-001", violation: "未按规定接受年度检查（示例）", basisClause: "第二十八条", penaltyClause: "第三十条",
        legalMinimumFen: 100_000, legalMaximumFen: 1_000_000,
        tiers: [BenchmarkTier(tier: .lighter, conditions: "从轻", minimumFen: 100_000, maximumFen: 400_000),
                BenchmarkTier(tier: .normal, conditions: "一般", minimumFen: 400_100, maximumFen: 700_000),
                BenchmarkTier(tier: .heavier, conditions: "从重", minimumFen: 700_100, maximumFen: 1_000_000)],
        effectiveFrom: CivilDate(iso: "2025-01-01")!)
}
