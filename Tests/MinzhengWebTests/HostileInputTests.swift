import Foundation
import MinzhengCore
import MinzhengPersistence
import MinzhengTestSupport
import Testing
import Vapor

/// The parts of the reliability suite that fit in `swift test` (issue 11, items 7 and 9), generated from the router
/// itself so that a new route is covered the day it is added.
@Suite struct HostileInputTests {
    /// A concrete path for a route: parameters filled with values of the right shape that name nothing.
    static func path(of route: Route) -> String {
        "/" + route.path.map { component -> String in
            switch component {
            case .constant(let value): return value
            case .parameter(let name):
                if name.lowercased().hasSuffix("id") { return UUID().uuidString }
                if name == "year" { return "2025" }
                if name == "format" { return "csv" }
                return "x"
            case .anything, .catchall: return "x"
            }
        }.joined(separator: "/")
    }

    /// Every state-changing route refuses a request without the token and one with a token from another session.
    @Test func everyStateChangingRouteRefusesAMissingOrForeignCSRFToken() async throws {
        try await TestApp.withDemo(.sqlite) { app, password in
            let client = TestClient(app: app)
            try await client.login("leader", password)
            let other = TestClient(app: app)
            try await other.fetchCSRFToken()
            let foreign = try #require(other.csrfToken)
            let routes = app.routes.all.filter { ![.GET, .HEAD, .OPTIONS].contains($0.method) && $0.path.first?.description != "api" }
            #expect(routes.count > 40)
            for route in routes {
                let path = Self.path(of: route)
                let missing = try await client.post(path, form: [("x", "1")], csrf: false)
                #expect(missing.status == .forbidden, "\(route.method) \(path) without a token answered \(missing.status.code)")
                let forged = try await client.post(path, form: [("_csrf", foreign), ("x", "1")])
                #expect(forged.status == .forbidden, "\(route.method) \(path) with another session's token answered \(forged.status.code)")
                // From another site, even with the right token.
                var crossSite = HTTPHeaders()
                crossSite.replaceOrAdd(name: "Sec-Fetch-Site", value: "cross-site")
                let cross = try await client.post(path, form: [("x", "1")], headers: crossSite)
                #expect(cross.status == .forbidden, "\(route.method) \(path) cross-site answered \(cross.status.code)")
            }
        }
    }

    /// The areas of the permission table: a citizen reaches no staff or administration page, a caseworker no
    /// administration page, an administrator (三员) no case data. No unexpected 2xx anywhere.
    @Test(arguments: [("13900000001", ["work", "admin"]), ("clerk", ["admin", "my"]), ("reviewer", ["admin", "my"]),
                      ("admin", ["work", "my"]), ("auditor", ["work", "my"]), ("security", ["work", "my"])])
    func noRoleReachesAPageOutsideItsAreas(_ username: String, _ closed: [String]) async throws {
        try await TestApp.withDemo(.sqlite) { app, password in
            let client = TestClient(app: app)
            try await client.login(username, password)
            // /work/security is the signed-in person's own password and second factor, open to every account.
            let routes = app.routes.all.filter { $0.method == .GET && closed.contains($0.path.first?.description ?? "") }
                .filter { $0.path.map(\.description) != ["work", "security"] }
            #expect(!routes.isEmpty)
            for route in routes {
                let path = Self.path(of: route)
                let response = try await client.get(path)
                #expect(!(200..<300).contains(Int(response.status.code)), "\(username) reached \(path) (\(response.status.code))")
            }
        }
    }

    /// Numbers at the edge of what `Int` holds, in every GET route's path (a year), paging and year parameters, as
    /// schemathesis sent them: each answers without a server error and the server stays up (`?page=576460752303423488`
    /// once overflowed the list's offset and stopped the process).
    @Test(arguments: ["leader", "admin"])
    func extremeNumbersInEveryPathAndPageAnswerWithoutAServerError(_ username: String) async throws {
        try await TestApp.withDemo(.sqlite) { app, password in
            let client = TestClient(app: app)
            try await client.login(username, password)
            let routes = app.routes.all.filter { $0.method == .GET }
            #expect(routes.count > 60)
            for number in [Int.max, Int.min, 576_460_752_303_423_488] {
                for route in routes {
                    let path = Self.path(of: route).replacingOccurrences(of: "/2025", with: "/\(number)") + "?page=\(number)&size=\(number)&year=\(number)"
                    let response = try await client.get(path)
                    #expect(response.status.code < 500, "\(path) answered \(response.status.code)")
                }
            }
            #expect(try await client.get("/work").status.code < 500)
            // Past the last page, a list still says how many there are, and its way back leads to the last page.
            let past = try await client.get("/powers?page=576460752303423488")
            #expect(past.status == .ok)
            let pages = try #require(past.body.components(separatedBy: "第 ").dropFirst().first?.components(separatedBy: " 页").first)
            let last = try #require(pages.split(separator: "/").last)
            #expect(past.body.contains("href=\"/powers?page=\(last)\">‹ 上一页"))
        }
    }

