import FluentKit
import Foundation
import MinzhengCore
import MinzhengPersistence
import MinzhengTestSupport
import Testing

@Suite struct RuleMakingTests {
    struct Harness {
        let base: MatterHarness
        let matters: MatterService
        let rules: RuleMakingService

        init(_ runtime: DatabaseRuntime) async throws {
            base = try await MatterHarness(runtime)
            matters = MatterService(store: runtime.store, registry: .standard, permissions: .standard, cipher: Fixtures.cipher, logger: runtime.logger,
                                    powerItemCitable: { code, db in try await PowerListRepository(db: db).isCitable(code) })
            rules = RuleMakingService(matters: matters)
        }

        func act(_ transition: TransitionID, _ id: Matter.ID, as username: String, on day: String, input: [String: String] = [:]) async throws -> MatterSnapshot {
            let actor = try await base.principal(username)
            return try await matters.perform(transition, on: id, by: actor, input: input, context: MatterHarness.context(actor), now: MatterHarness.at(day))
        }

        func draft(_ title: String, relation: String = "新制定", supersedes: String? = nil, kind: String = "试行", on day: String) async throws -> Matter.ID {
            let drafter = try await base.principal("reviewer")
            var fields = ["title": title, "docKind": kind, "relation": relation, "leadIssuer": "第三师图木舒克市民政局", "legalBasis": "殡葬管理条例",
                          "text": "第一条 为推进惠民殡葬……（示例）"]
            if let supersedes { fields["supersedes"] = supersedes }
            return try await matters.create(NormativeDocument.id, at: try await base.unit("659003"), applicant: nil, channel: "window", title: title,
                                            fields: fields, by: drafter, context: MatterHarness.context(drafter), now: MatterHarness.at(day))
        }

