import MinzhengCore
import MinzhengPersistence
import Vapor

/// A refusal by access control: 403 with the Chinese reason. The refusal is journaled before it is thrown.
struct AccessDenied: AbortError {
    let reason: String
    var status: HTTPResponseStatus { .forbidden }
}

/// No signed-in person where one is needed: pages redirect to the login form, the API answers 401.
struct LoginRequired: AbortError {
    var status: HTTPResponseStatus { .unauthorized }
    var reason: String { "请先登录。" }
}

extension Request {
    /// The signed-in person, or 401.
    func requireUser() throws -> CurrentUser {
        guard let user = currentUser else { throw LoginRequired() }
        return user
    }

    /// Asks the permission table; a refusal is journaled and thrown as a 403 with the reason. Returns the role the
    /// person acts in.
    @discardableResult
    func authorize(_ action: Action, on target: AccessTarget = .system, objectType: String = "system",
                   objectID: String? = nil) async throws -> Role {
        let user = try requireUser()
        switch AccessPolicy.decide(user.principal, action, on: target, table: minzheng.permissions) {
        case .allowed(let role):
            return role
        case .denied(let reason):
            try await write { db in
                try await Journal(db: db).append(
                    JournalEvent(action: "access.refused", objectType: objectType, objectID: objectID,
                                 summary: "拒绝访问：\(action.title)", outcome: .failure, details: ["action": action.rawValue]),
                    context: self.journalContext())
            }
            throw AccessDenied(reason: reason)
        }
    }

    func isAllowed(_ action: Action, on target: AccessTarget = .system) -> Bool {
        guard let user = currentUser else { return false }
        return AccessPolicy.decide(user.principal, action, on: target, table: minzheng.permissions).isAllowed
    }
}

/// Guards an area (`/my`, `/work`, `/admin`): without a signed-in person, a page request goes to the login form and
/// comes back afterwards.
struct RequireLoginMiddleware: Middleware {
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        if request.currentUser != nil { return next.respond(to: request) }
        if request.pendingOrCurrentUser?.isSecondFactorPending == true {
            return request.eventLoop.makeSucceededFuture(request.redirect(to: "/login/second-factor"))
        }
        if request.url.path.hasPrefix("/api/") || request.method != .GET { return request.eventLoop.makeFailedFuture(LoginRequired()) }
        let path = request.url.path + (request.url.query.map { "?" + $0 } ?? "")
        let timedOut = request.storage[SessionTimedOutKey.self] == true
        let query = "next=\(path.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/")\(timedOut ? "&timeout=1" : "")"
        return request.eventLoop.makeSucceededFuture(request.redirect(to: "/login?\(query)"))
    }
}

/// A local path to return to after login; anything else goes home.
enum ReturnPath {
    static func sanitize(_ path: String?) -> String? {
        guard let path, path.hasPrefix("/"), !path.hasPrefix("//"), !path.contains("\\"), !path.contains("\n") else { return nil }
        return path
    }
}
