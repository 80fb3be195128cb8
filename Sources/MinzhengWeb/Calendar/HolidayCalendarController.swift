import MinzhengCore
import MinzhengPersistence
import Vapor

/// `/calendar/:year`: the year's days off and make-up working days, as the official calendar holds them.
struct HolidayCalendarController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("calendar", use: current)
        routes.get("calendar", ":year", use: show)
    }

    @Sendable
    func current(_ request: Request) async throws -> Response {
        request.redirect(to: "/calendar/\(request.today.year)")
    }

    @Sendable
    func show(_ request: Request) async throws -> Response {
        guard let year = request.parameters.get("year", as: Int.self), (1900...2100).contains(year) else {
            throw Abort(.notFound)
        }
        let code = (try? request.query.get(String.self, at: "calendar")) ?? CalendarDefinition.bureauDefault.code
        let calendar = try await CalendarRepository(db: request.database).calendar(code: code)
        let page = HolidayCalendarPage(
            layout: Layout(title: "\(year) 年节假日安排", section: .portal, request: request),
            year: year, calendarCode: calendar.definition.code, calendarName: calendar.definition.name,
            isLoaded: calendar.holds(year: year), isComplete: calendar.isComplete(year: year),
            days: HolidayCalendarPage.rows(calendar.entries(in: year)),
            calendars: CalendarDefinition.all.map { .init(code: $0.code, name: $0.name) },
            previousYear: year - 1, nextYear: year + 1)
        return try await request.render(page)
    }
}

struct HolidayCalendarPage: Page {
    static let template = "tools/calendar"

    struct Row: Encodable {
        var name: String
        var kind: String
        var kindCode: String
        var dates: String
        var count: Int
        var documentRef: String?
    }

    struct CalendarOption: Encodable {
        var code: String
        var name: String
    }

    var layout: Layout
    var year: Int
    var calendarCode: String
    var calendarName: String
    var isLoaded: Bool
    var isComplete: Bool
    var days: [Row]
    var calendars: [CalendarOption]
    var previousYear: Int
    var nextYear: Int

    /// Groups consecutive entries of the same name and kind into one row: 春节 1月28日—2月4日（8天）.
    static func rows(_ entries: [CalendarEntry]) -> [Row] {
        var rows: [Row] = []
        var group: [CalendarEntry] = []
        func flush() {
            guard let first = group.first, let last = group.last else { return }
            let dates = group.count == 1 || first.kind == .makeUpWorkday
                ? group.map { "\($0.date.month)月\($0.date.day)日（\($0.date.weekday.chineseName)）" }.joined(separator: "、")
                : "\(first.date.month)月\(first.date.day)日—\(last.date.month)月\(last.date.day)日"
            rows.append(Row(name: first.name, kind: first.kind.chineseName, kindCode: first.kind.rawValue, dates: dates,
                            count: group.count, documentRef: first.documentRef))
            group = []
        }
        for entry in entries {
            if let last = group.last,
               last.name != entry.name || last.kind != entry.kind || (entry.kind != .makeUpWorkday && last.date.adding(days: 1) != entry.date) {
                flush()
            }
            group.append(entry)
        }
        flush()
        return rows
    }
}
