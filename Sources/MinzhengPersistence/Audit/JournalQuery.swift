import FluentKit
import Foundation
import MinzhengCore
import SQLKit

/// Filters of the journal screen.
public struct JournalFilter: Sendable, Hashable {
    public var from: Date?
    public var until: Date?
    /// Username (or operator name) of the actor.
    public var actor: String?
    /// An action code or its prefix (`auth.` lists every login event).
    public var action: String?
    public var objectType: String?
    public var objectID: String?

    public init(from: Date? = nil, until: Date? = nil, actor: String? = nil, action: String? = nil,
                objectType: String? = nil, objectID: String? = nil) {
        self.from = from
        self.until = until
        self.actor = actor
        self.action = action
        self.objectType = objectType
        self.objectID = objectID
    }
}

/// Lists journal entries, newest first, with filters and paging (SQLKit, bound values).
public struct JournalQuery: Sendable {
    let db: any Database

    public init(db: any Database) {
        self.db = db
    }

    public func list(_ filter: JournalFilter, page: Pagination) async throws -> PagedList<JournalEntry> {
        let sql = db as! any SQLDatabase
        func apply(_ builder: SQLSelectBuilder) -> SQLSelectBuilder {
            var builder = builder
            if let from = filter.from { builder = builder.where("at_ms", .greaterThanOrEqual, Int64(from.timeIntervalSince1970 * 1000)) }
            if let until = filter.until { builder = builder.where("at_ms", .lessThan, Int64(until.timeIntervalSince1970 * 1000)) }
            if let actor = filter.actor, !actor.isEmpty { builder = builder.where("actor_name", .equal, actor) }
            if let action = filter.action, !action.isEmpty {
                builder = action.hasSuffix(".")
                    ? builder.where("action", .like, action.replacingOccurrences(of: "%", with: "") + "%")
                    : builder.where("action", .equal, action)
            }
            if let type = filter.objectType, !type.isEmpty { builder = builder.where("object_type", .equal, type) }
            if let id = filter.objectID, !id.isEmpty { builder = builder.where("object_id", .equal, id) }
            return builder
        }
        struct Count: Decodable { var n: Int }
        let total = try await apply(sql.select().column(SQLFunction("count", args: SQLLiteral.all), as: "n").from("journal_entry"))
            .first(decoding: Count.self)?.n ?? 0
        let rows = try await apply(sql.select().columns(JournalRow.columns.map { SQLIdentifier($0) }).from("journal_entry"))
            .orderBy("seq", .descending)
            .limit(page.size).offset(page.offset)
            .all(decoding: JournalRow.self)
        return PagedList(items: rows.map(\.entry), request: page, total: total)
    }
}
