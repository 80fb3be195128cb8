import Foundation
import MinzhengCore
import MinzhengPersistence
import MinzhengTestSupport
import SQLKit
@testable import MinzhengWeb
import Testing
import Vapor

/// A client of the integration API: a token, JSON in and out, no cookies.
struct APIClient {
    let app: Application
    let token: String?

    func send(_ method: HTTPMethod, _ path: String, json: String? = nil) async throws -> TestClient.Response {
        var headers = HTTPHeaders()
        if let token { headers.bearerAuthorization = BearerAuthorization(token: token) }
        if json != nil { headers.contentType = .json }
        // A fresh client each time: API calls carry no cookies.
        return try await TestClient(app: app).send(method, path, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }

    func object(_ response: TestClient.Response) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: response.data) as? [String: Any])
    }
}

@Suite struct APITests {
    /// Issues a token through the administrator's page, as an operator would; returns the secret shown once.
    static func issue(_ app: Application, password: String, name: String, role: String, unit: String, days: String = "30") async throws -> String {
        let admin = TestClient(app: app)
        try await admin.login("admin", password)
        let page = try await admin.post("/admin/tokens", form: [("name", name), ("role", role), ("unit", unit), ("days", days)])
        #expect(page.status == .created)
        return try #require(page.body.range(of: "mzt_[A-Za-z0-9_-]{43}", options: .regularExpression).map { String(page.body[$0]) })
    }

