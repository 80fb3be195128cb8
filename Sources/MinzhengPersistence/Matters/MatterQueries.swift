import FluentKit
import Foundation
import MinzhengCore
import SQLKit

/// One row of a matter list.
public struct MatterListRow: Sendable, Hashable {
    public var id: Matter.ID
    public var typeID: MatterTypeID
    public var reference: String
    public var title: String
    public var state: StateID
    public var orgUnitName: String
    public var channel: String
    public var nextDueDate: CivilDate?
    public var createdAt: Date
    public var closedAt: Date?
}

/// Per unit and type: how many matters are overdue and due soon.
public struct AlertCount: Sendable, Hashable {
    public var orgUnitID: UUID
    public var orgUnitName: String
    public var typeID: MatterTypeID
    public var overdue: Int
    public var dueSoon: Int
}

/// Where a person may list matters: a unit subtree and the types the person may read there.
public struct MatterScope: Sendable, Hashable {
    public var path: String
    public var typeIDs: [MatterTypeID]

    public init(path: String, typeIDs: [MatterTypeID]) {
        self.path = path
        self.typeIDs = typeIDs
    }

    /// One scope per role assignment: the assignment's subtree and the types its role may read (`matter.<type>.read`).
    public static func readable(by principal: Principal, registry: MatterTypeRegistry, table: PermissionTable) -> [MatterScope] {
        principal.roles.filter { !$0.role.isAdministrator }.compactMap { assignment in
            let types = registry.types.filter { type in
                table.scopes(of: assignment.role, for: type.readAction).contains { $0 == .subtree || $0 == .everywhere }
            }.map(\.id)
            return types.isEmpty ? nil : MatterScope(path: assignment.orgUnitPath, typeIDs: types)
        }
    }
}

public struct MatterFilter: Sendable, Hashable {
    public enum Urgency: String, Sendable {
        case overdue, dueSoon
    }

    public var typeID: MatterTypeID?
    public var state: StateID?
    public var orgUnitPath: String?
    public var urgency: Urgency?
    public var isOpen: Bool?
    public var text: String?

    public init(typeID: MatterTypeID? = nil, state: StateID? = nil, orgUnitPath: String? = nil, urgency: Urgency? = nil,
                isOpen: Bool? = nil, text: String? = nil) {
        self.typeID = typeID
        self.state = state
        self.orgUnitPath = orgUnitPath
        self.urgency = urgency
        self.isOpen = isOpen
        self.text = text
    }
}

/// Lists of matters through SQLKit (bound values only): the workbench, the citizen's own, the leader's counts.
public struct MatterQueries: Sendable {
    let db: any Database
    let registry: MatterTypeRegistry

    public init(db: any Database, registry: MatterTypeRegistry) {
        self.db = db
        self.registry = registry
    }

    private var sql: any SQLDatabase { db as! any SQLDatabase }

    /// A list row, its columns read by name (a `Decoder` for each of a page's rows was a twentieth of the list).
    private struct Row {
        var row: MatterListRow

        init(_ columns: any SQLRow) throws {
            func text(_ name: String) throws -> String { try columns.decode(column: name, as: String.self) }
            row = MatterListRow(
                id: .init(try columns.decode(column: "id", as: UUID.self)), typeID: MatterTypeID(rawValue: try text("type_id")),
                reference: try text("reference"), title: try text("title"), state: StateID(rawValue: try text("state")),
                orgUnitName: try text("org_unit_name"), channel: try text("channel"),
                nextDueDate: try columns.decode(column: "next_due_date", as: String?.self).flatMap { CivilDate(iso: $0) },
                createdAt: try columns.decode(column: "created_at", as: Date.self),
                closedAt: try columns.decode(column: "closed_at", as: Date?.self))
        }
    }

    private static let listedColumns = QuotedNames(["id", "type_id", "reference", "title", "state", "channel", "next_due_date", "created_at",
                                                    "closed_at"], table: "matter")

    private func select(_ builder: SQLSelectBuilder) -> SQLSelectBuilder {
        builder
            .column(Self.listedColumns).column(SQLColumn("name", table: "org_unit"), as: "org_unit_name")
            .from("matter")
            .join("org_unit", on: SQLColumn("org_unit_id", table: "matter"), .equal, SQLColumn("id", table: "org_unit"))
    }

