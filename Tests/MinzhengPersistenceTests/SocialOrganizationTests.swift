import FluentKit
import Foundation
import MinzhengCore
import MinzhengPersistence
import MinzhengTestSupport
import Testing

@Suite struct SocialOrganizationTests {
    struct Harness {
        let base: MatterHarness
        let matters: MatterService
        let registry: OrganizationRegistry
        let campaigns: InspectionCampaigns
        let plans: DoubleRandomPlans

        init(_ runtime: DatabaseRuntime) async throws {
            base = try await MatterHarness(runtime)
            matters = MatterService(store: runtime.store, registry: .standard, permissions: .standard, cipher: Fixtures.cipher, logger: runtime.logger,
                                    powerItemCitable: { code, db in try await PowerListRepository(db: db).isCitable(code) })
            registry = OrganizationRegistry(store: runtime.store, db: runtime.db, cipher: Fixtures.cipher)
            campaigns = InspectionCampaigns(matters: matters, registry: registry)
            plans = DoubleRandomPlans(matters: matters, registry: registry)
        }

        func principal(_ username: String) async throws -> Principal { try await base.principal(username) }

        /// Three organisations: a 社会团体 under the 教育局, a 社会服务机构 without a supervisor, a foundation; plus one
        /// registered in 2024-09 (not due in the 2025 campaign).
        func importOrganizations() async throws -> OrganizationRegistry.ImportReport {
            let reviewer = try await principal("reviewer")
            let rows: [(line: Int, fields: [String])] = [
                (1, SocialOrganizationImport.columns),
                (2, [UnifiedSocialCreditCode.completing("51659003MJ0000001"), "图木舒克市书法家协会（示例）", "社会团体", "张三", "齐干却勒街道（示例）", "书法交流", "659003-JY", "2015-03-01", "正常"]),
                (3, [UnifiedSocialCreditCode.completing("52659003MJ0000002"), "图木舒克市阳光幼儿园（示例）", "社会服务机构", "李四", "金湾街道（示例）", "学前教育", "", "2018-06-01", "正常"]),
                (4, [UnifiedSocialCreditCode.completing("53659003MJ0000003"), "图木舒克市慈善基金会（示例）", "基金会", "王五", "金湾街道（示例）", "慈善", "", "2019-01-01", "正常"]),
                (5, [UnifiedSocialCreditCode.completing("51659003MJ0000004"), "图木舒克市围棋协会（示例）", "社会团体", "赵六", "金湾街道（示例）", "围棋", "", "2024-09-01", "正常"]),
                (6, ["51659003MJ00000040", "校验码错误的协会（示例）", "社会团体", "钱七", "x", "", "", "2020-01-01", "正常"]),
            ]
            return try await registry.importRows(rows, by: reviewer, context: MatterHarness.context(reviewer), now: MatterHarness.at("2025-01-02"))
        }

        func act(_ transition: TransitionID, _ id: Matter.ID, as username: String, on day: String, input: [String: String] = [:]) async throws -> MatterSnapshot {
            let actor = try await principal(username)
            return try await matters.perform(transition, on: id, by: actor, input: input, context: MatterHarness.context(actor), now: MatterHarness.at(day))
        }

        func inspection(of creditCode: String, year: Int = 2025) async throws -> Matter.ID {
            let organization = try #require(try await registry.find(creditCode: creditCode))
            let list = try await MatterQueries(db: base.runtime.db, registry: .standard).organization(organization.id, page: Pagination())
            return try #require(list.items.first { $0.typeID == AnnualInspection.id }).id
        }

        func statement(_ id: Matter.ID, kind: String = "财务会计报告", as username: String) async throws {
            let actor = try await principal(username)
            _ = try await matters.addMaterial(to: id, kind: kind, filename: "\(kind).pdf", contentType: "application/pdf", data: MatterHarness.pdf,
                                              by: actor, context: MatterHarness.context(actor), now: MatterHarness.at("2025-02-10"))
        }
    }

    static let report = ["activities": "开展书法展览 6 次（示例）。", "governance": "理事会按期换届。", "staffCount": "2", "totalAssets": "50000",
                         "netAssets": "30000", "income": "20000", "expenditure": "18000"]

