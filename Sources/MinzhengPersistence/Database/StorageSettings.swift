import Foundation

/// Durability and pool settings of the storage layer (issue 2, item 8).
public struct StorageSettings: Sendable, Equatable {
    public enum Synchronous: String, Sendable, CaseIterable {
        case full = "FULL"
        case normal = "NORMAL"

        /// The value `PRAGMA synchronous` reports.
        var pragmaValue: Int { self == .full ? 2 : 1 }
    }

    /// `synchronous` of every SQLite connection: FULL by default, NORMAL on request.
    public var sqliteSynchronous: Synchronous
    /// How long a SQLite connection waits for another process's write lock, in milliseconds.
    public var sqliteBusyTimeoutMilliseconds: Int
    /// How much of the SQLite file each connection reads through a memory map (`PRAGMA mmap_size`), in bytes: a page
    /// read is then a memory access, not a `pread` call into the operating system's cache — a third of the annual
    /// report's time over a quarter of a million matters was such calls (bench/results.md). Writes still go through
    /// the WAL; 0 turns the map off.
    public var sqliteMemoryMapBytes: Int = 1 << 30
    /// PostgreSQL connections per event loop: several, so that commits from concurrent requests group.
    public var postgresConnectionsPerEventLoop: Int
    /// PostgreSQL `search_path` (tests use a fresh schema each).
    public var postgresSearchPath: [String]?

    public init(sqliteSynchronous: Synchronous = .full, sqliteBusyTimeoutMilliseconds: Int = 10_000,
                postgresConnectionsPerEventLoop: Int = 4, postgresSearchPath: [String]? = nil) {
        self.sqliteSynchronous = sqliteSynchronous
        self.sqliteBusyTimeoutMilliseconds = sqliteBusyTimeoutMilliseconds
        self.postgresConnectionsPerEventLoop = postgresConnectionsPerEventLoop
        self.postgresSearchPath = postgresSearchPath
    }

    /// The server's default: about 32 PostgreSQL connections per process, shared among its event loops (one per core),
    /// at least 4 each. Measured at 1.2M matters with 200 simulated staff on 2 cores (bench/results.md): with 4 per loop,
    /// requests queued for a connection while the transactions holding the reference-number and journal locks waited
    /// their turn, and p50 was 0.5–0.8 s; with 16 it was 50–60 ms. 32 keeps two instances within PostgreSQL's default
    /// `max_connections` of 100.
    public static func defaultPostgresConnectionsPerEventLoop(eventLoops: Int) -> Int {
        max(4, 32 / max(1, eventLoops))
    }
}
