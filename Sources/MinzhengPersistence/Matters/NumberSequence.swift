import FluentKit
import Foundation
import SQLKit

/// Per-year, per-kind number sequences (document numbers 图民救字〔2025〕12号, matter references). Incremented inside
/// the act's transaction, so numbers never repeat and never skip: a rolled-back act returns its number.
public struct NumberSequence: Sendable {
    let db: any Database

    public init(db: any Database) {
        self.db = db
    }

    public func next(kind: String, year: Int) async throws -> Int {
        let sql = db as! any SQLDatabase
        try await sql.insert(into: "number_sequence")
            .columns("kind", "year", "last_number")
            .values(kind, year, 0)
            .ignoringConflicts(with: ["kind", "year"])
            .run()
        struct Row: Decodable { var last_number: Int }
        guard let row = try await sql.update("number_sequence")
            .set(SQLIdentifier("last_number"), to: SQLBinaryExpression(SQLIdentifier("last_number"), .add, SQLLiteral.numeric("1")))
            .where("kind", .equal, kind)
            .where("year", .equal, year)
            .returning("last_number")
            .first(decoding: Row.self)
        else { throw NumberSequenceFailure() }
        return row.last_number
    }
}

struct NumberSequenceFailure: Error, CustomStringConvertible {
    var description: String { "编号序列更新失败" }
}
