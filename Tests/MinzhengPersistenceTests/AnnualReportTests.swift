import FluentKit
import Foundation
import MinzhengCore
import MinzhengPersistence
import MinzhengTestSupport
import Testing

@Suite struct AnnualReportTests {
    typealias Harness = RuleMakingTests.Harness

    /// A known set of 2025 records, smaller than the demo's and different from it.
    static func records(_ h: Harness) async throws {
        let reviewer = try await h.base.principal("reviewer")
        let bureau = try await h.base.unit("659003")
        func create(_ type: MatterTypeID, _ title: String, _ fields: [String: String], on day: String, by user: Principal? = nil) async throws -> Matter.ID {
            let actor = user ?? reviewer
            return try await h.matters.create(type, at: bureau, applicant: nil, channel: "window", title: title, fields: fields, by: actor,
                                              context: MatterHarness.context(actor), now: MatterHarness.at(day))
        }
        for (index, kind) in ["党组理论中心组学习", "局务会专题学法", "线上培训"].enumerated() {
            let id = try await create(StudySession.id, kind, ["kind": kind, "topic": "学习行政复议法", "materials": "行政复议法", "plannedOn": "2025-04-0\(index + 1)"],
                                      on: "2025-04-01")
            _ = try await h.act("recordHeld", id, as: "reviewer", on: "2025-04-0\(index + 2)", input: ["heldOn": "2025-04-0\(index + 2)", "attendees": "褚局长、吴法制"])
        }
        // A study session held in 2024 does not count for 2025.
        let old = try await create(StudySession.id, "局务会专题学法", ["kind": "局务会专题学法", "topic": "宪法", "materials": "宪法", "plannedOn": "2024-12-02"], on: "2024-12-01")
        _ = try await h.act("recordHeld", old, as: "reviewer", on: "2024-12-02", input: ["heldOn": "2024-12-02", "attendees": "褚局长、吴法制"])
        for theme in [PublicityActivity.themes[0], PublicityActivity.themes[2]] {
            let id = try await create(PublicityActivity.id, theme.name, ["theme": theme.name, "laws": theme.laws, "plannedOn": theme.date(in: 2025).description,
                                                                         "place": "广场", "audienceKind": "社区居民"], on: "2025-05-01")
            _ = try await h.matters.addMaterial(to: id, kind: "活动照片", filename: "照片.pdf", contentType: "application/pdf", data: MatterHarness.pdf,
                                                by: reviewer, context: MatterHarness.context(reviewer), now: MatterHarness.at("2025-05-02"))
            _ = try await h.act("recordHeld", id, as: "reviewer", on: theme.date(in: 2025).description,
                                input: ["heldOn": theme.date(in: 2025).description, "audienceSize": "40", "summary": "发放资料。"])
        }
        let document = try await h.draft("图木舒克市养老服务补贴办法（试行）", on: "2025-06-02")
        _ = try await h.publish(document, from: "2025-06-02", publishOn: "2025-06-20")
        let mediation = try await DisputesTests.mediation(h, source: "当事人申请", on: "2025-07-01")
        _ = try await h.act("accept", mediation, as: "mediator", on: "2025-07-02", input: ["mediators": "冯调解（示例）", "mode": "不公开调解"])
        _ = try await h.act("reconcile", mediation, as: "mediator", on: "2025-07-09", input: ["reconciliationNote": "双方和好。"])
        _ = try await DisputesTests.mediation(h, source: "当事人申请", on: "2025-08-01")
        _ = try await create(CareInstitutionMatters.emergencyPlan.id, "老年公寓火灾应急预案",
                             ["institutionCode": "659003", "institutionName": "第三师图木舒克市民政局", "planKind": "消防安全", "summary": "分级响应。"], on: "2025-03-03")
        let drill = try await create(CareInstitutionMatters.drill.id, "消防演练", ["institutionCode": "52659003MJ0000067", "institutionName": "某养老院",
                                                                               "planKind": "消防安全", "plannedOn": "2025-05-10"], on: "2025-05-01")
        _ = try await h.act("recordDrill", drill, as: "reviewer", on: "2025-05-10",
                            input: ["drilledOn": "2025-05-10", "scenario": "夜间火灾。", "participants": "30 人", "evaluation": "有序。"])
        let legal = try await h.base.principal("legal")
        try await LegalCounselRegister(db: h.base.runtime.db).add(
            name: "张律师", firm: "某律师事务所", licenceNumber: "16531202510000009", scope: "法律咨询。", from: "2024-07-01", until: "2025-06-30",
            by: legal, permissions: h.matters.permissions, context: MatterHarness.context(legal), store: h.base.runtime.store)
        try await LegalCounselRegister(db: h.base.runtime.db).add(
            name: "李律师", firm: "某律师事务所", licenceNumber: "16531202510000010", scope: "法律咨询。", from: "2026-01-01", until: "2026-12-31",
            by: legal, permissions: h.matters.permissions, context: MatterHarness.context(legal), store: h.base.runtime.store)
    }

