import MinzhengCore
import MinzhengPersistence
import Vapor

/// `/notifications`: the bell's list, for everyone signed in.
struct NotificationsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let notifications = routes.grouped(RequireLoginMiddleware()).grouped("notifications")
        notifications.get(use: list)
        notifications.get("export", ":format", use: export)
        notifications.post("read", use: markRead)
    }

    @Sendable
    func list(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        let list = try await NotificationService(db: request.database).list(user.account.id.rawValue, page: try request.pagination)
        let page = NotificationsPage(
            layout: Layout(title: "消息", section: user.isStaff ? .work : .my, request: request),
            rows: list.items.map { .init(title: $0.title, body: $0.body, link: $0.link, time: ChineseTime.dateTime($0.createdAt), isRead: $0.isRead) },
            pager: Pager(list, path: "/notifications", query: [], export: "/notifications/export"))
        return try await request.render(page)
    }

    /// The person's own messages, every page.
    @Sendable
    func export(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        let format = try await request.exportFormat()
        let service = NotificationService(db: request.database)
        let items = try await allPages { page in try await service.list(user.account.id.rawValue, page: page) }
        let table = ExportTable(title: "我的消息", columns: ["时间", "标题", "内容", "已读"],
                                rows: items.map { [.text(ChineseTime.dateTime($0.createdAt)), .text($0.title), .text($0.body), .text($0.isRead ? "是" : "否")] })
        return try await request.export(table, as: format, list: "notifications")
    }

    @Sendable
    func markRead(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        try await request.write { db in try await NotificationService(db: db).markAllRead(user.account.id.rawValue) }
        return request.redirect(to: "/notifications", flash: "已全部标为已读。")
    }
}

struct NotificationsPage: Page {
    static let template = "notifications"

    struct Row: Encodable {
        var title: String
        var body: String
        var link: String?
        var time: String
        var isRead: Bool
    }

    var layout: Layout
    var rows: [Row]
    var pager: Pager
}
