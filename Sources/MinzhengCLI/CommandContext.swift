import ArgumentParser
import Foundation
import Logging
import MinzhengCore
import MinzhengPersistence
import MinzhengWeb

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
        logger.logLevel = .warning
        self.logger = logger
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
