import ArgumentParser
import Foundation
import Logging
import MinzhengCore
import MinzhengPersistence
import MinzhengWeb
import class Vapor.BCryptDigest
import let Vapor.Bcrypt

/// What every database command needs: the configuration, a logger, and an open database.
struct CommandContext {
    let config: AppConfig
    let logger: Logger

    init(database: String?, environment: String? = nil) throws {
        do {
            config = try AppConfig.load(
                flags: .init(environment: environment, database: database), environment: ProcessInfo.processInfo.environment)
        } catch let error as AppConfigError {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode.failure
        }
        var logger = Logger(label: "minzheng.cli")
        // Quiet by default; MINZHENG_LOG_LEVEL=trace shows each SQL statement (the bench replays them in sqlite3).
        logger.logLevel = ProcessInfo.processInfo.environment["MINZHENG_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        self.logger = logger
    }

    /// The cipher of personal data, from the configured keys.
    func cipher() throws -> FieldCipher {
        try FieldCipher(keys: config.dataKeys, activeKeyID: config.activeDataKeyID)
    }

    /// bcrypt at the service cost.
    static func hashPassword(_ password: String) throws -> String {
        try Bcrypt.hash(password, cost: 12)
    }

    /// Opens the database, runs `body`, and always shuts the database down.
    func withDatabase<T>(migrate: Bool = true, _ body: (DatabaseRuntime) async throws -> T) async throws -> T {
        let runtime = try DatabaseRuntime(location: config.database, settings: config.storage, logger: logger)
        do {
            try await runtime.open(migrate: migrate)
            let result = try await body(runtime)
            await runtime.shutdown()
            return result
        } catch {
            await runtime.shutdown()
            throw error
        }
    }
}

/// Prints a domain error in Chinese and exits 1.
func reportAndFail(_ error: any Error) -> any Error {
    if let domain = error as? any DomainError {
        FileHandle.standardError.write(Data((domain.message + "\n").utf8))
        return ExitCode.failure
    }
    return error
}

func printLine(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}

/// The demo's logins, printed once when they are created.
func printDemoLogins(_ summary: DemoSeed.Summary) {
    guard let password = summary.password else {
        printLine("演示账号已存在（密码仅在首次载入时显示；可用 minzheng users reset-password 用户名 重置）。")
        return
    }
    printLine("演示账号（统一密码：\(password)，仅显示这一次；人名、单位名均为虚构）：")
    for login in summary.logins {
        printLine("  \(login.username.padding(toLength: 14, withPad: " ", startingAt: 0)) \(login.role)　\(login.unit)")
    }
}
