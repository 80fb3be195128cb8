import FluentKit
import FluentSQLiteDriver
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import SQLKit
import VaporCSQLite

/// An SQLite connection the caller holds for itself (an open write transaction), whose SQLKit statements run on the
/// calling thread instead of each being sent to SQLiteNIO's thread pool and its answer back to an event loop.
///
/// Why: on these machines a statement's round trip through the thread pool and the event loop costs 200–300 µs of
/// waking threads, far more than SQLite's own work (bench/results.md). A registration's write transaction has a dozen
/// statements, and under SQLite's single writer every other write waits for it: twelve round trips made the
/// transaction last about 4 ms. Run inline, the statements cost what SQLite costs.
///
/// Only for a connection nobody else can use meanwhile, and only where a statement never waits for a lock, so it
/// never blocks the calling thread for longer than SQLite's own work: a write transaction's leased connection once
/// its write lock is held (`BEGIN IMMEDIATE` has answered, in `SQLiteWriteGroup`'s turn), or a series of reads on a
/// leased connection (`Store.reading`; under WAL a reader never waits). Fluent's model operations go to the same
/// connection the ordinary way. The handle is SQLiteNIO's own (the same library, so its file locks are shared);
/// SQLiteNIO does not publish it, so it is read once by reflection — `SQLiteInlineTests` fails if a new SQLiteNIO
/// moves it, and without it the transaction simply runs the ordinary way.
struct SQLiteInline: FluentForwarding {
    /// The leased connection as Fluent sees it: Fluent's operations, dialect, logger and event loop come from it.
    let base: any Database
    let handle: Handle
    /// A series of reads (`Store.reading`, `Store.bulk`) rather than a write transaction: a statement that would write
    /// is not run here but the ordinary way on the same connection, where a wait for SQLite's write lock belongs on the
    /// thread pool, and a transaction is a real one on that connection.
    var readsOnly = false

    struct Handle: @unchecked Sendable {
        let raw: OpaquePointer
        /// Keeps the connection (and so the handle) alive while statements run on it.
        let owner: AnyObject
    }

    /// The inline form of `leased`, a Fluent SQLite database on a leased connection; nil if its handle cannot be read.
    static func wrapping(_ leased: any Database) -> SQLiteInline? {
        guard let handle = handle(of: leased) else { return nil }
        return SQLiteInline(base: leased, handle: handle)
    }

    /// `leased` for a series of reads (`readsOnly`): inline if its handle can be read, else as it is.
    static func reading(_ leased: any Database) -> any Database & SQLDatabase {
        guard let handle = handle(of: leased) else { return leased as! any Database & SQLDatabase }
        return SQLiteInline(base: leased, handle: handle, readsOnly: true)
    }

    /// The `sqlite3` handle under a leased Fluent SQLite database.
    static func handle(of leased: any Database) -> Handle? {
        guard let sqlite = leased as? any SQLiteDatabase else { return nil }
        let found = Found()
        // A leased connection hands itself to the closure at once.
        _ = sqlite.withConnection { connection in
            found.connection = connection
            return connection.eventLoop.makeSucceededVoidFuture()
        }
        return found.connection.flatMap(handle(of:))
    }

    /// The `sqlite3` handle of an SQLiteNIO connection. Read by reflection once per connection (a `Mirror` walk cost
    /// about 2% of a registration's CPU when it was done for every transaction), then remembered while the connection
    /// lives.
    static func handle(of connection: SQLiteConnection) -> Handle? {
        let key = ObjectIdentifier(connection)
        if let raw = known.withLockedValue({ $0[key]?.raw(of: connection) }) { return Handle(raw: raw, owner: connection) }
        guard let raw = Mirror(reflecting: connection).descendant("handle", "raw") as? OpaquePointer else { return nil }
        known.withLockedValue { $0[key] = Known(connection: connection, raw: raw) }
        return Handle(raw: raw, owner: connection)
    }

    /// Handles read so far, by connection. The connection is held weakly and compared on use: a closed connection's
    /// entry never answers for a new connection that happens to reuse its address.
    private static let known = NIOLockedValueBox<[ObjectIdentifier: Known]>([:])

    private final class Known: @unchecked Sendable {
        weak var connection: SQLiteConnection?
        let raw: OpaquePointer

