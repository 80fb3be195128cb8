import ArgumentParser
import MinzhengPersistence

/// `minzheng demo [--year 2025]`: loads the demo dataset (idempotent).
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "demo", abstract: "载入演示数据（可重复执行）")

    @Option(help: "数据库地址") var database: String?
    @Option(help: "演示数据年度") var year = 2025

    func run() async throws {
        let context = try CommandContext(database: database)
        try await context.withDatabase { runtime in
            let summary = try await DemoSeed(store: runtime.store, cipher: try context.cipher(), year: year,
                                             hashPassword: CommandContext.hashPassword).load(logger: context.logger)
            printLine("演示数据（\(year) 年度）已载入：新建单位 \(summary.orgUnitsCreated) 个，办件 \(summary.mattersCreated) 件。")
            printDemoLogins(summary)
        }
    }
}
