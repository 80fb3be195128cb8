import Foundation
import MinzhengCore
import MinzhengPersistence
import MinzhengTestSupport
import Testing

@Suite struct PowerListPagesTests {
    @Test func thePublicListShowsCountsByTypeAndEachItemItsHistory() async throws {
        try await TestApp.withDemo(.sqlite) { app, _ in
            let client = TestClient(app: app)
            let list = try await client.get("/powers")
            #expect(list.body.contains("承接兵团授权行政执法权 28 项，细化为权责事项 37 项"))
            #expect(list.body.contains("行政给付（7）"))
            #expect(list.body.contains("行政处罚（4）"))
            let penalties = try await client.get("/powers?type=penalty")
            #expect(penalties.body.contains("共 4 条"))
            let item = try await client.get("/powers/MZ-QR-001")
            #expect(item.body.contains("最低生活保障对象认定"))
            #expect(item.body.contains("首次公布"))
            #expect(try await client.get("/powers/NO-SUCH").status == .notFound)
        }
    }

    @Test func anAdministratorRevisesAndPublishesAndThePublicSeesTheChange() async throws {
        try await TestApp.withDemo(.sqlite) { app, password in
            let admin = TestClient(app: app)
            try await admin.login("admin", password)
            let edit = try await admin.get("/admin/powers/MZ-QT-009/edit")
            #expect(edit.body.contains("婚姻登记档案查询"))
            let saved = try await admin.post("/admin/powers", form: [
                ("code", "MZ-QT-009"), ("name", "婚姻登记档案查询服务"), ("type", "other"), ("authorizedPower", "P18 婚姻登记档案管理"),
                ("bases", "婚姻登记档案管理办法|第十四条"), ("body", "第三师图木舒克市民政局"), ("handlingUnit", "婚姻登记处（示例）"),
                ("level", "师市"), ("responsibilities", "受理|依法受理查询|婚姻登记档案管理办法 第十四条"), ("accountability", "违规提供档案的"),
                ("complaintPhone", "12345"), ("flow", "受理\n查询"), ("riskPoints", "泄露个人信息"),
            ])
            #expect(saved.status == .seeOther)
            #expect(try await TestClient(app: app).get("/powers/MZ-QT-009").body.contains("<h1>婚姻登记档案查询</h1>"))
            #expect(try await admin.post("/admin/powers/MZ-QT-009/approve", form: [("reference", "编办〔2026〕3号")]).status == .seeOther)
            #expect(try await admin.post("/admin/powers/MZ-QT-009/publish").status == .seeOther)
            let item = try await TestClient(app: app).get("/powers/MZ-QT-009")
            #expect(item.body.contains("<h1>婚姻登记档案查询服务</h1>"))
            #expect(item.body.contains("事项名称：「婚姻登记档案查询」→「婚姻登记档案查询服务」"))
            let badPenalty = try await admin.post("/admin/powers", form: [
                ("code", "MZ-CF-009"), ("name", "处罚违规行为"), ("type", "penalty"), ("authorizedPower", "P99"), ("bases", "某条例|第一条"),
                ("body", "民政局"), ("handlingUnit", "科"), ("responsibilities", "立案|立案|依据"),
            ])
            #expect(badPenalty.status == .unprocessableEntity)
            #expect(badPenalty.body.contains("对××的处罚"))
            #expect(badPenalty.body.contains("处罚违规行为"))
        }
    }
}