        /// Without public comment, through review to publication on `publishOn`.
        func publish(_ id: Matter.ID, from day: String, publishOn: String) async throws -> MatterSnapshot {
            _ = try await act("submitWithoutComment", id, as: "reviewer", on: day, input: ["noCommentReason": "仅调整内部程序性条款。", "draftingNote": "说明。"])
            _ = try await act("passLegality", id, as: "legal", on: day, input: ["opinion": "主体合法，权限适当，不与上位法抵触。"])
            _ = try await act("collectiveReview", id, as: "leader", on: day, input: ["attendees": "褚局长、副局长甲、副局长乙", "minutes": "审议通过。"])
            _ = try await act("register", id, as: "legal", on: day)
            return try await act("publish", id, as: "leader", on: publishOn, input: ["publicationChannel": "门户网站"])
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aDocumentGoesThroughCommentReviewAndPublicationToItsFilingDeadline(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let h = try await Harness(runtime)
            let id = try await h.draft("第三师图木舒克市惠民殡葬政策实施办法（试行）", on: "2025-03-03")
            let open = try await h.act("startComment", id, as: "reviewer", on: "2025-03-03", input: ["commentNote": "公开征求意见。"])
            #expect(open.clocks.first { $0.clockID == "comment" }?.dueDate == CivilDate(iso: "2025-04-02"))
            try await h.rules.submitComment(to: id, content: "建议明确惠民殡葬补贴的申领材料。", context: JournalContext(actor: .anonymous),
                                            now: MatterHarness.at("2025-03-10"))
            await #expect(throws: ValidationError.self) {
                try await h.rules.submitComment(to: id, content: "过期的意见。", context: JournalContext(actor: .anonymous), now: MatterHarness.at("2025-04-03"))
            }
            await #expect(throws: MatterError.self) { _ = try await h.act("closeComment", id, as: "reviewer", on: "2025-04-02") }
            _ = try await h.act("closeComment", id, as: "reviewer", on: "2025-04-03")
            do {
                _ = try await h.act("submitForReview", id, as: "reviewer", on: "2025-04-03", input: ["draftingNote": "说明。"])
                Issue.record("submitted with an unanswered comment")
            } catch let error as MatterError {
                #expect(error.failedChecks.map(\.checkID) == ["commentsAnswered"])
            }
            let comment = try #require(try await h.rules.comments(of: id).first)
            let reviewer = try await h.base.principal("reviewer")
            try await h.rules.answer(comment.id, of: id, adopted: "采纳", answer: "已在第五条列明申领材料。", by: reviewer, context: MatterHarness.context(reviewer))
            _ = try await h.act("submitForReview", id, as: "reviewer", on: "2025-04-03", input: ["draftingNote": "说明。"])
            // The drafter cannot review; collective review cannot come before legality review.
            await #expect(throws: (any Error).self) { _ = try await h.act("passLegality", id, as: "reviewer", on: "2025-04-07", input: ["opinion": "合法。"]) }
            await #expect(throws: MatterError.self) { _ = try await h.act("collectiveReview", id, as: "leader", on: "2025-04-07", input: ["attendees": "甲、乙、丙", "minutes": "x"]) }
            _ = try await h.act("passLegality", id, as: "legal", on: "2025-04-07", input: ["opinion": "主体合法，不与上位法抵触。"])
            _ = try await h.act("collectiveReview", id, as: "leader", on: "2025-04-08", input: ["attendees": "褚局长、副局长甲、副局长乙", "minutes": "审议通过。"])
            let registered = try await h.act("register", id, as: "legal", on: "2025-04-09")
            #expect(registered.matter.fields["documentNumber"] == "图民规〔2025〕1号")
            let published = try await h.act("publish", id, as: "leader", on: "2025-04-10", input: ["publicationChannel": "门户网站"])
            #expect(published.matter.fields["effectiveDate"] == "2025-05-10")
            #expect(published.matter.fields["expiryDate"] == "2027-05-09")
            #expect(published.matter.fields["reviewDate"] == "2026-11-09")
            let filing = try #require(published.clocks.first { $0.clockID == "filing" })
            #expect(filing.dueDate == CivilDate(iso: "2025-05-12"))  // 30 days end on Saturday 05-10 → Monday 05-12
            await #expect(throws: MatterError.self) { _ = try await h.act("file", id, as: "legal", on: "2025-05-13", input: ["filingReceipt": "兵司备〔2025〕7号"]) }
            #expect(try await h.act("file", id, as: "legal", on: "2025-05-12", input: ["filingReceipt": "兵司备〔2025〕7号"]).matter.state == "filed")
            let entries = try await h.rules.documents()
            #expect(entries.first?.isInForce(on: CivilDate(iso: "2025-06-01")!) == true)
            #expect(entries.first?.isInForce(on: CivilDate(iso: "2025-05-01")!) == false)
            // It lapses by itself at the end of its validity.
            let validity = try #require(try await h.matters.snapshot(id).clocks.first { $0.clockID == "validity" })
            #expect(try await h.matters.expire(clock: validity.id, of: id, now: MatterHarness.at("2027-05-09")) == nil)
            #expect(try await h.matters.expire(clock: validity.id, of: id, now: MatterHarness.at("2027-05-10", hour: 1))?.matter.state == "expired")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aRepealIsANewActThatEndsTheOldDocument(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let h = try await Harness(runtime)
            let old = try await h.draft("2025年低收入困难群体入住养老机构保障方案", kind: "正式", on: "2025-02-03")
            _ = try await h.publish(old, from: "2025-02-03", publishOn: "2025-02-10")
            let reference = try await h.matters.snapshot(old).matter.reference
            let repeal = try await h.draft("关于废止《2025年低收入困难群体入住养老机构保障方案》的决定", relation: "废止", supersedes: reference, kind: "正式", on: "2025-09-01")
            _ = try await h.publish(repeal, from: "2025-09-01", publishOn: "2025-09-05")
            #expect(try await h.matters.snapshot(old).matter.state == "repealed")
            let all = try await h.rules.documents()
            #expect(h.rules.history(of: reference, in: all).map(\.reference).count == 2)
            // A repealed document cannot be repealed again.
            let again = try await h.draft("再次废止", relation: "废止", supersedes: reference, kind: "正式", on: "2025-10-01")
            await #expect(throws: (any Error).self) { _ = try await h.publish(again, from: "2025-10-01", publishOn: "2025-10-09") }
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func theCleanupNeedsADecisionOnEveryLiveDocumentBeforeItsListsArePublished(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let h = try await Harness(runtime)
            let first = try await h.draft("文件一", kind: "正式", on: "2025-02-03")
            _ = try await h.publish(first, from: "2025-02-03", publishOn: "2025-02-10")
            let second = try await h.draft("文件二", kind: "正式", on: "2025-02-03")
            _ = try await h.publish(second, from: "2025-02-03", publishOn: "2025-02-10")
            let legal = try await h.base.principal("legal")
            let context = MatterHarness.context(legal)
            try await h.rules.openCleanup(year: 2025, by: legal, context: context)
            #expect(try await h.rules.cleanup(2025)?.documents.count == 2)
            try await h.rules.decide(year: 2025, matterID: first, decision: "继续有效", reason: "仍然适用。", by: legal, context: context)
            await #expect(throws: ValidationError.self) { try await h.rules.publishCleanup(year: 2025, by: legal, context: context) }
            try await h.rules.decide(year: 2025, matterID: second, decision: "宣布失效", reason: "调整对象已消失。", by: legal, context: context)
            try await h.rules.publishCleanup(year: 2025, by: legal, context: context)
            #expect(try await h.matters.snapshot(second).matter.state == "invalid")
            let firstState = try await h.matters.snapshot(first).matter.state
            #expect(firstState == "published")
            let clerk = try await h.base.principal("clerk")
            await #expect(throws: AccessRefused.self) { try await h.rules.openCleanup(year: 2026, by: clerk, context: MatterHarness.context(clerk)) }
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aMajorDecisionPassesItsFiveProceduresInOrder(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let h = try await Harness(runtime)
            let leader = try await h.base.principal("leader")
            let id = try await h.matters.create(MajorDecision.id, at: try await h.base.unit("659003"), applicant: nil, channel: "window", title: "惠民殡葬",
                                                fields: ["title": "实施惠民殡葬政策", "catalogueYear": "2025", "category": "重大公共政策", "summary": "基本殡葬服务费用减免。"],
                                                by: leader, context: MatterHarness.context(leader), now: MatterHarness.at("2025-03-03"))
            _ = try await h.act("start", id, as: "leader", on: "2025-03-03", input: ["leadUnit": "社会事务科"])
            await #expect(throws: MatterError.self) {
                _ = try await h.act("startConsultation", id, as: "reviewer", on: "2025-03-04", input: ["consultationDays": "15", "draftText": "草案。"])
            }
            _ = try await h.act("startConsultation", id, as: "reviewer", on: "2025-03-04", input: ["consultationDays": "30", "draftText": "草案。"])
            await #expect(throws: MatterError.self) {
                _ = try await h.act("holdHearing", id, as: "reviewer", on: "2025-03-20", input: ["materialsSentOn": "2025-03-15", "hearingOn": "2025-03-20",
                                                                                              "participants": "群众代表", "hearingRecord": "x"])
            }
            _ = try await h.act("holdHearing", id, as: "reviewer", on: "2025-03-20", input: ["materialsSentOn": "2025-03-13", "hearingOn": "2025-03-20",
                                                                                          "participants": "群众代表（示例）", "hearingRecord": "参加人签字确认。"])
            _ = try await h.act("closeConsultation", id, as: "reviewer", on: "2025-04-04", input: ["consultationSummary": "采纳 3 条。"])
            await #expect(throws: MatterError.self) { _ = try await h.act("submitLegality", id, as: "reviewer", on: "2025-04-07") }
            _ = try await h.act("recordExperts", id, as: "reviewer", on: "2025-04-07", input: ["experts": "专家甲（示例）", "expertOpinion": "可行。"])
            _ = try await h.act("riskNotApplicable", id, as: "reviewer", on: "2025-04-07", input: ["riskNAReason": "不涉及社会稳定风险。"])
            // No collective discussion before the legality review.
            await #expect(throws: MatterError.self) {
                _ = try await h.act("discuss", id, as: "leader", on: "2025-04-07", input: ["attendees": "甲、乙、丙", "membersViews": "x", "headView": "y"])
            }
            _ = try await h.act("submitLegality", id, as: "reviewer", on: "2025-04-07")
            do {
                _ = try await h.act("passLegality", id, as: "legal", on: "2025-04-10", input: ["opinion": "合法。"])
                Issue.record("reviewed in fewer than 7 working days")
            } catch let error as MatterError {
                #expect(error.failedChecks.map(\.checkID) == ["legalityDuration"])
            }
            _ = try await h.act("passLegality", id, as: "legal", on: "2025-04-16", input: ["opinion": "决策程序合法，内容合法。"])
            _ = try await h.act("discuss", id, as: "leader", on: "2025-04-17", input: ["attendees": "褚局长、副局长甲、副局长乙", "membersViews": "副局长甲：同意。副局长乙：同意。",
                                                                                  "headView": "同意实施。"])
            _ = try await h.act("reportToParty", id, as: "leader", on: "2025-04-18", input: ["partyReport": "党组同意。"])
            _ = try await h.act("decide", id, as: "leader", on: "2025-04-21", input: ["decisionText": "自 2025 年 6 月起实施。"])
            _ = try await h.act("publish", id, as: "leader", on: "2025-04-22", input: ["publicationChannel": "门户网站"])
            #expect(try await DisclosureRegister(db: runtime.db).find(matter: id.rawValue)?.kind == "重大行政决策")
            await #expect(throws: MatterError.self) {
                _ = try await h.act("evaluate", id, as: "reviewer", on: "2025-12-01", input: ["evaluationUnit": "社会事务科", "evaluation": "x"])
            }
            #expect(try await h.act("evaluate", id, as: "legal", on: "2025-12-01", input: ["evaluationUnit": "法制科", "evaluation": "效果良好。"]).matter.state == "evaluated")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func publicityAndStudyRecordsAddUpToTheYearsFigures(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let h = try await Harness(runtime)
            let learning = LearningService(matters: h.matters)
            let legal = try await h.base.principal("legal")
            try await learning.addDuty(year: 2025, law: "中华人民共和国民法典", unitCode: "659003", target: 2, by: legal, context: MatterHarness.context(legal))
            let reviewer = try await h.base.principal("reviewer")
            for (index, theme) in PublicityActivity.themes.prefix(3).enumerated() {
                let id = try await h.matters.create(PublicityActivity.id, at: try await h.base.unit("659003"), applicant: nil, channel: "window", title: theme.name,
                                                    fields: ["theme": theme.name, "laws": theme.laws, "plannedOn": theme.date(in: 2025).description,
                                                             "place": "金湾街道（示例）", "audienceKind": "社区居民"],
                                                    by: reviewer, context: MatterHarness.context(reviewer), now: MatterHarness.at("2025-05-01"))
                await #expect(throws: MatterError.self) {
                    _ = try await h.act("recordHeld", id, as: "reviewer", on: "2025-05-20", input: ["heldOn": "2025-05-20", "audienceSize": "50", "summary": "x"])
                }
                _ = try await h.matters.addMaterial(to: id, kind: "活动照片", filename: "照片.pdf", contentType: "application/pdf", data: MatterHarness.pdf,
                                                    by: reviewer, context: MatterHarness.context(reviewer), now: MatterHarness.at("2025-05-20"))
                _ = try await h.act("recordHeld", id, as: "reviewer", on: "2025-05-20",
                                    input: ["heldOn": theme.date(in: 2025).description, "audienceSize": String(50 + index * 10), "summary": "发放资料。"])
            }
            for (index, kind) in ["党组理论中心组学习", "局务会专题学法", "线下培训"].enumerated() {
                let id = try await h.matters.create(StudySession.id, at: try await h.base.unit("659003"), applicant: nil, channel: "window", title: kind,
                                                    fields: ["kind": kind, "topic": "学习民法典", "materials": "民法典", "plannedOn": "2025-06-0\(index + 1)"],
                                                    by: reviewer, context: MatterHarness.context(reviewer), now: MatterHarness.at("2025-06-01"))
                _ = try await h.act("recordHeld", id, as: "reviewer", on: "2025-06-0\(index + 2)",
                                    input: ["heldOn": "2025-06-0\(index + 2)", "attendees": "褚局长、李审核、吴法制"])
            }
            let figures = try await learning.figures(year: 2025)
            #expect(figures.publicityActivities == 3)
            #expect(figures.audience == 50 + 60 + 70)
            #expect(figures.studySessions == 2)
            #expect(figures.trainings == 1)
            #expect(figures.attendance["吴法制"] == 3)
            let duties = try await learning.duties(year: 2025)
            #expect(duties.first?.held == 2)  // 民法典宣传月 and 七夕 cover the 民法典
            #expect(try await learning.figures(year: 2024).publicityActivities == 0)
        }
    }
}
