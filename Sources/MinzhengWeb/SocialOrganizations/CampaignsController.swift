import MinzhengCore
import MinzhengPersistence
import Vapor

/// `/work/organizations/campaigns`: the yearly 年检 campaigns — opened by the registry, followed on their progress,
/// and their conclusions announced on the portal.
struct CampaignsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let campaigns = routes.grouped(RequireLoginMiddleware()).grouped("work", "organizations", "campaigns")
        campaigns.get(use: list)
        campaigns.post(use: open)
        campaigns.get(":year", use: show)
        campaigns.get(":year", "export", ":format", use: export)
        campaigns.post(":year", "publish", use: publish)
    }

    @Sendable
    func list(_ request: Request) async throws -> Response {
        try await OrganizationsController().authorizeRegistry(request)
        return try await request.render(try await listPage(request))
    }

    @Sendable
    func open(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        try await OrganizationsController().authorizeRegistry(request)
        struct Form: Content { var year: String? }
        let form = try request.content.decode(Form.self)
        do {
            guard let year = form.year.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) else {
                throw ValidationError(field: "年度", reason: "请填写年度（如 \(request.today.year)）。")
            }
            let result = try await campaigns(request).open(year: year, by: user.principal, context: request.journalContext())
            return request.redirect(to: "/work/organizations/campaigns/\(year)",
                                    flash: "已开启 \(year) 年年检：应检 \(result.opened) 家，已通知各组织报送；本年度不参检 \(result.notDue.count) 家（登记未满 6 个月）。")
        } catch let error as ValidationError {
            var page = try await listPage(request)
            page.error = error.message
            page.year = form.year ?? ""
            return try await request.render(page, status: .unprocessableEntity)
        }
    }

    @Sendable
    func show(_ request: Request) async throws -> Response {
        try await OrganizationsController().authorizeRegistry(request)
        return try await request.render(try await detailPage(request))
    }

    @Sendable
    func publish(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        try await OrganizationsController().authorizeRegistry(request)
        guard let year = request.parameters.get("year", as: Int.self) else { throw Abort(.notFound) }
        do {
            try await campaigns(request).publish(year, by: user.principal, context: request.journalContext())
            return request.redirect(to: "/work/organizations/campaigns/\(year)", flash: "\(year) 年年检结论已在门户公告。")
        } catch let error as ValidationError {
            var page = try await detailPage(request)
            page.error = error.message
            return try await request.render(page, status: .unprocessableEntity)
        }
    }

    private func campaigns(_ request: Request) -> InspectionCampaigns {
        InspectionCampaigns(matters: request.matters, registry: OrganizationsController().registry(request))
    }

    private func listPage(_ request: Request) async throws -> CampaignsPage {
        let settings = try await SettingRepository(db: request.database).snapshot()
        let regime = settings.string("socialOrganization.annualRegime") == "report" ? "年度报告（年报）" : "年度检查（年检）"
        return CampaignsPage(
            layout: Layout(title: "社会组织年度检查", section: .work, request: request),
            rows: try await campaigns(request).campaigns().map {
                .init(year: $0.year, openedBy: $0.openedBy, openedAt: ChineseTime.dateTime($0.openedAt), published: $0.publishedAt.map(ChineseTime.dateTime))
            },
            regime: regime, year: String(request.today.year))
    }

    private func detailPage(_ request: Request) async throws -> CampaignPage {
        guard let year = request.parameters.get("year", as: Int.self), let campaign = try await campaigns(request).campaign(year) else { throw Abort(.notFound) }
        let progress = try await campaigns(request).progress(year, today: request.today)
        let state = (try? request.query.get(String.self, at: "state")).flatMap { $0.isEmpty ? nil : StateID(rawValue: $0) }
        let listing = MatterListing(request: request)
        let list = try await listing.queries.batch(campaign.id, state: state, page: try request.pagination)
        let type = AnnualInspection.type
        return CampaignPage(
            layout: Layout(title: "\(year) 年社会组织年检", section: .work, request: request),
            year: year, published: campaign.publishedAt.map(ChineseTime.dateTime),
            due: progress.due, notDue: progress.notDue, waiting: progress.waiting, submitted: progress.submitted, concluded: progress.concluded,
            passed: progress.byConclusion["合格"] ?? 0, basicPassed: progress.byConclusion["基本合格"] ?? 0, failed: progress.byConclusion["不合格"] ?? 0,
            missing: progress.missing, overdue: progress.overdue,
            states: type.states.map { Option(value: $0.id.rawValue, label: $0.name) }, state: state?.rawValue ?? "",
            rows: listing.rows(list, dueSoonBy: request.today),
            pager: Pager(list, path: "/work/organizations/campaigns/\(year)", query: [("state", state?.rawValue)],
                         export: "/work/organizations/campaigns/\(year)/export"))
    }

    /// The campaign's inspections as the list shows them, every page.
    @Sendable
    func export(_ request: Request) async throws -> Response {
        try await OrganizationsController().authorizeRegistry(request)
        let format = try await request.exportFormat()
        guard let year = request.parameters.get("year", as: Int.self), let campaign = try await campaigns(request).campaign(year) else { throw Abort(.notFound) }
        let state = (try? request.query.get(String.self, at: "state")).flatMap { $0.isEmpty ? nil : StateID(rawValue: $0) }
        let listing = MatterListing(request: request)
        let table = try await listing.exportTable(title: "\(year)年社会组织年检", dueSoonBy: request.today) { page in
            try await listing.queries.batch(campaign.id, state: state, page: page)
        }
        return try await request.export(table, as: format, list: "work.campaign", filters: ["year": String(year), "state": state?.rawValue ?? ""])
    }
}

struct CampaignsPage: Page {
    static let template = "organizations/campaigns"

    struct Row: Encodable {
        var year: Int
        var openedBy: String
        var openedAt: String
        var published: String?
    }

    var layout: Layout
    var rows: [Row]
    var regime: String
    var year: String
    var error: String?
}

struct CampaignPage: Page {
    static let template = "organizations/campaign"

    var layout: Layout
    var year: Int
    var published: String?
    var due: Int
    var notDue: Int
    var waiting: Int
    var submitted: Int
    var concluded: Int
    var passed: Int
    var basicPassed: Int
    var failed: Int
    var missing: Int
    var overdue: Int
    var states: [Option]
    var state: String
    var rows: MatterRows
    var pager: Pager
    var error: String?
}
