import FluentKit
import Foundation
import MinzhengCore
import SQLKit

/// A version of an item with its dates, for the change history.
public struct PowerItemVersion: Sendable, Hashable {
    public var item: PowerItem
    public var createdAt: Date
    public var publishedAt: Date?
    public var supersededAt: Date?
    public var repealedAt: Date?
}

/// The power list (权责清单): drafts, approval, publication, repeal and history; a published version is never edited.
public struct PowerListRepository: Sendable {
    let db: any Database

    public init(db: any Database) {
        self.db = db
    }

    private var sql: any SQLDatabase { db as! any SQLDatabase }

    private struct Row: Decodable {
        var data: String
        var status: String
        var version: Int
        var created_at: Date
        var published_at: Date?
        var superseded_at: Date?
        var repealed_at: Date?

        var version_: PowerItemVersion? {
            guard var item = JSONText.decode(PowerItem.self, data) else { return nil }
            item.status = PowerItemStatus(rawValue: status) ?? item.status
            item.version = version
            item.publishedAt = published_at
            return PowerItemVersion(item: item, createdAt: created_at, publishedAt: published_at, supersededAt: superseded_at, repealedAt: repealed_at)
        }
    }

    private func select() -> SQLSelectBuilder {
        sql.select().columns("data", "status", "version", "created_at", "published_at", "superseded_at", "repealed_at").from("power_item")
    }

    // MARK: Editing

    /// Saves a new draft: a new code starts at version 1; an existing code gets the next version (the published one stays).
    public func saveDraft(_ item: PowerItem, at now: Date) async throws -> PowerItem {
        try item.validate()
        var draft = item
        let versions = try await self.versions(of: item.code)
        if let open = versions.last(where: { $0.item.status == .draft || $0.item.status == .approved }) {
            draft.version = open.item.version
            draft.status = .draft
            try await sql.update("power_item")
                .set("name", to: draft.name).set("type", to: draft.type.rawValue).set("authorized_power", to: draft.authorizedPower)
                .set("is_supervision", to: draft.isSupervisionItem).set("status", to: PowerItemStatus.draft.rawValue)
                .set("data", to: JSONText.encode(draft)).set("approved_at", to: SQLLiteral.null)
                .where("code", .equal, draft.code).where("version", .equal, draft.version).run()
            return draft
        }
        draft.version = (versions.map(\.item.version).max() ?? 0) + 1
        draft.status = .draft
        draft.publishedAt = nil
        try await sql.insert(into: "power_item")
            .columns("id", "code", "version", "name", "type", "authorized_power", "is_supervision", "status", "data", "created_at")
            .values(SQLBind(UUID()), SQLBind(draft.code), SQLBind(draft.version), SQLBind(draft.name), SQLBind(draft.type.rawValue),
                    SQLBind(draft.authorizedPower), SQLBind(draft.isSupervisionItem), SQLBind(draft.status.rawValue),
                    SQLBind(JSONText.encode(draft)), SQLBind(now))
            .run()
        return draft
    }

    /// Approves the open draft, recording the approval document.
    public func approve(code: String, reference: String, at now: Date) async throws -> PowerItem {
        guard var draft = try await versions(of: code).last(where: { $0.item.status == .draft })?.item else {
            throw ValidationError(field: "权责事项", reason: "事项「\(code)」没有待审定的草稿。")
        }
        let trimmed = reference.trimmingCharacters(in: .whitespaces)
        guard trimmed.count >= 2 else { throw ValidationError(field: "审定文件", reason: "请填写审定（批复）文件的文号。") }
        draft.status = .approved
        draft.approvalReference = trimmed
        try await sql.update("power_item").set("status", to: draft.status.rawValue).set("data", to: JSONText.encode(draft))
            .set("approved_at", to: now).where("code", .equal, code).where("version", .equal, draft.version).run()
        return draft
    }

    /// Publishes the approved version; the one published before is superseded, not overwritten.
    public func publish(code: String, at now: Date) async throws -> PowerItem {
        let versions = try await versions(of: code)
        guard var approved = versions.last(where: { $0.item.status == .approved })?.item else {
            throw ValidationError(field: "权责事项", reason: "事项「\(code)」没有已审定、待公布的版本。")
        }
        try await sql.update("power_item").set("superseded_at", to: now).set("status", to: "superseded")
            .where("code", .equal, code).where("status", .equal, PowerItemStatus.published.rawValue).run()
        approved.status = .published
        approved.publishedAt = now
        try await sql.update("power_item").set("status", to: approved.status.rawValue).set("data", to: JSONText.encode(approved))
            .set("published_at", to: now).where("code", .equal, code).where("version", .equal, approved.version).run()
        return approved
    }

    /// Repeals the published item; it can no longer be cited by a new matter.
    public func repeal(code: String, at now: Date) async throws {
        guard try await current(code)?.status == .published else {
            throw ValidationError(field: "权责事项", reason: "事项「\(code)」不是已公布状态，无法废止。")
        }
        try await sql.update("power_item").set("status", to: PowerItemStatus.repealed.rawValue).set("repealed_at", to: now)
            .where("code", .equal, code).where("status", .equal, PowerItemStatus.published.rawValue).run()
    }

    // MARK: Reading

    public func versions(of code: String) async throws -> [PowerItemVersion] {
        try await select().where("code", .equal, code).orderBy("version").all(decoding: Row.self).compactMap(\.version_)
    }

