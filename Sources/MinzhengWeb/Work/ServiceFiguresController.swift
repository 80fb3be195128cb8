import MinzhengCore
import MinzhengPersistence
import Vapor

/// `/work/service-figures`: online share, visits, on-time completion and satisfaction, by matter type and unit.
struct ServiceFiguresController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.grouped(RequireLoginMiddleware()).get("work", "service-figures", use: show)
    }

    @Sendable
    func show(_ request: Request) async throws -> Response {
        try await request.authorize(.openWorkbench)
        let user = try request.requireUser()
        let year = try request.yearQuery
        let rows = try await ServiceFigureQueries(db: request.database).figures(year: year, under: user.account.roles.map(\.orgUnitPath))
        let registry = request.minzheng.registry
        let total = rows.reduce(ServiceFigures(), +)
        func row(_ figures: ServiceFigures, type: String, unit: String) -> ServiceFiguresPage.Row {
            .init(type: type, unit: unit, total: figures.total, online: ServiceFigures.percent(figures.onlineShare),
                  crossProvince: figures.crossProvince, visits: figures.averageVisits.map { String(format: "%.2f", $0) } ?? "—",
                  onTime: ServiceFigures.percent(figures.onTimeRate), onTimeBasis: "\(figures.onTime)/\(figures.measured)",
                  satisfaction: ServiceFigures.percent(figures.satisfactionRate), satisfactionBasis: "\(figures.satisfied)/\(figures.rated)")
        }
        let page = ServiceFiguresPage(
            layout: Layout(title: "政务服务指标", section: .work, request: request), year: year,
            rows: rows.map { row($0, type: $0.typeID.flatMap { registry.type($0)?.name } ?? "", unit: $0.orgUnitName ?? "") },
            total: row(total, type: "合计", unit: ""), previousYear: year - 1, nextYear: year + 1)
        return try await request.render(page)
    }
}

struct ServiceFiguresPage: Page {
    static let template = "work/service-figures"

    struct Row: Encodable {
        var type: String
        var unit: String
        var total: Int
        var online: String
        var crossProvince: Int
        var visits: String
        var onTime: String
        var onTimeBasis: String
        var satisfaction: String
        var satisfactionBasis: String
    }

    var layout: Layout
    var year: Int
    var rows: [Row]
    var total: Row
    var previousYear: Int
    var nextYear: Int
}
