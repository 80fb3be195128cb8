import FluentKit
import Foundation
import Logging

extension Store {
    private func migrator(logger: Logger) -> Migrator {
        let migrations = Migrations()
        MigrationList.register(on: migrations, id: databaseID)
        return Migrator(databases: databases, migrations: migrations, logger: logger,
                        on: databases.eventLoopGroup.any(), migrationLogLevel: .info)
    }

    /// Runs every migration not yet run. Returns the names of those it ran.
    @discardableResult
    public func migrate(logger: Logger) async throws -> [String] {
        let migrator = migrator(logger: logger)
        try await migrator.setupIfNeeded().get()
        let pending = try await migrator.previewPrepareBatch().get().map { $0.0.name }
        if !pending.isEmpty {
            try await migrator.prepareBatch().get()
        }
        return pending
    }

    /// Reverts the last batch of migrations. Returns the names of those it reverted.
    @discardableResult
    public func revertLastBatch(logger: Logger) async throws -> [String] {
        let migrator = migrator(logger: logger)
        try await migrator.setupIfNeeded().get()
        let names = try await migrator.previewRevertLastBatch().get().map { $0.0.name }
        try await migrator.revertLastBatch().get()
        return names
    }

    /// Reverts every migration.
    @discardableResult
    public func revertAll(logger: Logger) async throws -> [String] {
        let migrator = migrator(logger: logger)
        try await migrator.setupIfNeeded().get()
        let names = try await migrator.previewRevertAllBatches().get().map { $0.0.name }
        try await migrator.revertAllBatches().get()
        return names
    }
}