    @Test(arguments: TestDatabase.kinds)
    func theImportTakesGoodRowsWithAnAccountAndRefusesBadOnesWhole(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let h = try await Harness(runtime)
            let report = try await h.importOrganizations()
            #expect(report.imported == 4)
            #expect(report.refused.map(\.line) == [6])
            #expect(try await h.registry.count() == 4)
            #expect(try await h.registry.list(OrganizationFilter(text: "校验码"), page: Pagination()).total == 0)
            let account = try #require(try await AccountRepository(db: runtime.db, cipher: Fixtures.cipher)
                .find(username: OrganizationRegistry.username(for: UnifiedSocialCreditCode.completing("51659003MJ0000001"))))
            #expect(account.kind == .organization)
            // A second import of the same file refuses every row as already registered, and stores nothing.
            let again = try await h.importOrganizations()
            #expect(again.imported == 0)
            #expect(try await h.registry.count() == 4)
            let clerk = try await h.principal("clerk")
            await #expect(throws: AccessRefused.self) {
                _ = try await h.registry.importRows([(1, SocialOrganizationImport.columns)], by: clerk, context: MatterHarness.context(clerk))
            }
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aCampaignRunsThroughTheSupervisorToEveryConclusion(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let h = try await Harness(runtime)
            _ = try await h.importOrganizations()
            let reviewer = try await h.principal("reviewer")
            let opened = try await h.campaigns.open(year: 2025, by: reviewer, context: MatterHarness.context(reviewer), now: MatterHarness.at("2025-01-06"))
            #expect(opened.opened == 3)
            #expect(opened.notDue.map(\.name) == ["图木舒克市围棋协会（示例）"])

            let group = UnifiedSocialCreditCode.completing("51659003MJ0000001")
            let groupAccount = OrganizationRegistry.username(for: group)
            let groupMatter = try await h.inspection(of: group)
            let clocks = try await h.matters.snapshot(groupMatter).clocks
            #expect(clocks.first { $0.clockID == "supervisorDeadline" }?.dueDate == CivilDate(iso: "2025-03-31"))
            #expect(clocks.first { $0.clockID == "registryDeadline" }?.dueDate == CivilDate(iso: "2025-05-31"))
            // The financial statements first; a group with a supervisor cannot go straight to the registry.
            await #expect(throws: MatterError.self) { _ = try await h.act("submit", groupMatter, as: groupAccount, on: "2025-02-10", input: Self.report) }
            try await h.statement(groupMatter, as: groupAccount)
            await #expect(throws: MatterError.self) { _ = try await h.act("submitDirect", groupMatter, as: groupAccount, on: "2025-02-10", input: Self.report) }
            _ = try await h.act("submit", groupMatter, as: groupAccount, on: "2025-02-10", input: Self.report)
            // The registry cannot consent for the supervisor, nor the supervisor conclude for the registry.
            await #expect(throws: MatterError.self) { _ = try await h.act("supervisorApprove", groupMatter, as: "reviewer", on: "2025-02-12", input: ["supervisorOpinion": "同意"]) }
            _ = try await h.act("supervisorApprove", groupMatter, as: "jy.reviewer", on: "2025-02-12", input: ["supervisorOpinion": "同意报送。"])
            do {
                _ = try await h.act("concludePass", groupMatter, as: "jy.reviewer", on: "2025-04-01")
                Issue.record("the supervisor concluded")
            } catch let error as MatterError {
                #expect(error.failedChecks.map(\.checkID) == ["byRegistry"])
            } catch is AccessRefused {}
            let passed = try await h.act("concludePass", groupMatter, as: "reviewer", on: "2025-04-01")
            #expect(passed.matter.fields["conclusion"] == "合格")
            #expect(passed.documents.last?.title == "社会组织年度检查结论通知书")

            // The foundation needs the audit report too; it goes to 基本合格 and rectifies within three months.
            let foundation = UnifiedSocialCreditCode.completing("53659003MJ0000003")
            let foundationAccount = OrganizationRegistry.username(for: foundation)
            let foundationMatter = try await h.inspection(of: foundation)
            #expect(try await h.matters.snapshot(foundationMatter).clocks.first { $0.clockID == "registryDeadline" }?.dueDate == CivilDate(iso: "2025-03-31"))
            try await h.statement(foundationMatter, as: foundationAccount)
            await #expect(throws: MatterError.self) { _ = try await h.act("submitDirect", foundationMatter, as: foundationAccount, on: "2025-02-10", input: Self.report) }
            try await h.statement(foundationMatter, kind: "审计报告", as: foundationAccount)
            _ = try await h.act("submitDirect", foundationMatter, as: foundationAccount, on: "2025-02-10", input: Self.report)
            await #expect(throws: ValidationError.self) { _ = try await h.act("concludeBasicPass", foundationMatter, as: "reviewer", on: "2025-03-20") }
            let basic = try await h.act("concludeBasicPass", foundationMatter, as: "reviewer", on: "2025-03-20",
                                        input: ["grounds": "财务制度不健全", "groundsDetail": "未设会计账簿。"])
            #expect(basic.matter.state == "rectifying")
            #expect(basic.clocks.first { $0.clockID == "rectification" }?.dueDate == CivilDate(iso: "2025-06-20"))
            _ = try await h.act("submitRectification", foundationMatter, as: foundationAccount, on: "2025-05-10", input: ["rectificationReport": "已建账。"])
            #expect(try await h.act("acceptRectification", foundationMatter, as: "reviewer", on: "2025-05-20", input: ["assessment": "整改到位。"]).matter.state == "rectified")

            // Another organisation cannot act on the foundation's inspection.
            await #expect(throws: AccessRefused.self) {
                _ = try await h.act("submitRectification", foundationMatter, as: groupAccount, on: "2025-05-10", input: ["rectificationReport": "x"])
            }

            // The 社会服务机构 never reports: the system marks it 未参检 after 31 May; the registry lists it as abnormal.
            let agency = UnifiedSocialCreditCode.completing("52659003MJ0000002")
            let agencyMatter = try await h.inspection(of: agency)
            let deadline = try #require(try await h.matters.snapshot(agencyMatter).clocks.first { $0.clockID == "registryDeadline" })
            #expect(try await h.matters.expire(clock: deadline.id, of: agencyMatter, now: MatterHarness.at("2025-05-31")) == nil)
            let missing = try #require(try await h.matters.expire(clock: deadline.id, of: agencyMatter, now: MatterHarness.at("2025-06-01", hour: 0)))
            #expect(missing.matter.state == "missing")
            _ = try await h.act("listAbnormal", agencyMatter, as: "reviewer", on: "2025-06-03", input: ["reasons": "未按规定报送年度工作报告。"])
            let organization = try #require(try await h.registry.find(creditCode: agency))
            #expect(organization.status == .abnormal)
            #expect(try await h.registry.history(of: organization.id).first?.to == .abnormal)

            let progress = try await h.campaigns.progress(2025, today: CivilDate(iso: "2025-06-05")!)
            #expect(progress.due == 3)
            #expect(progress.concluded == 2)
            #expect(progress.byConclusion["合格"] == 1)
            #expect(progress.byConclusion["基本合格"] == 1)
            #expect(progress.missing == 1)
            try await h.campaigns.publish(2025, by: reviewer, context: MatterHarness.context(reviewer))
            let conclusions = try await h.campaigns.conclusions(2025)
            #expect(Set(conclusions.map(\.conclusion)) == ["合格", "基本合格", "未按期参加年检"])
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aFailLeadsToRectificationAndItsRejection(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let h = try await Harness(runtime)
            _ = try await h.importOrganizations()
            let reviewer = try await h.principal("reviewer")
            _ = try await h.campaigns.open(year: 2025, by: reviewer, context: MatterHarness.context(reviewer), now: MatterHarness.at("2025-01-06"))
            let agency = UnifiedSocialCreditCode.completing("52659003MJ0000002")
            let account = OrganizationRegistry.username(for: agency)
            let id = try await h.inspection(of: agency)
            try await h.statement(id, as: account)
            _ = try await h.act("submitDirect", id, as: account, on: "2025-03-01", input: Self.report)
            let failed = try await h.act("concludeFail", id, as: "reviewer", on: "2025-04-01",
                                         input: ["grounds": "本年度未开展业务活动", "groundsDetail": "全年未开展活动。"])
            #expect(failed.matter.fields["conclusion"] == "不合格")
            #expect(failed.documents.map(\.title).contains("社会组织年检限期整改通知书"))
            #expect(try await h.act("rejectRectification", id, as: "reviewer", on: "2025-07-02", input: ["assessment": "逾期未整改，移送立案。"]).matter.state == "rectificationFailed")
            await #expect(throws: ValidationError.self) {
                _ = try await h.campaigns.open(year: 2025, by: reviewer, context: MatterHarness.context(reviewer))
            }
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aPlanIsFrozenDrawnVerifiedAndItsChecksRecordedAndPublished(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let h = try await Harness(runtime)
            _ = try await h.importOrganizations()
            let reviewer = try await h.principal("reviewer")
            let context = MatterHarness.context(reviewer)
            // No inspection without a legal basis: an item needs a citable power item.
            await #expect(throws: ValidationError.self) {
                try await h.plans.addCheckItem(.init(code: "X", name: "无依据", basis: "", body: "民政局", content: "x", method: "x", kind: "general", powerItemCode: "MZ-JC-001"),
                                               by: reviewer, context: context)
            }
            await #expect(throws: ValidationError.self) {
                try await h.plans.addCheckItem(.init(code: "X", name: "x", basis: "x", body: "x", content: "x", method: "x", kind: "general", powerItemCode: "MZ-NONE"),
                                               by: reviewer, context: context)
            }
            try await h.plans.addCheckItem(.init(code: "SZ-01", name: "年度报告抽查", basis: "民发〔2017〕45号", body: "民政局", content: "年度报告", method: "书面检查",
                                                 kind: "general", powerItemCode: "MZ-JC-001"), by: reviewer, context: context)
            await #expect(throws: ValidationError.self) {
                _ = try await h.plans.registerInspector(username: "reviewer", certificateNumber: "65900300001", certified: true, by: reviewer, context: context)
            }
            var inspectors: [DoubleRandomPlans.InspectorRecord] = []
            for (index, name) in ["officer.a", "officer.b", "officer.c"].enumerated() {
                inspectors.append(try await h.plans.registerInspector(username: name, certificateNumber: "6590032025000\(index + 1)", certified: true,
                                                                      by: reviewer, context: context))
            }
            await #expect(throws: ValidationError.self) {
                _ = try await h.plans.createPlan(year: 2025, title: "比例过低", checkItemCode: "SZ-01", ratePerMille: 10, minimumOnePerCategory: true,
                                                 prioritizeRisk: false, by: reviewer, context: context)
            }
            let plan = try await h.plans.createPlan(year: 2025, title: "2025 年抽查", checkItemCode: "SZ-01", ratePerMille: 30, minimumOnePerCategory: true,
                                                    prioritizeRisk: false, by: reviewer, context: context)
            await #expect(throws: ValidationError.self) {
                _ = try await h.plans.draw(plan, witnessValue: "1", witnesses: ["见证人"], by: reviewer, context: context)
            }
            // Until it is frozen the plan is not public: the portal's pages and count leave it out.
            #expect(try await h.plans.plans(publishedOnly: true, page: Pagination()).total == 0)
            #expect(try await h.plans.plans(page: Pagination()).total == 1)
            // An interest declared before freezing is part of the frozen pool.
            let conflicted = UnifiedSocialCreditCode.completing("51659003MJ0000001")
            try await h.plans.declareInterest(inspector: inspectors[0].id, creditCode: conflicted, reason: "其配偶任该协会秘书长", by: reviewer, context: context)
            try await h.plans.freeze(plan, by: reviewer, context: context)
            let frozen = try #require(try await h.plans.plan(plan))
            #expect(try await h.plans.plans(publishedOnly: true, page: Pagination()).items.map(\.id) == [plan])
            #expect(frozen.targetCount == 4)
            #expect(frozen.targetPoolHash?.count == 64)
            await #expect(throws: ValidationError.self) { try await h.plans.freeze(plan, by: reviewer, context: context) }
            await #expect(throws: ValidationError.self) {
                _ = try await h.plans.draw(plan, witnessValue: " ", witnesses: ["见证人"], by: reviewer, context: context)
            }
            let outcome = try await h.plans.draw(plan, witnessValue: "4711", witnesses: ["见证人甲（示例）"], by: reviewer, context: context,
                                                 now: MatterHarness.at("2025-06-10"))
            // Per category (3 categories present), at least one each: 3 targets, each with two inspectors, none conflicted.
            #expect(outcome.assignments.count == 3)
            if let assignment = outcome.assignments.first(where: { $0.targetID == conflicted }) {
                #expect(!assignment.inspectorIDs.contains(inspectors[0].certificateNumber))
            }
            let file = try await h.plans.file(plan)
            #expect(DoubleRandomDraw.verify(file).isEmpty)
            var tampered = file
            tampered.targets.removeFirst()
            #expect(!DoubleRandomDraw.verify(tampered).isEmpty)

            // Each drawn check is a matter for its two inspectors only.
            let checks = try await MatterQueries(db: runtime.db, registry: .standard).batch(plan, page: Pagination())
            #expect(checks.total == 3)
            let check = try #require(checks.items.first).id
            let snapshot = try await h.matters.snapshot(check)
            let drawnIDs = (snapshot.matter.fields["inspectorAccountIDs"] ?? "").split(separator: ",").map(String.init)
            let drawn = inspectors.filter { drawnIDs.contains($0.accountID.uuidString.lowercased()) }
            let other = try #require(inspectors.first { !drawnIDs.contains($0.accountID.uuidString.lowercased()) })
            let otherName = ["officer.a", "officer.b", "officer.c"][inspectors.firstIndex(of: other)!]
            let leadName = ["officer.a", "officer.b", "officer.c"][inspectors.firstIndex(of: drawn[0])!]
            await #expect(throws: MatterError.self) { _ = try await h.act("notify", check, as: otherName, on: "2025-06-16", input: ["method": "书面检查"]) }
            _ = try await h.act("notify", check, as: leadName, on: "2025-06-16", input: ["method": "实地检查"])
            await #expect(throws: MatterError.self) {
                _ = try await h.act("recordResult", check, as: leadName, on: "2025-07-08", input: [
                    "inspectionDate": "2025-07-08", "inspectorsPresent": drawn[0].name, "findings": "x", "result": RandomInspection.results[0]])
            }
            let recorded = try await h.act("recordResult", check, as: leadName, on: "2025-07-08", input: [
                "inspectionDate": "2025-07-08", "inspectorsPresent": drawn.map(\.name).joined(separator: "、"), "findings": "资料齐全。",
                "result": RandomInspection.results[0]])
            #expect(recorded.clocks.first { $0.clockID == "publication" }?.dueDate == CivilDate(iso: "2025-08-05"))
            await #expect(throws: MatterError.self) { _ = try await h.act("publishAndFollowUp", check, as: leadName, on: "2025-07-10", input: ["followUpPlan": "x"]) }
            #expect(try await h.act("publish", check, as: leadName, on: "2025-07-10").matter.state == "published")

            let figures = try await SupervisionFigureQueries(db: runtime.db).figures(year: 2025)
            #expect(figures.checksDrawn == 3)
            #expect(figures.checksPublished == 1)
            #expect(figures.inspectionsDue == 3)
            #expect(figures.inspectionsDone == 1)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func theFiguresFollowTheirDefinitionsOnAKnownSet(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let h = try await Harness(runtime)
            _ = try await h.importOrganizations()
            let reviewer = try await h.principal("reviewer")
            _ = try await h.campaigns.open(year: 2025, by: reviewer, context: MatterHarness.context(reviewer), now: MatterHarness.at("2025-01-06"))
            let group = UnifiedSocialCreditCode.completing("51659003MJ0000001")
            let id = try await h.inspection(of: group)
            try await h.statement(id, as: OrganizationRegistry.username(for: group))
            _ = try await h.act("submit", id, as: OrganizationRegistry.username(for: group), on: "2025-02-10", input: Self.report)
            _ = try await h.act("supervisorApprove", id, as: "jy.reviewer", on: "2025-02-12", input: ["supervisorOpinion": "同意。"])
            _ = try await h.act("concludePass", id, as: "reviewer", on: "2025-04-01")
            let figures = try await SupervisionFigureQueries(db: runtime.db).figures(year: 2025)
            // The demo power list has its supervision items all claimed.
            #expect(figures.claimedItems == figures.supervisionItems)
            #expect(figures.supervisionItems > 0)
            #expect(figures.inspectionsDue == 3)
            #expect(figures.inspectionsDone == 1)
            #expect(SupervisionFigures.percent(figures.coverageRate) == "33.3%")
            #expect(figures.completionRate == nil)
            #expect(SupervisionFigures.percent(figures.completionRate) == "—")
            #expect(try await SupervisionFigureQueries(db: runtime.db).figures(year: 2024).inspectionsDue == 0)
        }
    }
}
