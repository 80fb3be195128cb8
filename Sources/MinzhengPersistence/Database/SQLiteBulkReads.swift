import FluentKit
import FluentSQLiteDriver
import NIOCore
import SQLKit

extension Store {
    /// `db` for a query that returns many rows (a list page, the annual report's figures). On SQLite the query runs
    /// on a leased connection through SQLiteNIO's concurrency interface; on PostgreSQL `db` is returned as it is.
    ///
    /// Fluent's pooled SQLite database implements only the future-based query, which sends every result row back to
    /// the event loop as a task of its own; a leased connection's concurrency `query` calls back on the thread that
    /// steps the statement. Starting that costs a task, more than the hop of a single row, so single-row reads keep
    /// the plain path (measured in the benchmark's runs, bench/results.md: a 50-row list +10 %, one row −18 %).
    public static func bulk(_ db: any Database) -> any SQLDatabase {
        db is any SQLiteDatabase ? SQLiteBulkReads(base: db as! any SQLDatabase, sqlite: db as! any SQLiteDatabase) : db as! any SQLDatabase
    }
}

/// An SQLite database whose SQLKit queries deliver their rows on the statement's thread (`Store.bulk`).
struct SQLiteBulkReads: SQLDatabase {
    let base: any SQLDatabase
    let sqlite: any SQLiteDatabase

    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { base.version }
    var dialect: any SQLDialect { base.dialect }
    var queryLogLevel: Logger.Level? { base.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        base.execute(sql: query, onRow)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        let level = queryLogLevel
        try await sqlite.withConnection { connection in
            connection.eventLoop.makeFutureWithTask {
                try await connection.sql(queryLogLevel: level).execute(sql: query, onRow)
            }
        }.get()
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await base.withSession(closure)
    }
}
