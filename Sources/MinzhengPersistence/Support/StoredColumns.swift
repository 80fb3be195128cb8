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
        try await insert(into: table).model(row, nilEncodingStrategy: .asNil).run()
    }
}
