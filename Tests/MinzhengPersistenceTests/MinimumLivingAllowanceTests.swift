import FluentKit
import Foundation
import MinzhengCore
import MinzhengPersistence
import MinzhengTestSupport
import Testing

@Suite struct MinimumLivingAllowanceTests {
    static let registry = MatterTypeRegistry.standard

    struct Harness {
        let base: MatterHarness
        let service: MatterService

        init(_ runtime: DatabaseRuntime) async throws {
            base = try await MatterHarness(runtime)
            service = MatterService(store: runtime.store, registry: MinimumLivingAllowanceTests.registry, permissions: .standard,
                                    cipher: Fixtures.cipher, logger: runtime.logger,
                                    powerItemCitable: { code, db in try await PowerListRepository(db: db).isCitable(code) })
            let division = try await base.unit("659003")
            try await runtime.store.write(on: runtime.db) { db in
                try await AssistanceStandardRepository(db: db).set(.minimumLivingAllowance, year: 2025, unit: division, monthlyFen: 76_000, at: Date())
            }
        }

        func act(_ transition: TransitionID, _ id: Matter.ID, as username: String, on day: String, input: [String: String] = [:]) async throws -> MatterSnapshot {
            let actor = try await base.principal(username)
            return try await service.perform(transition, on: id, by: actor, input: input, context: MatterHarness.context(actor), now: MatterHarness.at(day))
        }

        /// A citizen's online application: three people, 600 元 wages, 100 元 deductions.
        func application(relativeOfStaff: Bool = false) async throws -> Matter.ID {
            let citizen = try await base.principal("13900000001")
            var fields = ["applicantName": "王小梅（示例）", "applicantID": Fixtures.idNumber("65900319850312002"), "phone": "13900000001",
                          "address": "红柳团镇一连（示例）", "memberCount": "3", "members": "本人 王小梅\n子 王小明", "wageIncome": "600",
                          "deductions": "100", "pledgeSigned": "yes", "authorizationSigned": "yes", "hardshipReason": "因病致困"]
            if relativeOfStaff { fields["relativeOfStaff"] = "yes" }
            return try await service.create(MinimumLivingAllowance.id, at: try await base.unit("659003-101-01"), applicant: citizen.accountID,
                                            channel: "online", title: "王小梅申请低保", fields: fields, by: citizen,
                                            context: MatterHarness.context(citizen), now: MatterHarness.at("2025-09-01"))
        }

        /// From application to the start of the 师市 review.
        func toDivisionReview(_ id: Matter.ID) async throws {
            _ = try await act("accept", id, as: "clerk", on: "2025-09-01")
            _ = try await act("startInvestigation", id, as: "investigator", on: "2025-09-03")
            _ = try await act("preliminaryOpinion", id, as: "town.reviewer", on: "2025-09-08", input: [
                "investigators": "钱调查、孙初审", "homeVisitDate": "2025-09-05", "homeVisitFindings": "家中无大额财产。",
                "dataCheckResult": "未发现不符合条件的收入和财产。", "opinion": "拟同意纳入",
            ])
            _ = try await act("startNotice", id, as: "town.reviewer", on: "2025-09-08")
            _ = try await act("noticeWithoutObjection", id, as: "town.reviewer", on: "2025-09-16")
            _ = try await act("startReview", id, as: "reviewer", on: "2025-09-17")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func anApplicationRunsToPaymentWithTheAmountFromTheStandard(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let h = try await Harness(runtime)
            let id = try await h.application()
            try await h.toDivisionReview(id)
            let approved = try await h.act("approve", id, as: "approver", on: "2025-09-22", input: ["reviewCycle": "6"])
            // (760 − (600 − 100) / 3) × 3 = (760 − 166.66) × 3 → per capita 166.66 元 (16666 fen), amount 1780.02 元.
            #expect(approved.matter.fields["perCapitaIncome"] == "16666")
            #expect(approved.matter.fields["proposedAmount"] == "178002")
            #expect(approved.documents.last?.title == "最低生活保障确认通知书")
            await #expect(throws: MatterError.self) {
                _ = try await h.act("startPayment", id, as: "approver", on: "2025-09-23", input: ["firstPaymentMonth": "2025-09", "bankAccount": "6222020200112233445"])
            }
            let paying = try await h.act("startPayment", id, as: "approver", on: "2025-09-23", input: ["firstPaymentMonth": "2025-10", "bankAccount": "6222020200112233445"])
            #expect(paying.matter.state == "paying")
            let review = try #require(paying.clocks.first { $0.clockID == "periodicReview" })
            #expect(review.period == .months(6))
            #expect(review.dueDate == CivilDate(iso: "2026-03-23"))
            #expect(paying.events.last?.data["bankAccount"] == Masking.bankAccount("6222020200112233445"))
        }
    }