        init(connection: SQLiteConnection, raw: OpaquePointer) {
            self.connection = connection
            self.raw = raw
        }

        func raw(of candidate: SQLiteConnection) -> OpaquePointer? { connection === candidate ? raw : nil }
    }

    private final class Found: @unchecked Sendable {
        var connection: SQLiteConnection?
    }

    // MARK: Database (Fluent): the leased connection, the ordinary way (`FluentForwarding`); nested transactions and
    // leases join this one.

    var inTransaction: Bool { readsOnly ? base.inTransaction : true }

    func transaction<T: Sendable>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        readsOnly ? base.transaction(closure) : closure(self)
    }

    func transaction<T: Sendable>(_ closure: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        readsOnly ? try await base.transaction(closure) : try await closure(self)
    }

    func withConnection<T: Sendable>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        closure(self)
    }

    func withConnection<T: Sendable>(_ closure: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await closure(self)
    }

    // MARK: SQLDatabase: on the calling thread.

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        do {
            guard try Self.run(query, on: handle, serializingFor: self, onlyIfReading: readsOnly, onRow) else {
                return sqlBase.execute(sql: query, onRow)
            }
            return eventLoop.makeSucceededVoidFuture()
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        if try Self.run(query, on: handle, serializingFor: self, onlyIfReading: readsOnly, onRow) { return }
        try await sqlBase.execute(sql: query, onRow)
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await closure(self)
    }

    /// Serializes `query` as SQLKit does for `database`, then prepares, binds and steps it on `handle`, on this thread.
    /// With `onlyIfReading`, a statement that would write is not run, and the answer is false.
    @discardableResult
    static func run(_ query: any SQLExpression, on handle: Handle, serializingFor database: any SQLDatabase,
                    onlyIfReading: Bool = false, _ onRow: (any SQLRow) -> Void) throws -> Bool {
        var serializer = SQLSerializer(database: database)
        query.serialize(to: &serializer)
        if let level = database.queryLogLevel {
            // As the driver logs it, at the query log level (trace: never in production's default): the benchmark
            // replays the annual report's statements from this trace (scripts/bench_report.py).
            database.logger.log(level: level, "Executing query",
                                metadata: ["sql": .string(serializer.sql), "binds": .array(serializer.binds.map { .string("\($0)") })])
        }
        let encoder = SQLiteDataEncoder()
        let binds = try serializer.binds.map { try encoder.encode($0) }
        let db = handle.raw
        var statement: OpaquePointer?
        guard sqlite_nio_sqlite3_prepare_v3(db, serializer.sql, -1, 0, &statement, nil) == SQLITE_OK, let statement else {
            throw SQLiteStatementError(db)
        }
        defer { sqlite_nio_sqlite3_finalize(statement) }
        if onlyIfReading, sqlite_nio_sqlite3_stmt_readonly(statement) == 0 { return false }
        for (index, bind) in binds.enumerated() {
            let position = Int32(index + 1)
            let code: Int32
            switch bind {
            case .blob(let value):
                code = value.withUnsafeReadableBytes {
                    sqlite_nio_sqlite3_bind_blob64(statement, position, $0.baseAddress, UInt64($0.count), transient)
                }
            case .float(let value): code = sqlite_nio_sqlite3_bind_double(statement, position, value)
            case .integer(let value): code = sqlite_nio_sqlite3_bind_int64(statement, position, Int64(value))
            case .null: code = sqlite_nio_sqlite3_bind_null(statement, position)
            case .text(let value):
                code = sqlite_nio_sqlite3_bind_text64(statement, position, value, UInt64(value.utf8.count), transient, UInt8(SQLITE_UTF8))
            }
            guard code == SQLITE_OK else { throw SQLiteStatementError(db) }
        }
        var columns: InlineRow.Columns?
        while true {
            let step = sqlite_nio_sqlite3_step(statement)
            if step == SQLITE_DONE { return true }
            guard step == SQLITE_ROW else { throw SQLiteStatementError(db) }
            let names = try columns ?? InlineRow.Columns(statement)
            columns = names
            onRow(InlineRow(columns: names, values: try (0..<Int32(names.names.count)).map { try Self.value(statement, $0) }))
        }
    }

    /// A column's value as SQLiteNIO reads it, so rows decode the same either way.
    private static func value(_ statement: OpaquePointer, _ column: Int32) throws -> SQLiteData {
        switch sqlite_nio_sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER: return .integer(Int(sqlite_nio_sqlite3_column_int64(statement, column)))
        case SQLITE_FLOAT: return .float(sqlite_nio_sqlite3_column_double(statement, column))
        case SQLITE_TEXT:
            guard let text = sqlite_nio_sqlite3_column_text(statement, column) else {
                throw SQLiteStatementError(code: SQLITE_ERROR, message: "unexpected NULL text in column \(column)")
            }
            return .text(String(cString: text))
        case SQLITE_BLOB:
            let length = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
            var buffer = ByteBufferAllocator().buffer(capacity: length)
            if let bytes = sqlite_nio_sqlite3_column_blob(statement, column) {
                buffer.writeBytes(UnsafeRawBufferPointer(start: bytes, count: length))
            }
            return .blob(buffer)
        default: return .null
        }
    }
}

