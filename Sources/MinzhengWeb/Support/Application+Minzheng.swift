import FluentKit
import MinzhengCore
import MinzhengPersistence
import Vapor

/// What a running Minzheng holds besides Vapor's own services: its configuration, its store and its metrics.
public struct MinzhengServices: Sendable {
    public let config: AppConfig
    public let store: Store
    public let metrics: MetricsRegistry
    /// Encrypts personal data at rest with the configured keys.
    public let cipher: FieldCipher
    /// A bcrypt hash checked when a login names no account, so that timing does not tell which accounts exist.
    let dummyPasswordHash: String
    /// The matter types this instance runs, and the permission table built from them.
    public let registry: MatterTypeRegistry
    public let permissions: PermissionTable

    /// The matter engine on the store's database.
    public func matters(logger: Logger) -> MatterService {
        MatterService(store: store, registry: registry, permissions: permissions, cipher: cipher, logger: logger,
                      powerItemCitable: { code, db in try await PowerListRepository(db: db).isCitable(code) })
    }
}

extension Application {
    private struct ServicesKey: StorageKey {
        typealias Value = MinzhengServices
    }

    public var minzheng: MinzhengServices {
        get {
            guard let services = storage[ServicesKey.self] else {
                fatalError("MinzhengApp.configure(_:config:) has not been called on this application")
            }
            return services
        }
        set { storage[ServicesKey.self] = newValue }
    }
}

extension Request {
    public var minzheng: MinzhengServices { application.minzheng }

    /// The default database on this request's event loop.
    public var database: any Database { application.minzheng.store.database(logger: logger, on: eventLoop) }

    /// One act, one transaction (see `Store.write`).
    @discardableResult
    public func write<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await minzheng.store.write(on: database, body)
    }

    /// Today in China Standard Time.
    public var today: CivilDate { CivilDate(Date()) }

    /// The matter engine on this request's database.
    var matters: MatterService { minzheng.matters(logger: logger) }
}