    /// A household visit where the investigators explained the policy counts for the report's 入户宣讲政策, linked to
    /// the matter (the figure matches the visit's event to its matter by identifier).
    @Test(arguments: TestDatabase.kinds)
    func aVisitThatExplainedThePolicyCountsInTheReport(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let h = try await Harness(runtime)
            let explained = try await h.application()
            let silent = try await h.application()
            for (id, flag) in [(explained, "yes"), (silent, "no")] {
                _ = try await h.act("accept", id, as: "clerk", on: "2025-09-01")
                _ = try await h.act("startInvestigation", id, as: "investigator", on: "2025-09-03")
                _ = try await h.act("preliminaryOpinion", id, as: "town.reviewer", on: "2025-09-08", input: [
                    "investigators": "钱调查、孙初审", "homeVisitDate": "2025-09-05", "homeVisitFindings": "家中无大额财产。",
                    "dataCheckResult": "未发现不符合条件的收入和财产。", "opinion": "拟同意纳入", "policyExplained": flag,
                ])
            }
            let figure = try #require(try await AnnualReportFigures(matters: h.service).compute(year: 2025)["policyVisits"])
            #expect(figure.value == "1")
            let reference = try await h.service.snapshot(explained).matter.reference
            #expect(figure.records == [.init(reference: reference, title: "王小梅申请低保", link: "/work/matters/\(explained.rawValue.uuidString)")])
            #expect(try await AnnualReportFigures(matters: h.service).compute(year: 2024)["policyVisits"]?.value == "0")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func theApproverMayNotBeTheReviewerAndSeparateRegistrationNeedsAHomeVisit(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let h = try await Harness(runtime)
            let id = try await h.application(relativeOfStaff: true)
            try await h.toDivisionReview(id)
            do {
                _ = try await h.act("approve", id, as: "approver", on: "2025-09-22", input: ["reviewCycle": "12"])
                Issue.record("approved a separately registered family without a home visit")
            } catch let error as MatterError {
                #expect(error.failedChecks.map(\.checkID) == ["separateRegistration"])
            }
            _ = try await h.act("divisionHomeVisit", id, as: "reviewer", on: "2025-09-19", input: ["investigators": "李审核、周某", "visitFindings": "属实"])
            let approved = try await h.act("approve", id, as: "approver", on: "2025-09-22", input: ["reviewCycle": "12"])
            #expect(approved.matter.state == "approved")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func anObjectionMustBeHandledAndOnlyThenMayAppraisalBeHeld(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let h = try await Harness(runtime)
            let id = try await h.application()
            _ = try await h.act("accept", id, as: "clerk", on: "2025-09-01")
            _ = try await h.act("startInvestigation", id, as: "investigator", on: "2025-09-02")
            _ = try await h.act("preliminaryOpinion", id, as: "town.reviewer", on: "2025-09-08", input: [
                "investigators": "钱调查、孙初审", "homeVisitDate": "2025-09-05", "homeVisitFindings": "属实。", "dataCheckResult": "无异常。",
                "opinion": "拟同意纳入",
            ])
            _ = try await h.act("startNotice", id, as: "town.reviewer", on: "2025-09-08")
            await #expect(throws: MatterError.self) {
                _ = try await h.act("democraticAppraisal", id, as: "town.reviewer", on: "2025-09-10", input: ["appraisalParticipants": "甲", "appraisalResult": "乙"])
            }
            try await h.service.fileObjection(to: id, content: "申请人家中有营运车辆，收入未如实申报。", context: JournalContext(actor: .anonymous),
                                              now: MatterHarness.at("2025-09-10"))
            do {
                _ = try await h.act("noticeWithoutObjection", id, as: "town.reviewer", on: "2025-09-16")
                Issue.record("moved on with an objection pending")
            } catch let error as MatterError {
                #expect(error.message.contains("1 件异议尚未处理"))
            }
            _ = try await h.act("democraticAppraisal", id, as: "town.reviewer", on: "2025-09-16",
                                input: ["appraisalParticipants": "连队干部、群众代表 7 人", "appraisalResult": "营运车辆属实，建议重新核算收入"])
            let revised = try await h.act("reviseOpinion", id, as: "town.reviewer", on: "2025-09-18",
                                          input: ["opinion": "拟不予纳入", "revisionReason": "核实有营运收入"])
            #expect(revised.matter.state == "sentToDivisionCity")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func thePortalNoticeShowsOnlyTheWhitelistMasked(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let h = try await Harness(runtime)
            let id = try await h.application()
            _ = try await h.act("accept", id, as: "clerk", on: "2025-09-01")
            _ = try await h.act("startInvestigation", id, as: "investigator", on: "2025-09-02")
            _ = try await h.act("preliminaryOpinion", id, as: "town.reviewer", on: "2025-09-08", input: [
                "investigators": "钱调查、孙初审", "homeVisitDate": "2025-09-05", "homeVisitFindings": "属实。", "dataCheckResult": "无异常。",
                "opinion": "拟同意纳入",
            ])
            _ = try await h.act("startNotice", id, as: "town.reviewer", on: "2025-09-08")
            let notices = try await PublicNoticeQueries(db: runtime.db, registry: Self.registry, cipher: Fixtures.cipher)
                .current(today: CivilDate(iso: "2025-09-10")!, page: Pagination())
            let notice = try #require(notices.items.first)
            #expect(notice.unitName == "红柳团镇一连（示例）")
            #expect(notice.from == CivilDate(iso: "2025-09-09") && notice.through == CivilDate(iso: "2025-09-15"))
            #expect(notice.fields.map(\.label) == ["申请人", "家庭人口", "拟保障金额（月）"])
            #expect(notice.fields[0].value == Masking.name("王小梅（示例）"))
            #expect(notice.fields[2].value == "1,780.02 元")
            let text = notice.fields.map(\.value).joined()
            #expect(!text.contains("659003") && !text.contains("13900000001") && !text.contains("因病"))
            let after = try await PublicNoticeQueries(db: runtime.db, registry: Self.registry, cipher: Fixtures.cipher)
                .current(today: CivilDate(iso: "2025-09-16")!, page: Pagination())
            #expect(after.items.isEmpty)
        }
    }

    @Test func theAmountFollowsTheGapMethod() {
        #expect(MinimumLivingAllowance.monthlyAmount(standardFen: 76_000, members: 2, incomeFen: 50_000, deductionsFen: 0) == (25_000, 102_000))
        #expect(MinimumLivingAllowance.monthlyAmount(standardFen: 76_000, members: 1, incomeFen: 90_000, deductionsFen: 0).amountFen == 0)
        #expect(MinimumLivingAllowance.monthlyAmount(standardFen: 76_000, members: 0, incomeFen: 0, deductionsFen: 0).amountFen == 0)
    }

    @Test(arguments: TestDatabase.kinds)
    func ratingsAndVisitsMakeTheServiceFigures(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let h = try await Harness(runtime)
            let online = try await h.application()
            try await h.toDivisionReview(online)
            _ = try await h.act("reject", online, as: "approver", on: "2025-09-22", input: ["reasons": "家庭人均收入高于标准。"])
            let clerk = try await h.base.principal("clerk")
            let window = try await h.service.create(
                MinimumLivingAllowance.id, at: try await h.base.unit("659003-101-01"), applicant: nil, channel: "window", title: "窗口申请",
                fields: ["applicantName": "马建国（示例）", "applicantID": Fixtures.idNumber("65900319620708003"), "memberCount": "1",
                         "address": "红柳团镇一连（示例）", "members": "本人 马建国"],
                by: clerk, context: MatterHarness.context(clerk), now: MatterHarness.at("2025-09-02"))
            try await h.service.recordVisit(window, purpose: "补交材料原件", by: clerk, context: MatterHarness.context(clerk))
            let citizen = try await h.base.principal("13900000001")
            let rating = try await ServiceRatingService(matters: h.service).rate(online, score: 2, comment: "等待时间长", by: citizen,
                                                                                 context: MatterHarness.context(citizen))
            #expect(rating.followUpID != nil)
            await #expect(throws: ValidationError.self) {
                try await ServiceRatingService(matters: h.service).rate(online, score: 5, comment: nil, by: citizen, context: MatterHarness.context(citizen))
            }
            let division = try await h.base.unit("659003")
            let figures = try await ServiceFigureQueries(db: runtime.db).figures(year: 2025, under: [division.path])
                .filter { $0.typeID == MinimumLivingAllowance.id }.reduce(ServiceFigures(), +)
            #expect(figures.total == 2)
            #expect(figures.online == 1)
            #expect(figures.visits == 2)
            #expect(figures.measured == 1 && figures.onTime == 1)
            #expect(figures.rated == 1 && figures.satisfied == 0)
            #expect(ServiceFigures.percent(figures.onlineShare) == "50.0%")
        }
    }
}
