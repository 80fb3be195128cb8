import MinzhengCore
import MinzhengPersistence
import Vapor

/// `/`: the public portal's front page.
struct PortalController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(use: home)
    }

    /// The front page as an anonymous visitor sees it is the same for everyone on a given day (no token, no name):
    /// it is rendered at most once every 30 seconds.
    static let anonymousCache = RenderedPageCache(lifetime: 30)

    @Sendable
    func home(_ request: Request) async throws -> Response {
        let anonymous = request.currentUser == nil && request.pendingOrCurrentUser == nil && !request.hasFlash
        let key = "home|\(request.today)"
        if anonymous, let body = Self.anonymousCache.get(key) {
            var headers = HTTPHeaders()
            headers.contentType = .html
            return Response(status: .ok, headers: headers, body: .init(buffer: body))
        }
        let response = try await render(request)
        if anonymous, let buffer = response.body.buffer { Self.anonymousCache.set(key, buffer) }
        return response
    }

    private func render(_ request: Request) async throws -> Response {
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

/// Rendered pages that are the same for every anonymous visitor, kept for a few seconds.
final class RenderedPageCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: (body: ByteBuffer, until: Date)] = [:]
    let lifetime: TimeInterval

    init(lifetime: TimeInterval) {
        self.lifetime = lifetime
    }

    func get(_ key: String, now: Date = Date()) -> ByteBuffer? {
        lock.lock(); defer { lock.unlock() }
        guard let entry = entries[key], entry.until > now else { return nil }
        return entry.body
    }

    func set(_ key: String, _ body: ByteBuffer, now: Date = Date()) {
        lock.lock(); defer { lock.unlock() }
        if entries.count > 32 { entries.removeAll() }
        entries[key] = (body, now.addingTimeInterval(lifetime))
    }
}