    @Test(arguments: TestDatabase.kinds)
    func aTokenIsShownOnceActsWithinItsPostIsJournaledAndStopsWhenRevokedOrExpired(_ kind: TestDatabase.Kind) async throws {
        try await TestApp.withDemo(kind) { app, password in
            let secret = try await Self.issue(app, password: password, name: "jinmin-bridge", role: "reviewer", unit: "659003-101")
            let admin = TestClient(app: app)
            try await admin.login("admin", password)
            let list = try await admin.get("/admin/tokens")
            #expect(list.body.contains("jinmin-bridge"))
            #expect(!list.body.contains(secret))
            let db = app.minzheng.store.database(logger: app.logger)
            let stored = try await APITokenRepository(db: db).all()
            #expect(stored.count == 1)
            // Only the hash is kept.
            let raw = try await (db as! any SQLDatabase).select().column("secret_hash").from("api_token").all(decoding: [String: String].self)
            #expect(raw.first?["secret_hash"] == APITokenRepository.hash(secret))

            let api = APIClient(app: app, token: secret)
            let me = try await api.send(.GET, "/api/v1/me")
            #expect(me.status == .ok)
            #expect(me.body.contains("\"role\":\"reviewer\"") && me.body.contains("659003-101"))
            let uses = try await JournalQuery(db: db).list(JournalFilter(action: "api.request"), page: Pagination())
            #expect(uses.total == 1)
            #expect(uses.items.first?.event.summary == "接口调用 GET /api/v1/me")
            // Many calls at once share journal transactions (JournalBatcher), yet each is on the record, in one chain.
            let answers = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for _ in 0..<40 { group.addTask { try await api.send(.GET, "/api/v1/me").status } }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            #expect(answers.allSatisfy { $0 == .ok })
            #expect(try await JournalQuery(db: db).list(JournalFilter(action: "api.request"), page: Pagination()).total == 41)
            guard case .intact = try await JournalVerifier(db: db).verify() else { Issue.record("the journal does not verify"); return }
            #expect(try await APITokenRepository(db: db).all().first?.lastUsedAt != nil)
            // A token is not an administrator, whatever it asks.
            #expect(try await api.send(.GET, "/api/v1/reports/2025").status == .forbidden)

            // Refused: unknown, with a cookie, revoked, expired.
            let bad = try await APIClient(app: app, token: "mzt_" + String(repeating: "A", count: 43)).send(.GET, "/api/v1/me")
            #expect(bad.status == .unauthorized)
            #expect(try api.object(bad)["error"].flatMap { $0 as? [String: Any] }?["message"] as? String == "接口令牌无效。")
            var headers = HTTPHeaders()
            headers.bearerAuthorization = BearerAuthorization(token: secret)
            headers.replaceOrAdd(name: .cookie, value: "minzheng-csrf=x")
            #expect(try await TestClient(app: app).send(.GET, "/api/v1/me", headers: headers, body: nil).status == .badRequest)
            let id = try #require(stored.first?.id)
            #expect(try await admin.post("/admin/tokens/\(id)/revoke", form: []).status == .seeOther)
            let revoked = try await api.send(.GET, "/api/v1/me")
            #expect(revoked.status == .unauthorized)
            #expect(revoked.body.contains("已被吊销"))
            let short = try await Self.issue(app, password: password, name: "short-lived", role: "reviewer", unit: "659003", days: "1")
            try await (db as! any SQLDatabase).update("api_token").set("expires_at", to: SQLBind(Date().addingTimeInterval(-1))).where("name", .equal, "short-lived").run()
            #expect(try await APIClient(app: app, token: short).send(.GET, "/api/v1/me").body.contains("已过期"))
            // Only the system administrator issues tokens; an administrator's post cannot be put in one.
            let leader = TestClient(app: app)
            try await leader.login("leader", password)
            #expect(try await leader.post("/admin/tokens", form: [("name", "x-sys"), ("role", "reviewer"), ("unit", "659003"), ("days", "30")]).status == .forbidden)
            let refused = try await admin.post("/admin/tokens", form: [("name", "root-token"), ("role", "systemAdministrator"), ("unit", "659003"), ("days", "30")])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains("不能授予管理员"))
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func anActRefusedOnThePageIsRefusedInTheAPIWithTheSameReason(_ kind: TestDatabase.Kind) async throws {
        try await TestApp.withDemo(kind) { app, password in
            let secret = try await Self.issue(app, password: password, name: "publicity-feed", role: "reviewer", unit: "659003")
            let api = APIClient(app: app, token: secret)
            let created = try await api.send(.POST, "/api/v1/matters", json: """
            {"type":"publicityActivity","unit":"659003","title":"民法典宣传月","fields":{"theme":"民法典宣传月","laws":"民法典","plannedOn":"2025-05-20","place":"广场","audienceKind":"社区居民"}}
            """)
            #expect(created.status == .created)
            let id = try #require(try api.object(created)["id"] as? String)
            #expect(created.location == "/api/v1/matters/\(id)")
            let acts = try await api.send(.GET, "/api/v1/matters/\(id)/acts")
            #expect(acts.body.contains("\"transition\":\"recordHeld\""))
            // Recording the activity without its photos fails the same check on the page and in the API.
            let input = "{\"input\":{\"heldOn\":\"2025-05-20\",\"audienceSize\":\"50\",\"summary\":\"发放资料。\"}}"
            let apiRefusal = try await api.send(.POST, "/api/v1/matters/\(id)/acts/recordHeld", json: input)
            #expect(apiRefusal.status == .conflict)
            let error = try #require(try api.object(apiRefusal)["error"] as? [String: Any])
            let message = try #require(error["message"] as? String)
            let details = try #require(error["details"] as? [String: String])
            #expect(details.keys.contains { $0.hasPrefix("check.") })
            let reviewer = TestClient(app: app)
            try await reviewer.login("reviewer", password)
            let page = try await reviewer.post("/work/matters/\(id)/acts/recordHeld", form: [("heldOn", "2025-05-20"), ("audienceSize", "50"), ("summary", "发放资料。")])
            #expect(page.status == .conflict)
            for reason in details.filter({ $0.key.hasPrefix("check.") }).values {
                #expect(page.body.contains(reason.replacingOccurrences(of: "\"", with: "&quot;")), "the page does not give the reason 「\(reason)」")
            }
            #expect(!message.isEmpty)
            // Nothing changed.
            #expect(try api.object(try await api.send(.GET, "/api/v1/matters/\(id)"))["state"] as? String == "planned")
            // A type opened by its own page, and an unknown channel, are refused with the reason.
            let report = try await api.send(.POST, "/api/v1/matters", json: "{\"type\":\"annualReport\",\"unit\":\"659003\",\"title\":\"年度报告\"}")
            #expect(report.status == .unprocessableEntity && report.body.contains("不在此登记"))
            let channel = try await api.send(.POST, "/api/v1/matters", json: "{\"type\":\"studySession\",\"unit\":\"659003\",\"title\":\"学法\",\"channel\":\"fax\"}")
            #expect(channel.status == .unprocessableEntity && channel.body.contains("窗口受理"))
            // Bad input: 400 for broken JSON, 422 with the field for a bad value, 404 for an unknown unit.
            #expect(try await api.send(.POST, "/api/v1/matters", json: "{\"type\":").status == .badRequest)
            let invalid = try await api.send(.POST, "/api/v1/matters", json: "{\"type\":\"publicityActivity\",\"unit\":\"659003\",\"title\":\"宣传\",\"fields\":{\"theme\":\"x\",\"plannedOn\":\"不是日期\"}}")
            #expect(invalid.status == .unprocessableEntity)
            #expect(try await api.send(.POST, "/api/v1/matters", json: "{\"type\":\"publicityActivity\",\"unit\":\"000000\",\"title\":\"宣传\"}").status == .notFound)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aRetriedSubmissionWithItsKeyCreatesNothingTwice(_ kind: TestDatabase.Kind) async throws {
        try await TestApp.withDemo(kind) { app, password in
            let secret = try await Self.issue(app, password: password, name: "retry", role: "reviewer", unit: "659003")
            let other = try await Self.issue(app, password: password, name: "other", role: "reviewer", unit: "659003")
            let body = "{\"type\":\"studySession\",\"unit\":\"659003\",\"title\":\"学法\",\"fields\":{\"kind\":\"局务会专题学法\",\"topic\":\"民法典\",\"materials\":\"民法典\",\"plannedOn\":\"2025-06-01\"}}"
            func post(_ token: String, key: String) async throws -> TestClient.Response {
                var headers = HTTPHeaders()
                headers.bearerAuthorization = BearerAuthorization(token: token)
                headers.contentType = .json
                headers.replaceOrAdd(name: "Idempotency-Key", value: key)
                return try await TestClient(app: app).send(.POST, "/api/v1/matters", headers: headers, body: ByteBuffer(string: body))
            }
            let key = UUID().uuidString
            let first = try await post(secret, key: key)
            let again = try await post(secret, key: key)
            #expect(first.status == .created && again.status == .created)
            #expect(first.location == again.location)
            #expect(try await post(other, key: key).status == .unprocessableEntity)
            #expect(try await post(secret, key: "short").status == .unprocessableEntity)
            let count = try await MatterRecordCount.studySessions(app)
            #expect(count == 1)
            // The staff form carries a key too: submitting the same form twice registers one matter.
            let reviewer = TestClient(app: app)
            try await reviewer.login("reviewer", password)
            let form = try await reviewer.get("/work/matters/new?type=studySession")
            let formKey = try #require(form.body.range(of: "name=\"_idem\" value=\"[^\"]+\"", options: .regularExpression)
                .map { String(form.body[$0]).components(separatedBy: "value=\"")[1].dropLast() }).description
            let unit = try #require(try await OrgUnitRepository(db: app.minzheng.store.database(logger: app.logger)).find(code: "659003"))
            let fields = [("type", "studySession"), ("orgUnitID", unit.id.description), ("title", "学法"), ("kind", "局务会专题学法"), ("topic", "民法典"),
                          ("materials", "民法典"), ("plannedOn", "2025-06-02"), ("_idem", formKey)]
            let one = try await reviewer.post("/work/matters", form: fields)
            let two = try await reviewer.post("/work/matters", form: fields)
            #expect(one.location == two.location)
            #expect(try await MatterRecordCount.studySessions(app) == 2)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aTokenSeesOnlyItsUnitsMatters(_ kind: TestDatabase.Kind) async throws {
        try await TestApp.with(kind) { app in
            let summary = try await Fixtures.demo(app.minzheng.store, casework: true).load(logger: app.logger)
            let password = summary.password ?? ""
            let huyang = try await Self.issue(app, password: password, name: "huyang", role: "intakeClerk", unit: "659003-102")
            let hongliu = try await Self.issue(app, password: password, name: "hongliu", role: "intakeClerk", unit: "659003-101")
            let mine = try await APIClient(app: app, token: hongliu).send(.GET, "/api/v1/matters?type=minimumLivingAllowance&size=100")
            let page = try APIClient(app: app, token: hongliu).object(mine)
            let items = try #require(page["items"] as? [[String: Any]])
            #expect(!items.isEmpty)
            #expect(items.allSatisfy { ($0["unit"] as? String)?.hasPrefix("红柳团镇") == true })
            let id = try #require(items.first?["id"] as? String)
            let other = APIClient(app: app, token: huyang)
            #expect(try await other.send(.GET, "/api/v1/matters/\(id)").status == .forbidden)
            #expect(try await other.send(.GET, "/api/v1/matters?type=minimumLivingAllowance").body.contains("\"total\":0"))
            // Personal data is masked in the API as on the page.
            let detail = try await APIClient(app: app, token: hongliu).send(.GET, "/api/v1/matters/\(id)")
            #expect(detail.body.range(of: "[1-9][0-9]{16}[0-9X]", options: .regularExpression) == nil)
        }
    }

    /// The document and the router agree: every route under /api is documented, every documented route exists, and
    /// each answers with a documented status.
    @Test func theOpenAPIDocumentDescribesExactlyTheRoutesAndTheirStatuses() async throws {
        try await TestApp.withDemo(.sqlite) { app, password in
            let registered = Set(app.routes.all.filter { $0.path.first?.description == "api" }
                .map { "\($0.method.rawValue) /" + $0.path.map(\.description).joined(separator: "/") })
            let documented = Set(APIDocument.routes.map { "\($0.method) \($0.vaporPath)" })
            #expect(registered == documented)
            let document = try await TestClient(app: app).get("/api/openapi.json")
            let json = try #require(try JSONSerialization.jsonObject(with: document.data) as? [String: Any])
            #expect(json["openapi"] as? String == "3.1.0")
            let paths = try #require(json["paths"] as? [String: [String: Any]])
            #expect(paths.count == Set(APIDocument.routes.map(\.path)).count)
            // The registry's identifiers are the only documented values of a new matter's type and of an act, so a
            // generator (schemathesis) reaches the checks instead of the 404 for an unknown one.
            let schemas = try #require((json["components"] as? [String: Any])?["schemas"] as? [String: Any])
            let newMatter = try #require((schemas["NewMatter"] as? [String: Any])?["properties"] as? [String: [String: Any]])
            #expect(newMatter["type"]?["enum"] as? [String] == MatterTypeRegistry.standard.types.map(\.id.rawValue).sorted())
            let act = try #require(paths["/api/v1/matters/{id}/acts/{transition}"]?["post"] as? [String: Any])
            let parameters = try #require(act["parameters"] as? [[String: Any]])
            let transition = try #require(parameters.first { $0["name"] as? String == "transition" }?["schema"] as? [String: Any])
            #expect((transition["enum"] as? [String])?.contains("cancel") == true)
            #expect(parameters.first { $0["name"] as? String == "id" }.flatMap { $0["schema"] as? [String: Any] }?["format"] as? String == "uuid")

            let secret = try await Self.issue(app, password: password, name: "smoke", role: "reviewer", unit: "659003")
            let api = APIClient(app: app, token: secret)
            let created = try await api.send(.POST, "/api/v1/matters", json: """
            {"type":"publicityActivity","unit":"659003","title":"七夕宣传","fields":{"theme":"七夕","laws":"婚姻登记条例","plannedOn":"2025-08-29","place":"广场","audienceKind":"社区居民"}}
            """)
            let id = try #require(try api.object(created)["id"] as? String)
            let code = try #require((try api.object(try await api.send(.GET, "/api/v1/power-items"))["items"] as? [[String: Any]])?.first?["code"] as? String)
            for route in APIDocument.routes {
                let path = route.path.replacingOccurrences(of: "{id}", with: id).replacingOccurrences(of: "{transition}", with: "cancel")
                    .replacingOccurrences(of: "{code}", with: code).replacingOccurrences(of: "{year}", with: "2025")
                let body = route.requestBody == "ActInput" ? "{\"input\":{\"reasons\":\"天气原因取消。\"}}"
                    : route.requestBody == "NewMatter" ? "{\"type\":\"studySession\",\"unit\":\"659003\",\"title\":\"学法\",\"fields\":{\"kind\":\"局务会专题学法\",\"topic\":\"民法典\",\"materials\":\"民法典\",\"plannedOn\":\"2025-06-01\"}}" : nil
                let answer = try await api.send(HTTPMethod(rawValue: route.method), path, json: body)
                #expect(route.documentedStatuses.contains(Int(answer.status.code)), "\(route.method) \(path) answered \(answer.status.code): \(answer.body.prefix(200))")
                if answer.status.code >= 400 {
                    #expect((try api.object(answer)["error"] as? [String: Any])?["code"] != nil)
                }
                if route.requiresAuth {
                    let anonymous = try await APIClient(app: app, token: nil).send(HTTPMethod(rawValue: route.method), path, json: body)
                    #expect(anonymous.status == .unauthorized || (route.method == "POST" && anonymous.status == .forbidden),
                            "\(route.method) \(path) without a token answered \(anonymous.status.code)")
                }
            }
            // What schemathesis found answered but undocumented: a malformed page number, a body that is not JSON.
            let routes = Dictionary(uniqueKeysWithValues: APIDocument.routes.map { ("\($0.method) \($0.path)", $0) })
            let malformed = try await api.send(.GET, "/api/v1/matters?page=null")
            #expect(malformed.status == .badRequest)
            #expect(routes["GET /api/v1/matters"]?.documentedStatuses.contains(400) == true)
            let badSize = try await api.send(.GET, "/api/v1/organizations?size=x")
            #expect(badSize.status == .badRequest)
            #expect(badSize.body.contains("每页条数应为 1 至 100 的整数"))
            let fifty = try api.object(try await api.send(.GET, "/api/v1/organizations?size=50"))
            #expect(fifty["size"] as? Int == 50)
            let unknownType = try await api.send(.POST, "/api/v1/matters", json: #"{"type":"noSuchType","unit":"659003","title":"学法"}"#)
            #expect(routes["POST /api/v1/matters"]?.documentedStatuses.contains(Int(unknownType.status.code)) == true, "\(unknownType.status)")
            let shortTitle = try await api.send(.POST, "/api/v1/matters", json: #"{"type":"studySession","unit":"659003","title":" 学 "}"#)
            #expect(shortTitle.status == .unprocessableEntity && shortTitle.body.contains("标题为 2 至 100 个字"))
            let noUnit = try await api.send(.POST, "/api/v1/matters", json: #"{"type":"studySession","unit":"","title":"学法"}"#)
            #expect(noUnit.status == .unprocessableEntity && noUnit.body.contains("请填写受理单位代码"))
            let noBody = try await api.send(.POST, "/api/v1/matters", json: nil)
            #expect(noBody.status == .unsupportedMediaType)
            #expect(routes["POST /api/v1/matters"]?.documentedStatuses.contains(415) == true)
            // Unknown paths under /api answer in the error shape too.
            let missing = try await api.send(.GET, "/api/v1/nothing-here")
            #expect(missing.status == .notFound)
            #expect((try api.object(missing)["error"] as? [String: Any])?["message"] as? String != nil)
        }
    }
}

enum MatterRecordCount {
    static func studySessions(_ app: Application) async throws -> Int {
        struct Row: Decodable { var n: Int }
        return try await (app.minzheng.store.database(logger: app.logger) as! any SQLDatabase).select()
            .column(SQLFunction("count", args: SQLLiteral.all), as: "n").from("matter").where("type_id", .equal, "studySession")
            .first(decoding: Row.self)?.n ?? 0
    }
}
