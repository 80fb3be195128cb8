/// A row as stored, read with SQLKit by column name: the one conversion from a table's columns to its domain type,
/// shared by the Fluent record (which writes) and the hot reads that skip Fluent's per-row reflection. Its
/// `CodingKeys` name the columns, so the select list and the decoding cannot drift apart.
protocol StoredColumns: Decodable, Sendable {
    associatedtype CodingKeys: CodingKey, CaseIterable, RawRepresentable where CodingKeys.RawValue == String
}

extension StoredColumns {
    /// The columns to select, as the `CodingKeys` name them.
    static var names: [String] { CodingKeys.allCases.map(\.rawValue) }
}
