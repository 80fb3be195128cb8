import MinzhengCore
import MinzhengPersistence
import Vapor

/// `/notices`: the 公示 running today, showing only what the rules allow (masked), and anyone's objection.
struct PublicNoticesController: RouteCollection {
    static let objectionsPerHour = 10

    func boot(routes: any RoutesBuilder) throws {
        routes.get("notices", use: list)
        routes.get("notices", "export", ":format", use: export)
        routes.post("notices", ":matterID", "objections", use: object)
    }

    @Sendable
    func list(_ request: Request) async throws -> Response {
        try await request.render(try await page(request))
    }

    struct ObjectionForm: Content {
        var content: String?
    }

    @Sendable
    func object(_ request: Request) async throws -> Response {
        guard let id = request.parameters.get("matterID").flatMap(Matter.ID.init) else { throw Abort(.notFound) }
        let content = try request.content.decode(ObjectionForm.self).content ?? ""
        let admitted = try await request.write { db in
            try await LoginThrottle(db: db, limit: Self.objectionsPerHour, window: 3600).admit("objection:" + request.clientAddress, at: Date())
        }
        guard admitted else {
            var page = try await page(request)
            page.error = "提交过于频繁，请一小时后再试，或直接向团镇（街道）反映。"
            return try await request.render(page, status: .tooManyRequests)
        }
        do {
            try await request.matters.fileObjection(to: id, content: content, context: request.journalContext())
            return request.redirect(to: "/notices", flash: "您的异议已提交，团镇（街道）将核查处理。")
        } catch let error as ValidationError {
            var page = try await page(request)
            page.error = error.message
            page.objectionFor = id.description
            page.objectionText = content
            return try await request.render(page, status: .unprocessableEntity)
        }
    }

    /// The notices running today, masked as on the page, every page.
    @Sendable
    func export(_ request: Request) async throws -> Response {
        let format = try await request.exportFormat()
        let queries = queries(request)
        let notices = try await allPages { page in try await queries.current(today: request.today, page: page) }.map(PublicNoticesPage.Row.init)
        let table = ExportTable(title: "公示公告", columns: ["公示事项", "单位", "公示期", "公示内容", "依据", "说明"],
                                rows: notices.map { row in
                                    [.text(row.title), .text(row.unit), .text(row.period),
                                     .text(row.fields.map { "\($0.label)：\($0.value)" }.joined(separator: "；")), .text(row.basis), .text(row.note)]
                                })
        return try await request.export(table, as: format, list: "notices")
    }

    private func queries(_ request: Request) -> PublicNoticeQueries {
        PublicNoticeQueries(db: request.database, registry: request.minzheng.registry, cipher: request.minzheng.cipher)
    }

    private func page(_ request: Request) async throws -> PublicNoticesPage {
        let notices = try await queries(request).current(today: request.today, page: try request.pagination)
        return PublicNoticesPage(
            layout: Layout(title: "公示公告", section: .portal, request: request),
            rows: notices.items.map(PublicNoticesPage.Row.init),
            pager: Pager(notices, path: "/notices", query: [], export: "/notices/export"))
    }
}

struct PublicNoticesPage: Page {
    static let template = "portal/notices"

    struct Row: Encodable {
        struct Field: Encodable {
            var label: String
            var value: String
        }
        var id: String
        var title: String
        var unit: String
        var period: String
        var fields: [Field]
        var basis: String
        var note: String

        init(_ notice: PublishedNotice) {
            id = notice.matterID.description
            title = notice.title
            unit = notice.unitName
            period = "\(notice.from.chineseDescription)至\(notice.through.chineseDescription)"
            fields = notice.fields.map { Field(label: $0.label, value: $0.value) }
            basis = notice.legalBasis
            note = notice.note
        }
    }

    var layout: Layout
    var rows: [Row]
    var pager: Pager
    var error: String?
    var objectionFor: String?
    var objectionText: String?
}
