import ArgumentParser
import MinzhengCore
import MinzhengPersistence

/// `minzheng calendar deadline --from DATE --days N --unit workday|day|month|year [--calendar national|xinjiang]`.
struct CalendarDeadlineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "deadline", abstract: "计算法定期限的到期日")

    enum Unit: String, ExpressibleByArgument, CaseIterable {
        case workday, day, month, year

        var deadlineUnit: DeadlineUnit {
            switch self {
            case .workday: .workday
            case .day: .calendarDay
            case .month: .month
            case .year: .year
            }
        }
    }

    @Option(help: "起算事件日期 YYYY-MM-DD（当日不计入）") var from: String
    @Option(help: "期限长度") var days: Int
    @Option(help: "单位：workday（工作日）、day（日）、month（月）、year（年）") var unit: Unit = .workday
    @Option(help: "日历：national（全国）或 xinjiang（新疆，默认）") var calendar = CalendarDefinition.bureauDefault.code
    @Flag(help: "逐日列出计入与不计入的日期") var steps = false
    @Option(help: "数据库地址") var database: String?

    func run() async throws {
        guard let start = CivilDate(iso: from) else {
            throw reportAndFail(ValidationError(field: "--from", reason: "应为 YYYY-MM-DD 格式的真实日期。"))
        }
        guard days >= 0, days <= 3650 else {
            throw reportAndFail(ValidationError(field: "--days", reason: "应为 0–3650 的整数。"))
        }
        let context = try CommandContext(database: database)
        try await context.withDatabase { runtime in
            do {
                let loaded = try await CalendarRepository(db: runtime.db).calendar(code: calendar)
                let result = try DeadlineCalculator(calendar: loaded).compute(from: start, period: Period(days, unit.deadlineUnit))
                printLine(result.dueDate.description)
                printLine("到期日 \(result.dueDate.chineseDescription) \(result.dueDate.weekday.chineseName)；自 \(start) 起算 \(result.period)；日历 \(loaded.definition.code)")
                if !result.unconfirmedYears.isEmpty {
                    printLine("注意：\(result.unconfirmedYears.map(String.init).joined(separator: "、")) 年地方节日尚未导入（\(RuleConfidence.unconfirmedHint)）")
                }
                if steps {
                    for step in result.steps {
                        printLine("  \(step.date) \(step.date.weekday.chineseName)  \(step.reason)")
                    }
                }
            } catch {
                throw reportAndFail(error)
            }
        }
    }
}
