import Foundation
import MinzhengCore
import MinzhengPersistence
import MinzhengTestSupport
import Testing
import Vapor

@Suite struct RuleMakingPagesTests {
    @Test(arguments: TestDatabase.kinds)
    func aDraftTakesCommentsOnThePortalAndTheDrafterAnswersThem(_ kind: TestDatabase.Kind) async throws {
        try await TestApp.withDemo(kind) { app, password in
            let drafter = TestClient(app: app)
            try await drafter.login("reviewer", password)
            let unit = try #require(try await OrgUnitRepository(db: app.minzheng.store.database(logger: app.logger)).find(code: "659003"))
            let created = try await drafter.post("/work/matters", form: [
                ("type", "normativeDocument"), ("orgUnitID", unit.id.description), ("title", "惠民殡葬办法"), ("docKind", "试行"), ("relation", "新制定"),
                ("leadIssuer", "第三师图木舒克市民政局"), ("legalBasis", "殡葬管理条例"), ("text", "第一条 示例。"),
            ])
            #expect(created.status == .seeOther)
            let path = try #require(created.location)
            #expect(try await drafter.post("\(path)/acts/startComment", form: [("commentNote", "征求意见。")]).status == .seeOther)
            let register = try await TestClient(app: app).get("/rules")
            #expect(register.body.contains("正在征求意见"))
            let reference = try #require(register.body.components(separatedBy: "/rules/documents/").dropFirst().first?.components(separatedBy: "\"").first)
            let public_ = TestClient(app: app)
            let page = try await public_.get("/rules/documents/\(reference)")
            #expect(page.body.contains("提出意见"))
            let short = try await public_.post("/rules/documents/\(reference)/comments", form: [("content", "好")])
            #expect(short.status == .seeOther)
            #expect(try await public_.post("/rules/documents/\(reference)/comments", form: [("content", "建议明确补贴标准和申领时限。")]).status == .seeOther)
            let id = String(path.suffix(36))
            let comments = try await drafter.get("/work/rulemaking/comments/\(id)")
            #expect(comments.body.contains("建议明确补贴标准和申领时限"))
            #expect(!comments.body.contains(">好<"))
            let commentID = try #require(comments.body.components(separatedBy: "/work/rulemaking/comments/\(id)/").dropFirst().first?.prefix(36))
            #expect(try await drafter.post("/work/rulemaking/comments/\(id)/\(commentID)", form: [("adopted", "采纳"), ("answer", "已补充。")]).status == .seeOther)
            #expect(try await drafter.get("/work/rulemaking/comments/\(id)").body.contains("已补充"))
            let overview = try await drafter.get("/work/rulemaking")
            #expect(overview.status == .ok)
            #expect(overview.body.contains("惠民殡葬办法"))
            let clerk = TestClient(app: app)
            try await clerk.login("13900000001", password)
            #expect(try await clerk.post("/work/rulemaking/cleanup", form: []).status == .forbidden)
        }
    }
}
