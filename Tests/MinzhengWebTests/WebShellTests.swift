import Foundation
@testable import MinzhengWeb
import MinzhengTestSupport
import Testing
import Vapor

@Suite struct WebShellTests {
    static func title(_ html: String) -> String? {
        guard let start = html.range(of: "<title>"), let end = html.range(of: "</title>") else { return nil }
        return String(html[start.upperBound..<end.lowerBound])
    }

    @Test(arguments: TestDatabase.kinds)
    func portalHomeIsChineseAndNamesTheBureau(_ kind: TestDatabase.Kind) async throws {
        try await TestApp.with(kind) { app in
            let page = try await TestClient(app: app).get("/")
            #expect(page.status == .ok)
            #expect(Self.title(page.body) == "首页 · 法治民政")
            #expect(page.body.contains("第三师图木舒克市民政局"))
            #expect(page.body.contains("lang=\"zh-CN\""))
        }
    }

    @Test func unknownPageIsAChinese404() async throws {
        try await TestApp.with(.sqlite) { app in
            let page = try await TestClient(app: app).get("/no/such/page")
            #expect(page.status == .notFound)
            #expect(Self.title(page.body) == "页面不存在 · 法治民政")
            #expect(page.body.contains("请求编号"))
        }
    }

    @Test func apiErrorsUseTheJSONShape() async throws {
        try await TestApp.with(.sqlite) { app in
            let response = try await TestClient(app: app).get("/api/v1/nothing-here")
            #expect(response.status == .notFound)
            struct Body: Decodable { struct Detail: Decodable { var code: String; var message: String }; var error: Detail }
            let body = try JSONDecoder().decode(Body.self, from: Data(response.body.utf8))
            #expect(body.error.code == "not.found")
            #expect(body.error.message.contains("不存在"))
        }
    }

    @Test func everyResponseCarriesTheSecurityHeaders() async throws {
        try await TestApp.with(.sqlite) { app in
            let page = try await TestClient(app: app).get("/")
            let csp = try #require(page.headers.first(name: "Content-Security-Policy"))
            #expect(csp.contains("script-src 'self'"))
            #expect(!csp.contains("unsafe-inline"))
            #expect(csp.contains("frame-ancestors 'none'"))
            #expect(page.headers.first(name: "X-Content-Type-Options") == "nosniff")
            #expect(page.headers.first(name: "Referrer-Policy") == "same-origin")
            #expect(page.headers.first(name: "X-Request-ID") != nil)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func healthzReportsTheDatabase(_ kind: TestDatabase.Kind) async throws {
        try await TestApp.with(kind) { app in
            let response = try await TestClient(app: app).get("/healthz")
            #expect(response.status == .ok)
            #expect(response.body.contains("\"status\":\"ok\""))
            #expect(response.body.contains(kind.rawValue))
        }
    }

    @Test func metricsAreInPrometheusFormat() async throws {
        try await TestApp.with(.sqlite) { app in
            let client = TestClient(app: app)
            try await client.get("/")
            let metrics = try await client.get("/metrics")
            #expect(metrics.headers.first(name: .contentType)?.hasPrefix("text/plain") == true)
            #expect(metrics.body.contains("minzheng_http_requests_total{"))
            #expect(metrics.body.contains("route=\"/\""))
        }
    }

    @Test func stylesheetIsServedFromThisSite() async throws {
        try await TestApp.with(.sqlite) { app in
            let css = try await TestClient(app: app).get("/css/site.css")
            #expect(css.status == .ok)
            #expect(css.body.contains("@media print"))
            #expect(!css.body.contains("http://") && !css.body.contains("https://"))
        }
    }

    @Test func aPostWithoutTheCSRFTokenIsRefused() async throws {
        try await TestApp.with(.sqlite) { app in
            let client = TestClient(app: app)
            try await client.get("/")
            let refused = try await client.post("/tools/deadline", form: [("from", "2025-01-01")], csrf: false)
            #expect(refused.status == .forbidden)
            #expect(refused.body.contains("请返回上一页刷新后重新提交"))
        }
    }

    /// The token is read from a form body as the form decoder would read it: `+` and `%XX` decoded, the first field
    /// of the name, an empty or missing field told apart, a `=` inside a value kept.
    @Test func theFormTokenIsReadAsTheFormDecoderReadsIt() {
        func value(_ body: String) -> String? { CSRFMiddleware.formValue("_csrf", in: ByteBuffer(string: body)) }
        #expect(value("type=x&_csrf=abc-DEF_123&title=y") == "abc-DEF_123")
        #expect(value("_csrf=a%2Bb+c%3D") == "a+b c=")
        #expect(value("%5Fcsrf=encoded-name") == "encoded-name")
        #expect(value("_csrf=first&_csrf=second") == "first")
        #expect(value("_csrf=a=b") == "a=b")
        #expect(value("_csrf=&x=1") == "")
        #expect(value("_csrf") == "")
        #expect(value("x_csrf=no&_csrfx=no") == nil)
        #expect(value("") == nil)
        #expect(value("_csrf=%E4%BB%A4") == "令")
    }

    /// A visitor's token is issued with the first page that has a form; the cached portal page sets none, and a
    /// returning visitor keeps theirs.
    @Test func theCSRFTokenComesWithTheFirstPageThatHasAForm() async throws {
        try await TestApp.with(.sqlite) { app in
            let first = TestClient(app: app)
            try await first.get("/")  // renders and caches the portal page
            let visitor = TestClient(app: app)
            let portal = try await visitor.get("/")
            #expect(portal.status == .ok)
            #expect(portal.headers[.setCookie].isEmpty)
            #expect(visitor.csrfToken == nil)
            let refused = try await visitor.post("/tools/deadline", form: [("from", "2025-01-01"), ("_csrf", "")])
            #expect(refused.status == .forbidden)
            let login = try await visitor.get("/login")
            let token = try #require(visitor.csrfToken)
            #expect(token.count == 43)
            #expect(login.body.contains("value=\"\(token)\""))
            let again = try await visitor.get("/login")
            #expect(again.headers[.setCookie].isEmpty)
            #expect(again.body.contains("value=\"\(token)\""))
            let accepted = try await visitor.post("/tools/deadline", form: [("from", "2025-01-01")])
            #expect(accepted.status != .forbidden)
        }
    }

    @Test func aPostFromAnotherSiteIsRefusedEvenWithTheToken() async throws {
        try await TestApp.with(.sqlite) { app in
            let client = TestClient(app: app)
            try await client.fetchCSRFToken()
            #expect(client.csrfToken != nil)
            var headers = HTTPHeaders()
            headers.add(name: "Sec-Fetch-Site", value: "cross-site")
            let refused = try await client.post("/anything", form: [], headers: headers)
            #expect(refused.status == .forbidden)
            var origin = HTTPHeaders()
            origin.add(name: .origin, value: "https://evil.example")
            origin.add(name: .host, value: "127.0.0.1:8080")
            #expect(try await client.post("/anything", form: [], headers: origin).status == .forbidden)
        }
    }
}
