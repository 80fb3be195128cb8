import Foundation
import MinzhengCore
import MinzhengPersistence
import MinzhengWeb
import Vapor
import VaporTesting

/// A configured Minzheng on a fresh test database.
public enum TestApp {
    /// The package root, found from this file's path, so that `Resources/` and `Public/` are found wherever the
    /// tests run from.
    public static let rootDirectory: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }()

    /// Fixed keys for tests only.
    public static let testEnvironment: [String: String] = [
        "MINZHENG_DATA_KEY": "test1:" + Data(repeating: 7, count: 32).base64EncodedString(),
        "MINZHENG_JOURNAL_KEY": Data(repeating: 9, count: 32).base64EncodedString(),
        "MINZHENG_WORKER": "false",
    ]

    public static func config(place: TestDatabase.Place, extra: [String: String] = [:]) throws -> AppConfig {
        var environment = testEnvironment.merging(extra) { $1 }
        environment["MINZHENG_ROOT"] = rootDirectory
        environment["MINZHENG_CHECKPOINT_DIR"] = FileManager.default.temporaryDirectory
            .appendingPathComponent("minzheng-checkpoints-\(UUID().uuidString)").path
        var config = try AppConfig.load(flags: .init(environment: extra["MINZHENG_ENV"] ?? "testing"), environment: environment)
        config.database = place.location
        config.storage = place.settings
        return config
    }

    /// Runs `body` against a configured application on a fresh database of `kind`.
    public static func with<T>(
        _ kind: TestDatabase.Kind, environment: [String: String] = [:], registry: MatterTypeRegistry = .standard,
        _ body: (Application) async throws -> T
    ) async throws -> T {
        let place = try await TestDatabase.makePlace(kind)
        do {
            let config = try config(place: place, extra: environment)
            let result = try await withApp(configure: { app in
                app.logger.logLevel = .warning
                try await MinzhengApp.configure(app, config: config, registry: registry)
            }, body)
            await place.cleanup()
            return result
        } catch {
            await place.cleanup()
            throw error
        }
    }
}
