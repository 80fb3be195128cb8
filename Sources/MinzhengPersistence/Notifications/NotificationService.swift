import FluentKit
import Foundation
import MinzhengCore
import SQLKit

/// An in-app notification as the bell and `/my` show it.
public struct AppNotification: Sendable, Hashable {
    public var id: UUID
    public var title: String
    public var body: String
    public var link: String?
    public var createdAt: Date
    public var isRead: Bool
}

/// In-app notifications, and the outbox of SMS and e-mail that a sender drains. Messages name matters by their
/// reference, never a person's data.
public struct NotificationService: Sendable {
    let db: any Database

    public init(db: any Database) {
        self.db = db
    }

    private var sql: any SQLDatabase { db as! any SQLDatabase }

    public func notify(_ accounts: [UUID], title: String, body: String, link: String?, at now: Date = Date(), outbox: Bool = true) async throws {
        for account in Set(accounts) {
            try await sql.insert(into: "notification")
                .columns("id", "account_id", "title", "body", "link", "created_at")
                .values(SQLBind(UUID()), SQLBind(account), SQLBind(title), SQLBind(body), SQLBind(link), SQLBind(now))
                .run()
            if outbox {
                try await sql.insert(into: "outbound_message")
                    .columns("id", "channel", "account_id", "body", "status", "attempts", "created_at")
                    .values(SQLBind(UUID()), SQLBind("sms"), SQLBind(account), SQLBind("【法治民政】\(title)：\(body)"), SQLBind("pending"),
                            SQLBind(0), SQLBind(now))
                    .run()
            }
        }
    }

    public func unreadCount(_ account: UUID) async throws -> Int {
        struct Row: Decodable { var n: Int }
        return try await sql.select().column(SQLFunction("count", args: SQLLiteral.all), as: "n").from("notification")
            .where("account_id", .equal, account).where("read_at", .is, SQLLiteral.null)
            .first(decoding: Row.self)?.n ?? 0
    }

    public func list(_ account: UUID, page: Pagination) async throws -> PagedList<AppNotification> {
        struct Row: Decodable { var id: UUID; var title: String; var body: String; var link: String?; var created_at: Date; var read_at: Date? }
        struct Count: Decodable { var n: Int }
        let total = try await sql.select().column(SQLFunction("count", args: SQLLiteral.all), as: "n").from("notification")
            .where("account_id", .equal, account).first(decoding: Count.self)?.n ?? 0
        let rows = try await sql.select().columns("id", "title", "body", "link", "created_at", "read_at").from("notification")
            .where("account_id", .equal, account).orderBy("created_at", .descending).limit(page.size).offset(page.offset)
            .all(decoding: Row.self)
        return PagedList(items: rows.map { AppNotification(id: $0.id, title: $0.title, body: $0.body, link: $0.link, createdAt: $0.created_at, isRead: $0.read_at != nil) },
                         request: page, total: total)
    }

    public func markAllRead(_ account: UUID, at now: Date = Date()) async throws {
        try await sql.update("notification").set("read_at", to: now).where("account_id", .equal, account)
            .where("read_at", .is, SQLLiteral.null).run()
    }
}
