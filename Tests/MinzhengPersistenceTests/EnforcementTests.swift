import FluentKit
import Foundation
import MinzhengCore
import MinzhengPersistence
import MinzhengTestSupport
import Testing

@Suite struct EnforcementTests {
    static let benchmark = DiscretionBenchmark(
        code: "CF-001-01", powerItemCode: "MZ-CF-001", violation: "社会团体擅自设立分支机构（示例）", basisClause: "社会团体登记管理条例 第十七条",
        penaltyClause: "社会团体登记管理条例 第三十条", legalMinimumFen: 100_000, legalMaximumFen: 10_000_000,
        tiers: [BenchmarkTier(tier: .noPenalty, conditions: "首违轻微并及时改正", minimumFen: 0, maximumFen: 0),
                BenchmarkTier(tier: .reduced, conditions: "依法应当减轻", minimumFen: 0, maximumFen: 99_900),
                BenchmarkTier(tier: .lighter, conditions: "从轻情形", minimumFen: 100_000, maximumFen: 1_000_000),
                BenchmarkTier(tier: .normal, conditions: "一般情形", minimumFen: 1_000_100, maximumFen: 5_000_000),
                BenchmarkTier(tier: .heavier, conditions: "从重情形", minimumFen: 5_000_100, maximumFen: 10_000_000)],
        effectiveFrom: CivilDate(iso: "2025-01-01")!)

    struct Harness {
        let base: MatterHarness
        let matters: MatterService
        let enforcement: EnforcementRepository

        init(_ runtime: DatabaseRuntime) async throws {
            base = try await MatterHarness(runtime)
            matters = MatterService(store: runtime.store, registry: .standard, permissions: .standard, cipher: Fixtures.cipher, logger: runtime.logger,
                                    powerItemCitable: { code, db in try await PowerListRepository(db: db).isCitable(code) })
            enforcement = EnforcementRepository(store: runtime.store, db: runtime.db, cipher: Fixtures.cipher)
            let legal = try await base.principal("legal")
            let context = MatterHarness.context(legal)
            for (name, number, until) in [("officer.a", "65900320250001", "2027-12-31"), ("officer.b", "65900320250002", "2027-12-31"),
                                          ("officer.c", "65900320200003", "2025-06-30")] {
                try await enforcement.addCertificate(username: name, number: number, category: "民政综合执法", validFrom: CivilDate(iso: "2020-01-01"),
                                                     validUntil: CivilDate(iso: until), by: legal, context: context)
            }
            _ = try await enforcement.saveDraft(EnforcementTests.benchmark, by: legal, context: context)
            try await enforcement.publish(code: "CF-001-01", by: legal, context: context)
        }

        func act(_ transition: TransitionID, _ id: Matter.ID, as username: String, on day: String, input: [String: String] = [:]) async throws -> MatterSnapshot {
            let actor = try await base.principal(username)
            return try await matters.perform(transition, on: id, by: actor, input: input, context: MatterHarness.context(actor), now: MatterHarness.at(day))
        }

        func register(partyType: String = "法人或者其他组织", violationDate: String = "2025-08-01", on day: String = "2025-09-01") async throws -> Matter.ID {
            let officer = try await base.principal("officer.a")
            return try await matters.create(PenaltyCase.id, at: try await base.unit("659003"), applicant: nil, channel: "window", title: "擅自设立分支机构案",
                                            fields: ["partyType": partyType, "partyName": partyType == "自然人" ? "王某某（示例）" : "图木舒克市某协会（示例）",
                                                     "partyCode": partyType == "自然人" ? Fixtures.idNumber("65900319800101001") : UnifiedSocialCreditCode.completing("51659003MJ0000009"),
                                                     "benchmarkCode": "CF-001-01", "violationDate": violationDate, "caseSource": "监督检查", "caseFacts": "擅自设立分支机构。"],
                                            by: officer, context: MatterHarness.context(officer), now: MatterHarness.at(day))
        }

