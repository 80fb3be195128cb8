import FluentKit
import Foundation
import MinzhengCore
import SQLKit

/// Integration tokens for other systems (issue 11, item 3). An administrator issues one for named roles at named
/// units, with an expiry; the secret is shown once and only its SHA-256 is kept; a token can be revoked; each use is
/// journaled by the caller.
public struct APITokenRepository: Sendable {
    let db: any Database

    public init(db: any Database) {
        self.db = db
    }

    var sql: any SQLDatabase { db as! any SQLDatabase }

    public struct Token: Sendable, Hashable, Identifiable {
        public var id: UUID
        public var name: String
        public var roles: [RoleAssignment]
        public var createdBy: String
        public var createdAt: Date
        public var expiresAt: Date
        public var revokedAt: Date?
        public var lastUsedAt: Date?

        public func isUsable(at now: Date) -> Bool { revokedAt == nil && now < expiresAt }

        /// The token acts as its own principal: a staff identity with exactly the token's roles.
        public var account: Account {
            Account(id: .init(id), kind: .staff, username: "api:\(name)", displayName: "接口令牌「\(name)」", maskedMobile: nil, maskedIDNumber: nil,
                    organizationID: nil, isActive: true, isTOTPEnabled: false, mustChangePassword: false, lockedUntil: nil, failedLogins: 0,
                    lastLoginAt: nil, createdAt: createdAt, roles: roles)
        }
    }

    private struct Row: Decodable {
        var id: UUID; var name: String; var roles: String; var created_by: String; var created_at: Date; var expires_at: Date
        var revoked_at: Date?; var last_used_at: Date?
        var token: Token {
            Token(id: id, name: name, roles: JSONText.decode([RoleAssignment].self, roles) ?? [], createdBy: created_by, createdAt: created_at,
                  expiresAt: expires_at, revokedAt: revoked_at, lastUsedAt: last_used_at)
        }
    }

    private func select() -> SQLSelectBuilder {
        sql.select().columns("id", "name", "roles", "created_by", "created_at", "expires_at", "revoked_at", "last_used_at").from("api_token")
    }

    public static func hash(_ secret: String) -> String { Digest.sha256Hex(Data(secret.utf8)) }

    public func all() async throws -> [Token] {
        try await select().orderBy("created_at", .descending).all(decoding: Row.self).map(\.token)
    }

    /// The token a presented secret belongs to, if any (usable or not: the caller says why it is refused).
    public func find(secret: String) async throws -> Token? {
        guard secret.hasPrefix("mzt_"), secret.count == 47 else { return nil }
        return try await select().where("secret_hash", .equal, Self.hash(secret)).first(decoding: Row.self)?.token
    }

    /// Issues a token; returns it with its secret, which is never stored and cannot be shown again.
    public func issue(name raw: String, roles: [RoleAssignment], validDays: Int, by principal: Principal, permissions: PermissionTable,
                      context: JournalContext, store: Store, now: Date = Date()) async throws -> (Token, secret: String) {
        _ = try AccessPolicy.require(principal, .administerAccounts, on: .system, table: permissions)
        let name = raw.trimmingCharacters(in: .whitespaces)
        guard (2...40).contains(name.count), name.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
            throw ValidationError(field: "名称", reason: "名称为 2 至 40 个字符，只用字母、数字、-、_、.。")
        }
        guard !roles.isEmpty, roles.allSatisfy({ !$0.role.isAdministrator && $0.role != .citizen && $0.role != .socialOrganizationUser }) else {
            throw ValidationError(field: "岗位", reason: "请选择至少一个业务岗位（不能授予管理员、群众或社会组织身份）。")
        }
        guard (1...366).contains(validDays) else { throw ValidationError(field: "有效期", reason: "有效期为 1 至 366 天。") }
        var bytes = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for index in bytes.indices { bytes[index] = generator.next() }
        let secret = "mzt_" + Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        let token = Token(id: UUID(), name: name, roles: roles, createdBy: principal.username, createdAt: now,
                          expiresAt: now.addingTimeInterval(TimeInterval(validDays) * 86_400), revokedAt: nil, lastUsedAt: nil)
        try await store.write(on: db) { db in
            try await (db as! any SQLDatabase).insert(into: "api_token")
                .columns("id", "name", "secret_hash", "roles", "created_by", "created_at", "expires_at")
                .values(SQLBind(token.id), SQLBind(name), SQLBind(Self.hash(secret)), SQLBind(JSONText.encode(roles)), SQLBind(principal.username),
                        SQLBind(now), SQLBind(token.expiresAt))
                .run()
            try await Journal(db: db).append(JournalEvent(
                action: "api.tokenIssued", objectType: "api_token", objectID: token.id.uuidString,
                summary: "签发接口令牌「\(name)」：\(roles.map { "\($0.role.chineseName)@\($0.orgUnitCode)" }.joined(separator: "、"))，\(validDays) 天"),
                context: context, at: now)
        }
        return (token, secret)
    }

    public func revoke(_ id: UUID, by principal: Principal, permissions: PermissionTable, context: JournalContext, store: Store, now: Date = Date()) async throws {
        _ = try AccessPolicy.require(principal, .administerAccounts, on: .system, table: permissions)
        try await store.write(on: db) { db in
            let sql = db as! any SQLDatabase
            guard try await sql.select().column("id").from("api_token").where("id", .equal, id).where("revoked_at", .is, SQLLiteral.null).first() != nil else {
                throw ValidationError(field: "令牌", reason: "令牌不存在或已吊销。")
            }
            try await sql.update("api_token").set("revoked_at", to: SQLBind(now)).where("id", .equal, id).run()
            try await Journal(db: db).append(JournalEvent(action: "api.tokenRevoked", objectType: "api_token", objectID: id.uuidString,
                                                          summary: "吊销接口令牌"), context: context, at: now)
        }
    }

    /// Records a use: the journal entry and the last-used time, in one transaction — shared with the other uses that
    /// arrive at the same moment (`JournalBatcher`); it returns once the entry is committed.
    public func recordUse(_ token: Token, method: String, path: String, context: JournalContext, store: Store, now: Date = Date()) async throws {
        let id = token.id
        try await store.journalBatcher.append(JournalBatcher.Item(
            event: JournalEvent(action: "api.request", objectType: "api_token", objectID: id.uuidString, summary: "接口调用 \(method) \(path)"),
            context: context, at: now,
            alongside: { db in try await (db as! any SQLDatabase).update("api_token").set("last_used_at", to: SQLBind(now)).where("id", .equal, id).run() }),
            to: store)
    }
}
