import FluentKit
import Foundation
import MinzhengCore
import MinzhengPersistence
import MinzhengTestSupport
import Testing
import Vapor

/// Each role against areas and functions it does not hold (issue 3, item 6); refusals are 403 in Chinese and journaled.
@Suite struct AccessControlTests {
    @Test(arguments: [
        ("13900000001", "/work", HTTPStatus.forbidden),
        ("13900000001", "/admin", .forbidden),
        ("13900000001", "/my", .ok),
        ("clerk", "/my", .forbidden),
        ("clerk", "/admin", .forbidden),
        ("clerk", "/admin/accounts", .forbidden),
        ("clerk", "/work", .ok),
        ("admin", "/work", .forbidden),
        ("admin", "/admin/journal", .forbidden),
        ("admin", "/admin/accounts", .ok),
        ("auditor", "/admin/accounts", .forbidden),
        ("auditor", "/admin/journal", .ok),
        ("security", "/admin/org", .forbidden),
        ("security", "/admin/settings", .ok),
        ("leader", "/admin/calendar", .forbidden),
    ])
    func eachRoleReachesOnlyItsAreas(_ username: String, _ path: String, _ status: HTTPStatus) async throws {
        try await TestApp.withDemo(.sqlite) { app, password in
            let client = TestClient(app: app)
            try await client.login(username, password)
            let response = try await client.get(path)
            #expect(response.status == status, "\(username) \(path)")
            if status == .forbidden { #expect(response.body.contains("您无权")) }
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aRefusalIsJournaled(_ kind: TestDatabase.Kind) async throws {
        try await TestApp.withDemo(kind) { app, password in
            let client = TestClient(app: app)
            try await client.login("clerk", password)
            #expect(try await client.get("/admin/accounts").status == .forbidden)
            let refusals = try await JournalQuery(db: app.minzheng.store.database(logger: app.logger))
                .list(JournalFilter(action: "access.refused"), page: Pagination()).items
            #expect(refusals.count == 1)
            #expect(refusals.first?.actor.name == "clerk")
            #expect(refusals.first?.event.outcome == .failure)
        }
    }

    @Test func pagesOfAnAreaSendStrangersToTheLoginFormAndBack() async throws {
        try await TestApp.with(.sqlite) { app in
            let response = try await TestClient(app: app).get("/admin/accounts?page=2")
            #expect(response.status == .seeOther)
            #expect(response.location == "/login?next=%2Fadmin%2Faccounts%3Fpage%3D2")
        }
    }

    @Test func aLoginDoesNotRedirectToAnotherSite() async throws {
        try await TestApp.withDemo(.sqlite) { app, password in
            let client = TestClient(app: app)
            try await client.get("/login")
            let response = try await client.post("/login", form: [("identifier", "clerk"), ("password", password), ("next", "//evil.example/")])
            #expect(response.location == "/work")
        }
    }

    @Test func aStateChangeWithoutTheTokenIsRefusedEvenWhenSignedIn() async throws {
        try await TestApp.withDemo(.sqlite) { app, password in
            let client = TestClient(app: app)
            try await client.login("admin", password)
            let refused = try await client.post("/admin/org", form: [("code", "659003-999"), ("name", "测试单位"), ("level", "regimentTownOrSubdistrict")], csrf: false)
            #expect(refused.status == .forbidden)
            let foreign = try await client.post("/admin/org", form: [("_csrf", "forged-token-from-elsewhere-0000000000000"), ("code", "659003-999")])
            #expect(foreign.status == .forbidden)
            #expect(try await OrgUnitRepository(db: app.minzheng.store.database(logger: app.logger)).find(code: "659003-999") == nil)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func viewingFullPersonalDataIsJournaledWithoutTheData(_ kind: TestDatabase.Kind) async throws {
        try await TestApp.withDemo(kind) { app, password in
            let client = TestClient(app: app)
            try await client.login("13900000001", password)
            let page = try await client.post("/my/profile/reveal")
            #expect(page.status == .ok)
            #expect(page.body.contains(DemoAccounts.citizens[0].idNumber))
            let views = try await JournalQuery(db: app.minzheng.store.database(logger: app.logger))
                .list(JournalFilter(action: "personalData.view"), page: Pagination()).items
            #expect(views.count == 1)
            let entry = try #require(views.first)
            let recorded = entry.event.summary + entry.event.details.values.joined()
            #expect(!recorded.contains(DemoAccounts.citizens[0].idNumber))
            #expect(!recorded.contains(DemoAccounts.citizens[0].mobile))
        }
    }
}