        func evidence(_ id: Matter.ID, on day: String = "2025-09-03") async throws {
            let officer = try await base.principal("officer.a")
            _ = try await matters.addMaterial(to: id, kind: "证据：照片", filename: "现场照片.pdf", contentType: "application/pdf", data: MatterHarness.pdf,
                                              metadata: ["device": "执法记录仪 ZFY-0032", "capturedAt": "2025-09-02 10:15"],
                                              by: officer, context: MatterHarness.context(officer), now: MatterHarness.at(day))
        }

        /// Filed on 09-01, evidence on 09-03, notified on 09-04 with the given tier and amount.
        func notified(_ amount: String = "20000", tier: String = "一般处罚", partyType: String = "法人或者其他组织", extra: [String: String] = [:]) async throws -> Matter.ID {
            let id = try await register(partyType: partyType)
            _ = try await act("file", id, as: "leader", on: "2025-09-01", input: ["filingOpinion": "同意立案。"])
            try await evidence(id)
            var input = ["coOfficer": "officer.b", "violationFacts": "未经登记设立分支机构（示例）。", "proposedTier": tier, "proposedAmount": amount]
            input.merge(extra) { $1 }
            _ = try await act("notifyRights", id, as: "officer.a", on: "2025-09-04", input: input)
            return id
        }
    }

    @Test func benchmarksAreValidatedBeforeTheyArePublished() throws {
        try Self.benchmark.validate()
        var overlapping = Self.benchmark
        overlapping.tiers[3].minimumFen = 900_000
        #expect(throws: ValidationError.self) { try overlapping.validate() }
        var outside = Self.benchmark
        outside.tiers[4].maximumFen = 20_000_000
        #expect(throws: ValidationError.self) { try outside.validate() }
        var twoTiers = Self.benchmark
        twoTiers.tiers.removeAll { $0.tier == .heavier }
        #expect(throws: ValidationError.self) { try twoTiers.validate() }
        #expect(PenaltyProposal.propose([.noFault]).tier == .noPenalty)
        #expect(PenaltyProposal.propose([.noFault]).mandatory)
        #expect(PenaltyProposal.propose([.firstViolationSlightCorrected]).allowed.contains(.noPenalty))
        #expect(PenaltyProposal.propose([.coerced]).allowed == [.lighter, .reduced])
        #expect(PenaltyProposal.propose([.repeatViolation]).tier == .heavier)
        #expect(PenaltyProposal.propose([]).tier == .normal)
    }