    private func page(_ condition: (SQLSelectBuilder) -> SQLSelectBuilder, order: [(String, SQLDirection)], page: Pagination) async throws -> PagedList<MatterListRow> {
        struct Count: Decodable { var n: Int }
        // The count and the page on one connection (`Store.reading`).
        return try await Store.reading(on: db) { db in
            let sql = db as! any SQLDatabase
            let total = try await condition(sql.select().column(SQLFunction("count", args: SQLLiteral.all), as: "n").from("matter"))
                .first(decoding: Count.self)?.n ?? 0
            var builder = condition(select(sql.select()))
            for (column, direction) in order { builder = builder.orderBy(SQLColumn(column, table: "matter"), direction) }
            let rows = try await builder.limit(page.size).offset(page.offset).all().map { try Row($0).row }
            return PagedList(items: rows, request: page, total: total)
        }
    }

    /// Leaves out the matters that bar the person or one of their units (a report naming them).
    static func excludingBarred(_ builder: SQLSelectBuilder, for principal: Principal) -> SQLSelectBuilder {
        let tokens = ["acct:\(principal.accountID.uuidString)"] + principal.roles.map { "unit:\($0.orgUnitCode)" }
        return builder.where { group in
            group.where(SQLColumn("barred", table: "matter"), .is, SQLLiteral.null).orWhere { all in
                for token in tokens { all.where(SQLColumn("barred", table: "matter"), .notLike, SQLBind("%\(token)%")) }
                return all
            }
        }
    }

    /// The matters the person can act on now, most urgent first.
    public func workbench(_ principal: Principal, page: Pagination) async throws -> PagedList<MatterListRow> {
        var groups: [(path: String, pairs: [(String, String)])] = []
        for assignment in principal.roles {
            var pairs: [(String, String)] = []
            for type in registry.types {
                for transition in type.transitions where transition.roles.contains(assignment.role) {
                    for state in transition.from { pairs.append((type.id.rawValue, state.rawValue)) }
                }
            }
            if !pairs.isEmpty { groups.append((assignment.orgUnitPath, pairs)) }
        }
        guard !groups.isEmpty else { return PagedList(items: [], request: page, total: 0) }
        return try await self.page({ builder in
            Self.excludingBarred(builder, for: principal).where(SQLColumn("closed_at", table: "matter"), .is, SQLLiteral.null).where { outer in
                for group in groups {
                    outer.orWhere { inner in
                        inner.where(SQLColumn("org_unit_path", table: "matter"), .like, SQLBind(Self.prefixPattern(group.path))).where { any in
                            for key in Set(group.pairs.map { "\($0.0)|\($0.1)" }).sorted() {
                                let parts = key.split(separator: "|").map(String.init)
                                any.orWhere { pair in
                                    pair.where(SQLColumn("type_id", table: "matter"), .equal, SQLBind(parts[0]))
                                        .where(SQLColumn("state", table: "matter"), .equal, SQLBind(parts[1]))
                                }
                            }
                            return any
                        }
                    }
                }
                return outer
            }
        }, order: [("next_due_date", .ascending), ("created_at", .ascending)], page: page)
    }

    /// The citizen's own matters, newest first.
    public func applicant(_ accountID: UUID, page: Pagination) async throws -> PagedList<MatterListRow> {
        try await self.page({ $0.where(SQLColumn("applicant_account_id", table: "matter"), .equal, SQLBind(accountID)) },
                            order: [("created_at", .descending)], page: page)
    }

    /// The matters a campaign or plan opened, optionally in one state, by reference.
    public func batch(_ batchID: UUID, state: StateID? = nil, page: Pagination) async throws -> PagedList<MatterListRow> {
        try await self.page({ builder in
            var builder = builder.where(SQLColumn("batch_id", table: "matter"), .equal, SQLBind(batchID))
            if let state { builder = builder.where(SQLColumn("state", table: "matter"), .equal, SQLBind(state.rawValue)) }
            return builder
        }, order: [("reference", .ascending)], page: page)
    }

    /// An organisation's matters (its inspections), newest first.
    public func organization(_ organizationID: UUID, page: Pagination) async throws -> PagedList<MatterListRow> {
        try await self.page({ $0.where(SQLColumn("organization_id", table: "matter"), .equal, SQLBind(organizationID)) },
                            order: [("created_at", .descending)], page: page)
    }

