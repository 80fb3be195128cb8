import Foundation
import MinzhengCore
import MinzhengPersistence
import MinzhengTestSupport
import Testing
import Vapor

@Suite struct CitizenServicesTests {
    static func withCasework<T>(_ kind: TestDatabase.Kind, _ body: (Application, String) async throws -> T) async throws -> T {
        try await TestApp.with(kind) { app in
            let summary = try await Fixtures.demo(app.minzheng.store, casework: true).load(logger: app.logger, today: CivilDate(Date()))
            return try await body(app, summary.password ?? "")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func theDemoNoticeIsOnThePortalMaskedAndTakesAnObjection(_ kind: TestDatabase.Kind) async throws {
        try await Self.withCasework(kind) { app, _ in
            let portal = TestClient(app: app)
            let notices = try await portal.get("/notices")
            #expect(notices.body.contains("最低生活保障初审公示"))
            #expect(notices.body.contains("李*花（示例）"))
            #expect(!notices.body.contains("李春花"))
            #expect(!notices.body.contains("13900000003"))
            #expect(!notices.body.contains("长期患病"))
            let id = try #require(notices.body.components(separatedBy: "/notices/").dropFirst().first?.prefix(36))
            let empty = try await portal.post("/notices/\(id)/objections", form: [("content", "")])
            #expect(empty.status == .unprocessableEntity)
            #expect(empty.body.contains("请写明异议的事实和理由"))
            let filed = try await portal.post("/notices/\(id)/objections", form: [("content", "申请人有在外务工收入未申报。")])
            #expect(filed.status == .seeOther)
            let events = try await JournalQuery(db: app.minzheng.store.database(logger: app.logger))
                .list(JournalFilter(action: "matter.objection"), page: Pagination()).total
            #expect(events == 1)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aCitizenAppliesOnlineUploadsAndWithdraws(_ kind: TestDatabase.Kind) async throws {
        try await TestApp.withDemo(kind) { app, password in
            let citizen = TestClient(app: app)
            try await citizen.login("13900000002", password)
            let list = try await citizen.get("/my/apply")
            #expect(list.body.contains("最低生活保障审核确认"))
            let form = try await citizen.get("/my/apply/minimumLivingAllowance")
            #expect(form.body.contains("取自您的账户"))
            #expect(!form.body.contains(DemoAccounts.citizens[1].idNumber))
            let db = app.minzheng.store.database(logger: app.logger)
            let community = try #require(try await OrgUnitRepository(db: db).find(code: "659003-102-01"))
            let missing = try await citizen.post("/my/apply/minimumLivingAllowance", form: [("orgUnitID", community.id.description), ("memberCount", "2")])
            #expect(missing.status == .unprocessableEntity)
            #expect(missing.body.contains("必须填写"))
            let badIncome = try await citizen.post("/my/apply/minimumLivingAllowance", form: [
                ("orgUnitID", community.id.description), ("memberCount", "2"), ("address", "胡杨团镇三连"), ("members", "本人"), ("wageIncome", "-5"),
            ])
            #expect(badIncome.status == .unprocessableEntity)
            #expect(badIncome.body.contains("不小于 0 的金额"))
            let applied = try await citizen.post("/my/apply/minimumLivingAllowance", form: [
                ("orgUnitID", community.id.description), ("memberCount", "2"), ("address", "胡杨团镇三连（示例）"), ("members", "本人\n妻"),
                ("wageIncome", "800"), ("pledgeSigned", "yes"), ("authorizationSigned", "yes"),
            ])
            #expect(applied.status == .seeOther)
            let path = try #require(applied.location)
            let page = try await citizen.get(path)
            #expect(page.body.contains("已提交，待受理"))
            #expect(page.body.contains("撤回申请"))
            let id = path.replacingOccurrences(of: "/my/matters/", with: "")
            let upload = try await citizen.upload("/my/matters/\(id)/materials", filename: "承诺书.pdf", contentType: "application/pdf",
                                                  data: Data("%PDF-1.4\n%%EOF\n".utf8), fields: [("kind", "承诺书")])
            #expect(upload.status == .seeOther)
            let withdrawn = try await citizen.post("/my/matters/\(id)/acts/withdraw")
            #expect(withdrawn.status == .seeOther)
            #expect(try await citizen.get(path).body.contains("已撤回"))
            let other = TestClient(app: app)
            try await other.login("13900000001", password)
            #expect(try await other.get(path).status == .forbidden)
        }
    }
}
