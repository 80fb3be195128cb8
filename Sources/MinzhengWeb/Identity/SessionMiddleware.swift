import MinzhengCore
import MinzhengPersistence
import Vapor

/// Finds the session of the request's cookie in the database and enforces its lifetimes (issue 3, item 3).
///
/// * Idle (30 minutes) and absolute (8 hours) timeouts end the session on the server.
/// * A change of roles or a disabled account ends it (the account's roles version no longer matches).
/// * The session is touched at most once a minute, so that reading pages writes nothing.
struct SessionMiddleware: Middleware {
    let settings: SessionSettings

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        let respond = {
            next.respond(to: request).map { response in
                if request.storage[SessionEndedKey.self] == true && response.cookies[settings.cookieName] == nil {
                    response.cookies[settings.cookieName] = expiredCookie()
                }
                return response
            }
        }
        // Without a session cookie there is nothing to look up.
        guard let token = request.cookies[settings.cookieName]?.string, !token.isEmpty else { return respond() }
        return request.eventLoop.makeFutureWithTask { try await resume(token: token, request: request) }.flatMap { respond() }
    }

    private func resume(token: String, request: Request) async throws {
        guard let resumed = try await AccountRepository(db: request.database, cipher: request.minzheng.cipher).resume(sessionToken: token) else {
            request.storage[SessionEndedKey.self] = true
            return
        }
        let session = resumed.session, credentials = resumed.credentials
        let now = Date()
        let idle = now.timeIntervalSince(session.lastSeenAt) > settings.idleTimeout.timeInterval
        let expired = now >= session.expiresAt
        guard !idle, !expired, let credentials, credentials.account.isActive,
              credentials.rolesVersion == session.rolesVersion
        else {
            try await request.write { db in
                try await SessionRepository(db: db).delete(idHash: session.idHash)
                if idle || expired {
                    try await Journal(db: db).append(
                        JournalEvent(action: "auth.sessionExpired", objectType: "account", objectID: session.accountID.description,
                                     summary: idle ? "会话空闲超时，已结束" : "会话超过最长时限，已结束"),
                        context: JournalContext(actor: .system, clientAddress: request.clientAddress, requestID: request.id))
                }
            }
            request.storage[SessionEndedKey.self] = true
            request.storage[SessionTimedOutKey.self] = idle || expired
            return
        }
        if now.timeIntervalSince(session.lastSeenAt) >= settings.touchInterval.timeInterval {
            try await request.write { db in try await SessionRepository(db: db).touch(idHash: session.idHash, at: now) }
        }
        request.storage[CurrentUserKey.self] = CurrentUser(
            account: credentials.account, sessionID: session.idHash, isSecondFactorPending: session.isSecondFactorPending)
        if !session.isSecondFactorPending, request.method == .GET {
            request.storage[UnreadCountKey.self] = resumed.unread
        }
    }

    func expiredCookie() -> HTTPCookies.Value {
        HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/", isSecure: settings.isSecure,
                          isHTTPOnly: true, sameSite: .lax)
    }
}

struct SessionEndedKey: StorageKey { typealias Value = Bool }
struct SessionTimedOutKey: StorageKey { typealias Value = Bool }

extension Duration {
    var timeInterval: TimeInterval {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}

extension Request {
    /// Starts a fresh session for `account` (a new ID at every login), ending any previous one, and sets the cookie.
    func startSession(for credentials: LoginCredentials, secondFactorPending: Bool, on response: Response) async throws {
        let settings = minzheng.config.session
        let previous = pendingOrCurrentUser?.sessionID
        let token = try await write { db in
            let sessions = SessionRepository(db: db)
            if let previous { try await sessions.delete(idHash: previous) }
            return try await sessions.create(
                accountID: credentials.account.id, rolesVersion: credentials.rolesVersion,
                secondFactorPending: secondFactorPending, at: Date(), absoluteLifetime: settings.absoluteTimeout.timeInterval)
        }
        response.cookies[settings.cookieName] = HTTPCookies.Value(
            string: token, expires: nil, maxAge: nil, path: "/", isSecure: settings.isSecure, isHTTPOnly: true, sameSite: .lax)
        rotateCSRFToken()
    }
}
