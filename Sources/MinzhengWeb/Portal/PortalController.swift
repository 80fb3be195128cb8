import MinzhengCore
import MinzhengPersistence
import Vapor

/// `/`: the public portal's front page.
struct PortalController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.grouped(CachedForAnonymous(cache: Self.anonymousCache, key: Self.homeKey)).get(use: home)
    }

    static let homeKey: @Sendable (Request) -> String = { "home|\($0.today)" }

    /// The front page as an anonymous visitor sees it is the same for everyone on a given day (no token, no name):
    /// it is rendered at most once every 30 seconds.
    static let anonymousCache = RenderedPageCache(lifetime: 30)

    @Sendable
    func home(_ request: Request) async throws -> Response {
        let response = try await render(request)
        if CachedForAnonymous.isAnonymous(request), let buffer = response.body.buffer { Self.anonymousCache.set(Self.homeKey(request), buffer) }
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

/// Answers an anonymous visitor from `cache` on the event loop, before the handler's task starts (a hit needs no
/// database and no thread hop); a miss goes to the handler, which renders and fills the cache.
struct CachedForAnonymous: Middleware {
    let cache: RenderedPageCache
    let key: @Sendable (Request) -> String

    static func isAnonymous(_ request: Request) -> Bool {
        request.currentUser == nil && request.pendingOrCurrentUser == nil && !request.hasFlash
    }

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        guard Self.isAnonymous(request), let body = cache.get(key(request)) else { return next.respond(to: request) }
        var headers = HTTPHeaders()
        headers.contentType = .html
        return request.eventLoop.makeSucceededFuture(Response(status: .ok, headers: headers, body: .init(buffer: body)))
    }
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
