import MinzhengCore
import MinzhengPersistence
import Vapor

/// `/`: the public portal's front page.
struct PortalController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(use: home)
    }

    @Sendable
    func home(_ request: Request) async throws -> Response {
        let today = request.today
        let calendar = try await CalendarRepository(db: request.database).calendar(CalendarDefinition.bureauDefault)
        var todayText = "\(today.chineseDescription) \(today.weekday.chineseName)"
        var upcoming: [PortalHomePage.Upcoming] = []
        if let day = try? calendar.classify(today) {
            todayText += day.isWorkday ? "，工作日" : "，\(day.reason)"
            let next = calendar.entries(in: today.year) + calendar.entries(in: today.year + 1)
            var seen = Set<String>()
            for entry in next where entry.date >= today && entry.kind != .makeUpWorkday && seen.insert(entry.name).inserted {
                upcoming.append(.init(name: entry.name, date: entry.date.chineseDescription, kind: entry.kind.chineseName))
                if upcoming.count == 3 { break }
            }
        } else {
            todayText += "（\(today.year) 年节假日安排尚未导入）"
        }
        let page = PortalHomePage(
            layout: Layout(title: "首页", section: .portal, request: request), today: todayText, upcoming: upcoming,
            year: today.year)
        return try await request.render(page)
    }
}

struct PortalHomePage: Page {
    static let template = "portal/home"

    struct Upcoming: Encodable {
        var name: String
        var date: String
        var kind: String
    }

    var layout: Layout
    var today: String
    var upcoming: [Upcoming]
    var year: Int
}
