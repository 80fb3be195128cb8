import FluentKit
import FluentSQLiteDriver
import NIOCore
import SQLKit

extension Store {
    /// `db` for a query that returns many rows (a list page, the annual report's figures). On SQLite the query runs on
    /// the calling task's thread on a leased connection (`SQLiteReads`); on PostgreSQL `db` is returned as it is.
    ///
    /// Single-row reads keep the driver's path: measured in the benchmark's runs (bench/results.md), running them
    /// here too made the matter page slower (925 → 780 pages/s) — the SQLite work then competes with the requests
    /// for the two threads of the task pool instead of running on the thread pool beside them — while a 50-row
    /// list gains (692 → 762).
    public static func bulk(_ db: any Database) -> any SQLDatabase {
        db is any SQLiteDatabase ? SQLiteReads(base: db) : db as! any SQLDatabase
    }
}

/// Fluent's pooled SQLite database, whose SQLKit reads run on the calling task's thread on a leased connection
/// (`SQLiteInline.run`; see `Store.bulk`).
///
/// Fluent's pooled SQLite database sends a statement to the event loop to lease a connection, from there to SQLiteNIO's
/// thread pool, each result row back to the event loop as a task of its own, and the answer back to the task: on
/// these machines every such hop is a thread woken. Here the lease is the only hop; the statement runs where the
/// task runs. Only statements that read: one that writes outside `Store.write` may wait for SQLite's write lock, and
/// that wait belongs on the thread pool, so it goes the ordinary way on the same leased connection. Fluent's model
/// operations, transactions and leases go to the pooled database as before.
struct SQLiteReads: FluentForwarding {
    let base: any Database

    // MARK: Database (Fluent): the pooled database (`FluentForwarding`).

    var inTransaction: Bool { base.inTransaction }

    func transaction<T: Sendable>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        base.transaction(closure)
    }

    func transaction<T: Sendable>(_ closure: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await base.transaction(closure)
    }

    func withConnection<T: Sendable>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        base.withConnection(closure)
    }

    func withConnection<T: Sendable>(_ closure: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await base.withConnection(closure)
    }

    // MARK: SQLDatabase: reads on this thread.

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        sqlBase.execute(sql: query, onRow)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        let (leased, release) = try await Self.lease(base)
        defer { release.succeed(()) }
        try await SQLiteInline.reading(leased).execute(sql: query, onRow)
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await sqlBase.withSession(closure)
    }

    /// A pooled connection of `pool` as a Fluent database, held until `release` is fulfilled; the task goes on on its
    /// own thread (no task is started on the event loop for it, as Fluent's async `withConnection` does).
    static func lease(_ pool: any Database) async throws -> (any Database, EventLoopPromise<Void>) {
        try await withCheckedThrowingContinuation { continuation in
            pool.withConnection { leased in
                let release = leased.eventLoop.makePromise(of: Void.self)
                continuation.resume(returning: (leased, release))
                return release.futureResult
            }.whenFailure { error in
                // Only a failed lease fails here: the release is always fulfilled.
                continuation.resume(throwing: error)
            }
        }
    }
}