    @Test(arguments: TestDatabase.kinds)
    func everyFigureIsCountedFromTheRecordsOfTheYearWithItsRecords(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let h = try await Harness(runtime)
            try await Self.records(h)
            let figures = try await AnnualReportFigures(matters: h.matters).compute(year: 2025)
            func value(_ key: String) -> String? { figures[key]?.value }
            #expect(value("studySessions") == "2")
            #expect(figures["studySessions"]?.records.count == 2)
            #expect(value("trainings") == "1")
            #expect(value("publicityActivities") == "2")
            #expect(value("publicityAudience") == "80")
            #expect(value("publicityThemes") == "“\(PublicityActivity.themes[0].name)”、“\(PublicityActivity.themes[2].name)”")
            #expect(value("normativeDocuments") == "《图木舒克市养老服务补贴办法（试行）》")
            #expect(value("mediations") == "2")
            #expect(value("reconciliations") == "1")
            #expect(figures["reconciliations"]?.records.count == 1)
            #expect(value("legalCounsel") == "1")
            #expect(value("emergencyPlans") == "起草《老年公寓火灾应急预案（征求意见稿）》")
            #expect(value("drills") == "1")
            // No enforcement in this set: counts are zero and rates say there was nothing to measure.
            #expect(value("penalties") == "0")
            #expect(value("actsCorrected") == "0")
            #expect(value("disclosureOnTime") == "—")
            #expect(value("petitionsOnTime") == "—")
            // The power list of the fixture: 37 items refining 28 authorized powers.
            #expect(value("powerItems") == "37")
            #expect(value("authorizedPowers") == "28")
            #expect(value("powerItemsByType") == "行政给付7项、行政确认6项、行政许可6项、其他行政权力13项、行政处罚4项、行政检查1项")
            // Every record links to its page, and nothing of 2024 is in 2025.
            #expect(figures.values.allSatisfy { $0.records.allSatisfy { $0.link.hasPrefix("/") } })
            let earlier = try await AnnualReportFigures(matters: h.matters).compute(year: 2024)
            #expect(earlier["studySessions"]?.value == "1")
            #expect(earlier["mediations"]?.value == "0")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func paragraphsAreVersionedAndFiguresFollowTheRecordsUntilTheReportIsFrozen(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let h = try await Harness(runtime)
            try await Self.records(h)
            let reports = AnnualReportService(matters: h.matters)
            let legal = try await h.base.principal("legal")
            let clerk = try await h.base.principal("clerk")
            await #expect(throws: AccessRefused.self) {
                try await reports.saveParagraph(year: 2025, key: "s1.1", text: "学习{{studySessions}}次。", by: clerk, context: MatterHarness.context(clerk))
            }
            do {
                try await reports.saveParagraph(year: 2025, key: "s1.1", text: "学习{{noSuchFigure}}次。", by: legal, context: MatterHarness.context(legal))
                Issue.record("an unknown placeholder was accepted")
            } catch let error as ValidationError {
                #expect(error.reason.contains("noSuchFigure"))
            }
            try await reports.saveParagraph(year: 2025, key: "s1.1", text: "全年学法{{studySessions}}次，培训{{trainings}}场。", by: legal,
                                            context: MatterHarness.context(legal), now: MatterHarness.at("2026-01-05"))
            try await reports.saveParagraph(year: 2025, key: "s1.1", text: "全年集中学法{{studySessions}}次，法治培训{{trainings}}场。", by: legal,
                                            context: MatterHarness.context(legal), now: MatterHarness.at("2026-01-06"))
            #expect(try await reports.versions(year: 2025, key: "s1.1").map(\.version) == [2, 1])
            var document = try await reports.document(year: 2025)
            #expect(document.markdown.contains("全年集中学法2次，法治培训1场。"))
            #expect(document.title == "第三师图木舒克市民政局2025年度法治政府建设工作报告")

            // A session recorded later (a late entry for 2025) changes the draft…
            let reviewer = try await h.base.principal("reviewer")
            let late = try await h.matters.create(StudySession.id, at: try await h.base.unit("659003"), applicant: nil, channel: "window", title: "补录",
                                                  fields: ["kind": "党组会专题学法", "topic": "民法典", "materials": "民法典", "plannedOn": "2025-12-20"],
                                                  by: reviewer, context: MatterHarness.context(reviewer), now: MatterHarness.at("2025-12-19"))
            _ = try await h.act("recordHeld", late, as: "reviewer", on: "2025-12-20", input: ["heldOn": "2025-12-20", "attendees": "褚局长、吴法制"])
            #expect(try await reports.document(year: 2025).markdown.contains("全年集中学法3次"))

