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
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = Logger.Level(rawValue: ProcessInfo.processInfo.environment["MINZHENG_LOG_LEVEL"] ?? "") ?? .info
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
