import FluentKit
import Foundation
import MinzhengCore
import MinzhengPersistence
import MinzhengTestSupport
import Testing

@Suite struct ExtremePovertyTests {
    typealias Harness = MinimumLivingAllowanceTests.Harness

    static let selfCare = ["eating": "能", "dressing": "不能", "transfer": "能", "toileting": "不能", "walking": "能", "bathing": "不能"]

    static func application(_ h: Harness, name: String = "马建国（示例）", id: String = Fixtures.idNumber("65900319620708003")) async throws -> Matter.ID {
        let clerk = try await h.base.principal("clerk")
        return try await h.service.create(
            ExtremePoverty.id, at: try await h.base.unit("659003-101-01"), applicant: nil, channel: "window", title: "\(name)申请特困供养",
            fields: ["applicantName": name, "applicantID": id, "address": "一连（示例）", "declaration": "无劳动能力，无生活来源，无法定义务人。",
                     "pledgeSigned": "yes", "authorizationSigned": "yes"],
            by: clerk, context: MatterHarness.context(clerk), now: MatterHarness.at("2025-09-01"))
    }

    static func toDivisionReview(_ h: Harness, _ id: Matter.ID) async throws {
        _ = try await h.act("accept", id, as: "clerk", on: "2025-09-01")
        _ = try await h.act("startInvestigation", id, as: "investigator", on: "2025-09-02")
        _ = try await h.act("assessSelfCare", id, as: "town.reviewer", on: "2025-09-04", input: selfCare)
        _ = try await h.act("preliminaryOpinion", id, as: "town.reviewer", on: "2025-09-08",
                            input: ["investigators": "钱调查、孙初审", "noWorkCapacity": "年满60周岁", "opinion": "拟认定为特困人员"])
        _ = try await h.act("startNotice", id, as: "town.reviewer", on: "2025-09-08")
        _ = try await h.act("noticeWithoutObjection", id, as: "town.reviewer", on: "2025-09-16")
        _ = try await h.act("startReview", id, as: "reviewer", on: "2025-09-17")
    }

    @Test func selfCareFollowsTheSixIndicators() {
        #expect(SelfCareLevel.assess(notMet: 0) == .selfCaring)
        #expect(SelfCareLevel.assess(notMet: 1) == .partlyLost)
        #expect(SelfCareLevel.assess(notMet: 3) == .partlyLost)
        #expect(SelfCareLevel.assess(notMet: 4) == .fullyLost)
        #expect(SelfCareLevel.assess(notMet: 6) == .fullyLost)
    }

    @Test func theSpotCheckDrawIsReproducibleAndCoversThirtyPercent() {
        let batch = (1...10).map { String(format: "TK-2025-%06d", $0) }
        let first = SpotCheckService.select(batch: batch, seed: "abc", share: 0.3)
        #expect(first.count == 3)
        #expect(SpotCheckService.select(batch: batch, seed: "abc", share: 0.3) == first)
        #expect(SpotCheckService.select(batch: batch.reversed(), seed: "abc", share: 0.3) == first)
        #expect(SpotCheckService.select(batch: Array(batch.prefix(1)), seed: "abc", share: 0.3).count == 1)
    }

    @Test(arguments: TestDatabase.kinds)
    func confirmationNeedsTheRecordedDrawAndTheSelectedFilesChecked(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let h = try await Harness(runtime)
            var ids: [Matter.ID] = []
            for index in 0..<4 {
                let id = try await Self.application(h, name: "示例老人\(index)（示例）", id: Fixtures.idNumber("6590031950010100\(index)"))
                try await Self.toDivisionReview(h, id)
                ids.append(id)
            }
            let withoutDraw = try await h.service.snapshot(ids[0])
            #expect(withoutDraw.matter.fields["selfCareLevel"] == SelfCareLevel.partlyLost.chineseName)
            do {
                _ = try await h.act("confirm", ids[0], as: "approver", on: "2025-09-22", input: ["area": "农村特困人员", "supportStartMonth": "2025-10"])
                Issue.record("confirmed without a draw")
            } catch let error as MatterError {
                #expect(error.failedChecks.map(\.checkID) == ["spotCheck"])
            }
            let reviewer = try await h.base.principal("reviewer")
            let draw = try await SpotCheckService(matters: h.service).draw(ExtremePoverty.id, share: 0.3, by: reviewer,
                                                                            context: MatterHarness.context(reviewer), now: MatterHarness.at("2025-09-18"))
            #expect(draw.batch.count == 4)
            #expect(draw.selected.count == 2)
            #expect(SpotCheckService.select(batch: draw.batch, seed: draw.seed, share: 0.3) == draw.selected)
            await #expect(throws: ValidationError.self) {
                _ = try await SpotCheckService(matters: h.service).draw(ExtremePoverty.id, share: 0.3, by: reviewer, context: MatterHarness.context(reviewer))
            }
            for id in ids {
                let snapshot = try await h.service.snapshot(id)
                let selected = snapshot.matter.fields["spotCheckSelected"] == "yes"
                let input = ["area": "农村特困人员", "supportStartMonth": "2025-10"]
                if selected {
                    await #expect(throws: MatterError.self) { _ = try await h.act("confirm", id, as: "approver", on: "2025-09-22", input: input) }
                    var checked = input
                    checked["spotCheckResult"] = "入户抽查属实。"
                    #expect(try await h.act("confirm", id, as: "approver", on: "2025-09-22", input: checked).matter.state == "supported")
                } else {
                    #expect(try await h.act("confirm", id, as: "approver", on: "2025-09-22", input: input).matter.state == "supported")
                }
            }
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func terminationHasItsOwnNoticeBeforeItTakesEffect(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let h = try await Harness(runtime)
            let id = try await Self.application(h)
            try await Self.toDivisionReview(h, id)
            let reviewer = try await h.base.principal("reviewer")
            _ = try await SpotCheckService(matters: h.service).draw(ExtremePoverty.id, share: 0.3, by: reviewer, context: MatterHarness.context(reviewer))
            _ = try await h.act("confirm", id, as: "approver", on: "2025-09-22",
                                input: ["area": "农村特困人员", "supportStartMonth": "2025-10", "spotCheckResult": "属实"])
            let proposed = try await h.act("proposeTermination", id, as: "reviewer", on: "2025-11-03",
                                           input: ["terminationGround": "自愿申请退出救助供养", "reasons": "本人书面申请退出。"])
            #expect(proposed.matter.fields["noticeSubject"] == "拟终止救助供养")
            let notices = try await PublicNoticeQueries(db: runtime.db, registry: .standard, cipher: Fixtures.cipher)
                .current(today: CivilDate(iso: "2025-11-05")!, page: Pagination())
            #expect(notices.items.first?.fields.first?.value == "拟终止救助供养")
            await #expect(throws: MatterError.self) { _ = try await h.act("terminate", id, as: "approver", on: "2025-11-07", input: ["endMonth": "2025-12"]) }
            let ended = try await h.act("terminate", id, as: "approver", on: "2025-11-11", input: ["endMonth": "2025-12"])
            #expect(ended.matter.state == "terminated")
            #expect(ended.documents.last?.title == "终止特困人员救助供养通知书")
        }
    }
}
