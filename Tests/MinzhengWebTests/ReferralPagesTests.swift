import Foundation
import MinzhengCore
import MinzhengPersistence
import MinzhengTestSupport
import Testing
import Vapor

@Suite struct ReferralPagesTests {
    /// The receiving body sees only what the referral shares, and answers through the engine; nobody else can.
    @Test(arguments: TestDatabase.kinds)
    func theReceivingBodySeesOnlyTheReferralAndAnswersIt(_ kind: TestDatabase.Kind) async throws {
        try await TestApp.withDemo(kind) { app, password in
            let mediator = TestClient(app: app)
            try await mediator.login("mediator", password)
            let unit = try #require(try await OrgUnitRepository(db: app.minzheng.store.database(logger: app.logger)).find(code: "659003"))
            let created = try await mediator.post("/work/matters", form: [
                ("type", "mediationCase"), ("orgUnitID", unit.id.description), ("title", "婚姻纠纷调解"), ("disputeType", "婚姻纠纷"),
                ("source", "当事人申请"), ("partyAName", "艾力（示例）"), ("partyBName", "古丽（示例）"), ("facts", "因家务分担发生争吵，申请离婚。"),
            ])
            let path = try #require(created.location)
            let id = String(path.suffix(36))
            #expect(try await mediator.post("\(path)/acts/refer", form: [("referralTarget", "司法所（民政+司法联合调解）"), ("routedTo", "659003-SF"),
                                                                        ("referralScope", "涉及财产分割，需法律专业调解。")]).status == .seeOther)
            let receiving = TestClient(app: app)
            try await receiving.login("sf.mediator", password)
            let inbox = try await receiving.get("/work/referrals")
            #expect(inbox.status == .ok)
            #expect(inbox.body.contains("涉及财产分割，需法律专业调解。"))
            #expect(!inbox.body.contains("艾力") && !inbox.body.contains("家务分担"))
            #expect(try await receiving.get(path).status == .forbidden)
            // The referring side cannot answer its own referral; an empty answer is refused and changes nothing.
            #expect(try await mediator.post("/work/referrals/\(id)/acceptReferral", form: [("referralReply", "接收")]).status == .forbidden)
            #expect(try await mediator.get("/work/referrals").body.contains("没有待接收的转介"))
            let empty = try await receiving.post("/work/referrals/\(id)/declineReferral", form: [("referralReply", "")])
            #expect(empty.status == .unprocessableEntity)
            let declined = try await receiving.post("/work/referrals/\(id)/declineReferral", form: [("referralReply", "不涉及法律争议，请继续人民调解。")])
            #expect(declined.status == .seeOther)
            #expect(try await mediator.get(path).body.contains("调解中"))
            #expect(try await receiving.get("/work/referrals").body.contains("没有待接收的转介"))
        }
    }
}