    /// Matters under the given units, filtered; `dueSoonBy` is the last day that still counts as due soon.
    public func list(under scopes: [MatterScope], filter: MatterFilter, today: CivilDate, dueSoonBy: CivilDate, page: Pagination,
                     viewer: Principal? = nil) async throws -> PagedList<MatterListRow> {
        guard !scopes.isEmpty else { return PagedList(items: [], request: page, total: 0) }
        return try await self.page({ builder in
            var builder = viewer.map { Self.excludingBarred(builder, for: $0) } ?? builder
            builder = builder.where { group in
                for scope in scopes {
                    group.orWhere { inner in
                        inner.where(SQLColumn("org_unit_path", table: "matter"), .like, SQLBind(Self.prefixPattern(scope.path)))
                            .where(SQLColumn("type_id", table: "matter"), .in, SQLBind.group(scope.typeIDs.map(\.rawValue)))
                    }
                }
                return group
            }
            if let type = filter.typeID { builder = builder.where(SQLColumn("type_id", table: "matter"), .equal, SQLBind(type.rawValue)) }
            if let state = filter.state { builder = builder.where(SQLColumn("state", table: "matter"), .equal, SQLBind(state.rawValue)) }
            if let path = filter.orgUnitPath { builder = builder.where(SQLColumn("org_unit_path", table: "matter"), .like, SQLBind(Self.prefixPattern(path))) }
            if let open = filter.isOpen { builder = builder.where(SQLColumn("closed_at", table: "matter"), open ? .is : .isNot, SQLLiteral.null) }
            if let text = filter.text?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
                let pattern = "%" + text.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "") + "%"
                builder = builder.where { group in
                    group.where(SQLColumn("reference", table: "matter"), .like, SQLBind(pattern))
                        .orWhere(SQLColumn("title", table: "matter"), .like, SQLBind(pattern))
                }
            }
            switch filter.urgency {
            case .overdue:
                builder = builder.where(SQLColumn("closed_at", table: "matter"), .is, SQLLiteral.null)
                    .where(SQLColumn("next_due_date", table: "matter"), .lessThan, SQLBind(today.description))
            case .dueSoon:
                builder = builder.where(SQLColumn("closed_at", table: "matter"), .is, SQLLiteral.null)
                    .where(SQLColumn("next_due_date", table: "matter"), .greaterThanOrEqual, SQLBind(today.description))
                    .where(SQLColumn("next_due_date", table: "matter"), .lessThanOrEqual, SQLBind(dueSoonBy.description))
            case nil:
                break
            }
            return builder
        }, order: [("next_due_date", .ascending), ("created_at", .descending)], page: page)
    }

    /// Overdue and due-soon counts per unit and type under the given units (the 领导's view).
    public func alertCounts(under paths: [String], today: CivilDate, dueSoonBy: CivilDate) async throws -> [AlertCount] {
        guard !paths.isEmpty else { return [] }
        struct Row: Decodable { var org_unit_id: UUID; var name: String; var type_id: String; var overdue: Int; var due_soon: Int }
        func sum(_ parts: [any SQLExpression]) -> SQLFunction { SQLFunction("sum", args: SQLList(parts, separator: SQLRaw(""))) }
        let overdue = sum([SQLRaw("CASE WHEN matter.next_due_date < "), SQLBind(today.description), SQLRaw(" THEN 1 ELSE 0 END")])
        let soon = sum([SQLRaw("CASE WHEN matter.next_due_date >= "), SQLBind(today.description), SQLRaw(" AND matter.next_due_date <= "),
                        SQLBind(dueSoonBy.description), SQLRaw(" THEN 1 ELSE 0 END")])
        let rows = try await sql.select()
            .column(SQLColumn("org_unit_id", table: "matter")).column(SQLColumn("name", table: "org_unit"))
            .column(SQLColumn("type_id", table: "matter"))
            .column(overdue, as: "overdue")
            .column(soon, as: "due_soon")
            .from("matter")
            .join("org_unit", on: SQLColumn("org_unit_id", table: "matter"), .equal, SQLColumn("id", table: "org_unit"))
            .where(SQLColumn("closed_at", table: "matter"), .is, SQLLiteral.null)
            .where(SQLColumn("next_due_date", table: "matter"), .isNot, SQLLiteral.null)
            .where { group in
                for path in paths { group.orWhere(SQLColumn("org_unit_path", table: "matter"), .like, SQLBind(Self.prefixPattern(path))) }
                return group
            }
            .groupBy(SQLColumn("org_unit_id", table: "matter")).groupBy(SQLColumn("name", table: "org_unit")).groupBy(SQLColumn("type_id", table: "matter"))
            .all(decoding: Row.self)
        return rows.filter { $0.overdue + $0.due_soon > 0 }
            .map { AlertCount(orgUnitID: $0.org_unit_id, orgUnitName: $0.name, typeID: MatterTypeID(rawValue: $0.type_id), overdue: $0.overdue, dueSoon: $0.due_soon) }
            .sorted { ($0.overdue, $0.dueSoon) > ($1.overdue, $1.dueSoon) }
    }

    static func prefixPattern(_ path: String) -> String {
        path.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "\\_") + "%"
    }
}
