import MinzhengCore
import MinzhengPersistence
import Vapor

/// `/admin/calendar`: the years the official calendar holds, and the import of a further year or regional days.
struct AdminCalendarController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let calendar = routes.grouped(RequireLoginMiddleware()).grouped("admin", "calendar")
        calendar.get(use: show)
        calendar.on(.POST, "import", body: .collect(maxSize: ByteCount(value: CalendarImportParser.maximumBytes + 64_000)), use: importFile)
    }

    struct Upload: Content {
        var file: File?
    }

    @Sendable
    func show(_ request: Request) async throws -> Response {
        try await request.authorize(.administerCalendar)
        return try await request.render(try await page(request))
    }

    @Sendable
    func importFile(_ request: Request) async throws -> Response {
        try await request.authorize(.administerCalendar)
        let upload = try request.content.decode(Upload.self)
        guard let file = upload.file, file.data.readableBytes > 0 else {
            var page = try await page(request)
            page.error = "请选择要导入的 CSV 或 JSON 文件。"
            return try await request.render(page, status: .unprocessableEntity)
        }
        let parsed: CalendarImport
        do {
            parsed = try CalendarImportParser.parse(Data(buffer: file.data), fileName: file.filename)
        } catch let error as CalendarImportError {
            var page = try await page(request)
            page.error = error.message
            return try await request.render(page, status: .unprocessableEntity)
        }
        let context = request.journalContext(role: .systemAdministrator)
        let result = try await CalendarImportService(store: request.minzheng.store).apply(parsed, context: context, at: Date(), logger: request.logger)
        let moved = try await request.matters.recomputeOpenClocks(years: Set(parsed.groups.map(\.year.year)), context: context)
        let years = parsed.groups.map { "\($0.year.year) 年\($0.year.region == nil ? "全国" : "新疆地方")" }.joined(separator: "、")
        return request.redirect(to: "/admin/calendar", flash: "已导入\(years)，共 \(result.importedDays) 天" + (moved > 0 ? "；\(moved) 个办件期限随之重算" : "") + "。")
    }

    private func page(_ request: Request) async throws -> AdminCalendarPage {
        let years = try await CalendarRepository(db: request.database).loadedYears()
        let nationalYears = Set(years.filter { $0.year.region == nil }.map(\.year.year))
        let regionalYears = Set(years.filter { $0.year.region == "xinjiang" }.map(\.year.year))
        let missingRegional = nationalYears.subtracting(regionalYears).sorted()
        let nextYear = request.today.year + 1
        return AdminCalendarPage(
            layout: Layout(title: "节假日日历", section: .admin, request: request),
            rows: years.map { summary in
                AdminCalendarPage.Row(year: summary.year.year,
                                      scope: summary.year.region.map { CalendarDefinition.knownRegions[$0] ?? $0 } ?? "全国",
                                      days: summary.entryCount, documentRef: summary.year.documentRef ?? "",
                                      loadedAt: ChineseTime.dateTime(summary.loadedAt))
            },
            missingRegional: missingRegional.map(String.init).joined(separator: "、"),
            nextYearMissing: nationalYears.contains(nextYear) ? nil : nextYear,
            csrfToken: request.csrfToken)
    }
}

struct AdminCalendarPage: Page {
    static let template = "admin/calendar"

    struct Row: Encodable {
        var year: Int
        var scope: String
        var days: Int
        var documentRef: String
        var loadedAt: String
    }

    var layout: Layout
    var rows: [Row]
    var missingRegional: String
    var nextYearMissing: Int?
    var csrfToken: String
    var error: String?
}
