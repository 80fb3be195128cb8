import FluentKit
import Foundation
import MinzhengCore
import MinzhengPersistence
import MinzhengTestSupport
@testable import MinzhengWeb
import SQLKit
import Testing
import Vapor

@Suite struct AuthenticationTests {
    static func journalActions(_ app: Application) async throws -> [String] {
        try await JournalQuery(db: app.minzheng.store.database(logger: app.logger))
            .list(JournalFilter(), page: Pagination(number: 1, size: 100)).items.map(\.event.action)
    }

    @Test(arguments: TestDatabase.kinds)
    func aCitizenRegistersAndSeesTheirDataMasked(_ kind: TestDatabase.Kind) async throws {
        try await TestApp.with(kind) { app in
            let client = TestClient(app: app)
            try await client.get("/register")
            let id = Fixtures.idNumber("65900319900101123")
            let response = try await client.post("/register", form: [
                ("name", "马小红"), ("idNumber", id), ("mobile", "13712345678"),
                ("password", Fixtures.strongPassword), ("passwordConfirmation", Fixtures.strongPassword), ("consent", "yes"),
            ])
            #expect(response.status == .seeOther)
            #expect(response.location == "/my")
            let my = try await client.get("/my")
            #expect(my.status == .ok)
            #expect(my.body.contains(Masking.residentID(id)))
            #expect(my.body.contains("137****5678"))
            #expect(!my.body.contains(id))
            #expect(try await Self.journalActions(app).contains("account.register"))
        }
    }

    @Test func registrationWithBadInputKeepsTheFormAndNamesEachField() async throws {
        try await TestApp.with(.sqlite) { app in
            let client = TestClient(app: app)
            let response = try await client.post("/register", form: [
                ("name", "马小红"), ("idNumber", "659003199001011239"), ("mobile", "1371234"),
                ("password", "short"), ("passwordConfirmation", "other"),
            ])
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.contains("校验码错误"))
            #expect(response.body.contains("应为 11 位"))
            #expect(response.body.contains("至少 8 个字符"))
            #expect(response.body.contains("两次输入的密码不一致"))
            #expect(response.body.contains("请阅读并同意"))
            #expect(response.body.contains("value=\"马小红\""))
            #expect(try await AccountRepository(db: app.minzheng.store.database(logger: app.logger), cipher: Fixtures.cipher).count() == 0)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func fiveWrongPasswordsLockTheAccountUntilAnAdministratorUnlocksIt(_ kind: TestDatabase.Kind) async throws {
        try await TestApp.withDemo(kind) { app, password in
            let client = TestClient(app: app)
            for attempt in 1...4 {
                let response = try await client.login("clerk", "Wrong-password-\(attempt)")
                #expect(response.status == .unauthorized)
            }
            let fifth = try await client.login("clerk", "Wrong-password-5")
            #expect(fifth.status == .forbidden)
            #expect(fifth.body.contains("已被锁定"))
            let correct = try await client.login("clerk", password)
            #expect(correct.status == .forbidden)
            #expect(try await Self.journalActions(app).contains("auth.locked"))

            let admin = TestClient(app: app)
            try await admin.login("admin", password)
            let accounts = AccountRepository(db: app.minzheng.store.database(logger: app.logger), cipher: Fixtures.cipher)
            let clerk = try #require(try await accounts.find(username: "clerk"))
            let unlocked = try await admin.post("/admin/accounts/\(clerk.id)/unlock")
            #expect(unlocked.status == .seeOther)
            #expect(try await client.login("clerk", password).status == .seeOther)
        }
    }

