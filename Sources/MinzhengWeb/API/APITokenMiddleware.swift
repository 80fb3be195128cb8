import Foundation
import MinzhengCore
import MinzhengPersistence
import Vapor

/// Authenticates `/api/` requests that carry `Authorization: Bearer mzt_…` (and no cookies): the token's roles
/// become the request's principal, and every use is journaled. A bad, expired or revoked token is a 401, never a
/// silent fall back to anonymous.
struct APITokenMiddleware: Middleware {
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        guard request.url.path.hasPrefix("/api/"), let bearer = request.headers.bearerAuthorization else {
            return next.respond(to: request)
        }
        return request.eventLoop.makeFutureWithTask { try await authenticate(bearer, request) }.flatMap { next.respond(to: request) }
    }

    private func authenticate(_ bearer: BearerAuthorization, _ request: Request) async throws {
        guard request.cookies.all.isEmpty else {
            throw Abort(.badRequest, reason: "接口令牌请求不得同时携带网站会话。")
        }
        let repository = APITokenRepository(db: request.database)
        guard let token = try await repository.find(secret: bearer.token) else { throw Abort(.unauthorized, reason: "接口令牌无效。") }
        let now = Date()
        guard token.isUsable(at: now) else {
            throw Abort(.unauthorized, reason: token.revokedAt != nil ? "接口令牌已被吊销。" : "接口令牌已过期，请联系管理员重新签发。")
        }
        request.storage[CurrentUserKey.self] = CurrentUser(account: token.account, sessionID: "api:\(token.id)", isSecondFactorPending: false)
        try await repository.recordUse(token, method: request.method.rawValue, path: request.url.path, context: request.journalContext(),
                                       store: request.minzheng.store, now: now)
    }
}
