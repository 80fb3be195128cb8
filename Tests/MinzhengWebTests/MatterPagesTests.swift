import Foundation
import MinzhengCore
import MinzhengPersistence
import MinzhengTestSupport
import MinzhengWeb
import Testing
import SQLKit
import Vapor

@Suite struct MatterPagesTests {
    static let pdf = Data("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".utf8)

    static func register(_ client: TestClient, app: Application) async throws -> String {
        let unit = try #require(try await OrgUnitRepository(db: app.minzheng.store.database(logger: app.logger)).find(code: "659003-101-01"))
        let created = try await client.post("/work/matters", form: [
            ("type", SampleMatterType.id.rawValue), ("orgUnitID", unit.id.description), ("_channel", "window"), ("_title", "样例申请"),
            ("applicantName", "王小梅（示例）"), ("applicantID", Fixtures.idNumber("65900319850312002")),
        ])
        #expect(created.status == .seeOther)
        return try #require(created.location?.replacingOccurrences(of: "/work/matters/", with: ""))
    }

    @Test(arguments: TestDatabase.kinds)
    func aClerkRegistersUploadsAndAcceptsAndTheReviewerSeesItWaiting(_ kind: TestDatabase.Kind) async throws {
        try await TestApp.withDemo(kind, registry: SampleMatterType.registry) { app, password in
            let clerk = TestClient(app: app)
            try await clerk.login("clerk", password)
            let form = try await clerk.get("/work/matters/new?type=sampleLicence")
            #expect(form.body.contains("登记样例许可"))
            let id = try await Self.register(clerk, app: app)
            let page = try await clerk.get("/work/matters/\(id)")
            #expect(page.status == .ok)
            #expect(page.body.contains("659003********0026"))
            #expect(!page.body.contains(Fixtures.idNumber("65900319850312002")))
            #expect(page.body.contains(Masking.name("王小梅（示例）")))
            #expect(!page.body.contains("王小梅"))

            let refused = try await clerk.post("/work/matters/\(id)/acts/accept")
            #expect(refused.status == .conflict)
            #expect(refused.body.contains("申请材料不齐全（样例条例 第四条）：缺少申请书"))

            let uploaded = try await clerk.upload("/work/matters/\(id)/materials", filename: "申请书.pdf", contentType: "application/pdf",
                                                  data: Self.pdf, fields: [("kind", "application")])
            #expect(uploaded.status == .seeOther)
            let tooLarge = try await clerk.upload("/work/matters/\(id)/materials", filename: "x.txt", contentType: "text/plain",
                                                  data: Data("plain text".utf8), fields: [("kind", "other")])
            #expect(tooLarge.status == .unprocessableEntity)
            #expect(tooLarge.body.contains("只接受 PDF、JPEG、PNG 文件"))

            let accepted = try await clerk.post("/work/matters/\(id)/acts/accept")
            #expect(accepted.status == .seeOther)
            let after = try await clerk.get("/work/matters/\(id)")
            #expect(after.body.contains("受理通知书"))
            #expect(after.body.contains("图民样受字〔"))
            #expect(after.body.contains("办理总时限"))

            let reviewer = TestClient(app: app)
            try await reviewer.login("reviewer", password)
            let work = try await reviewer.get("/work")
            #expect(work.body.contains("样例申请"))
            let matter = try await reviewer.get("/work/matters/\(id)")
            #expect(matter.body.contains("调查人员（至少二人）"))
            let documentLink = try #require(after.body.components(separatedBy: "/matters/\(id)/documents/").dropFirst().first?.prefix(36))
            let document = try await reviewer.get("/matters/\(id)/documents/\(documentLink)")
            #expect(document.status == .ok)
            #expect(document.body.contains("受理通知书"))
            #expect(document.body.contains("第三师图木舒克市民政局（印章）"))
        }
    }

    @Test func aFailedActKeepsWhatWasTypedAndShowsEachFailedRule() async throws {
        try await TestApp.withDemo(.sqlite, registry: SampleMatterType.registry) { app, password in
            let clerk = TestClient(app: app)
            try await clerk.login("clerk", password)
            let id = try await Self.register(clerk, app: app)
            try await clerk.upload("/work/matters/\(id)/materials", filename: "a.pdf", contentType: "application/pdf", data: Self.pdf, fields: [("kind", "application")])
            try await clerk.post("/work/matters/\(id)/acts/accept")
            let reviewer = TestClient(app: app)
            try await reviewer.login("reviewer", password)
            let refused = try await reviewer.post("/work/matters/\(id)/acts/review", form: [("investigators", "钱调查"), ("opinion", "我的审查意见原文")])
            #expect(refused.status == .conflict)
            #expect(refused.body.contains("调查人员不少于二人（样例条例 第六条）"))
            #expect(refused.body.contains("我的审查意见原文"))
        }
    }

