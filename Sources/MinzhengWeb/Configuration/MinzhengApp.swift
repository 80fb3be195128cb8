import Fluent
import Leaf
import LeafKit
import MinzhengCore
import MinzhengPersistence
import Vapor

/// Builds a Minzheng application on a Vapor `Application`: storage, views, middleware and routes.
public enum MinzhengApp {
    public static func configure(_ app: Application, config: AppConfig) async throws {
        app.http.server.configuration.hostname = config.hostname
        app.http.server.configuration.port = config.port
        app.http.server.configuration.serverName = nil
        app.routes.defaultMaxBodySize = "64kb"

        let store = try Store(location: config.database, settings: config.storage, databases: app.databases)
        let metrics = MetricsRegistry()
        app.minzheng = MinzhengServices(config: config, store: store, metrics: metrics)

        try await store.prepareConnections(logger: app.logger)
        try await store.migrate(logger: app.logger)

        app.views.use(.leaf)
        app.leaf.configuration = LeafConfiguration(rootDirectory: config.rootDirectory + "Resources/Views/")
        app.leaf.cache.isEnabled = config.environment != .development

        app.middleware = Middlewares()
        app.middleware.use(RequestLogMiddleware(metrics: metrics))
        app.middleware.use(SecurityHeadersMiddleware(isProduction: config.isProduction))
        app.middleware.use(ErrorPageMiddleware())
        app.middleware.use(FileMiddleware(publicDirectory: config.rootDirectory + "Public/", defaultFile: nil))
        app.middleware.use(FlashMiddleware())
        app.middleware.use(CSRFMiddleware(isSecure: config.session.isSecure))

        try app.register(collection: HealthController())
        try app.register(collection: PortalController())
        try app.register(collection: DeadlineToolController())
        try app.register(collection: HolidayCalendarController())
    }
}
