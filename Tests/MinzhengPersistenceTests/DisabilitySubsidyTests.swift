import FluentKit
import Foundation
import MinzhengCore
import MinzhengPersistence
import MinzhengTestSupport
import Testing

@Suite struct DisabilitySubsidyTests {
    typealias Harness = MinimumLivingAllowanceTests.Harness

    static func setStandards(_ h: Harness) async throws {
        let division = try await h.base.unit("659003")
        try await h.base.runtime.store.write(on: h.base.runtime.db) { db in
            try await AssistanceStandardRepository(db: db).set(.disabilityLivingSubsidy, year: 2025, unit: division, monthlyFen: 9_000, at: Date())
            try await AssistanceStandardRepository(db: db).set(.severeDisabilityCareSubsidy, year: 2025, unit: division, monthlyFen: 10_000, at: Date())
        }
    }

    static func application(_ h: Harness, fields extra: [String: String] = [:]) async throws -> Matter.ID {
        let clerk = try await h.base.principal("clerk")
        var fields = ["applicantName": "古丽（示例）", "applicantID": Fixtures.idNumber("65900319700101002"),
                      "certificateNumber": Fixtures.idNumber("65900319700101002") + "12", "disabilityCategory": "肢体",
                      "disabilityGrade": "一级", "subsidyType": "两项补贴", "householdStatus": "低保家庭", "needsLongTermCare": "yes"]
        fields.merge(extra) { $1 }
        return try await h.service.create(DisabilitySubsidy.id, at: try await h.base.unit("659003-101-01"), applicant: nil, channel: "window",
                                          title: "古丽申请两项补贴", fields: fields, by: clerk, context: MatterHarness.context(clerk),
                                          now: MatterHarness.at("2025-09-01"))
    }

    static func toFederation(_ h: Harness, _ id: Matter.ID) async throws -> MatterSnapshot {
        _ = try await h.act("accept", id, as: "clerk", on: "2025-09-01")
        _ = try await h.act("townOpinion", id, as: "town.reviewer", on: "2025-09-03", input: ["opinion": "符合条件，拟同意。"])
        _ = try await h.act("startNotice", id, as: "town.reviewer", on: "2025-09-03")
        return try await h.act("sendToFederation", id, as: "town.reviewer", on: "2025-09-11")
    }

