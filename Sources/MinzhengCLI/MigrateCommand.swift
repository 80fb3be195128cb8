import ArgumentParser
import MinzhengPersistence

/// `minzheng migrate [--revert]`.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "执行或回退数据库迁移")

    @Option(help: "数据库地址") var database: String?
    @Flag(help: "回退最近一批迁移") var revert = false

    func run() async throws {
        let context = try CommandContext(database: database)
        try await context.withDatabase(migrate: false) { runtime in
            if revert {
                let names = try await runtime.store.revertLastBatch(logger: context.logger)
                printLine(names.isEmpty ? "没有可回退的迁移。" : "已回退 \(names.count) 个迁移：\n" + names.map { "  \($0)" }.joined(separator: "\n"))
            } else {
                let names = try await runtime.store.migrate(logger: context.logger)
                printLine(names.isEmpty ? "数据库已是最新。" : "已执行 \(names.count) 个迁移：\n" + names.map { "  \($0)" }.joined(separator: "\n"))
            }
        }
    }
}