            // …until the report is approved: the approving act freezes figures and text.
            let id = try await reports.start(year: 2025, by: legal, context: MatterHarness.context(legal), now: MatterHarness.at("2026-01-08"))
            _ = try await h.act("submitForReview", id, as: "legal", on: "2026-01-20")
            _ = try await h.act("passInternalReview", id, as: "leader", on: "2026-01-27", input: ["reviewOpinion": "同意。"])
            let approved = try await h.act("passSecrecyReview", id, as: "leader", on: "2026-02-03", input: ["secrecyOpinion": "不涉密。"])
            #expect(approved.matter.state == "approved")
            let another = try await h.matters.create(StudySession.id, at: try await h.base.unit("659003"), applicant: nil, channel: "window", title: "再补录",
                                                     fields: ["kind": "党组会专题学法", "topic": "民法典", "materials": "民法典", "plannedOn": "2025-12-22"],
                                                     by: reviewer, context: MatterHarness.context(reviewer), now: MatterHarness.at("2025-12-21"))
            _ = try await h.act("recordHeld", another, as: "reviewer", on: "2025-12-22", input: ["heldOn": "2025-12-22", "attendees": "褚局长、吴法制"])
            document = try await reports.document(year: 2025)
            #expect(document.frozenAt != nil)
            #expect(document.figures["studySessions"]?.value == "3")
            #expect(document.markdown.contains("全年集中学法3次"))
            #expect(try await AnnualReportFigures(matters: h.matters).compute(year: 2025)["studySessions"]?.value == "4")
            await #expect(throws: ValidationError.self) {
                try await reports.saveParagraph(year: 2025, key: "s1.1", text: "改。", by: legal, context: MatterHarness.context(legal))
            }
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func theWorkflowKeepsTheStatutoryDeadlinesAndTheRecipients(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let h = try await Harness(runtime)
            let reports = AnnualReportService(matters: h.matters)
            let legal = try await h.base.principal("legal")
            let id = try await reports.start(year: 2025, by: legal, context: MatterHarness.context(legal), now: MatterHarness.at("2026-01-08"))
            #expect(try await reports.start(year: 2025, by: legal, context: MatterHarness.context(legal), now: MatterHarness.at("2026-01-09")) == id)
            let started = try await h.matters.snapshot(id)
            #expect(started.clocks.first { $0.clockID == "submission" }?.dueDate == CivilDate(iso: "2026-03-01"))
            #expect(started.clocks.first { $0.clockID == "publication" }?.dueDate == CivilDate(iso: "2026-03-31"))
            #expect(started.matter.fields["recipients"]?.contains("兵团民政局") == true)
            // Only the 法制 staff submit for review; only the heads approve.
            await #expect(throws: (any Error).self) { _ = try await h.act("submitForReview", id, as: "reviewer", on: "2026-01-20") }
            _ = try await h.act("submitForReview", id, as: "legal", on: "2026-01-20")
            await #expect(throws: (any Error).self) { _ = try await h.act("passInternalReview", id, as: "legal", on: "2026-01-27", input: ["reviewOpinion": "同意。"]) }
            _ = try await h.act("passInternalReview", id, as: "leader", on: "2026-01-27", input: ["reviewOpinion": "同意。"])
            _ = try await h.act("passSecrecyReview", id, as: "leader", on: "2026-02-03", input: ["secrecyOpinion": "不涉密。"])
            // Submitting after 1 March needs the reason on the record.
            do {
                _ = try await h.act("submit", id, as: "legal", on: "2026-03-03", input: ["recipients": "师市党委、师市人民政府"])
                Issue.record("a late submission went through without a reason")
            } catch let error as MatterError {
                #expect(error.failedChecks.map(\.checkID) == ["clockNotOverdue.submission"])
                #expect(error.message.contains("2026年3月1日"))
            }
            let submitted = try await h.act("submit", id, as: "legal", on: "2026-03-03",
                                            input: ["recipients": "师市党委、师市人民政府", "lateReason": "等待兵团统一部署，延后两日报送。"])
            #expect(submitted.matter.state == "submitted")
            #expect(submitted.matter.fields["recipients"] == "师市党委、师市人民政府")
            let published = try await h.act("publish", id, as: "legal", on: "2026-03-20", input: ["publishedURL": "/reports/2025"])
            #expect(published.matter.state == "published")
            #expect(published.clocks.allSatisfy { !$0.isRunning })
        }
    }
}
