import Foundation
import Vapor

/// A one-time message carried across a redirect in a short-lived cookie, so that showing "已保存" writes nothing
/// to the database. It never holds personal data.
extension Request {
    static let flashCookieName = "minzheng-flash"

    /// Reads and clears the flash message of the previous response.
    func takeFlash() -> String? {
        guard let value = cookies[Self.flashCookieName]?.string, !value.isEmpty else { return nil }
        storage[FlashClearKey.self] = true
        return value.removingPercentEncoding
    }

    /// Whether a flash message waits to be shown (without taking it).
    var hasFlash: Bool { !(cookies[Self.flashCookieName]?.string ?? "").isEmpty }

    /// A redirect that shows `message` on the next page.
    func redirect(to location: String, flash message: String) -> Response {
        let response = redirect(to: location, redirectType: .normal)
        response.cookies[Self.flashCookieName] = HTTPCookies.Value(
            string: message.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "", maxAge: 60, path: "/",
            isSecure: false, isHTTPOnly: true, sameSite: .lax)
        return response
    }
}

struct FlashClearKey: StorageKey {
    typealias Value = Bool
}

/// Expires the flash cookie once a page has shown it.
struct FlashMiddleware: Middleware {
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        next.respond(to: request).map { response in
            if request.storage[FlashClearKey.self] == true, response.cookies[Request.flashCookieName] == nil {
                response.cookies[Request.flashCookieName] = HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/",
                                                                              isHTTPOnly: true, sameSite: .lax)
            }
            return response
        }
    }
}
