import Foundation
import MinzhengCore
import MinzhengPersistence
import MinzhengTestSupport
import MinzhengWeb
import FluentKit
import SQLKit
import Testing
import Vapor

/// The generic registration form (`/work/matters/new`) carries its own inputs under `_`-prefixed names, so that a
/// type's own fields called `channel` (信访形式) or `title` (文件名称) are never taken for the registration channel
/// or the matter's title — a visit petition was once refused because 「来访」 is not a registration channel.
@Suite struct GenericRegistrationTests {
    @Test(arguments: TestDatabase.kinds)
    func typesWhoseFieldsShareTheFormsNamesRegister(_ kind: TestDatabase.Kind) async throws {
        try await TestApp.withDemo(kind) { app, password in
            let db = app.minzheng.store.database(logger: app.logger)
            let division = try #require(try await OrgUnitRepository(db: db).find(code: "659003"))
            let petition = TestClient(app: app)
            try await petition.login("petition", password)
            let form = try await petition.get("/work/matters/new?type=petition")
            #expect(form.body.contains("name=\"_channel\"") && form.body.contains("name=\"channel\""))
            // A form sent back with an error keeps what was chosen and typed, the registration channel included.
            let unchosen = try await petition.post("/work/matters", form: [
                ("type", "petition"), ("_channel", "proxy"), ("_title", "代为登记"), ("channel", "来信"), ("petitionerName", "马某（示例）"),
            ])
            #expect(unchosen.status == .unprocessableEntity)
            #expect(unchosen.body.contains("请选择受理单位"))
            #expect(unchosen.body.contains("value=\"proxy\" selected") && unchosen.body.contains("value=\"代为登记\""))
            #expect(unchosen.body.contains("<option selected>来信</option>"))
            let visit = try await petition.post("/work/matters", form: [
                ("type", "petition"), ("orgUnitID", division.id.description), ("_channel", "window"), ("_title", "来访登记"),
                ("channel", "来访"), ("category", "建议意见"), ("petitionerName", "马某（示例）"), ("request", "咨询低保申请条件。"),
            ])
            #expect(visit.status == .seeOther, "\(visit.body.prefix(300))")
            let page = try await petition.get(try #require(visit.location))
            #expect(page.body.contains("来访登记") && page.body.contains("窗口受理") && page.body.contains("来访"))
            // The act's message names the petition's own 「登记」, not another type's act of the same key (a marriage's
            // 「登记并颁发结婚证」, as it once did).
            let registered = try await petition.post("\(try #require(visit.location))/acts/register", form: [("transcript", "来访人口述：咨询低保申请条件。")])
            #expect(registered.status == .seeOther, "\(registered.body.prefix(300))")
            let flashed = try await petition.get(try #require(registered.location))
            #expect(flashed.body.contains("「登记」已完成，事前校验全部通过。"))
            #expect(!flashed.body.contains("结婚证"))

            let reviewer = TestClient(app: app)
            try await reviewer.login("reviewer", password)
            let document = try await reviewer.post("/work/matters", form: [
                ("type", "normativeDocument"), ("orgUnitID", division.id.description), ("_channel", "window"), ("_title", ""),
                ("title", "关于规范最低生活保障审核确认的通知"), ("docKind", "正式"), ("relation", "新制定"), ("leadIssuer", "第三师图木舒克市民政局"),
                ("legalBasis", "社会救助暂行办法"), ("text", "为规范……特制定本通知。"),
            ])
            #expect(document.status == .seeOther, "\(document.body.prefix(300))")
            let documentPage = try await reviewer.get(try #require(document.location))
            // Without a title of its own, the matter is named by the document's 文件名称.
            #expect(documentPage.body.contains("关于规范最低生活保障审核确认的通知"))
            // An unknown registration channel is still refused in Chinese, with nothing stored.
            let before = try await RegisteredMatters.count(db)
            let refused = try await petition.post("/work/matters", form: [
                ("type", "petition"), ("orgUnitID", division.id.description), ("_channel", "pigeon"),
                ("channel", "来信"), ("category", "建议意见"), ("petitionerName", "马某（示例）"), ("request", "咨询。"),
            ])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains("受理渠道"))
            #expect(try await RegisteredMatters.count(db) == before)
        }
    }
}

private enum RegisteredMatters {
    static func count(_ db: any Database) async throws -> Int {
        struct Count: Decodable { var n: Int }
        return try await (db as! any SQLDatabase).select().column(SQLFunction("count", args: SQLLiteral.all), as: "n").from("matter")
            .first(decoding: Count.self)?.n ?? 0
    }
}