/// `SQLITE_TRANSIENT`: SQLite copies the bound value before the call returns.
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// An SQLite error of an inline statement, with SQLite's own message (never the statement's values).
struct SQLiteStatementError: Error, CustomStringConvertible {
    let code: Int32
    let message: String

    init(code: Int32, message: String) {
        self.code = code
        self.message = message
    }

    init(_ db: OpaquePointer) {
        code = sqlite_nio_sqlite3_extended_errcode(db)
        message = sqlite_nio_sqlite3_errmsg(db).map { String(cString: $0) } ?? "unknown"
    }

    var description: String { "SQLite error \(code): \(message)" }
}

/// One result row of an inline statement, decoded as SQLiteKit decodes its rows.
private struct InlineRow: SQLRow {
    final class Columns: Sendable {
        let names: [String]
        let offsets: [String: Int]

        init(_ statement: OpaquePointer) throws {
            let count = sqlite_nio_sqlite3_column_count(statement)
            names = try (0..<count).map { column in
                guard let name = sqlite_nio_sqlite3_column_name(statement, column) else {
                    throw SQLiteStatementError(code: SQLITE_ERROR, message: "no name for column \(column)")
                }
                return String(cString: name)
            }
            offsets = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    let columns: Columns
    let values: [SQLiteData]

    var allColumns: [String] { columns.names }
    func contains(column: String) -> Bool { columns.offsets[column] != nil }

    func decodeNil(column: String) throws -> Bool {
        guard let offset = columns.offsets[column] else { return true }
        return values[offset] == .null
    }

    func decode<D: Decodable>(column: String, as: D.Type) throws -> D {
        guard let offset = columns.offsets[column] else {
            throw DecodingError.keyNotFound(SomeKey(column), .init(codingPath: [], debugDescription: "no column \(column)"))
        }
        return try SQLiteDataDecoder().decode(D.self, from: values[offset])
    }

    private struct SomeKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

/// A Fluent database standing in for `base`: Fluent's queries and SQLKit's dialect, logger and event loop are `base`'s;
/// the conforming type decides where its SQLKit statements, transactions and leases go.
protocol FluentForwarding: Database, SQLDatabase {
    var base: any Database { get }
}

extension FluentForwarding {
    var context: DatabaseContext { base.context }

    func execute(query: DatabaseQuery, onOutput: @escaping @Sendable (any DatabaseOutput) -> Void) -> EventLoopFuture<Void> {
        base.execute(query: query, onOutput: onOutput)
    }

    func execute(query: DatabaseQuery, onOutput: @escaping @Sendable (any DatabaseOutput) -> Void) async throws {
        try await base.execute(query: query, onOutput: onOutput)
    }

    func execute(schema: DatabaseSchema) -> EventLoopFuture<Void> { base.execute(schema: schema) }
    func execute(enum: DatabaseEnum) -> EventLoopFuture<Void> { base.execute(enum: `enum`) }

    var sqlBase: any SQLDatabase { base as! any SQLDatabase }
    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { sqlBase.version }
    var dialect: any SQLDialect { sqlBase.dialect }
    var queryLogLevel: Logger.Level? { sqlBase.queryLogLevel }
}
