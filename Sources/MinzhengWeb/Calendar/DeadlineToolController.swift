import MinzhengCore
import MinzhengPersistence
import Vapor

/// `/tools/deadline`: anyone computes a due date and sees each counted and skipped day with its reason.
struct DeadlineToolController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("tools", "deadline", use: show)
    }

    struct Query: Decodable {
        var from: String?
        var days: String?
        var unit: String?
        var calendar: String?
    }

    @Sendable
    func show(_ request: Request) async throws -> Response {
        let query = try request.query.decode(Query.self)
        var form = DeadlineToolPage.Form(
            from: query.from ?? request.today.description, days: query.days ?? "5",
            unit: query.unit ?? DeadlineUnit.workday.rawValue, calendar: query.calendar ?? CalendarDefinition.bureauDefault.code)
        var page = DeadlineToolPage(layout: Layout(title: "期限计算", section: .portal, request: request), form: form)
        guard query.from != nil else { return try await request.render(page) }
        do {
            let input = try DeadlineToolInput(form: form)
            form.from = input.start.description
            let calendar = try await CalendarRepository(db: request.database).calendar(code: input.calendarCode)
            let calculation = try DeadlineCalculator(calendar: calendar).compute(from: input.start, period: input.period)
            page.result = .init(calculation, definition: calendar.definition)
            return try await request.render(page)
        } catch let error as any DomainError {
            page.error = error.message
            return try await request.render(page, status: error.category == .unavailable ? .ok : .unprocessableEntity)
        }
    }
}

/// The form's values checked and converted.
struct DeadlineToolInput {
    var start: CivilDate
    var period: Period
    var calendarCode: String

    init(form: DeadlineToolPage.Form) throws {
        guard let start = CivilDate(iso: form.from.trimmingCharacters(in: .whitespaces)) else {
            throw ValidationError(field: "起算事件日期", reason: "请填写真实的日期，格式为 YYYY-MM-DD。")
        }
        guard let length = Int(form.days.trimmingCharacters(in: .whitespaces)), (1...3650).contains(length) else {
            throw ValidationError(field: "期限长度", reason: "请填写 1–3650 之间的整数。")
        }
        guard let unit = DeadlineUnit(rawValue: form.unit) else {
            throw ValidationError(field: "计算单位", reason: "请选择工作日、日、月或年。")
        }
        guard CalendarDefinition.named(form.calendar) != nil else {
            throw ValidationError(field: "适用日历", reason: "请选择全国或新疆日历。")
        }
        self.start = start
        self.period = Period(length, unit)
        self.calendarCode = form.calendar
    }
}

struct DeadlineToolPage: Page {
    static let template = "tools/deadline"

    struct Form: Encodable {
        var from: String
        var days: String
        var unit: String
        var calendar: String
    }

    struct Option: Encodable {
        var value: String
        var label: String
    }

    struct Result: Encodable {
        struct Step: Encodable {
            var date: String
            var weekday: String
            var role: String
            var reason: String
            var isCounted: Bool
            var isExtension: Bool
        }
        var start: String
        var period: String
        var dueDate: String
        var dueWeekday: String
        var calendarName: String
        var basis: String
        var countedDays: Int
        var skippedDays: Int
        var steps: [Step]
        var unconfirmed: String?

        init(_ calculation: DeadlineCalculation, definition: CalendarDefinition) {
            start = calculation.startDate.chineseDescription
            period = calculation.period.description
            dueDate = calculation.dueDate.chineseDescription
            dueWeekday = calculation.dueDate.weekday.chineseName
            calendarName = definition.name
            basis = DeadlineRulesText.basis(for: calculation.period.unit)
            countedDays = calculation.steps.filter { $0.role == .counted && $0.ordinal != nil }.count
            skippedDays = calculation.steps.filter { $0.role == .skipped || $0.role == .rolledOver }.count
            steps = calculation.steps.map { step in
                Step(date: step.date.description, weekday: step.date.weekday.chineseName,
                     role: DeadlineRulesText.roleName(step.role), reason: step.reason,
                     isCounted: step.role == .counted, isExtension: step.phase > 0)
            }
            if !calculation.unconfirmedYears.isEmpty {
                let years = calculation.unconfirmedYears.map(String.init).joined(separator: "、")
                unconfirmed = "\(years) 年的新疆地方节日（肉孜节、古尔邦节）尚未导入，本结果仅按全国节假日计算。\(RuleConfidence.unconfirmedHint)"
            }
        }
    }

    var layout: Layout
    var form: Form
    var units: [Option] = DeadlineUnit.allCases.map { Option(value: $0.rawValue, label: $0.chineseName) }
    var calendars: [Option] = CalendarDefinition.all.map { Option(value: $0.code, label: $0.name) }
    var result: Result?
    var error: String?

    init(layout: Layout, form: Form) {
        self.layout = layout
        self.form = form
    }
}

/// The legal basis shown beside a calculation.
enum DeadlineRulesText {
    static func basis(for unit: DeadlineUnit) -> String {
        switch unit {
        case .workday:
            "期间自事件发生的次日起算（民法典 第二百零一条）；工作日为周一至周五，扣除法定节假日和新疆地方节日，加上调休上班日（国务院办公厅、自治区年度通知）。到期日为第 N 个工作日，无需顺延。"
        case .calendarDay:
            "期间自事件发生的次日起算（民法典 第二百零一条）；期间最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日（民法典 第二百零三条）。"
        case .month, .year:
            "按照年、月计算期间的，到期月的对应日为期间的最后一日；没有对应日的，月末日为期间的最后一日（民法典 第二百零二条）；最后一日是法定休假日的顺延（第二百零三条）。"
        }
    }

    static func roleName(_ role: DeadlineStep.Role) -> String {
        switch role {
        case .counted: "计入"
        case .skipped: "不计"
        case .suspended: "中止"
        case .periodEnd: "届满"
        case .rolledOver: "顺延"
        }
    }
}
