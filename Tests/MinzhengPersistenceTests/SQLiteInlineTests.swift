import FluentKit
import Foundation
import MinzhengCore
@testable import MinzhengPersistence
import MinzhengTestSupport
import SQLKit
import Testing

/// A write transaction's SQLKit statements run on the calling thread on SQLite (`SQLiteInline`): these tests hold it to
/// giving the same rows, the same errors and the same all-or-nothing commit as the ordinary path, on both databases.
@Suite struct SQLiteInlineTests {
    struct Row: Codable, Equatable, Sendable {
        var id: UUID
        var count: Int
        var ratio: Double
        var name: String
        var note: String?
        var flag: Bool
        var at: Date
        var content: Data
    }

    static let rows = [
        Row(id: UUID(), count: 42, ratio: 0.125, name: "第三师图木舒克市民政局 \"引号\" 'single'", note: nil, flag: true,
            at: Date(timeIntervalSince1970: 1_764_000_000.5), content: Data([0, 1, 2, 255])),
        Row(id: UUID(), count: -7, ratio: 1e10, name: "", note: "备注", flag: false, at: Date(timeIntervalSince1970: 0), content: Data()),
    ]

    static func createTable(_ db: any SQLDatabase) async throws {
        try await db.create(table: "inline_probe")
            .column("id", type: .custom(SQLRaw("UUID")), .primaryKey(autoIncrement: false))
            .column("count", type: .bigint, .notNull).column("ratio", type: .custom(SQLRaw("DOUBLE PRECISION")), .notNull)
            .column("name", type: .text, .notNull).column("note", type: .text).column("flag", type: .custom(SQLRaw("BOOLEAN")), .notNull)
            .column("at", type: .custom(SQLRaw(db.dialect.name == "sqlite" ? "REAL" : "TIMESTAMPTZ")), .notNull)
            .column("content", type: .blob, .notNull).run()
    }

    @Test(arguments: TestDatabase.kinds)
    func statementsInsideAWriteReadAndWriteAsOutside(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let outside = runtime.db as! any SQLDatabase
            try await Self.createTable(outside)
            let (inline, readInside) = try await runtime.store.write(on: runtime.db) { db in
                for row in Self.rows {
                    try await (db as! any SQLDatabase).insert(row, into: "inline_probe")
                }
                let read = try await (db as! any SQLDatabase).select().columns("*").from("inline_probe").orderBy("count", .descending)
                    .all(decoding: Row.self)
                return (db is SQLiteInline, read)
            }
            // SQLiteNIO does not publish the connection's handle; if a new version moves it, this fails rather than
            // the transactions quietly going back to a thread-pool round trip per statement.
            #expect(inline == (kind == .sqlite))
            let readOutside = try await outside.select().columns("*").from("inline_probe").orderBy("count", .descending).all(decoding: Row.self)
            #expect(readInside == Self.rows)
            #expect(readOutside == Self.rows)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aFailingStatementUndoesTheWholeWrite(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let outside = runtime.db as! any SQLDatabase
            try await Self.createTable(outside)
            await #expect(throws: (any Error).self) {
                try await runtime.store.write(on: runtime.db) { db in
                    try await (db as! any SQLDatabase).insert(Self.rows[0], into: "inline_probe")
                    try await Journal(db: db).append(JournalEvent(action: "test", objectType: "probe", summary: "x"), context: .init(actor: .system))
                    // The same primary key again: the database refuses it.
                    try await (db as! any SQLDatabase).insert(Self.rows[0], into: "inline_probe")
                }
            }
            struct Count: Decodable { var n: Int }
            let left = try await outside.select().column(SQLFunction("count", args: SQLLiteral.all), as: "n").from("inline_probe")
                .first(decoding: Count.self)
            #expect(left?.n == 0)
            #expect(try await Journal(db: runtime.db).head().sequence == 0)
            // And the store takes the next write as usual.
            try await runtime.store.write(on: runtime.db) { db in try await (db as! any SQLDatabase).insert(Self.rows[1], into: "inline_probe") }
            #expect(try await outside.select().columns("*").from("inline_probe").all(decoding: Row.self) == [Self.rows[1]])
        }
    }

    /// Fluent's model operations inside the write go to the same connection and see the statements run inline.
    @Test(arguments: TestDatabase.kinds)
    func fluentInsideAWriteSeesTheInlineStatements(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let seen = try await runtime.store.write(on: runtime.db) { db in
                try await (db as! any SQLDatabase).insert(into: "org_unit")
                    .columns("id", "code", "name", "level", "calendar_code", "is_fictional", "path", "sort_order")
                    .values(SQLBind(UUID()), SQLBind("659003"), SQLBind("第三师图木舒克市"), SQLBind("divisionCity"), SQLBind("xinjiang"),
                            SQLBind(false), SQLBind("/659003"), SQLBind(0))
                    .run()
                return try await OrgUnitRecord.query(on: db).count()
            }
            #expect(seen == 1)
            #expect(try await OrgUnitRepository(db: runtime.db).count() == 1)
        }
    }
}

