import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import Logging
import MinzhengCore
import NIOCore
import SQLKit

/// The database of one installation: its kind, its `Databases`, and the one way to write (`write`).
///
/// One act is one transaction: the change, its journal entry and any queued job commit together or not at all.
/// On SQLite a write transaction begins `IMMEDIATE` when the in-process writer's turn comes (`SQLiteWriteGroup`), so
/// it never fails half-way for a lock, and writes that arrive together commit together, each in its own savepoint; on
/// PostgreSQL it is an ordinary transaction.
public final class Store: Sendable {
    public let location: DatabaseLocation
    public let settings: StorageSettings
    public let databases: Databases
    /// SQLite's one writer, taken in turn, with the writes that queue meanwhile committed together.
    let writeGroup = SQLiteWriteGroup()
    /// Standalone journal entries, appended in shared transactions.
    public let journalBatcher = JournalBatcher()

    @TaskLocal static var openTransaction: OpenTransaction?

    struct OpenTransaction: Sendable {
        let store: ObjectIdentifier
        let database: any Database
    }

    public var kind: DatabaseKind { location.kind }

    /// Registers the database on `databases` as the default one.
    public init(location: DatabaseLocation, settings: StorageSettings = .init(), databases: Databases) throws {
        self.location = location
        self.settings = settings
        self.databases = databases
        switch location {
        case .sqlite(let path):
            var configuration = SQLiteConfiguration.file(path)
            configuration.enableForeignKeys = true
            databases.use(.sqlite(configuration, sqlLogLevel: .trace), as: .sqlite, isDefault: true)
        case .postgres(let url):
            var configuration = try SQLPostgresConfiguration(url: url)
            configuration.searchPath = settings.postgresSearchPath
            databases.use(
                .postgres(configuration: configuration,
                          maxConnectionsPerEventLoop: settings.postgresConnectionsPerEventLoop,
                          connectionPoolTimeout: .seconds(30),
                          encodingContext: .default, decodingContext: .default, sqlLogLevel: .trace),
                as: .psql, isDefault: true)
        }
    }

    public var databaseID: DatabaseID { kind == .sqlite ? .sqlite : .psql }

    /// A database handle on the given event loop (or any).
    public func database(logger: Logger, on eventLoop: (any EventLoop)? = nil) -> any Database {
        // Inside this store's open write transaction, every read goes through that transaction: on SQLite a second
        // connection would wait for the writer, and reads should see the transaction's own writes.
        if let open = Self.openTransaction, open.store == ObjectIdentifier(self) { return open.database }
        let loop = eventLoop ?? databases.eventLoopGroup.any()
        return databases.database(databaseID, logger: logger, on: loop)!
    }

    /// Runs `body` as one write transaction. Nested calls join the open transaction.
    @discardableResult
    public func write<T: Sendable>(
        on db: any Database, _ body: @escaping @Sendable (any Database) async throws -> T
    ) async throws -> T {
        if let open = Self.openTransaction, open.store == ObjectIdentifier(self) {
            return try await body(open.database)
        }
        switch kind {
        case .postgres:
            return try await db.transaction { connection in
                try await Self.$openTransaction.withValue(OpenTransaction(store: ObjectIdentifier(self), database: connection)) {
                    try await body(connection)
                }
            }
        case .sqlite:
            return try await writeGroup.write(body) { members in
                try await db.withConnection { leased in
                    try await (leased as! any SQLDatabase).raw("BEGIN IMMEDIATE").run()
                    // The write lock is held: the transaction's statements run on this thread (`SQLiteInline`).
                    let connection = SQLiteInline.wrapping(leased).map { $0 as any Database & SQLDatabase }
                        ?? leased as! any Database & SQLDatabase
                    do {
                        try await Self.$openTransaction.withValue(OpenTransaction(store: ObjectIdentifier(self), database: connection)) {
                            try await members(connection)
                        }
                        try await connection.raw("COMMIT").run()
                    } catch {
                        try? await connection.raw("ROLLBACK").run()
                        throw error
                    }
                }
            }
        }
    }

    /// Runs `body`, a series of reads, on one connection. On SQLite its SQLKit statements run on this thread
    /// (`SQLiteInline`), one lease for them all instead of a lease and a thread-pool round trip each: a matter's
    /// snapshot (six statements) went from about 1,050 to 1,400 pages a second (bench/results.md). For reads — under
    /// WAL a read never waits for a lock, so nothing here blocks the thread; a statement that writes goes the ordinary
    /// way on the same connection (`SQLiteInline.readsOnly`) — and only outside a write, whose
    /// own connection reads go through instead (holding it, a second lease could wait for it on the same event loop);
    /// Fluent's operations in `body` go to the same leased connection. On PostgreSQL `body` gets `db`.
    public static func reading<T>(on db: any Database, _ body: (any Database) async throws -> T) async throws -> T {
        guard db is any SQLiteDatabase, openTransaction == nil else { return try await body(db) }
        let (leased, release) = try await SQLiteReads.lease(db)
        defer { release.succeed(()) }
        return try await body(SQLiteInline.reading(leased))
    }

    /// Whether `db` is inside a `write` of this store.
    public var isInTransaction: Bool { Self.openTransaction?.store == ObjectIdentifier(self) }
}
