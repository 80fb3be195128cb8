import FluentKit
import Foundation
import MinzhengCore
import SQLKit

/// A public notice as the portal shows it: only the fields the type's whitelist names, masked by rule, the 连队/社区
/// and the period. Nothing else of the matter leaves the database.
public struct PublishedNotice: Sendable, Hashable {
    public var matterID: Matter.ID
    public var title: String
    public var typeName: String
    public var unitName: String
    public var from: CivilDate
    public var through: CivilDate
    public var fields: [FieldValue]
    public var legalBasis: String
    public var note: String

    public struct FieldValue: Sendable, Hashable {
        public var label: String
        public var value: String
    }
}

public struct PublicNoticeQueries: Sendable {
    let db: any Database
    let registry: MatterTypeRegistry
    let cipher: FieldCipher

    public init(db: any Database, registry: MatterTypeRegistry, cipher: FieldCipher) {
        self.db = db
        self.registry = registry
        self.cipher = cipher
    }

    /// Notices running on `today`, newest first, paged.
    public func current(today: CivilDate, page: Pagination) async throws -> PagedList<PublishedNotice> {
        let sql = db as! any SQLDatabase
        func filtered(_ builder: SQLSelectBuilder) -> SQLSelectBuilder {
            builder.from("matter_clock")
                .join("matter", on: SQLColumn("matter_id", table: "matter_clock"), .equal, SQLColumn("id", table: "matter"))
                .join("org_unit", on: SQLColumn("org_unit_id", table: "matter"), .equal, SQLColumn("id", table: "org_unit"))
                .where(SQLColumn("clock_id", table: "matter_clock"), .equal, SQLBind(ClockID.notice.rawValue))
                .where(SQLColumn("stopped_on", table: "matter_clock"), .is, SQLLiteral.null)
                .where(SQLColumn("due_date", table: "matter_clock"), .greaterThanOrEqual, SQLBind(today.description))
                .where(SQLColumn("type_id", table: "matter"), .in, SQLBind.group(registry.types.filter { $0.publicNotice != nil }.map(\.id.rawValue)))
        }
        struct Count: Decodable { var n: Int }
        struct Row: Decodable { var id: UUID; var type_id: String; var fields: String; var name: String; var start_date: String; var due_date: String }
        let total = try await filtered(sql.select().column(SQLFunction("count", args: SQLLiteral.all), as: "n")).first(decoding: Count.self)?.n ?? 0
        let rows = try await filtered(sql.select()
            .column(SQLColumn("id", table: "matter")).column(SQLColumn("type_id", table: "matter")).column(SQLColumn("fields", table: "matter"))
            .column(SQLColumn("name", table: "org_unit")).column(SQLColumn("start_date", table: "matter_clock"))
            .column(SQLColumn("due_date", table: "matter_clock")))
            .orderBy(SQLColumn("start_date", table: "matter_clock") as any SQLExpression, SQLDirection.descending)
            .limit(page.size).offset(page.offset).all(decoding: Row.self)
        let notices = try rows.compactMap { row -> PublishedNotice? in
            guard let type = registry.type(MatterTypeID(rawValue: row.type_id)), let spec = type.publicNotice,
                  let start = CivilDate(iso: row.start_date), let due = CivilDate(iso: row.due_date)
            else { return nil }
            let values = JSONText.decode([String: String].self, row.fields) ?? [:]
            let fields = try spec.fields.compactMap { key, label -> PublishedNotice.FieldValue? in
                guard let stored = values[key], let field = type.field(key) else { return nil }
                let plain = field.isSensitive ? try cipher.open(stored) : stored
                return .init(label: label, value: field.display(plain))
            }
            return PublishedNotice(matterID: .init(row.id), title: spec.title, typeName: type.name, unitName: row.name,
                                   from: start.adding(days: 1), through: due, fields: fields, legalBasis: spec.legalBasis, note: spec.note)
        }
        return PagedList(items: notices, request: page, total: total)
    }
}
