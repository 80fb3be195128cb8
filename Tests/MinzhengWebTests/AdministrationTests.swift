import Foundation
import MinzhengCore
import MinzhengPersistence
import MinzhengTestSupport
import Testing
import Vapor

@Suite struct AdministrationTests {
    @Test(arguments: TestDatabase.kinds)
    func anAdministratorImportsAYearOnThePage(_ kind: TestDatabase.Kind) async throws {
        try await TestApp.withDemo(kind) { app, password in
            let client = TestClient(app: app)
            try await client.login("admin", password)
            let csv = "year,region,date,kind,name,document_ref\n2027,national,2027-01-01,holiday,元旦,测试通知\n2027,national,2027-10-01,holiday,国庆节,测试通知\n"
            let response = try await client.upload("/admin/calendar/import", filename: "2027.csv", data: Data(csv.utf8))
            #expect(response.status == .seeOther)
            let page = try await client.get("/admin/calendar")
            #expect(page.body.contains("已导入2027 年全国，共 2 天"))
            let calendar = try await CalendarRepository(db: app.minzheng.store.database(logger: app.logger)).calendar(code: "national")
            #expect(calendar.holds(year: 2027))
        }
    }

    @Test func aBadCalendarFileIsRefusedWholeOnThePage() async throws {
        try await TestApp.withDemo(.sqlite) { app, password in
            let client = TestClient(app: app)
            try await client.login("admin", password)
            let csv = "year,region,date,kind,name,document_ref\n2027,national,2027-01-01,holiday,元旦,\n2027,national,2027-01-04,makeUpWorkday,元旦,\n"
            let response = try await client.upload("/admin/calendar/import", filename: "2027.csv", data: Data(csv.utf8))
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.contains("第3行"))
            #expect(response.body.contains("调休上班日应为周六或周日"))
            let calendar = try await CalendarRepository(db: app.minzheng.store.database(logger: app.logger)).calendar(code: "national")
            #expect(!calendar.holds(year: 2027))
        }
    }

    @Test func anUploadWithoutItsTokenIsRefused() async throws {
        try await TestApp.withDemo(.sqlite) { app, password in
            let client = TestClient(app: app)
            try await client.login("admin", password)
            let response = try await client.send(.POST, "/admin/calendar/import", headers: ["Content-Type": "multipart/form-data; boundary=x"],
                                                 body: ByteBuffer(string: "--x--\r\n"))
            #expect(response.status == .forbidden)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func theOrgTreeIsExtendedAndEditedOnThePage(_ kind: TestDatabase.Kind) async throws {
        try await TestApp.withDemo(kind) { app, password in
            let client = TestClient(app: app)
            try await client.login("admin", password)
            let db = app.minzheng.store.database(logger: app.logger)
            let town = try #require(try await OrgUnitRepository(db: db).find(code: "659003-201"))
            let created = try await client.post("/admin/org", form: [
                ("code", "659003-201-03"), ("name", "金湾街道新苑社区（示例）"), ("level", "companyOrCommunity"),
                ("parentID", town.id.description), ("calendarCode", "xinjiang"), ("isFictional", "yes"),
            ])
            #expect(created.status == .seeOther)
            let unit = try #require(try await OrgUnitRepository(db: db).find(code: "659003-201-03"))
            #expect(unit.path == town.path + "659003-201-03/")
            let wrongLevel = try await client.post("/admin/org", form: [
                ("code", "659003-201-04"), ("name", "错层单位"), ("level", "regimentTownOrSubdistrict"), ("parentID", town.id.description),
            ])
            #expect(wrongLevel.status == .unprocessableEntity)
            #expect(wrongLevel.body.contains("上级单位"))
            #expect(wrongLevel.body.contains("value=\"错层单位\""))
            let edited = try await client.post("/admin/org/\(unit.id)", form: [("name", "金湾街道新苑社区（示例）"), ("calendarCode", "national")])
            #expect(edited.status == .seeOther)
            #expect(try await OrgUnitRepository(db: db).find(unit.id)?.calendarCode == "national")
        }
    }

    @Test func unconfirmedSettingsCarryTheHintAndChangesAreJournaled() async throws {
        try await TestApp.withDemo(.sqlite) { app, password in
            let admin = TestClient(app: app)
            try await admin.login("admin", password)
            let page = try await admin.get("/admin/settings")
            #expect(page.body.contains("✘ 未经官方文本确认，请按兵团/师市规定核定"))
            #expect(page.body.contains("deadline.noticeCountsTowardLimit"))
            #expect(!page.body.contains("auth.maxFailures"))
            let bad = try await admin.post("/admin/settings", form: [("key", "deadline.warnBeforeWorkdays"), ("value", "-2")])
            #expect(bad.status == .unprocessableEntity)
            #expect(try await admin.post("/admin/settings", form: [("key", "auth.maxFailures"), ("value", "3")]).status == .forbidden)
            #expect(try await admin.post("/admin/settings", form: [("key", "deadline.warnBeforeWorkdays"), ("value", "5")]).status == .seeOther)
            let security = TestClient(app: app)
            try await security.login("security", password)
            #expect(try await security.post("/admin/settings", form: [("key", "auth.maxFailures"), ("value", "3")]).status == .seeOther)
            let snapshot = try await SettingRepository(db: app.minzheng.store.database(logger: app.logger)).snapshot()
            #expect(snapshot.int("deadline.warnBeforeWorkdays") == 5)
            #expect(snapshot.int("auth.maxFailures") == 3)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func theAuditorFiltersPagesAndVerifiesTheJournal(_ kind: TestDatabase.Kind) async throws {
        try await TestApp.withDemo(kind) { app, password in
            let auditor = TestClient(app: app)
            try await auditor.login("auditor", password)
            for _ in 0..<3 { try await TestClient(app: app).login("clerk", "Wrong-password-1") }
            let failures = try await auditor.get("/admin/journal?action=auth.loginFailed")
            #expect(failures.body.contains("共 3 条"))
            let verified = try await auditor.post("/admin/journal/verify")
            #expect(verified.body.contains("日志链完整"))
            let checkpoint = try await auditor.post("/admin/journal/checkpoint")
            #expect(checkpoint.status == .seeOther)
            let stranger = TestClient(app: app)
            for index in 0..<20 { try await stranger.login("nobody\(index)", "Wrong-password-1") }
            let all = try await auditor.get("/admin/journal")
            #expect(all.body.contains("下一页"))
            let second = try await auditor.get("/admin/journal?page=2")
            #expect(second.body.contains("第 2/2 页"))
        }
    }

    @Test func anAdministratorCreatesAStaffAccountWithAOneTimePassword() async throws {
        try await TestApp.withDemo(.sqlite) { app, password in
            let admin = TestClient(app: app)
            try await admin.login("admin", password)
            let db = app.minzheng.store.database(logger: app.logger)
            let town = try #require(try await OrgUnitRepository(db: db).find(code: "659003-102"))
            let created = try await admin.post("/admin/accounts", form: [
                ("username", "huyang.reviewer"), ("displayName", "胡审核"), ("role", "reviewer"), ("orgUnitID", town.id.description),
            ])
            #expect(created.status == .ok)
            let temporary = try #require(created.body.components(separatedBy: "<p class=\"temporary\"><code>").dropFirst().first?
                .components(separatedBy: "</code>").first)
            let person = TestClient(app: app)
            #expect(try await person.login("huyang.reviewer", temporary).location == "/account/password")
            let changed = try await person.post("/account/password", form: [
                ("current", temporary), ("password", "Huyang-2026"), ("passwordConfirmation", "Huyang-2026"),
            ])
            #expect(changed.location == "/work")
            let duplicate = try await admin.post("/admin/accounts", form: [
                ("username", "huyang.reviewer"), ("displayName", "胡审核"), ("role", "reviewer"), ("orgUnitID", town.id.description),
            ])
            #expect(duplicate.status == .unprocessableEntity)
            #expect(duplicate.body.contains("已被使用"))
        }
    }
}
