import FluentKit
import Foundation
import Logging
import NIOCore
import SQLKit

/// What one pooled SQLite connection reports after set-up.
public struct SQLiteConnectionState: Sendable, Equatable {
    public var journalMode: String
    public var synchronous: Int
    public var foreignKeys: Int
    public var busyTimeout: Int
}

public struct StorageCheckFailure: Error, CustomStringConvertible {
    public let problems: [String]
    public var description: String { "存储设置检查失败：" + problems.joined(separator: "；") }
}

extension Store {
    /// Applies and then verifies the durability settings on every pooled connection; throws, listing each
    /// connection that differs, so the server refuses to start (issue 2, item 8).
    ///
    /// SQLite keeps one connection per event loop, and `synchronous`, `foreign_keys` and `busy_timeout` are per
    /// connection, so each event loop's connection is set and read back. `journal_mode=WAL` persists in the file.
    @discardableResult
    public func prepareConnections(logger: Logger) async throws -> [SQLiteConnectionState] {
        guard kind == .sqlite else {
            let db = database(logger: logger) as! any SQLDatabase
            _ = try await db.raw("SELECT 1 AS ok").all()
            return []
        }
        var states: [SQLiteConnectionState] = []
        var problems: [String] = []
        let loops = Array(databases.eventLoopGroup.makeIterator())
        for (index, loop) in loops.enumerated() {
            let db = database(logger: logger, on: loop) as! any SQLDatabase
            try await db.raw("PRAGMA journal_mode=WAL").run()
            try await db.raw(SQLQueryString("PRAGMA synchronous=\(unsafeRaw: settings.sqliteSynchronous.rawValue)")).run()
            try await db.raw(SQLQueryString("PRAGMA busy_timeout=\(unsafeRaw: String(settings.sqliteBusyTimeoutMilliseconds))")).run()
            try await db.raw("PRAGMA foreign_keys=ON").run()
            try await db.raw(SQLQueryString("PRAGMA mmap_size=\(unsafeRaw: String(settings.sqliteMemoryMapBytes))")).run()
            let state = try await Self.readState(db)
            states.append(state)
            if state.journalMode.lowercased() != "wal" { problems.append("连接\(index + 1)：journal_mode=\(state.journalMode)，应为 wal") }
            if state.synchronous != settings.sqliteSynchronous.pragmaValue {
                problems.append("连接\(index + 1)：synchronous=\(state.synchronous)，应为 \(settings.sqliteSynchronous.rawValue)")
            }
            if state.foreignKeys != 1 { problems.append("连接\(index + 1)：foreign_keys 未开启") }
            if state.busyTimeout != settings.sqliteBusyTimeoutMilliseconds { problems.append("连接\(index + 1)：busy_timeout=\(state.busyTimeout)") }
        }
        guard problems.isEmpty else { throw StorageCheckFailure(problems: problems) }
        logger.info("sqlite connections prepared", metadata: [
            "db.connections": "\(states.count)", "db.synchronous": "\(settings.sqliteSynchronous.rawValue)",
        ])
        return states
    }

    /// Reads the settings of each pooled SQLite connection without changing them.
    public func connectionStates(logger: Logger) async throws -> [SQLiteConnectionState] {
        guard kind == .sqlite else { return [] }
        var states: [SQLiteConnectionState] = []
        for loop in databases.eventLoopGroup.makeIterator() {
            states.append(try await Self.readState(database(logger: logger, on: loop) as! any SQLDatabase))
        }
        return states
    }

    static func readState(_ db: any SQLDatabase) async throws -> SQLiteConnectionState {
        struct Mode: Decodable { var journal_mode: String }
        struct Sync: Decodable { var synchronous: Int }
        struct Keys: Decodable { var foreign_keys: Int }
        struct Busy: Decodable { var timeout: Int }
        let mode = try await db.raw("PRAGMA journal_mode").first(decoding: Mode.self)
        let sync = try await db.raw("PRAGMA synchronous").first(decoding: Sync.self)
        let keys = try await db.raw("PRAGMA foreign_keys").first(decoding: Keys.self)
        let busy = try await db.raw("PRAGMA busy_timeout").first(decoding: Busy.self)
        return SQLiteConnectionState(
            journalMode: mode?.journal_mode ?? "?", synchronous: sync?.synchronous ?? -1,
            foreignKeys: keys?.foreign_keys ?? -1, busyTimeout: busy?.timeout ?? -1)
    }
}
