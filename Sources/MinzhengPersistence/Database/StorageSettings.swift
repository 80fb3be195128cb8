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
}
