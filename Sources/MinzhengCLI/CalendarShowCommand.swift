import ArgumentParser
import MinzhengCore
import MinzhengPersistence

/// `minzheng calendar show YEAR [--calendar national|xinjiang]`.
struct CalendarShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "列出一年的放假日和调休上班日")

    @Argument(help: "年份") var year: Int
    @Option(help: "日历：national（全国）或 xinjiang（新疆，默认）") var calendar = CalendarDefinition.bureauDefault.code
    @Option(help: "数据库地址") var database: String?

    func run() async throws {
        let context = try CommandContext(database: database)
        try await context.withDatabase { runtime in
            do {
                let loaded = try await CalendarRepository(db: runtime.db).calendar(code: calendar)
                guard loaded.holds(year: year) else { throw CalendarError.yearNotLoaded(year) }
                printLine("\(year) 年 · \(loaded.definition.name)")
                if !loaded.isComplete(year: year) {
                    printLine("注意：\(year) 年地方节日尚未导入，以下仅含全国安排（\(RuleConfidence.unconfirmedHint)）。")
                }
                for entry in loaded.entries(in: year) {
                    printLine("\(entry.date)  \(entry.date.weekday.chineseName)  \(entry.kind.chineseName)  \(entry.name)")
                }
            } catch {
                throw reportAndFail(error)
            }
        }
    }
}
