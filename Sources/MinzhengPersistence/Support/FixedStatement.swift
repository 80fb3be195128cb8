import Foundation
import NIOConcurrencyHelpers
import SQLKit

/// A statement whose text is the same on every call — only its values change — serialized once per dialect and then
/// sent as that text with the call's values.
///
/// Why: SQLKit serializes a statement from its expression tree on every call, quoting each identifier with the
/// standard library's generic `replacing`, which is slow on Linux. The statements every signed-in page runs (the
/// session, the settings, the calendar's state) and those of the matter page spent about a tenth of the page's CPU
/// being written out again identically (`perf`, bench/results.md).
///
/// Only for statements whose shape never varies: `make` builds it with an `SQLBind` for each value, in the order
/// `expression(on:binding:)` receives them, and with nothing else that depends on the call. The text is checked to
/// take exactly as many values as it is given. `FixedStatementTests` holds a fixed statement to the text SQLKit writes
/// on both databases.
final class FixedStatement: Sendable {
    private let make: @Sendable (any SQLDatabase) -> any SQLExpression
    private let texts = NIOLockedValueBox<[String: Text]>([:])

    private struct Text: Sendable {
        let sql: String
        let values: Int
    }

    init(_ make: @escaping @Sendable (any SQLDatabase) -> any SQLExpression) {
        self.make = make
    }

    /// A select written with SQLKit's builder (which is only built, never run, here).
    convenience init(select build: @escaping @Sendable (SQLSelectBuilder) -> SQLSelectBuilder) {
        self.init { db in build(db.select()).select }
    }

    /// The statement for `db` with `values` bound, in order.
    func expression(on db: any SQLDatabase, binding values: [any Encodable & Sendable]) -> any SQLExpression {
        let dialect = db.dialect.name
        let text = texts.withLockedValue { $0[dialect] } ?? {
            var serializer = SQLSerializer(database: db)
            make(db).serialize(to: &serializer)
            let text = Text(sql: serializer.sql, values: serializer.binds.count)
            texts.withLockedValue { $0[dialect] = text }
            return text
        }()
        precondition(text.values == values.count, "a fixed statement takes \(text.values) values, given \(values.count)")
        return Written(sql: text.sql, values: values)
    }

    /// The statement as written once, with this call's values.
    private struct Written: SQLExpression {
        let sql: String
        let values: [any Encodable & Sendable]

        func serialize(to serializer: inout SQLSerializer) {
            serializer.write(sql)
            serializer.binds.append(contentsOf: values)
        }
    }
}

extension SQLDatabase {
    /// Every row of `statement` with `values` bound, decoded as SQLKit's builders decode rows.
    func all<Row: Decodable>(_ statement: FixedStatement, _ values: any Encodable & Sendable..., decoding: Row.Type) async throws -> [Row] {
        try await rows(statement, values).map { try $0.decode(model: Row.self) }
    }

    /// The first row of `statement` with `values` bound, if any.
    func first<Row: Decodable>(_ statement: FixedStatement, _ values: any Encodable & Sendable..., decoding: Row.Type) async throws -> Row? {
        try await rows(statement, values).first.map { try $0.decode(model: Row.self) }
    }

    /// Every row of `statement` with `values` bound.
    func all(_ statement: FixedStatement, _ values: any Encodable & Sendable...) async throws -> [any SQLRow] {
        try await rows(statement, values)
    }

    private func rows(_ statement: FixedStatement, _ values: [any Encodable & Sendable]) async throws -> [any SQLRow] {
        let rows = NIOLockedValueBox<[any SQLRow]>([])
        try await execute(sql: statement.expression(on: self, binding: values)) { row in rows.withLockedValue { $0.append(row) } }
        return rows.withLockedValue { $0 }
    }
}