    @Test(arguments: TestDatabase.kinds)
    func theFederationReviewsAndTheDivisionApprovesWithTheStandardAmount(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let h = try await Harness(runtime)
            try await Self.setStandards(h)
            let id = try await Self.application(h)
            let routed = try await Self.toFederation(h, id)
            #expect(routed.matter.state == "federationReview")
            #expect(routed.matter.fields["routedTo"] == "659003-CL")
            #expect(routed.clocks.contains { $0.clockID == "federationReview" && $0.isRunning })
            let review = ["certificateVerified": "有效，等级属实", "federationOpinion": "证件有效，等级为一级。"]
            // The 师市 reviewer is not the 残联: the act is refused before it takes effect, and nothing changes.
            do {
                _ = try await h.act("federationReview", id, as: "reviewer", on: "2025-09-12", input: review)
                Issue.record("a civil-affairs reviewer took the federation's step")
            } catch let error as MatterError {
                #expect(error.failedChecks.map(\.checkID) == ["byFederation"])
            }
            #expect(try await h.service.snapshot(id).matter.state == "federationReview")
            let reviewed = try await h.act("federationReview", id, as: "federation", on: "2025-09-12", input: review)
            #expect(reviewed.matter.state == "civilAffairsDecision")
            let approved = try await h.act("approve", id, as: "approver", on: "2025-09-15")
            #expect(approved.matter.fields["monthlyAmount"] == "19000")
            #expect(approved.documents.last?.title == "残疾人两项补贴审定通知书")
            await #expect(throws: MatterError.self) {
                _ = try await h.act("startPayment", id, as: "approver", on: "2025-09-16", input: ["firstPaymentMonth": "2025-10", "bankAccount": "6222020200112233445"])
            }
            let paying = try await h.act("startPayment", id, as: "approver", on: "2025-09-16", input: ["firstPaymentMonth": "2025-09", "bankAccount": "6222020200112233445"])
            #expect(paying.matter.state == "paying")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func theFederationSeesOnlyWhatIsRoutedToIt(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let h = try await Harness(runtime)
            try await Self.setStandards(h)
            let id = try await Self.application(h)
            let federation = try await h.base.principal("federation")
            await #expect(throws: AccessRefused.self) { _ = try await h.service.read(id, by: federation, context: MatterHarness.context(federation)) }
            _ = try await Self.toFederation(h, id)
            #expect(try await h.service.read(id, by: federation, context: MatterHarness.context(federation)).0.matter.state == "federationReview")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func ineligibleOrOverlappingApplicationsStopAtTheTown(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let h = try await Harness(runtime)
            let id = try await Self.application(h, fields: ["disabilityGrade": "三级", "hasOtherCareBenefit": "yes"])
            _ = try await h.act("accept", id, as: "clerk", on: "2025-09-01")
            do {
                _ = try await h.act("townOpinion", id, as: "town.reviewer", on: "2025-09-03", input: ["opinion": "拟同意"])
                Issue.record("an ineligible application passed the town")
            } catch let error as MatterError {
                #expect(Set(error.failedChecks.map(\.checkID)) == ["eligible", "noOverlap"])
            }
            let rejected = try await h.act("reject", id, as: "approver", on: "2025-09-04", input: ["reasons": "三级残疾，不符合护理补贴条件。"])
            #expect(rejected.matter.state == "rejected")
            #expect(rejected.documents.last?.title == "不予发放残疾人两项补贴通知书")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func anApplicantFromAnotherProvinceIsForwardedNotAccepted(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let h = try await Harness(runtime)
            let id = try await Self.application(h, fields: ["hukouElsewhere": "yes", "hukouPlace": "甘肃省张掖市（示例）"])
            await #expect(throws: MatterError.self) { _ = try await h.act("accept", id, as: "clerk", on: "2025-09-01") }
            let forwarded = try await h.act("forwardCrossProvince", id, as: "clerk", on: "2025-09-01",
                                            input: ["destination": "张掖市民政局（示例）", "forwardedVia": "全国残疾人两项补贴信息系统"])
            #expect(forwarded.matter.state == "forwarded")
            #expect(forwarded.documents.last?.title == "跨省通办申请转递函")
            let local = try await Self.application(h)
            _ = try await h.act("accept", local, as: "clerk", on: "2025-09-01")
            let division = try await h.base.unit("659003")
            let figures = try await ServiceFigureQueries(db: runtime.db).figures(year: 2025, under: [division.path])
                .filter { $0.typeID == DisabilitySubsidy.id }.reduce(ServiceFigures(), +)
            #expect(figures.total == 2)
            #expect(figures.crossProvince == 1)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func theLocalStageLimitsComeFromTheSettings(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let h = try await Harness(runtime)
            try await runtime.store.write(on: runtime.db) { db in
                try await SettingRepository(db: db).set("disabilitySubsidy.townPreliminaryWorkdays", to: "5", at: Date())
                try await SettingRepository(db: db).set("disabilitySubsidy.noticeDays", to: "10", at: Date())
            }
            let id = try await Self.application(h)
            let accepted = try await h.act("accept", id, as: "clerk", on: "2025-09-01")
            let town = try #require(accepted.clocks.first { $0.clockID == "townPreliminary" })
            #expect(town.period == .workdays(5))
            #expect(town.dueDate == CivilDate(iso: "2025-09-08"))  // 9-02 … 9-05 and Monday 9-08
            _ = try await h.act("townOpinion", id, as: "town.reviewer", on: "2025-09-03", input: ["opinion": "拟同意"])
            let notice = try await h.act("startNotice", id, as: "town.reviewer", on: "2025-09-03")
            #expect(notice.clocks.first { $0.clockID == .notice }?.period == .days(10))
            // The portal shows the notice masked, and nothing but the whitelisted fields.
            let current = try await PublicNoticeQueries(db: runtime.db, registry: .standard, cipher: Fixtures.cipher)
                .current(today: CivilDate(iso: "2025-09-05")!, page: Pagination())
            let published = try #require(current.items.first)
            let text = published.fields.map { "\($0.label)\($0.value)" }.joined()
            #expect(text.contains(Masking.name("古丽（示例）")))
            #expect(!text.contains("古丽（示例）"))
            #expect(!text.contains("65900319700101"))
            #expect(!text.contains("一级"))
        }
    }
}