/// `QuotedNames` writes column lists as SQLKit would, on both databases — including a name with a quote in it.
@Suite struct QuotedNamesTests {
    @Test(arguments: TestDatabase.kinds)
    func columnListsSerializeAsSQLKitWouldThem(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let db = runtime.db as! any SQLDatabase
            func sql(_ expression: any SQLExpression) -> String {
                var serializer = SQLSerializer(database: db)
                expression.serialize(to: &serializer)
                return serializer.sql
            }
            let names = ["id", "type_id", "odd\"name", "\"", "名称"]
            #expect(sql(QuotedNames(names)) == sql(SQLList(names.map { SQLColumn($0) })))
            #expect(sql(QuotedNames(names, table: "mat\"ter")) == sql(SQLList(names.map { SQLColumn($0, table: "mat\"ter") })))
            #expect(sql(MatterColumns.selectList()) == sql(SQLList(MatterColumns.names.map { SQLColumn($0) })))
            // And rows inserted through the quoted list read back, on both paths.
            try await SQLiteInlineTests.createTable(db)
            try await db.insert(SQLiteInlineTests.rows[0], into: "inline_probe")
            try await runtime.store.write(on: runtime.db) { db in try await (db as! any SQLDatabase).insert(SQLiteInlineTests.rows[1], into: "inline_probe") }
            let read = try await db.select().column(QuotedNames(["id", "count", "ratio", "name", "note", "flag", "at", "content"])).from("inline_probe")
                .orderBy("count", .descending).all(decoding: SQLiteInlineTests.Row.self)
            #expect(read == SQLiteInlineTests.rows)
        }
    }
}

/// A fixed statement is written once per dialect and then sent with each call's values: the text is SQLKit's own, and
/// every call gets its own rows.
@Suite struct FixedStatementTests {
    @Test(arguments: TestDatabase.kinds)
    func aFixedStatementIsSQLKitsTextWithEachCallsValues(_ kind: TestDatabase.Kind) async throws {
        struct Unit: Decodable, Equatable { var code: String; var name: String }
        try await TestDatabase.withStore(kind) { runtime in
            let db = runtime.db as! any SQLDatabase
            let units = OrgUnitRepository(db: runtime.db)
            let root = try await units.create(code: "659003", name: "第三师图木舒克市", level: .divisionCity, parentID: nil,
                                              calendarCode: "xinjiang", isFictional: false)
            for n in 1...3 {
                _ = try await units.create(code: "659003-00\(n)", name: "连队\(n)", level: .agency, parentID: root.id,
                                           calendarCode: "xinjiang", isFictional: true)
            }
            @Sendable func build(_ select: SQLSelectBuilder, _ prefix: String, _ name: String) -> SQLSelectBuilder {
                select.columns("code", "name").from("org_unit").where("code", .like, SQLBind(prefix)).where("name", .notEqual, SQLBind(name))
                    .orderBy("code", .descending)
            }
            let statement = FixedStatement(select: { build($0, "", "") })
            func text(_ expression: any SQLExpression) -> (String, Int) {
                var serializer = SQLSerializer(database: db)
                expression.serialize(to: &serializer)
                return (serializer.sql, serializer.binds.count)
            }
            let written = text(statement.expression(on: db, binding: ["659003-%", "连队2"]))
            let sqlkit = text(build(db.select(), "659003-%", "连队2").select)
            #expect(written.0 == sqlkit.0)
            #expect(written.1 == 2)
            #expect(try await db.all(statement, "659003-%", "连队2", decoding: Unit.self)
                == [Unit(code: "659003-003", name: "连队3"), Unit(code: "659003-001", name: "连队1")])
            // The same text, other values: other rows.
            #expect(try await db.all(statement, "659003%", "连队9", decoding: Unit.self).map(\.code)
                == ["659003-003", "659003-002", "659003-001", "659003"])
            #expect(try await db.first(statement, "nothing%", "", decoding: Unit.self) == nil)
            // Inside a write (on SQLite, run on the write's own thread) it reads the write's own rows.
            let inside = try await runtime.store.write(on: runtime.db) { inner in
                _ = try await OrgUnitRepository(db: inner).create(code: "659003-004", name: "连队4", level: .agency, parentID: root.id,
                                                                  calendarCode: "xinjiang", isFictional: true)
                return try await (inner as! any SQLDatabase).all(statement, "659003-%", "", decoding: Unit.self).count
            }
            #expect(inside == 4)
        }
    }
}