    @Test(arguments: TestDatabase.kinds)
    func aCaseRunsFromFilingToServiceAndItsDecisionIsPublishedOnTimeAndMasked(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let h = try await Harness(runtime)
            let id = try await h.notified("5000", tier: "从轻处罚", partyType: "自然人", extra: ["c_coerced": "yes"])
            let notified = try await h.matters.snapshot(id)
            #expect(notified.matter.fields["proposedTierSystem"] == "从轻处罚")
            #expect(notified.matter.fields["needsLegalReview"] == "no")
            #expect(notified.matter.fields["benchmarkVersion"] == "1")
            #expect(notified.matter.fields["powerItemCode"] == "MZ-CF-001")
            #expect(notified.clocks.first { $0.clockID == "decision" }?.dueDate == CivilDate(iso: "2025-12-01"))  // 90 days end on Sunday 11-30
            // Before the 5-working-day window closes, no decision (09-04 + 5 WD = 09-11).
            let decision = ["decidedTier": "从轻处罚", "decidedAmount": "5000", "benchmarkApplication": "受他人诱骗，依法从轻。"]
            do {
                _ = try await h.act("decide", id, as: "leader", on: "2025-09-10", input: decision)
                Issue.record("decided inside the statement window")
            } catch let error as MatterError {
                #expect(error.failedChecks.map(\.checkID) == ["rightsWindow"])
            }
            let decided = try await h.act("decide", id, as: "leader", on: "2025-09-12", input: decision)
            #expect(decided.documents.last?.title == "行政处罚决定书")
            #expect(decided.clocks.first { $0.clockID == "service" }?.dueDate == CivilDate(iso: "2025-09-23"))
            let served = try await h.act("serve", id, as: "officer.a", on: "2025-09-15",
                                         input: ["coOfficer": "officer.b", "serviceMethod": "直接送达", "serviceDate": "2025-09-15"])
            #expect(served.matter.state == "served")
            let published = try #require(try await DisclosureRegister(db: runtime.db).find(matter: id.rawValue))
            #expect(published.wasOnTime)
            #expect(published.kind == "行政处罚")
            let text = published.fields.map { "\($0.label)\($0.value)" }.joined()
            #expect(text.contains(Masking.name("王某某（示例）")))
            #expect(!text.contains("王某某"))
            #expect(!text.contains("659003198001010"))
            #expect(text.contains("5,000.00"))
            // Revocation takes it down with a notice.
            _ = try await h.act("revoke", id, as: "leader", on: "2025-10-20", input: ["revocationReason": "自行纠正。"])
            #expect(try await DisclosureRegister(db: runtime.db).find(matter: id.rawValue)?.withdrawnAt != nil)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func uncertifiedOfficersOutOfTierAmountsAndUnreviewedMajorDecisionsAreRefused(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let h = try await Harness(runtime)
            // An expired certificate (officer.c, to 2025-06-30) cannot act.
            let id = try await h.register()
            _ = try await h.act("file", id, as: "leader", on: "2025-09-01", input: ["filingOpinion": "同意立案。"])
            let officer = try await h.base.principal("officer.a")
            await #expect(throws: ValidationError.self) {
                _ = try await h.matters.addMaterial(to: id, kind: "证据：视听资料", filename: "录像.pdf", contentType: "application/pdf", data: MatterHarness.pdf,
                                                    by: officer, context: MatterHarness.context(officer))
            }
            try await h.evidence(id)
            let base = ["violationFacts": "擅自设立分支机构。", "proposedTier": "一般处罚", "proposedAmount": "20000"]
            for (co, expected) in [("officer.c", "已于"), ("officer.a", "不能是本人"), ("reviewer", "没有执法证")] {
                var input = base
                input["coOfficer"] = co
                do {
                    _ = try await h.act("notifyRights", id, as: "officer.a", on: "2025-09-04", input: input)
                    Issue.record("notified with \(co)")
                } catch let error as MatterError {
                    #expect(error.failedChecks.first { $0.checkID == "twoCertifiedOfficers" }?.message.contains(expected) == true)
                }
            }
            var outside = base
            outside["coOfficer"] = "officer.b"
            outside["proposedAmount"] = "80000"
            do {
                _ = try await h.act("notifyRights", id, as: "officer.a", on: "2025-09-04", input: outside)
                Issue.record("an amount outside its tier was accepted")
            } catch let error as MatterError {
                #expect(error.failedChecks.map(\.checkID) == ["proposedInTier"])
            }
            var heavier = outside
            heavier["proposedTier"] = "从重处罚"
            await #expect(throws: MatterError.self) { _ = try await h.act("notifyRights", id, as: "officer.a", on: "2025-09-04", input: heavier) }
            heavier["deviationReason"] = "多次提醒仍拒不改正，社会影响恶劣。"
            let deviated = try await h.act("notifyRights", id, as: "officer.a", on: "2025-09-04", input: heavier)
            #expect(deviated.matter.fields["deviation"] == "yes")
            #expect(deviated.matter.fields["needsLegalReview"] == "yes")
            #expect(deviated.matter.fields["major"] == "yes")

