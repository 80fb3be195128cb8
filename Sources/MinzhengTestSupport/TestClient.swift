import Foundation
import MinzhengCore
import NIOCore
import NIOHTTP1
import Vapor
import VaporTesting

/// A small browser for tests: it keeps cookies, and fills in the CSRF token of state-changing forms the way the
/// site's own pages do.
public final class TestClient: @unchecked Sendable {
    public let app: Application
    public private(set) var cookies: [String: String] = [:]

    public init(app: Application) {
        self.app = app
    }

    public struct Response: Sendable {
        public var status: HTTPResponseStatus
        public var headers: HTTPHeaders
        public var body: String
        /// The body's bytes (downloads: ZIP, JSON).
        public var data: Data = Data()

        public var location: String? { headers.first(name: .location) }
    }

    public var csrfToken: String? { cookies["minzheng-csrf"] ?? cookies["__Host-minzheng-csrf"] }

    @discardableResult
    public func get(_ path: String, headers: HTTPHeaders = [:]) async throws -> Response {
        try await send(.GET, path, headers: headers, body: nil)
    }

    /// Posts a urlencoded form. The CSRF token is added unless `csrf` is false or a `_csrf` field is given.
    @discardableResult
    public func post(_ path: String, form: [(String, String)] = [], csrf: Bool = true, headers: HTTPHeaders = [:]) async throws -> Response {
        var fields = form
        if csrf, !fields.contains(where: { $0.0 == "_csrf" }) {
            if csrfToken == nil { try await fetchCSRFToken() }
            fields.append(("_csrf", csrfToken ?? ""))
        }
        var headers = headers
        headers.contentType = .urlEncodedForm
        let body = fields.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        return try await send(.POST, path, headers: headers, body: ByteBuffer(string: body))
    }

    @discardableResult
    public func send(_ method: HTTPMethod, _ path: String, headers: HTTPHeaders = [:], body: ByteBuffer?) async throws -> Response {
        var headers = headers
        if !cookies.isEmpty, headers.first(name: .cookie) == nil {
            headers.replaceOrAdd(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        }
        let response = try await app.testing().sendRequest(method, path, headers: headers, body: body)
        for header in response.headers[.setCookie] {
            let pair = header.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count >= 1 else { continue }
            let name = parts[0].trimmingCharacters(in: .whitespaces)
            let value = parts.count == 2 ? parts[1] : ""
            if value.isEmpty || header.lowercased().contains("max-age=0") {
                cookies[name] = nil
            } else {
                cookies[name] = value
            }
        }
        return Response(status: response.status, headers: response.headers, body: response.body.string, data: Data(buffer: response.body))
    }

    public func setCookie(_ name: String, _ value: String?) {
        cookies[name] = value
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

extension TestClient {
    /// Signs in through the login form; returns the response (a redirect on success).
    @discardableResult
    public func login(_ identifier: String, _ password: String) async throws -> Response {
        try await get("/login")
        return try await post("/login", form: [("identifier", identifier), ("password", password)])
    }
}

extension TestApp {
    /// Runs `body` against an application loaded with the demo dataset; passes the demo password.
    public static func withDemo<T>(
        _ kind: TestDatabase.Kind, environment: [String: String] = [:], registry: MatterTypeRegistry = .standard,
        _ body: (Application, String) async throws -> T
    ) async throws -> T {
        try await with(kind, environment: environment, registry: registry) { app in
            let summary = try await Fixtures.demo(app.minzheng.store).load(logger: app.logger)
            return try await body(app, summary.password ?? "")
        }
    }
}

extension TestClient {
    /// Opens a page with a form, as a browser would before submitting one: the site issues a visitor's CSRF token
    /// with the first page that asks for it (the portal's home page, cached for visitors, has no form).
    public func fetchCSRFToken() async throws {
        try await get("/")
        if csrfToken == nil { try await get("/login") }
    }

    /// Posts one file as `multipart/form-data`, with the CSRF token in the query as the site's upload forms do.
    @discardableResult
    public func upload(_ path: String, field: String = "file", filename: String, contentType: String = "text/csv",
                       data: Data, fields: [(String, String)] = []) async throws -> Response {
        if csrfToken == nil { try await fetchCSRFToken() }
        let boundary = "minzheng-test-\(UUID().uuidString)"
        var body = Data()
        for (name, value) in fields {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8))
        }
        body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(field)\"; filename=\"\(filename)\"\r\nContent-Type: \(contentType)\r\n\r\n".utf8))
        body.append(data)
        body.append(Data("\r\n--\(boundary)--\r\n".utf8))
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        let separator = path.contains("?") ? "&" : "?"
        return try await send(.POST, path + separator + "_csrf=" + TestClient.encode(csrfToken ?? ""), headers: headers,
                              body: ByteBuffer(data: body))
    }
}
