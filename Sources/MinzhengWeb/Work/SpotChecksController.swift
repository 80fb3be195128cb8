import MinzhengCore
import MinzhengPersistence
import Vapor

/// `/work/spot-checks`: the recorded random draws of the 师市 spot check (特困: at least 30% of each batch).
struct SpotChecksController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let checks = routes.grouped(RequireLoginMiddleware()).grouped("work", "spot-checks")
        checks.get(use: list)
        checks.get("export", ":format", use: export)
        checks.post(use: draw)
    }

    @Sendable
    func list(_ request: Request) async throws -> Response {
        try await request.authorize(.openWorkbench)
        return try await request.render(try await page(request))
    }

    /// Every recorded draw, as the list shows it.
    @Sendable
    func export(_ request: Request) async throws -> Response {
        try await request.authorize(.openWorkbench)
        let format = try await request.exportFormat()
        let service = SpotCheckService(matters: request.matters)
        let draws = try await allPages { page in try await service.draws(ExtremePoverty.id, page: page) }
        let table = ExportTable(title: "特困人员随机抽查记录", columns: ["抽取时间", "操作人", "种子", "算法", "批次", "抽中", "比例"],
                                rows: draws.map { [.text(ChineseTime.dateTime($0.drawnAt)), .text($0.operatorName), .text($0.seed), .text($0.algorithm),
                                                   .text($0.batch.joined(separator: "、")), .text($0.selected.joined(separator: "、")),
                                                   .text("\($0.selected.count)/\($0.batch.count)")] })
        return try await request.export(table, as: format, list: "work.spotChecks")
    }

    @Sendable
    func draw(_ request: Request) async throws -> Response {
        try await request.authorize(.openWorkbench)
        let user = try request.requireUser()
        do {
            let draw = try await SpotCheckService(matters: request.matters)
                .draw(ExtremePoverty.id, share: ExtremePoverty.spotCheckShare, by: user.principal, context: request.journalContext())
            return request.redirect(to: "/work/spot-checks", flash: "已随机抽取：批次 \(draw.batch.count) 件，抽中 \(draw.selected.count) 件。")
        } catch let error as ValidationError {
            var page = try await page(request)
            page.error = error.message
            return try await request.render(page, status: .unprocessableEntity)
        } catch let error as AccessRefused {
            throw AccessDenied(reason: error.reason)
        }
    }

    private func page(_ request: Request) async throws -> SpotChecksPage {
        let draws = try await SpotCheckService(matters: request.matters).draws(ExtremePoverty.id, page: try request.pagination)
        return SpotChecksPage(
            layout: Layout(title: "特困人员随机抽查", section: .work, request: request),
            rows: draws.items.map {
                .init(time: ChineseTime.dateTime($0.drawnAt), operatorName: $0.operatorName, seed: $0.seed, algorithm: $0.algorithm,
                      batch: $0.batch.joined(separator: "、"), selected: $0.selected.joined(separator: "、"),
                      ratio: "\($0.selected.count)/\($0.batch.count)")
            },
            pager: Pager(draws, path: "/work/spot-checks", query: [], export: "/work/spot-checks/export"))
    }
}

struct SpotChecksPage: Page {
    static let template = "work/spot-checks"

    struct Row: Encodable {
        var time: String
        var operatorName: String
        var seed: String
        var algorithm: String
        var batch: String
        var selected: String
        var ratio: String
    }

    var layout: Layout
    var rows: [Row]
    var pager: Pager
    var error: String?
}
