import FluentKit
import Foundation
import Logging
import MinzhengPersistence
import SQLKit

/// A database of its own for each test: a temporary SQLite file, or a fresh PostgreSQL schema when
/// `MINZHENG_TEST_POSTGRES_URL` is set. Both refuse a non-local host.
public enum TestDatabase {
    public enum Kind: String, Sendable {
        case sqlite, postgres
    }

    /// SQLite always; PostgreSQL as well when `MINZHENG_TEST_POSTGRES_URL` is set. Database tests take these as
    /// arguments, so every database test runs on both.
    public static var kinds: [Kind] {
        postgresURL == nil ? [.sqlite] : [.sqlite, .postgres]
    }

    public static var postgresURL: String? {
        let value = ProcessInfo.processInfo.environment["MINZHENG_TEST_POSTGRES_URL"]
        return value?.isEmpty == false ? value : nil
    }

    public static let logger: Logger = {
        var logger = Logger(label: "minzheng.test")
        logger.logLevel = .warning
        return logger
    }()

    /// A database place: its location and settings, and how to remove it afterwards.
    public struct Place: Sendable {
        public var location: DatabaseLocation
        public var settings: StorageSettings
        public var cleanup: @Sendable () async -> Void
    }

    public static func makePlace(_ kind: Kind) async throws -> Place {
        switch kind {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("minzheng-tests", isDirectory: true)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let path = directory.appendingPathComponent("\(UUID().uuidString).sqlite").path
            return Place(location: .sqlite(path: path), settings: StorageSettings(), cleanup: {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            })
        case .postgres:
            guard let url = postgresURL else { throw TestDatabaseError.postgresNotConfigured }
            guard let host = URLComponents(string: url)?.host, ["127.0.0.1", "localhost", "::1"].contains(host) else {
                throw TestDatabaseError.nonLocalHost
            }
            let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
            try await withAdminConnection(url: url) { sql in
                try await sql.raw("CREATE SCHEMA \(unsafeRaw: String(schema))").run()
            }
            var settings = StorageSettings()
            settings.postgresSearchPath = [String(schema)]
            settings.postgresConnectionsPerEventLoop = 2
            return Place(location: .postgres(url: url), settings: settings, cleanup: {
                try? await withAdminConnection(url: url) { sql in
                    try await sql.raw("DROP SCHEMA \(unsafeRaw: String(schema)) CASCADE").run()
                }
            })
        }
    }

    private static func withAdminConnection(url: String, _ body: @escaping @Sendable (any SQLDatabase) async throws -> Void) async throws {
        let runtime = try DatabaseRuntime(location: .postgres(url: url), settings: StorageSettings(postgresConnectionsPerEventLoop: 1), logger: logger)
        do {
            try await body(runtime.db as! any SQLDatabase)
            await runtime.shutdown()
        } catch {
            await runtime.shutdown()
            throw error
        }
    }

    /// Runs `body` with a migrated database of `kind`, then removes it.
    public static func withStore<T>(_ kind: Kind, migrate: Bool = true, _ body: (DatabaseRuntime) async throws -> T) async throws -> T {
        let place = try await makePlace(kind)
        let runtime = try DatabaseRuntime(location: place.location, settings: place.settings, logger: logger)
        do {
            try await runtime.open(migrate: migrate)
            let result = try await body(runtime)
            await runtime.shutdown()
            await place.cleanup()
            return result
        } catch {
            await runtime.shutdown()
            await place.cleanup()
            throw error
        }
    }
}


public enum TestDatabaseError: Error, CustomStringConvertible {
    case postgresNotConfigured
    case nonLocalHost

    public var description: String {
        switch self {
        case .postgresNotConfigured: "MINZHENG_TEST_POSTGRES_URL is not set"
        case .nonLocalHost: "MINZHENG_TEST_POSTGRES_URL must point to a local host (127.0.0.1, localhost or ::1)"
        }
    }
}
