import Fluent
import Leaf
import LeafKit
import MinzhengCore
import MinzhengPersistence
import Vapor

/// Builds a Minzheng application on a Vapor `Application`: storage, views, middleware and routes.
public enum MinzhengApp {
    public static func configure(_ app: Application, config: AppConfig, registry: MatterTypeRegistry = .standard) async throws {
        app.http.server.configuration.hostname = config.hostname
        app.http.server.configuration.port = config.port
        app.http.server.configuration.serverName = nil
        app.routes.defaultMaxBodySize = "64kb"

        let store = try Store(location: config.database, settings: config.storage, databases: app.databases)
        let metrics = MetricsRegistry()
        let cipher = try FieldCipher(keys: config.dataKeys, activeKeyID: config.activeDataKeyID)
        // bcrypt: cost 12 in service (about a quarter of a core-second); the test suite uses the minimum.
        let cost = config.environment == .testing ? 4 : 12
        app.passwords.use(.bcrypt(cost: cost))
        let dummyHash = try Bcrypt.hash("minzheng-timing-equaliser", cost: cost)
        app.minzheng = MinzhengServices(config: config, store: store, metrics: metrics, cipher: cipher, dummyPasswordHash: dummyHash,
                                        registry: registry, permissions: PermissionTable.make(registry: registry))

        try await store.prepareConnections(logger: app.logger)
        try await store.migrate(logger: app.logger)

        app.views.use(.leaf)
        app.leaf.configuration = LeafConfiguration(rootDirectory: config.rootDirectory + "Resources/Views/")
        app.leaf.cache.isEnabled = config.environment != .development

        app.middleware = Middlewares()
        app.middleware.use(RequestLogMiddleware(metrics: metrics))
        app.middleware.use(SecurityHeadersMiddleware(isProduction: config.isProduction))
        app.middleware.use(ErrorPageMiddleware())
        app.middleware.use(StaticFilesMiddleware(publicDirectory: config.rootDirectory + "Public/"))
        app.middleware.use(FlashMiddleware())
        app.middleware.use(CSRFMiddleware(isSecure: config.session.isSecure))
        app.middleware.use(SessionMiddleware(settings: config.session))
        app.middleware.use(APITokenMiddleware())

        if config.runsWorker { app.lifecycle.use(BackgroundWorkLifecycle()) }

        try app.register(collection: HealthController())
        try app.register(collection: PortalController())
        try app.register(collection: DeadlineToolController())
        try app.register(collection: HolidayCalendarController())
        try app.register(collection: LoginController())
        try app.register(collection: SecondFactorController())
        try app.register(collection: RegistrationController())
        try app.register(collection: PasswordController())
        try app.register(collection: MyController())
        try app.register(collection: WorkController())
        try app.register(collection: AdminHomeController())
        try app.register(collection: AdminAccountsController())
        try app.register(collection: AdminOrgController())
        try app.register(collection: AdminCalendarController())
        try app.register(collection: AdminSettingsController())
        try app.register(collection: AdminJournalController())
        try app.register(collection: WorkMattersController())
        try app.register(collection: MatterFilesController())
        try app.register(collection: MyMattersController())
        try app.register(collection: NotificationsController())
        try app.register(collection: PowerListController())
        try app.register(collection: AdminPowerListController())
        try app.register(collection: AdminStandardsController())
        try app.register(collection: PublicNoticesController())
        try app.register(collection: MyApplicationsController())
        try app.register(collection: ServiceFiguresController())
        try app.register(collection: SpotChecksController())
        try app.register(collection: AppointmentsController())
        try app.register(collection: RegistryAppointmentsController())
        try app.register(collection: OrganizationsController())
        try app.register(collection: CampaignsController())
        try app.register(collection: DoubleRandomController())
        try app.register(collection: PublicSupervisionController())
        try app.register(collection: EnforcementController())
        try app.register(collection: RuleMakingController())
        try app.register(collection: DisputesController())
        try app.register(collection: ReferralsController())
        try app.register(collection: ReportsController())
        try app.register(collection: DashboardController())
        try app.register(collection: APIController())
        try app.register(collection: AdminTokensController())
    }
}
