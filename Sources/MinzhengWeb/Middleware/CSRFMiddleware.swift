import Foundation
import Vapor

/// Refuses every state-changing request that does not prove it came from one of our own pages (issue 3, item 13).
///
/// * A random token lives in an HttpOnly cookie (`__Host-`-prefixed in production); every form carries the same
///   token in `_csrf` (or, for file uploads, in the action's query; for scripts, the `X-CSRF-Token` header).
/// * A request whose `Sec-Fetch-Site` says `cross-site`/`same-site`, or whose `Origin` is not ours, is refused even
///   with a token.
/// * Requests authenticated by an API token (`Authorization: Bearer`) carry no cookies and are exempt.
struct CSRFMiddleware: Middleware {
    let isSecure: Bool
    /// How much of a urlencoded body is read to find the token.
    static let maximumFormBytes = 1 << 20

    var cookieName: String { isSecure ? "__Host-minzheng-csrf" : "minzheng-csrf" }

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        let existing = request.cookies[cookieName]?.string
        // A visitor without a token gets one when a page first asks for it (`Request.csrfToken`, for its forms) — a
        // page with no form, such as the portal's, sets no cookie.
        if let existing, existing.count == 43 { request.storage[CSRFTokenKey.self] = existing }
        let respond = {
            next.respond(to: request).map { response in
                if let value = request.storage[CSRFTokenKey.self], value != existing || request.storage[CSRFRotateKey.self] == true {
                    response.cookies[cookieName] = HTTPCookies.Value(
                        string: value, expires: nil, maxAge: nil, domain: nil, path: "/", isSecure: isSecure, isHTTPOnly: true,
                        sameSite: .lax)
                }
                return response
            }
        }
        guard Self.isStateChanging(request.method) && !Self.usesBearerToken(request) else { return respond() }
        // Reading the form to find the token may wait for the body.
        return request.eventLoop.makeFutureWithTask { try await verify(request, cookieToken: existing) }.flatMap { respond() }
    }

    static func isStateChanging(_ method: HTTPMethod) -> Bool {
        ![.GET, .HEAD, .OPTIONS].contains(method)
    }

    static func usesBearerToken(_ request: Request) -> Bool {
        request.headers.bearerAuthorization != nil && request.cookies.all.isEmpty
    }

    private func verify(_ request: Request, cookieToken: String?) async throws {
        if let site = request.headers.first(name: "Sec-Fetch-Site"), !["same-origin", "none"].contains(site) {
            throw CSRFRefusal(cause: "跨站提交")
        }
        if let origin = request.headers.first(name: .origin), origin != "null" {
            guard let host = request.headers.first(name: .host), let originHost = URLComponents(string: origin)?.host,
                  hostWithoutPort(host) == originHost
            else { throw CSRFRefusal(cause: "来源不符") }
        }
        guard let cookieToken, !cookieToken.isEmpty else { throw CSRFRefusal(cause: "缺少令牌") }
        var submitted = request.headers.first(name: "X-CSRF-Token") ?? (try? request.query.get(String.self, at: "_csrf"))
        if submitted == nil, request.headers.contentType == .urlEncodedForm {
            submitted = try await request.body.collect(max: Self.maximumFormBytes).get().flatMap { Self.formValue("_csrf", in: $0) }
        }
        guard let submitted, Self.constantTimeEqual(submitted, cookieToken) else { throw CSRFRefusal(cause: "令牌不符") }
    }

    /// The first value of the field `name` in a URL-encoded form body, decoded as a browser encodes it (`+` for a
    /// space, `%XX` for a byte). Only the token is looked for: decoding the whole form here, as the handler decodes it
    /// again, cost a registration about 3% of its CPU (`perf`, bench/results.md).
    static func formValue(_ name: String, in body: ByteBuffer) -> String? {
        func decoded(_ bytes: some Sequence<UInt8>) -> String? {
            String(decoding: bytes.map { $0 == UInt8(ascii: "+") ? UInt8(ascii: " ") : $0 }, as: UTF8.self).removingPercentEncoding
        }
        for pair in body.readableBytesView.split(separator: UInt8(ascii: "&")) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            guard decoded(parts[0]) == name else { continue }
            return parts.count > 1 ? decoded(parts[1]) : ""
        }
        return nil
    }

    private func hostWithoutPort(_ host: String) -> String {
        if host.hasPrefix("[") { return String(host.prefix { $0 != "]" }.dropFirst()) }
        return String(host.split(separator: ":").first ?? "")
    }

    private static let base64URL = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// 32 random bytes as unpadded base64url (43 characters), written directly: a first visit gets one on every
    /// page, and Foundation's `replacingOccurrences` made it a tenth of a page's cost.
    static func makeToken() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(33)
        for _ in 0..<4 { withUnsafeBytes(of: generator.next() as UInt64) { bytes.append(contentsOf: $0) } }
        bytes.append(0)  // padding for the last group; its characters beyond the 43rd are dropped
        var out: [UInt8] = []
        out.reserveCapacity(44)
        for group in stride(from: 0, to: 33, by: 3) {
            let value = UInt32(bytes[group]) << 16 | UInt32(bytes[group + 1]) << 8 | UInt32(bytes[group + 2])
            for shift in [18, 12, 6, 0] { out.append(base64URL[Int(value >> UInt32(shift) & 0x3F)]) }
        }
        return String(decoding: out.prefix(43), as: UTF8.self)
    }

    static func constantTimeEqual(_ lhs: String, _ rhs: String) -> Bool {
        let a = Array(lhs.utf8), b = Array(rhs.utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}

/// A refused state-changing request: 403, with a Chinese message that tells the person what to do.
struct CSRFRefusal: AbortError {
    /// What failed: 跨站提交, 来源不符, 缺少令牌, 令牌不符.
    let cause: String
    var status: HTTPResponseStatus { .forbidden }
    var identifier: String { "csrf.refused" }
    var reason: String { "页面已过期或请求来源无法确认（\(cause)），请返回上一页刷新后重新提交。" }
}

struct CSRFTokenKey: StorageKey {
    typealias Value = String
}

/// Set when a login or logout asks for a fresh token.
struct CSRFRotateKey: StorageKey {
    typealias Value = Bool
}

extension Request {
    /// The token every form of the page must carry as `_csrf`: the visitor's, or a new one that the response sets.
    var csrfToken: String {
        if let token = storage[CSRFTokenKey.self] { return token }
        let token = CSRFMiddleware.makeToken()
        storage[CSRFTokenKey.self] = token
        return token
    }

    /// Issues a fresh CSRF token with this response (at login and logout).
    func rotateCSRFToken() {
        storage[CSRFTokenKey.self] = CSRFMiddleware.makeToken()
        storage[CSRFRotateKey.self] = true
    }
}
