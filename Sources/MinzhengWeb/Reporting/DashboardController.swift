import Foundation
import MinzhengCore
import MinzhengPersistence
import Vapor

/// `/work/dashboard`: the leaders' view (issue 10, item 5) — on-time completion, overdue matters by unit and type,
/// online share, satisfaction, coverage, correction, petitions on time and publicity against targets; each with this
/// year against last and a server-drawn chart by month; every number opens the list behind it.
struct DashboardController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.grouped(RequireLoginMiddleware()).get("work", "dashboard", use: show)
    }

    @Sendable
    func show(_ request: Request) async throws -> Response {
        try await request.authorize(.viewDashboard)
        let user = try request.requireUser()
        let year = min(try request.yearQuery, request.today.year)
        let paths = user.account.roles.filter { request.minzheng.permissions.roles(for: .viewDashboard).contains($0.role) }.map(\.orgUnitPath)
        let dashboard = DashboardQueries(db: request.database)
        // What people apply for: the types a citizen or an organisation may register.
        let applications = request.minzheng.registry.types
            .filter { $0.creatorRoles.contains(.citizen) || $0.creatorRoles.contains(.socialOrganizationUser) }.map(\.id)
        let this = try await dashboard.months(year: year, under: paths, applicationTypes: applications)
        let last = try await dashboard.months(year: year - 1, under: paths, applicationTypes: applications)
        func total(_ months: [DashboardQueries.Month]) -> DashboardQueries.Month {
            months.reduce(into: DashboardQueries.Month()) { sum, month in
                sum.registered += month.registered; sum.online += month.online
                sum.closedOnTime += month.closedOnTime; sum.closedLate += month.closedLate
            }
        }
        let thisTotal = total(this), lastTotal = total(last)
        let percent: @Sendable (Double) -> String = { AnnualReportFigures.percent($0) }
        let count: @Sendable (Double) -> String = { String(Int($0)) }
        let charts = [
            ChartBlock(title: "每月受理申请量", svg: BarChart(title: "每月受理申请量：\(year)年与\(year - 1)年", categories: BarChart.months,
                                                      series: [.init(name: "\(year)年", values: this.map { Double($0.registered) }),
                                                               .init(name: "\(year - 1)年", values: last.map { Double($0.registered) })], format: count).svg()),
            ChartBlock(title: "每月按期办结率", svg: BarChart(title: "每月按期办结率：\(year)年与\(year - 1)年", categories: BarChart.months,
                                                        series: [.init(name: "\(year)年", values: this.map(\.onTimeRate)),
                                                                 .init(name: "\(year - 1)年", values: last.map(\.onTimeRate))], format: percent).svg()),
            ChartBlock(title: "每月网办占比", svg: BarChart(title: "每月网上申请占比：\(year)年与\(year - 1)年", categories: BarChart.months,
                                                      series: [.init(name: "\(year)年", values: this.map(\.onlineShare)),
                                                               .init(name: "\(year - 1)年", values: last.map(\.onlineShare))], format: percent).svg()),
        ]
        // Satisfaction, coverage, correction, petitions and publicity from the module figures, this year and last.
        func satisfaction(_ year: Int) async throws -> (Int, Int) {
            let figures = try await ServiceFigureQueries(db: request.database).figures(year: year, under: paths)
            return (figures.map(\.satisfied).reduce(0, +), figures.map(\.rated).reduce(0, +))
        }
        let (satisfied, rated) = try await satisfaction(year), (satisfiedLast, ratedLast) = try await satisfaction(year - 1)
        let supervision = try await SupervisionFigureQueries(db: request.database).figures(year: year)
        let supervisionLast = try await SupervisionFigureQueries(db: request.database).figures(year: year - 1)
        let enforcement = EnforcementFigureQueries(db: request.database, registry: request.minzheng.registry, cipher: request.matters.cipher)
        let correction = try await enforcement.correction(year: year), correctionLast = try await enforcement.correction(year: year - 1)
        let disputes = DisputeFigureQueries(matters: request.matters)
        let petitions = try await disputes.figures(year: year), petitionsLast = try await disputes.figures(year: year - 1)
        let learning = LearningService(matters: request.matters)
        let duties = try await learning.duties(year: year), dutiesLast = try await learning.duties(year: year - 1)
        func rate(_ part: Int, _ whole: Int) -> String { AnnualReportFigures.percent(part, whole) }
        func rate(_ value: Double?) -> String { AnnualReportFigures.percent(value) }
        func dutyRate(_ duties: [LearningService.Duty]) -> String {
            rate(duties.map { min($0.held, $0.target) }.reduce(0, +), duties.map(\.target).reduce(0, +))
        }
        let indicators = [
            Indicator(name: "按期办结率", value: rate(thisTotal.closedOnTime, thisTotal.closedOnTime + thisTotal.closedLate),
                      last: rate(lastTotal.closedOnTime, lastTotal.closedOnTime + lastTotal.closedLate),
                      detail: "按期 \(thisTotal.closedOnTime) 件，超期办结 \(thisTotal.closedLate) 件", link: "/work/matters?open=no"),
            Indicator(name: "网上申请占比", value: rate(thisTotal.online, thisTotal.registered), last: rate(lastTotal.online, lastTotal.registered),
                      detail: "网上 \(thisTotal.online) 件 / 受理申请 \(thisTotal.registered) 件", link: "/work/service-figures?year=\(year)"),
            Indicator(name: "满意度", value: rate(satisfied, rated), last: rate(satisfiedLast, ratedLast),
                      detail: "满意 \(satisfied) / 评价 \(rated)", link: "/work/service-figures?year=\(year)"),
            Indicator(name: "监管事项认领率", value: rate(supervision.claimRate), last: rate(supervisionLast.claimRate),
                      detail: "认领 \(supervision.claimedItems) / \(supervision.supervisionItems) 项", link: "/work/supervision-figures?year=\(year)"),
            Indicator(name: "检查覆盖率", value: rate(supervision.coverageRate), last: rate(supervisionLast.coverageRate),
                      detail: "已检 \(supervision.inspectionsDone) / 应检 \(supervision.inspectionsDue)", link: "/work/supervision-figures?year=\(year)"),
            Indicator(name: "执法行为被纠错率", value: rate(correction.directRate), last: rate(correctionLast.directRate),
                      detail: "被纠错 \(correction.corrected) / 审结 \(correction.decided)", link: "/work/matters?type=legalChallenge"),
            Indicator(name: "信访按期办结率", value: rate(petitions.petitionsOnTime, petitions.petitionsAnswered),
                      last: rate(petitionsLast.petitionsOnTime, petitionsLast.petitionsAnswered),
                      detail: "按期 \(petitions.petitionsOnTime) / 已答复 \(petitions.petitionsAnswered)", link: "/work/matters?type=petition"),
            Indicator(name: "普法任务完成率", value: dutyRate(duties), last: dutyRate(dutiesLast),
                      detail: "已开展 \(duties.map { min($0.held, $0.target) }.reduce(0, +)) / 目标 \(duties.map(\.target).reduce(0, +)) 次",
                      link: "/work/rulemaking"),
        ]
        let units = try await OrgUnitRepository(db: request.database).all()
        let listing = MatterListing(request: request)
        let overdue = try await listing.queries.alertCounts(under: paths, today: request.today, dueSoonBy: try await listing.dueSoonBy())
            .filter { $0.overdue > 0 }
            .map { count in
                let code = units.first { $0.id.rawValue == count.orgUnitID }?.code ?? ""
                return Overdue(unit: count.orgUnitName, typeName: request.minzheng.registry.type(count.typeID)?.name ?? count.typeID.rawValue,
                               count: count.overdue, link: "/work/matters?urgency=overdue&type=\(count.typeID)&unit=\(code)")
            }
        return try await request.render(DashboardPage(
            layout: Layout(title: "领导驾驶舱", section: .work, request: request), year: year, lastYear: year - 1,
            indicators: indicators, overdue: overdue, overdueTotal: overdue.map(\.count).reduce(0, +), charts: charts,
            months: BarChart.months.enumerated().map { index, name in
                .init(name: name, registered: this[index].registered, registeredLast: last[index].registered,
                      onTime: this[index].onTimeRate.map(percent) ?? "—", onTimeLast: last[index].onTimeRate.map(percent) ?? "—",
                      online: this[index].onlineShare.map(percent) ?? "—")
            }))
    }
}

struct Indicator: Encodable { var name: String; var value: String; var last: String; var detail: String; var link: String }
struct Overdue: Encodable { var unit: String; var typeName: String; var count: Int; var link: String }
struct ChartBlock: Encodable { var title: String; var svg: String }

struct DashboardPage: Page {
    static let template = "reports/dashboard"
    struct MonthRow: Encodable { var name: String; var registered: Int; var registeredLast: Int; var onTime: String; var onTimeLast: String; var online: String }
    var layout: Layout
    var year: Int
    var lastYear: Int
    var indicators: [Indicator]
    var overdue: [Overdue]
    var overdueTotal: Int
    var charts: [ChartBlock]
    var months: [MonthRow]
}