    /// The same numbers in every form a staff member or administrator can send, with a valid token: every numeric
    /// field the forms have (a year, a length, a capacity, days, a target, beds, a rate, a page) and a year in the
    /// path. Each is refused or done, never a server error (one more length after an extension once overflowed).
    @Test(arguments: ["leader", "admin"])
    func extremeNumbersInEveryFormAnswerWithoutAServerError(_ username: String) async throws {
        try await TestApp.withDemo(.sqlite) { app, password in
            let client = TestClient(app: app)
            try await client.login(username, password)
            // Signing out last, so that every other form is sent signed in.
            let routes = app.routes.all.filter { $0.method == .POST && $0.path.first?.description != "api" }
                .sorted { ($0.path.map(\.description) == ["logout"] ? 1 : 0) < ($1.path.map(\.description) == ["logout"] ? 1 : 0) }
            #expect(routes.count > 40)
            for number in [Int.max, Int.min] {
                let fields = ["year", "length", "capacity", "days", "target", "beds", "ratePerMille", "rate", "page", "size", "count", "amount"]
                    .map { ($0, String(number)) }
                for route in routes {
                    let path = Self.path(of: route).replacingOccurrences(of: "/2025", with: "/\(number)")
                    let response = try await client.post(path, form: fields)
                    #expect(response.status.code < 500, "POST \(path) answered \(response.status.code): \(response.body.prefix(200))")
                }
                try await client.login(username, password)
            }
        }
    }

    /// Provoked errors show a Chinese message and the request ID, never a stack trace, an SQL statement or a type name.
    @Test func provokedErrorsNeverShowInternals() async throws {
        try await TestApp.withDemo(.sqlite) { app, password in
            let client = TestClient(app: app)
            try await client.login("reviewer", password)
            var answers: [TestClient.Response] = []
            answers.append(try await client.get("/work/matters/not-a-uuid"))
            answers.append(try await client.get("/work/matters/\(UUID())"))
            answers.append(try await client.get("/work/matters?page=abc' OR 1=1 --"))
            let portalList = try await client.get("/powers?size=abc")
            #expect(portalList.body.contains("每页条数应为 1 至 100 的整数"))
            answers.append(portalList)
            answers.append(try await client.post("/work/matters", form: [("type", "no-such-type'; DROP TABLE matter; --")]))
            var headers = HTTPHeaders()
            headers.contentType = .json
            answers.append(try await client.send(.POST, "/api/v1/matters", headers: headers, body: ByteBuffer(string: "{\"type\": [")))
            answers.append(try await client.get("/work/reports/99999"))
            for answer in answers {
                #expect(answer.status.code >= 400 && answer.status.code < 500, "answered \(answer.status.code)")
                for leak in ["SELECT", "INSERT", "sqlite", "Fluent", "Swift", "Error(", ".swift", "stack", "DecodingError", "PSQLError"] {
                    #expect(!answer.body.contains(leak), "an error page shows \(leak): \(answer.body.prefix(300))")
                }
            }
            #expect(try await OrgUnitRepository(db: app.minzheng.store.database(logger: app.logger)).count() > 0)
        }
    }

    /// Bodies over a route's limit are refused before the handler sees them — on a real socket, where the body
    /// streams in (the in-memory tester hands the whole body over at once).
    @Test func bodiesOverTheLimitAreRefused() async throws {
        try await TestApp.withDemo(.sqlite) { app, password in
            let client = TestClient(app: app)
            try await client.login("reviewer", password)
            let token = try #require(client.csrfToken)
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .cookie, value: client.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
            headers.contentType = .urlEncodedForm
            let body = ByteBuffer(string: "type=studySession&title=" + String(repeating: "a", count: 2_000_000))
            // Below Linux's ephemeral range (32768–60999), where the suite's own database connections take their ports.
            let live = try app.testing(method: .running(port: Int.random(in: 20_000...32_000)))
            let response = try await live.sendRequest(.POST, "/work/matters?_csrf=\(token)", headers: headers, body: body)
            #expect(response.status == .payloadTooLarge)
            #expect(response.body.string.contains("提交的内容过大"))
            struct Row: Decodable { var n: Int }
            #expect(try await MatterRecordCount.studySessions(app) == 0)
        }
    }
}
