import FluentKit
import Foundation
import MinzhengCore

/// A session as the middleware needs it.
public struct StoredSession: Sendable {
    public var idHash: String
    public var accountID: Account.ID
    public var createdAt: Date
    public var lastSeenAt: Date
    public var expiresAt: Date
    public var rolesVersion: Int
    public var isSecondFactorPending: Bool
}

/// Sessions live in the database, so that several app instances share them. The cookie carries a random token; only
/// its SHA-256 is stored.
public struct SessionRepository: Sendable {
    let db: any Database

    public init(db: any Database) {
        self.db = db
    }

    public static func hash(token: String) -> String {
        Digest.sha256Hex(Data(token.utf8))
    }

    /// Creates a session and returns the token for the cookie.
    public func create(accountID: Account.ID, rolesVersion: Int, secondFactorPending: Bool, at now: Date,
                       absoluteLifetime: TimeInterval) async throws -> String {
        var generator = SystemRandomNumberGenerator()
        let token = Data((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        let record = SessionRecord()
        record.id = Self.hash(token: token)
        record.accountID = accountID.rawValue
        record.createdAt = now
        record.lastSeenAt = now
        record.expiresAt = now.addingTimeInterval(absoluteLifetime)
        record.rolesVersion = rolesVersion
        record.secondFactorPending = secondFactorPending
        try await record.create(on: db)
        return token
    }

    public func touch(idHash: String, at now: Date) async throws {
        try await SessionRecord.query(on: db).filter(\.$id == idHash).set(\.$lastSeenAt, to: now).update()
    }

    public func completeSecondFactor(idHash: String) async throws {
        try await SessionRecord.query(on: db).filter(\.$id == idHash).set(\.$secondFactorPending, to: false).update()
    }

    public func delete(idHash: String) async throws {
        try await SessionRecord.query(on: db).filter(\.$id == idHash).delete()
    }

    public func deleteAll(of accountID: Account.ID) async throws {
        try await SessionRecord.query(on: db).filter(\.$accountID == accountID.rawValue).delete()
    }

    public func deleteExpired(before now: Date, idleCutoff: Date) async throws {
        try await SessionRecord.query(on: db).group(.or) { group in
            group.filter(\.$expiresAt < now).filter(\.$lastSeenAt < idleCutoff)
        }.delete()
    }
}

/// Counts login attempts per client address and per account in fixed windows, before any password hash is
/// computed: an unthrottled bcrypt check is the cheapest way to take a server down.
public struct LoginThrottle: Sendable {
    let db: any Database
    public let limit: Int
    public let window: TimeInterval

    public init(db: any Database, limit: Int, window: TimeInterval) {
        self.db = db
        self.limit = limit
        self.window = window
    }

    /// Counts one attempt against `key`; returns `false` when the key is over its limit in this window.
    public func admit(_ key: String, at now: Date) async throws -> Bool {
        if let record = try await LoginThrottleRecord.query(on: db).filter(\.$key == key).first() {
            if now.timeIntervalSince(record.windowStart) >= window {
                record.windowStart = now
                record.attempts = 1
            } else {
                record.attempts += 1
            }
            try await record.save(on: db)
            return record.attempts <= limit
        }
        let record = LoginThrottleRecord()
        record.key = key
        record.windowStart = now
        record.attempts = 1
        try await record.create(on: db)
        return true
    }

    public func reset(_ key: String) async throws {
        try await LoginThrottleRecord.query(on: db).filter(\.$key == key).delete()
    }
}