    @Test func loginsAreThrottledPerAddressBeforeAnyPasswordCheck() async throws {
        try await TestApp.with(.sqlite) { app in
            let client = TestClient(app: app)
            var last: TestClient.Response?
            for index in 0...LoginService.perAddressLimit {
                last = try await client.login("nobody\(index)", "Whatever-1")
            }
            #expect(last?.status == .tooManyRequests)
            #expect(last?.body.contains("过于频繁") == true)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func theSessionIDChangesAtLoginAndDiesAtLogout(_ kind: TestDatabase.Kind) async throws {
        try await TestApp.withDemo(kind) { app, password in
            let client = TestClient(app: app)
            try await client.login("13900000001", password)
            let first = try #require(client.cookies["minzheng-session"])
            try await client.login("13900000001", password)
            let second = try #require(client.cookies["minzheng-session"])
            #expect(first != second)
            let stale = TestClient(app: app)
            stale.setCookie("minzheng-session", first)
            #expect(try await stale.get("/my").status == .seeOther)
            let logout = try await client.post("/logout")
            #expect(logout.status == .seeOther)
            stale.setCookie("minzheng-session", second)
            #expect(try await stale.get("/my").status == .seeOther)
        }
    }

    @Test func theSessionCookieIsHttpOnlyAndLax() async throws {
        try await TestApp.withDemo(.sqlite) { app, password in
            let client = TestClient(app: app)
            let response = try await client.login("13900000001", password)
            let cookie = try #require(response.headers[.setCookie].first { $0.hasPrefix("minzheng-session=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            #expect(!cookie.contains("Max-Age") && !cookie.contains("Expires"))
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func anIdleSessionEndsOnTheServer(_ kind: TestDatabase.Kind) async throws {
        try await TestApp.withDemo(kind) { app, password in
            let client = TestClient(app: app)
            try await client.login("13900000001", password)
            #expect(try await client.get("/my").status == .ok)
            let sql = app.minzheng.store.database(logger: app.logger) as! any SQLDatabase
            try await sql.update("session").set("last_seen_at", to: Date().addingTimeInterval(-31 * 60)).run()
            let response = try await client.get("/my")
            #expect(response.status == .seeOther)
            #expect(response.location?.contains("timeout=1") == true)
            #expect(try await Self.journalActions(app).contains("auth.sessionExpired"))
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aChangeOfRolesEndsTheSession(_ kind: TestDatabase.Kind) async throws {
        try await TestApp.withDemo(kind) { app, password in
            let clerk = TestClient(app: app)
            try await clerk.login("clerk", password)
            #expect(try await clerk.get("/work").status == .ok)
            let admin = TestClient(app: app)
            try await admin.login("admin", password)
            let db = app.minzheng.store.database(logger: app.logger)
            let account = try #require(try await AccountRepository(db: db, cipher: Fixtures.cipher).find(username: "clerk"))
            let unit = try #require(try await OrgUnitRepository(db: db).find(code: "659003-102"))
            let granted = try await admin.post("/admin/accounts/\(account.id)/roles", form: [("role", "investigator"), ("orgUnitID", unit.id.description)])
            #expect(granted.status == .seeOther)
            #expect(try await clerk.get("/work").status == .seeOther)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func readingPagesWritesNothing(_ kind: TestDatabase.Kind) async throws {
        try await TestApp.withDemo(kind) { app, password in
            let client = TestClient(app: app)
            try await client.login("reviewer", password)
            let sql = app.minzheng.store.database(logger: app.logger) as! any SQLDatabase
            struct Snapshot: Decodable, Equatable { var seq: Int64; var seen: Double; var throttles: Int }
            func snapshot() async throws -> [String] {
                let head = try await sql.raw("SELECT seq FROM journal_head").first()!.decode(column: "seq", as: Int64.self)
                let sessions = try await sql.raw("SELECT last_seen_at FROM session").all().map { try $0.decode(column: "last_seen_at", as: Date.self) }
                let throttles = try await sql.raw("SELECT COUNT(*) AS n FROM login_throttle").first()!.decode(column: "n", as: Int.self)
                return ["\(head)", "\(sessions)", "\(throttles)"]
            }
            let before = try await snapshot()
            for path in ["/work", "/", "/tools/deadline?from=2025-01-02&days=5&unit=workday&calendar=xinjiang", "/calendar/2025", "/work"] {
                #expect(try await client.get(path).status == .ok)
            }
            #expect(try await snapshot() == before)
        }
    }
}
