import ArgumentParser
import Foundation
import Logging

@main
struct Minzheng: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "minzheng",
        abstract: "法治民政平台（第三师图木舒克市民政局）",
        subcommands: [
            ServeCommand.self, MigrateCommand.self, DemoCommand.self, UsersCommand.self, AuditCommand.self, KeysCommand.self, JobsCommand.self,
            CalendarCommand.self, ValidateCommand.self, DrawCommand.self, BundleCommand.self, ReportCommand.self, TokensCommand.self, BackupCommand.self,
        ])

    static func main() async {
        // Read once: every request makes a logger, and reading the environment each time cost a tenth of a page's CPU.
        let level = Logger.Level(rawValue: ProcessInfo.processInfo.environment["MINZHENG_LOG_LEVEL"] ?? "") ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