    @Test func strangersAndOtherUnitsCannotOpenTheMatter() async throws {
        try await TestApp.withDemo(.sqlite, registry: SampleMatterType.registry) { app, password in
            let clerk = TestClient(app: app)
            try await clerk.login("clerk", password)
            let id = try await Self.register(clerk, app: app)
            let other = TestClient(app: app)
            try await other.login("clerk.huyang", password)
            let refused = try await other.get("/work/matters/\(id)")
            #expect(refused.status == .forbidden)
            #expect(refused.body.contains("不在您的管辖范围内"))
            let citizen = TestClient(app: app)
            try await citizen.login("13900000001", password)
            #expect(try await citizen.get("/my/matters/\(id)").status == .forbidden)
        }
    }

    @Test func revealingPersonalDataOnAMatterNeedsAReasonAndIsJournaled() async throws {
        try await TestApp.withDemo(.sqlite, registry: SampleMatterType.registry) { app, password in
            let clerk = TestClient(app: app)
            try await clerk.login("clerk", password)
            let id = try await Self.register(clerk, app: app)
            #expect(try await clerk.post("/work/matters/\(id)/reveal", form: [("reason", "")]).status == .unprocessableEntity)
            let shown = try await clerk.post("/work/matters/\(id)/reveal", form: [("reason", "窗口核对身份")])
            #expect(shown.body.contains(Fixtures.idNumber("65900319850312002")))
            let views = try await JournalQuery(db: app.minzheng.store.database(logger: app.logger))
                .list(JournalFilter(action: "personalData.view"), page: Pagination()).items
            #expect(views.first?.event.details["reason"] == "窗口核对身份")
        }
    }

    @Test func remindersReachTheBellAndTheLeaderSeesOverdueCounts() async throws {
        try await TestApp.withDemo(.sqlite, registry: SampleMatterType.registry) { app, password in
            let clerk = TestClient(app: app)
            try await clerk.login("clerk", password)
            let id = try await Self.register(clerk, app: app)
            try await clerk.upload("/work/matters/\(id)/materials", filename: "a.pdf", contentType: "application/pdf", data: Self.pdf, fields: [("kind", "application")])
            try await clerk.post("/work/matters/\(id)/acts/accept")
            let future = Date().addingTimeInterval(60 * 86_400)
            let ran = try await BackgroundWork(services: app.minzheng, logger: app.logger).runOnce(now: future)
            #expect(ran >= 3)
            let reviewer = TestClient(app: app)
            try await reviewer.login("reviewer", password)
            let bell = try await reviewer.get("/notifications")
            #expect(bell.body.contains("期限提醒"))
            #expect(bell.body.contains("未读"))
            let sql = app.minzheng.store.database(logger: app.logger) as! any SQLDatabase
            try await sql.update("matter").set("next_due_date", to: "2020-01-02").run()
            let leader = TestClient(app: app)
            try await leader.login("leader", password)
            let work = try await leader.get("/work")
            #expect(work.body.contains("超期与即将到期"))
            #expect(work.body.contains("1 件"))
            let list = try await leader.get("/work/matters?urgency=overdue&type=sampleLicence&unit=659003-101-01")
            #expect(list.body.contains("样例申请"))
            #expect(list.body.contains("已超期"))
            // The filter keeps what was chosen: the type and the urgency asked for, and 全部 for the state not asked.
            #expect(list.body.contains(#"<option value="sampleLicence" selected>"#))
            #expect(list.body.contains(#"<option value="overdue" selected>"#))
            #expect(list.body.contains(#"<select id="open" name="open"><option value="" selected>全部</option>"#))
            #expect(list.body.components(separatedBy: " selected>").count == 4)
            // A type outside the person's scope is not applied silently: the form says 全部 and the list matches it.
            let unreadable = try await leader.get("/work/matters?type=noSuchType&urgency=overdue")
            #expect(unreadable.body.contains(#"<select id="type" name="type"><option value="" selected>全部</option>"#))
            #expect(unreadable.body.contains(#"<tr class="urgency-overdue">"#))
            #expect(!unreadable.body.contains("管辖范围内没有符合条件的办件"))
        }
    }

    /// The list rows are rendered in Swift, not by Leaf: what a record holds must still reach the page as text.
    @Test(arguments: TestDatabase.kinds)
    func theWorkbenchListEscapesWhatARecordHolds(_ kind: TestDatabase.Kind) async throws {
        try await TestApp.withDemo(kind, registry: SampleMatterType.registry) { app, password in
            let clerk = TestClient(app: app)
            try await clerk.login("clerk", password)
            let id = try await Self.register(clerk, app: app)
            let sql = app.minzheng.store.database(logger: app.logger) as! any SQLDatabase
            try await sql.update("matter").set("title", to: #"<script>alert("x")</script> & 'q'"#).where("id", .equal, UUID(uuidString: id)!).run()
            let list = try await clerk.get("/work/matters?page=1&size=50")
            #expect(list.status == .ok)
            #expect(!list.body.contains("<script>alert"))
            #expect(list.body.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;q&apos;"))
            #expect(list.body.contains(#"href="/work/matters/\#(id)""#))
        }
    }
}
