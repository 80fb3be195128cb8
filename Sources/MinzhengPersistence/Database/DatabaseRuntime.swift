import FluentKit
import Foundation
import Logging
import NIOCore
import NIOPosix

/// A database outside a web application, for the CLI and tests: its own `Databases` on the shared event loops,
/// shut down by `shutdown()`.
public final class DatabaseRuntime: Sendable {
    public let store: Store
    public let logger: Logger

    public init(location: DatabaseLocation, settings: StorageSettings = .init(), logger: Logger) throws {
        let databases = Databases(threadPool: NIOThreadPool.singleton, on: MultiThreadedEventLoopGroup.singleton)
        self.store = try Store(location: location, settings: settings, databases: databases)
        self.logger = logger
    }

    /// Applies the connection settings, then migrates.
    public func open(migrate: Bool = true) async throws {
        try await store.prepareConnections(logger: logger)
        if migrate { try await store.migrate(logger: logger) }
    }

    public var db: any Database { store.database(logger: logger) }

    public func shutdown() async {
        await store.databases.shutdownAsync()
    }
}