            // A major decision without legal review is refused; the review cannot be by the handler.
            let decision = ["decidedTier": "从重处罚", "decidedAmount": "80000", "benchmarkApplication": "从重。", "deviationReason": "拒不改正。"]
            do {
                _ = try await h.act("decide", id, as: "leader", on: "2025-09-12", input: decision)
                Issue.record("a major decision was made without legal review")
            } catch let error as MatterError {
                #expect(error.failedChecks.map(\.checkID).contains("legalReviewRequired"))
                #expect(error.failedChecks.map(\.checkID).contains("collectiveRequired"))
            }
            _ = try await h.act("requestLegalReview", id, as: "officer.a", on: "2025-09-12", input: ["reviewMaterials": "事实清楚，证据确凿。"])
            _ = try await h.act("passLegalReview", id, as: "legal", on: "2025-09-16", input: ["opinion": "主体合法，事实清楚，裁量偏离有理由。"])
            await #expect(throws: MatterError.self) { _ = try await h.act("decide", id, as: "leader", on: "2025-09-17", input: decision) }
            _ = try await h.act("collectiveDecision", id, as: "leader", on: "2025-09-17",
                                input: ["attendees": "褚局长、副局长甲、副局长乙", "minutes": "同意从重处罚。"])
            #expect(try await h.act("decide", id, as: "leader", on: "2025-09-18", input: decision).matter.state == "decided")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aHearingNeedsItsRequestInFiveAndItsNoticeSevenWorkingDays(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let h = try await Harness(runtime)
            let id = try await h.notified("60000", tier: "从重处罚", extra: ["c_repeatViolation": "yes"])
            #expect(try await h.matters.snapshot(id).matter.fields["hearingEligible"] == "yes")
            // Window: 09-05, 08, 09, 10, 11 → requests up to 09-11.
            await #expect(throws: MatterError.self) { _ = try await h.act("requestHearing", id, as: "officer.a", on: "2025-09-12") }
            _ = try await h.act("requestHearing", id, as: "officer.a", on: "2025-09-11")
            let noticed = try await h.act("noticeHearing", id, as: "officer.a", on: "2025-09-12", input: ["hearingHost": "吴法制（示例）"])
            // 7 working days after 09-12: 15, 16, 17, 18, 19, 22, 23 → the hearing may be held from 09-23.
            #expect(noticed.clocks.first { $0.clockID == "hearingNotice" }?.dueDate == CivilDate(iso: "2025-09-23"))
            await #expect(throws: MatterError.self) { _ = try await h.act("holdHearing", id, as: "officer.a", on: "2025-09-22", input: ["hearingRecord": "x"]) }
            _ = try await h.act("holdHearing", id, as: "officer.a", on: "2025-09-23", input: ["hearingRecord": "当事人到场陈述。"])
            // After a hearing the decision goes through legal review.
            await #expect(throws: MatterError.self) {
                _ = try await h.act("decide", id, as: "leader", on: "2025-09-24", input: ["decidedTier": "从重处罚", "decidedAmount": "60000", "benchmarkApplication": "从重。"])
            }
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func firstViolationsMayGoUnpunishedWithEducationAndLimitationIsChecked(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let h = try await Harness(runtime)
            let old = try await h.register(violationDate: "2023-08-01")
            do {
                _ = try await h.act("file", old, as: "leader", on: "2025-09-01", input: ["filingOpinion": "同意"])
                Issue.record("filed beyond the limitation period")
            } catch let error as MatterError {
                #expect(error.failedChecks.map(\.checkID) == ["limitation"])
            }
            let id = try await h.notified("0", tier: "不予处罚", extra: ["c_firstViolationSlightCorrected": "yes"])
            await #expect(throws: MatterError.self) {
                _ = try await h.act("decideNoPenalty", id, as: "leader", on: "2025-09-12", input: ["noPenaltyGround": "首违不罚。"])
            }
            let closed = try await h.act("decideNoPenalty", id, as: "leader", on: "2025-09-12",
                                         input: ["noPenaltyGround": "首违不罚。", "educationRecord": "已约谈负责人并宣讲登记管理规定。"])
            #expect(closed.matter.state == "closedNoPenalty")
            #expect(closed.documents.last?.title == "不予行政处罚决定书")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aCorrectingChallengeTakesTheDecisionDownAndCountsInTheCorrectionRate(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let h = try await Harness(runtime)
            let id = try await h.notified("20000")
            _ = try await h.act("decide", id, as: "leader", on: "2025-09-12", input: ["decidedTier": "一般处罚", "decidedAmount": "20000", "benchmarkApplication": "一般。"])
            _ = try await h.act("serve", id, as: "officer.a", on: "2025-09-15", input: ["coOfficer": "officer.b", "serviceMethod": "直接送达", "serviceDate": "2025-09-15"])
            let reference = try await h.matters.snapshot(id).matter.reference
            let legal = try await h.base.principal("legal")
            func challenge(_ kind: String, on day: String) async throws -> Matter.ID {
                try await h.matters.create(LegalChallenge.id, at: try await h.base.unit("659003"), applicant: nil, channel: "window", title: "复议",
                                           fields: ["kind": kind, "originalReference": reference, "body": "第三师图木舒克市人民政府（示例）", "applicant": "图木舒克市某协会（示例）",
                                                    "receivedDate": day, "claims": "撤销处罚决定。"],
                                           by: legal, context: MatterHarness.context(legal), now: MatterHarness.at(day))
            }
            let first = try await challenge("行政复议", on: "2025-10-08")
            // 10 working days from 10-08: 09, 10, 11 (a make-up Saturday), 13 … 21.
            #expect(try await h.matters.snapshot(first).clocks.first?.dueDate == CivilDate(iso: "2025-10-21"))
            let lawsuit = try await challenge("行政诉讼一审", on: "2025-10-08")
            #expect(try await h.matters.snapshot(lawsuit).clocks.first?.dueDate == CivilDate(iso: "2025-10-23"))
            _ = try await h.act("answer", first, as: "legal", on: "2025-10-20", input: ["answerSummary": "事实清楚，程序合法。"])
            _ = try await h.act("answer", lawsuit, as: "legal", on: "2025-10-20", input: ["answerSummary": "答辩。"])
            _ = try await h.act("hold", lawsuit, as: "leader", on: "2025-11-10", input: ["hearingDate": "2025-11-10", "headAttended": "yes"])
            await #expect(throws: MatterError.self) {
                _ = try await h.act("recordOutcomeAndWithdraw", first, as: "legal", on: "2025-11-20", input: ["outcome": "维持", "outcomeDate": "2025-11-20", "correctiveAction": "无"])
            }
            _ = try await h.act("recordOutcome", lawsuit, as: "legal", on: "2025-11-25", input: ["outcome": "驳回诉讼请求", "outcomeDate": "2025-11-25"])
            _ = try await h.act("recordOutcomeAndWithdraw", first, as: "legal", on: "2025-11-20",
                                input: ["outcome": "撤销", "outcomeDate": "2025-11-20", "correctiveAction": "重新调查。"])
            let withdrawn = try #require(try await DisclosureRegister(db: runtime.db).find(matter: id.rawValue))
            #expect(withdrawn.withdrawnAt != nil)
            #expect(withdrawn.withdrawalNote?.contains("撤销") == true)
            let figures = try await EnforcementFigureQueries(db: runtime.db, cipher: Fixtures.cipher).correction(year: 2025)
            #expect(figures.decided == 2)
            #expect(figures.corrected == 1)
            #expect(figures.directRate == 0.5)
            #expect(figures.hearings == 1)
            #expect(figures.headAttendanceRate == 1)
            let decisions = try await EnforcementFigureQueries(db: runtime.db, cipher: Fixtures.cipher).decisions(year: 2025)
            #expect(decisions.penalties == 1)
            #expect(decisions.publishedOnTime == 1)
            #expect(decisions.withdrawn == 1)
        }
    }
}
