import Foundation
import SQLKit

/// A row as stored, read with SQLKit by column name: the one conversion from a table's columns to its domain type,
/// shared by the Fluent record and the hot reads and writes that skip Fluent's per-row reflection. Its
/// `CodingKeys` name the columns, so the select list and the decoding cannot drift apart.
protocol StoredColumns: Decodable, Sendable {
    associatedtype CodingKeys: CodingKey, CaseIterable, RawRepresentable where CodingKeys.RawValue == String
}

extension StoredColumns {
    /// The columns to select, as the `CodingKeys` name them.
    static var names: [String] { CodingKeys.allCases.map(\.rawValue) }

    /// The select list of these columns (of `table`, when a query joins others).
    static func selectList(of table: String? = nil) -> QuotedNames { QuotedNames(names, table: table) }
}

/// Column names as SQL, comma-separated, quoted here. SQLKit escapes every identifier on every serialization with the
/// standard library's generic `replacing`, which on Linux is slow: a tenth of a matter page's CPU went to quoting its
/// select lists (`perf`, bench/results.md). A name is escaped as SQLKit escapes it (a quote doubled), with the double
/// quote both dialects use (`QuotedNamesTests` holds both to it).
struct QuotedNames: SQLExpression {
    let sql: String

    init(_ names: [String], table: String? = nil) {
        let prefix = table.map { Self.quote($0) + "." } ?? ""
        sql = names.map { prefix + Self.quote($0) }.joined(separator: ", ")
    }

    static func quote(_ name: String) -> String {
        guard name.utf8.contains(UInt8(ascii: "\"")) else { return "\"" + name + "\"" }
        return "\"" + name.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }

    func serialize(to serializer: inout SQLSerializer) {
        serializer.write(sql)
    }
}

/// A stored row together with the key of the row it belongs to (an event's or a clock's matter), written as one row.
struct OwnedRow<Columns: Encodable & Sendable>: Encodable, Sendable {
    let ownerColumn: String
    let ownerID: UUID
    let columns: Columns

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: ColumnName.self)
        try container.encode(ownerID, forKey: ColumnName(stringValue: ownerColumn))
        try columns.encode(to: encoder)
    }

    private struct ColumnName: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

extension SQLDatabase {
    /// Inserts one row whose `CodingKeys` name its columns, every column written (a nil as NULL). SQLKit encodes it
    /// through `Encodable`; Fluent's `create` reflects on every property of the model each time (a tenth of a
    /// registration's time in `perf`, bench/results.md).
    func insert(_ row: some Encodable & Sendable, into table: String) async throws {
        let values = try SQLQueryEncoder(nilEncodingStrategy: .asNil).encode(row)
        try await insert(into: table).columns(QuotedNames(values.map(\.0))).values(values.map(\.1)).run()
    }

    /// Writes every column of `row` (a nil as NULL) over the stored row with the same `id`.
    func update(_ row: some Encodable & Sendable, in table: String) async throws {
        let values = try SQLQueryEncoder(nilEncodingStrategy: .asNil).encode(row)
        guard let id = values.first(where: { $0.0 == "id" })?.1 else { preconditionFailure("\(table): a row to update has an id") }
        try await values.filter { $0.0 != "id" }.reduce(update(table)) { $0.set(SQLColumn($1.0), to: $1.1) }
            .where(SQLColumn("id"), .equal, id).run()
    }
}
