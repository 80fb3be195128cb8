import ArgumentParser
import Foundation
import MinzhengCore
import MinzhengPersistence

/// `minzheng calendar import FILE`: loads years or regional days from a CSV or JSON file (docs/calendar-import.md).
/// A bad file is refused as a whole, naming the line and the reason; nothing of it is stored.
struct CalendarImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import", abstract: "从 CSV 或 JSON 文件导入节假日安排")

    @Argument(help: "文件路径（.csv 或 .json）") var file: String
    @Option(help: "数据库地址") var database: String?

    func run() async throws {
        let context = try CommandContext(database: database)
        guard let data = FileManager.default.contents(atPath: file) else {
            FileHandle.standardError.write(Data("无法读取文件 \(file)\n".utf8))
            throw ExitCode(1)
        }
        let parsed: CalendarImport
        do {
            parsed = try CalendarImportParser.parse(data, fileName: file)
        } catch {
            throw reportAndFail(error)
        }
        let cipher = try context.cipher()
        try await context.withDatabase { runtime in
            let journalContext = JournalContext(actor: .operator(ProcessInfo.processInfo.userName))
            var result = try await CalendarImportService(store: runtime.store).apply(parsed, context: journalContext, at: Date(), logger: context.logger)
            let registry = MatterTypeRegistry.standard
            result.recomputedClocks = try await MatterService(
                store: runtime.store, registry: registry, permissions: .make(registry: registry), cipher: cipher, logger: context.logger
            ).recomputeOpenClocks(years: Set(parsed.groups.map(\.year.year)), context: journalContext)
            for group in parsed.groups {
                let scope = group.year.region.map { CalendarDefinition.knownRegions[$0] ?? $0 } ?? "全国"
                printLine("已导入 \(group.year.year) 年（\(scope)）\(group.entries.count) 天")
            }
            if result.recomputedClocks > 0 { printLine("已重算受影响的期限 \(result.recomputedClocks) 个。") }
        }
    }
}
