import Vapor

/// Security headers on every response (issue 3, item 13): a CSP without inline script, no framing, no sniffing,
/// a strict referrer policy; HSTS in production.
struct SecurityHeadersMiddleware: Middleware {
    let isProduction: Bool

    static let contentSecurityPolicy = [
        "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "font-src 'self'",
        "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
    ].joined(separator: "; ")

    static let headers = [
        ("Content-Security-Policy", contentSecurityPolicy),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "same-origin"),
        ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
    ]

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        next.respond(to: request).map { response in decorate(response) }
    }

    private func decorate(_ response: Response) -> Response {
        // Handlers never set these, so adding (not replacing, which searches the headers each time) is enough.
        for (name, value) in Self.headers { response.headers.add(name: name, value: value) }
        if isProduction {
            response.headers.replaceOrAdd(name: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains")
        }
        if response.headers.first(name: .contentType)?.hasPrefix("text/html") == true && !response.headers.contains(name: .cacheControl) {
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        }
        return response
    }
}