    /// The version in force: the published one (or the repealed one, to say so).
    public func current(_ code: String) async throws -> PowerItem? {
        try await versions(of: code).last { $0.item.status == .published || $0.item.status == .repealed }?.item
    }

    /// Whether a new matter may cite the item (rules.md §6.1): published and not repealed.
    public func isCitable(_ code: String) async throws -> Bool {
        try await current(code)?.status == .published
    }

    public struct Listing: Sendable {
        public var items: PagedList<PowerItem>
        public var countsByType: [PowerType: Int]
        public var authorizedPowers: Int
    }

    /// The published list, by type, searchable, with counts (and the number of authorized powers refined).
    public func published(type: PowerType?, text: String?, page: Pagination) async throws -> Listing {
        func filtered(_ builder: SQLSelectBuilder) -> SQLSelectBuilder {
            var builder = builder.where("status", .equal, PowerItemStatus.published.rawValue)
            if let type { builder = builder.where("type", .equal, type.rawValue) }
            if let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
                let pattern = "%" + text.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "") + "%"
                builder = builder.where { $0.where("name", .like, pattern).orWhere("code", .like, pattern) }
            }
            return builder
        }
        struct Count: Decodable { var type: String; var n: Int }
        struct Total: Decodable { var n: Int }
        let counts = try await sql.select().column("type").column(SQLFunction("count", args: SQLLiteral.all), as: "n").from("power_item")
            .where("status", .equal, PowerItemStatus.published.rawValue).groupBy("type").all(decoding: Count.self)
        let powers = try await sql.select().column(SQLFunction("count", args: SQLDistinct(SQLIdentifier("authorized_power"))), as: "n")
            .from("power_item").where("status", .equal, PowerItemStatus.published.rawValue).first(decoding: Total.self)?.n ?? 0
        let total = try await filtered(sql.select().column(SQLFunction("count", args: SQLLiteral.all), as: "n").from("power_item"))
            .first(decoding: Total.self)?.n ?? 0
        let rows = try await filtered(select()).orderBy("type").orderBy("code").limit(page.size).offset(page.offset).all(decoding: Row.self)
        return Listing(items: PagedList(items: rows.compactMap(\.version_).map(\.item), request: page, total: total),
                       countsByType: Dictionary(counts.compactMap { row in PowerType(rawValue: row.type).map { ($0, row.n) } }, uniquingKeysWith: +),
                       authorizedPowers: powers)
    }

    /// Every code with its newest version, for the administrator's list.
    public func all(page: Pagination) async throws -> PagedList<PowerItemVersion> {
        struct Code: Decodable { var code: String }
        struct Total: Decodable { var n: Int }
        let total = try await sql.select().column(SQLFunction("count", args: SQLDistinct(SQLIdentifier("code"))), as: "n").from("power_item")
            .first(decoding: Total.self)?.n ?? 0
        let codes = try await sql.select().distinct().column("code").from("power_item").orderBy("code").limit(page.size).offset(page.offset)
            .all(decoding: Code.self)
        var items: [PowerItemVersion] = []
        for code in codes { if let last = try await versions(of: code.code).last { items.append(last) } }
        return PagedList(items: items, request: page, total: total)
    }

    // MARK: Claims (认领)

    public func claim(code: String, unit: OrgUnit, by username: String, at now: Date) async throws {
        guard let item = try await current(code), item.status == .published, item.isSupervisionItem else {
            throw ValidationError(field: "认领", reason: "只有已公布的监管事项可以认领。")
        }
        try await sql.insert(into: "power_claim").columns("id", "code", "org_unit_id", "claimed_at", "claimed_by")
            .values(SQLBind(UUID()), SQLBind(code), SQLBind(unit.id.rawValue), SQLBind(now), SQLBind(username))
            .ignoringConflicts(with: ["code", "org_unit_id"]).run()
    }

    public func claimingUnits(of code: String) async throws -> [String] {
        struct Row: Decodable { var name: String }
        return try await sql.select().column(SQLColumn("name", table: "org_unit")).from("power_claim")
            .join("org_unit", on: SQLColumn("org_unit_id", table: "power_claim"), .equal, SQLColumn("id", table: "org_unit"))
            .where(SQLColumn("code", table: "power_claim"), .equal, SQLBind(code)).all(decoding: Row.self).map(\.name)
    }

    /// 事项认领率: published supervision items claimed by at least one unit ÷ published supervision items.
    public func claimRate() async throws -> (claimed: Int, total: Int) {
        struct Total: Decodable { var n: Int }
        let total = try await sql.select().column(SQLFunction("count", args: SQLLiteral.all), as: "n").from("power_item")
            .where("status", .equal, PowerItemStatus.published.rawValue).where("is_supervision", .equal, true).first(decoding: Total.self)?.n ?? 0
        let claimed = try await sql.select().column(SQLFunction("count", args: SQLDistinct(SQLColumn("code", table: "power_claim"))), as: "n")
            .from("power_claim")
            .join("power_item", on: SQLColumn("code", table: "power_claim"), .equal, SQLColumn("code", table: "power_item"))
            .where(SQLColumn("status", table: "power_item"), .equal, SQLBind(PowerItemStatus.published.rawValue))
            .where(SQLColumn("is_supervision", table: "power_item"), .equal, SQLBind(true))
            .first(decoding: Total.self)?.n ?? 0
        return (claimed, total)
    }
}
