import FluentKit
import Foundation
import MinzhengCore
import MinzhengPersistence
import MinzhengTestSupport
import SQLKit
import Testing

@Suite struct DisputesTests {
    typealias Harness = RuleMakingTests.Harness

    static func mediation(_ h: Harness, source: String = "离婚冷静期转介", divorce: String? = nil, on day: String = "2025-09-01") async throws -> Matter.ID {
        let mediator = try await h.base.principal("mediator")
        var fields = ["disputeType": "婚姻纠纷", "source": source, "partyAName": "艾力（示例）", "partyBName": "古丽（示例）", "facts": "因家务分担发生争吵，申请离婚。"]
        if let divorce { fields["divorceReference"] = divorce }
        return try await h.matters.create(MediationCase.id, at: try await h.base.unit("659003"), applicant: nil, channel: "window", title: "婚姻纠纷调解",
                                          fields: fields, by: mediator, context: MatterHarness.context(mediator), now: MatterHarness.at(day))
    }

    @Test(arguments: TestDatabase.kinds)
    func aCoolingOffReferralEndsInReconciliationAndTheCoupleDoesNotReturn(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let h = try await Harness(runtime)
            let registrar = try await h.base.principal("registrar")
            let divorce = try await h.matters.create(
                DivorceRegistration.id, at: try await h.base.unit("659003-HY"), applicant: nil, channel: "window", title: "离婚登记",
                fields: ["partyAName": "艾力（示例）", "partyAID": Fixtures.idNumber("65900319900101001"), "partyBName": "古丽（示例）",
                         "partyBID": Fixtures.idNumber("65900319920101002"), "marriageCertificateNumber": "J659003-2015-000123", "agreementSigned": "yes",
                         "fullCivilCapacity": "yes", "registeredInMainland": "yes"],
                by: registrar, context: MatterHarness.context(registrar), now: MatterHarness.at("2025-09-01"))
            _ = try await h.act("receive", divorce, as: "registrar", on: "2025-09-01")
            let reference = try await h.matters.snapshot(divorce).matter.reference
            let id = try await Self.mediation(h, divorce: reference)
            _ = try await h.act("accept", id, as: "mediator", on: "2025-09-02", input: ["mediators": "冯调解（示例）", "mode": "不公开调解"])
            do {
                _ = try await h.act("recordSession", id, as: "mediator", on: "2025-09-05", input: ["sessionDate": "2025-09-05", "sessionNotes": "情绪激动。", "riskOfEscalation": "yes"])
                Issue.record("an escalation risk was not reported")
            } catch let error as MatterError {
                #expect(error.failedChecks.map(\.checkID) == ["escalation"])
            }
            _ = try await h.act("recordSession", id, as: "mediator", on: "2025-09-05",
                                input: ["sessionDate": "2025-09-05", "sessionNotes": "情绪激动。", "riskOfEscalation": "yes", "reportedToPoliceAt": "2025-09-05 11:20"])
            _ = try await h.act("reconcile", id, as: "mediator", on: "2025-09-12", input: ["reconciliationNote": "双方和好，撤回离婚申请。"])
            // Reconciled, but the registration the case names is still pending: not yet counted (a case naming none
            // would be, so this also shows the named reference was found).
            let pending = try await DisputeFigureQueries(matters: h.matters).figures(year: 2025)
            #expect(pending.reconciled == 1)
            #expect(pending.divorceNotPursued == 0)
            _ = try await h.act("withdraw", divorce, as: "registrar", on: "2025-09-13", input: ["withdrawingParty": "双方", "withdrawalIDChecked": "yes"])
            _ = try await h.act("followUpVisit", id, as: "mediator", on: "2025-10-12", input: ["visitNote": "家庭和睦。"])
            let figures = try await DisputeFigureQueries(matters: h.matters).figures(year: 2025)
            #expect(figures.mediations == 1)
            #expect(figures.reconciled == 1)
            #expect(figures.divorceNotPursued == 1)
            #expect(figures.divorceNotPursuedMatters == [id.rawValue])
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func anAgreementIsSignedAndConfirmationIsRefusedForTheMarriageItselfOrLate(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let h = try await Harness(runtime)
            let id = try await Self.mediation(h, source: "当事人申请")
            _ = try await h.act("accept", id, as: "mediator", on: "2025-09-02", input: ["mediators": "冯调解（示例）", "mode": "不公开调解"])
            let terms = ["terms": "男方每月支付抚养费 1000 元。", "performance": "银行转账。", "performanceDeadline": "2025-12-31"]
            await #expect(throws: MatterError.self) { _ = try await h.act("reachAgreement", id, as: "mediator", on: "2025-09-10", input: terms) }
            var signed = terms
            signed["signaturesComplete"] = "yes"
            let agreed = try await h.act("reachAgreement", id, as: "mediator", on: "2025-09-10", input: signed)
            #expect(agreed.documents.last?.title == "人民调解协议书")
            #expect(agreed.clocks.first { $0.clockID == "confirmation" }?.dueDate == CivilDate(iso: "2025-10-10"))
            do {
                _ = try await h.act("requestConfirmation", id, as: "mediator", on: "2025-09-15",
                                    input: ["confirmationSubject": "婚姻关系本身（离婚、复婚）", "bothApply": "yes", "court": "图木舒克市人民法院（示例）"])
                Issue.record("the marriage itself was sent for confirmation")
            } catch let error as MatterError {
                #expect(error.failedChecks.map(\.checkID) == ["confirmable"])
            }
            await #expect(throws: MatterError.self) {
                _ = try await h.act("requestConfirmation", id, as: "mediator", on: "2025-10-13",
                                    input: ["confirmationSubject": "子女抚养费", "bothApply": "yes", "court": "图木舒克市人民法院（示例）"])
            }
            await #expect(throws: MatterError.self) {
                _ = try await h.act("requestConfirmation", id, as: "mediator", on: "2025-09-15", input: ["confirmationSubject": "子女抚养费", "court": "法院"])
            }
            #expect(try await h.act("requestConfirmation", id, as: "mediator", on: "2025-09-15",
                                    input: ["confirmationSubject": "子女抚养费", "bothApply": "yes", "court": "图木舒克市人民法院（示例）"]).matter.state == "confirmationRequested")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aReferralIsAcceptedOrDeclinedByTheReceivingBodyOnly(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let h = try await Harness(runtime)
            let id = try await Self.mediation(h, source: "当事人申请")
            _ = try await h.act("refer", id, as: "mediator", on: "2025-09-02",
                                input: ["referralTarget": "司法所（民政+司法联合调解）", "routedTo": "659003-SF", "referralScope": "涉及财产分割，需法律专业调解。"])
            do {
                _ = try await h.act("acceptReferral", id, as: "mediator", on: "2025-09-03", input: ["referralReply": "接收"])
                Issue.record("the referring mediator accepted its own referral")
            } catch let error as MatterError {
                #expect(error.failedChecks.map(\.checkID) == ["receivingBody"])
            }
            // Until it accepts, the receiving body may answer the referral but not read the case.
            let receiving = try await h.base.principal("sf.mediator")
            await #expect(throws: AccessRefused.self) { _ = try await h.matters.read(id, by: receiving, context: MatterHarness.context(receiving)) }
            let declined = try await h.act("declineReferral", id, as: "sf.mediator", on: "2025-09-03", input: ["referralReply": "不涉及法律争议，请继续人民调解。"])
            #expect(declined.matter.state == "mediating")
            #expect((declined.matter.fields["routedTo"] ?? "").isEmpty)
            let sf = try await h.base.principal("sf.mediator")
            await #expect(throws: AccessRefused.self) { _ = try await h.matters.read(id, by: sf, context: MatterHarness.context(sf)) }
        }
    }

    /// A petition by visit (来访), registered on 1 September 2025 by the petition office.
    static func visit(_ h: Harness) async throws -> Matter.ID {
        let handler = try await h.base.principal("petition")
        return try await h.matters.create(Petition.id, at: try await h.base.unit("659003"), applicant: nil, channel: "window", title: "来访",
                                          fields: ["channel": "来访", "category": "申诉求决", "petitionerName": "马某（示例）", "request": "要求重新核定低保。"],
                                          by: handler, context: MatterHarness.context(handler), now: MatterHarness.at("2025-09-01"))
    }

    /// Registration sets the matter's next deadline from the clocks it starts (in the statement that gives the number,
    /// not by reading the clocks back), and an act afterwards keeps it as `refreshNextDue` reads it.
    @Test(arguments: TestDatabase.kinds)
    func aRegisteredMatterListsTheDeadlineOfTheClocksItStartedWith(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let h = try await Harness(runtime)
            let id = try await Self.visit(h)
            func stored() async throws -> String? {
                try await (runtime.db as! any SQLDatabase).select().column("next_due_date").from("matter").where("id", .equal, id.rawValue)
                    .first(decodingColumn: "next_due_date", as: String?.self) ?? nil
            }
            let created = try await h.matters.snapshot(id)
            let due = try #require(MatterClock.nextDue(of: created.clocks))
            #expect(created.clocks.contains { $0.isRunning })
            #expect(try await stored() == due.description)
            let registered = try await h.act("register", id, as: "petition", on: "2025-09-01", input: ["transcript": "来访人称家庭收入减少，要求重新核定。"])
            #expect(try await stored() == MatterClock.nextDue(of: registered.clocks)?.description)
            #expect(try await stored() == registered.clocks.first { $0.clockID == "notice" }?.dueDate.description)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aPetitionRunsItsClocksToAnOpinionAndAReexamination(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let h = try await Harness(runtime)
            let id = try await Self.visit(h)
            await #expect(throws: MatterError.self) { _ = try await h.act("register", id, as: "petition", on: "2025-09-01") }
            let registered = try await h.act("register", id, as: "petition", on: "2025-09-01", input: ["transcript": "来访人称家庭收入减少，要求重新核定。"])
            #expect(registered.clocks.first { $0.clockID == "notice" }?.dueDate == CivilDate(iso: "2025-09-16"))
            let accepted = try await h.act("accept", id, as: "petition", on: "2025-09-05")
            #expect(accepted.clocks.first { $0.clockID == "handling" }?.dueDate == CivilDate(iso: "2025-11-04"))
            await #expect(throws: MatterError.self) {
                _ = try await h.act("issueOpinion", id, as: "petition", on: "2025-10-10", input: ["outcome": "支持", "opinionText": "重新核定。", "opinionBasis": "无"])
            }
            let opinion = try await h.act("issueOpinion", id, as: "petition", on: "2025-10-10",
                                          input: ["outcome": "支持", "opinionText": "经核实，重新核定。", "opinionBasis": "最低生活保障审核确认办法 第二十七条"])
            #expect(opinion.documents.last?.title == "信访处理意见书")
            await #expect(throws: MatterError.self) { _ = try await h.act("requestReexamination", id, as: "petition", on: "2025-11-11", input: ["reexaminationRequest": "不服"]) }
            _ = try await h.act("requestReexamination", id, as: "petition", on: "2025-11-08", input: ["reexaminationRequest": "对核定金额不服。"])
            let reexamined = try await h.act("decideReexamination", id, as: "petition", on: "2025-12-01",
                                             input: ["reexaminationOutcome": "维持原处理意见", "reexaminationText": "维持。"])
            #expect(reexamined.clocks.first { $0.clockID == "recheckRequest" }?.isRunning == true)
            let figures = try await DisputeFigureQueries(matters: h.matters).figures(year: 2025)
            #expect(figures.petitions == 1)
            #expect(figures.petitionsOnTime == 1)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func withoutARequestForReviewWithinThirtyDaysThePetitionClosesByItself(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let h = try await Harness(runtime)
            let handler = try await h.base.principal("petition")
            let id = try await h.matters.create(Petition.id, at: try await h.base.unit("659003"), applicant: nil, channel: "window", title: "来信",
                                                fields: ["channel": "来信", "category": "申诉求决", "petitionerName": "马某（示例）", "request": "要求重新核定低保。"],
                                                by: handler, context: MatterHarness.context(handler), now: MatterHarness.at("2025-09-01"))
            _ = try await h.act("register", id, as: "petition", on: "2025-09-01", input: ["transcript": "来信要求重新核定。"])
            _ = try await h.act("accept", id, as: "petition", on: "2025-09-05")
            let opinion = try await h.act("issueOpinion", id, as: "petition", on: "2025-10-10",
                                          input: ["outcome": "支持", "opinionText": "经核实，重新核定。", "opinionBasis": "最低生活保障审核确认办法 第二十七条"])
            let window = try #require(opinion.clocks.first { $0.clockID == "reexaminationRequest" && $0.isRunning })
            // Within the window nothing happens; the day after it ends, the system closes the matter.
            #expect(try await h.matters.expire(clock: window.id, of: id, now: MatterHarness.at(window.dueDate.description)) == nil)
            let closed = try await h.matters.expire(clock: window.id, of: id, now: MatterHarness.at(window.dueDate.adding(days: 1).description))
            #expect(closed?.matter.state == "closed")
            #expect(closed?.events.last?.transitionID == "closeUnchallenged")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aReportIsNeverVisibleToThePersonOrUnitItNames(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let h = try await Harness(runtime)
            let handler = try await h.base.principal("petition")
            let id = try await h.matters.create(Petition.id, at: try await h.base.unit("659003"), applicant: nil, channel: "window", title: "检举",
                                                fields: ["channel": "来信", "category": "检举控告", "petitionerName": "匿名（示例）", "request": "检举某窗口工作人员收受财物。",
                                                         "respondentUsername": "reviewer", "respondentUnitCode": "659003-101"],
                                                by: handler, context: MatterHarness.context(handler), now: MatterHarness.at("2025-09-01"))
            for name in ["reviewer", "town.reviewer", "clerk"] {
                let person = try await h.base.principal(name)
                await #expect(throws: AccessRefused.self, "\(name)") { _ = try await h.matters.read(id, by: person, context: MatterHarness.context(person)) }
            }
            let leader = try await h.base.principal("leader")
            #expect(try await h.matters.read(id, by: leader, context: MatterHarness.context(leader)).0.matter.id == id)
            let queries = MatterQueries(db: runtime.db, registry: .standard)
            let reviewer = try await h.base.principal("reviewer")
            let scopes = MatterScope.readable(by: reviewer, registry: .standard, table: .standard)
            let listed = try await queries.list(under: scopes, filter: MatterFilter(typeID: Petition.id), today: CivilDate(iso: "2025-09-02")!,
                                                dueSoonBy: CivilDate(iso: "2025-09-05")!, page: Pagination(), viewer: reviewer)
            #expect(listed.items.isEmpty)
            await #expect(throws: ValidationError.self) {
                _ = try await h.matters.create(Petition.id, at: try await h.base.unit("659003"), applicant: nil, channel: "window", title: "检举",
                                               fields: ["channel": "来信", "category": "检举控告", "petitionerName": "甲", "request": "检举。", "respondentUsername": "nobody"],
                                               by: handler, context: MatterHarness.context(handler))
            }
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func anInstitutionsDrillAndHazardsCloseTheLoop(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let h = try await Harness(runtime)
            let registry = CareInstitutionRegistry(matters: h.matters)
            let reviewer = try await h.base.principal("reviewer")
            let code = UnifiedSocialCreditCode.completing("52659003MJ0000088")
            try await registry.add(creditCode: code, name: "金秋老年公寓（示例）", address: "金湾街道（示例）", beds: 120, isKeyFireUnit: true, by: reviewer,
                                   context: MatterHarness.context(reviewer), now: MatterHarness.at("2025-01-02"))
            #expect(try await registry.drillStatus(today: CivilDate(iso: "2025-03-01")!).first?.overdue.count == 2)
            let drill = try await h.matters.create(CareInstitutionMatters.drill.id, at: try await h.base.unit("659003"), applicant: nil, channel: "window", title: "消防演练",
                                                   fields: ["institutionCode": code, "institutionName": "金秋老年公寓（示例）", "planKind": "消防安全", "plannedOn": "2025-03-10"],
                                                   by: reviewer, context: MatterHarness.context(reviewer), now: MatterHarness.at("2025-03-01"))
            _ = try await h.act("recordDrill", drill, as: "reviewer", on: "2025-03-10",
                                input: ["drilledOn": "2025-03-10", "scenario": "夜间厨房起火。", "participants": "员工 18 人", "evaluation": "疏散用时 6 分钟。", "problems": "二楼疏散指示灯损坏。"])
            try await h.matters.addRectification(to: drill, description: "更换二楼疏散指示灯", deadline: CivilDate(iso: "2025-03-20"), by: reviewer,
                                                 context: MatterHarness.context(reviewer), now: MatterHarness.at("2025-03-10"))
            await #expect(throws: MatterError.self) { _ = try await h.act("closeDrill", drill, as: "reviewer", on: "2025-03-15") }
            let item = try #require(try await RectificationItems(db: runtime.db).open(of: drill).first)
            try await h.matters.closeRectification(item.id, of: drill, note: "已更换。", by: reviewer, context: MatterHarness.context(reviewer), now: MatterHarness.at("2025-03-18"))
            #expect(try await h.act("closeDrill", drill, as: "reviewer", on: "2025-03-18").matter.state == "closed")
            let status = try #require(try await registry.drillStatus(today: CivilDate(iso: "2025-10-01")!).first)
            #expect(status.fireDrillDue == CivilDate(iso: "2025-09-10"))
            #expect(status.overdue == ["消防演练已超过 6 个月"])

            let legal = try await h.base.principal("legal")
            let enforcement = EnforcementRepository(store: runtime.store, db: runtime.db, cipher: Fixtures.cipher)
            for (name, number) in [("officer.a", "65900320250001"), ("officer.b", "65900320250002")] {
                try await enforcement.addCertificate(username: name, number: number, category: "民政综合执法", validFrom: CivilDate(iso: "2024-01-01"),
                                                     validUntil: CivilDate(iso: "2027-12-31"), by: legal, context: MatterHarness.context(legal))
            }
            let officer = try await h.base.principal("officer.a")
            let inspection = try await h.matters.create(CareInstitutionMatters.hazardInspection.id, at: try await h.base.unit("659003"), applicant: nil, channel: "window",
                                                        title: "隐患检查", fields: ["institutionCode": code, "institutionName": "金秋老年公寓（示例）"],
                                                        by: officer, context: MatterHarness.context(officer), now: MatterHarness.at("2025-04-01"))
            await #expect(throws: MatterError.self) {
                _ = try await h.act("recordHazards", inspection, as: "officer.a", on: "2025-04-01", input: ["coOfficer": "officer.b", "inspectedOn": "2025-04-01", "deadline": "2025-05-01"])
            }
            _ = try await h.act("recordHazards", inspection, as: "officer.a", on: "2025-04-01",
                                input: ["coOfficer": "officer.b", "inspectedOn": "2025-04-01", "deadline": "2025-05-01", "h_foodLicence": "yes", "h_fireFacilities": "yes"])
            #expect(try await RectificationItems(db: runtime.db).riskLedger().count == 2)
            await #expect(throws: MatterError.self) { _ = try await h.act("clear", inspection, as: "officer.a", on: "2025-04-20", input: ["coOfficer": "officer.b", "notes": "x"]) }
            for item in try await RectificationItems(db: runtime.db).open(of: inspection) {
                try await h.matters.closeRectification(item.id, of: inspection, note: "已整改。", by: officer, context: MatterHarness.context(officer), now: MatterHarness.at("2025-04-25"))
            }
            _ = try await h.act("clear", inspection, as: "officer.a", on: "2025-04-28", input: ["coOfficer": "officer.b", "notes": "复查合格。"])
            #expect(try await RectificationItems(db: runtime.db).riskLedger().isEmpty)
            #expect(CareInstitutionMatters.reportingDelay(occurred: "2025-05-01 08:00", reported: "2025-05-01 09:30") == 90)
            #expect(try await DisputeFigureQueries(matters: h.matters).figures(year: 2025).drills == 1)
        }
    }
}
