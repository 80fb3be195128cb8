import MinzhengCore
import MinzhengPersistence
import Vapor

/// The public side of social-organisation supervision: the register, the 年检 conclusions announced, and every
/// double-random plan with its fingerprints (from freezing), its seed, result and exclusions, the published results
/// of its checks, and the file anyone can re-run with `minzheng draw verify`.
struct PublicSupervisionController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let organizations = routes.grouped("organizations")
        organizations.get(use: register)
        organizations.get("inspections", ":year", use: inspections)
        organizations.get("checks", use: checks)
        organizations.get("checks", ":planID", use: plan)
        organizations.get("checks", ":planID", "draw.json", use: file)
    }

    @Sendable
    func register(_ request: Request) async throws -> Response {
        struct Filter: Content { var q: String?; var kind: String? }
        let filter = try request.query.decode(Filter.self)
        let kind = filter.kind.flatMap(SocialOrganizationKind.init(rawValue:))
        let registry = OrganizationsController().registry(request)
        let list = try await registry.list(OrganizationFilter(text: filter.q, kind: kind), page: request.pagination)
        let campaigns = try await InspectionCampaigns(matters: request.matters, registry: registry).campaigns().filter { $0.publishedAt != nil }
        return try await request.render(PublicOrganizationsPage(
            layout: Layout(title: "社会组织名录", section: .portal, request: request),
            rows: list.items.map(OrganizationsPage.Row.init),
            pager: Pager(list, path: "/organizations", query: [("q", filter.q), ("kind", filter.kind)]),
            kinds: SocialOrganizationKind.allCases.map { Option(value: $0.rawValue, label: $0.chineseName) },
            query: filter.q ?? "", kind: filter.kind ?? "", announcedYears: campaigns.map(\.year)))
    }

    @Sendable
    func inspections(_ request: Request) async throws -> Response {
        guard let year = request.parameters.get("year", as: Int.self) else { throw Abort(.notFound) }
        let campaigns = InspectionCampaigns(matters: request.matters, registry: OrganizationsController().registry(request))
        guard let campaign = try await campaigns.campaign(year), let published = campaign.publishedAt else { throw Abort(.notFound) }
        let entries = try await campaigns.conclusions(year)
        let page = request.pagination
        let slice = Array(entries.dropFirst(page.offset).prefix(page.size))
        let list = PagedList(items: slice, request: page, total: entries.count)
        var counts: [String: Int] = [:]
        for entry in entries { counts[entry.conclusion, default: 0] += 1 }
        return try await request.render(PublicConclusionsPage(
            layout: Layout(title: "\(year) 年社会组织年检结论公告", section: .portal, request: request), year: year,
            published: ChineseTime.dateTime(published),
            summary: counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value) 家" }.joined(separator: "，"),
            rows: slice.map { .init(name: $0.organizationName, creditCode: $0.creditCode, kind: $0.kind, conclusion: $0.conclusion) },
            pager: Pager(list, path: "/organizations/inspections/\(year)", query: [])))
    }

    @Sendable
    func checks(_ request: Request) async throws -> Response {
        let plans = DoubleRandomController().plans(request)
        let list = try await plans.plans(page: request.pagination)
        let published = list.items.filter { $0.status != .planned }
        return try await request.render(PublicChecksPage(
            layout: Layout(title: "双随机抽查公示", section: .portal, request: request),
            items: try await plans.checkItems().map { .init(code: $0.code, name: $0.name, basis: $0.basis, content: $0.content, method: $0.method,
                                                            kind: $0.kind == "key" ? "重点检查事项" : "一般检查事项", powerItemCode: $0.powerItemCode) },
            plans: published.map { .init(id: $0.id.uuidString, title: $0.plan.title, year: $0.plan.year, status: $0.status.chineseName,
                                         rate: String(format: "%.1f%%", Double($0.plan.ratePerMille) / 10)) },
            pager: Pager(list, path: "/organizations/checks", query: [])))
    }

    @Sendable
    func plan(_ request: Request) async throws -> Response {
        guard let id = request.parameters.get("planID", as: UUID.self), let record = try await DoubleRandomController().plans(request).plan(id),
              record.status != .planned else { throw Abort(.notFound) }
        let matters = request.matters
        let type = try matters.registry.require(RandomInspection.id)
        let listing = MatterListing(request: request)
        let list = try await listing.queries.batch(id, page: request.pagination)
        var rows: [PublicPlanPage.Row] = []
        for row in list.items {
            let matter = try await matters.snapshot(row.id).matter
            let published = ["published", "followUp", "closed"].contains(row.state.rawValue)
            rows.append(.init(organization: matter.fields["organizationName"] ?? "", creditCode: matter.fields["creditCode"] ?? "",
                              inspectors: matter.fields["inspectorNames"] ?? "", state: type.stateName(row.state),
                              result: published ? matter.fields["result"] ?? "" : "（检查结束后 20 个工作日内公示）",
                              inspected: published ? matter.fields["inspectionDate"] ?? "" : ""))
        }
        return try await request.render(PublicPlanPage(
            layout: Layout(title: record.plan.title, section: .portal, request: request), plan: DrawPlanView(record), rows: rows,
            pager: Pager(list, path: "/organizations/checks/\(id)", query: [])))
    }

    @Sendable
    func file(_ request: Request) async throws -> Response {
        guard let id = request.parameters.get("planID", as: UUID.self) else { throw Abort(.notFound) }
        let file: DoubleRandomDraw.File
        do { file = try await DoubleRandomController().plans(request).file(id) } catch is ValidationError { throw Abort(.notFound) }
        var headers = HTTPHeaders()
        headers.contentType = .json
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"draw-\(id.uuidString.lowercased()).json\"")
        return Response(status: .ok, headers: headers, body: .init(data: try DoubleRandomDraw.encode(file)))
    }
}

struct PublicOrganizationsPage: Page {
    static let template = "portal/organizations"

    var layout: Layout
    var rows: [OrganizationsPage.Row]
    var pager: Pager
    var kinds: [Option]
    var query: String
    var kind: String
    var announcedYears: [Int]
}

struct PublicConclusionsPage: Page {
    static let template = "portal/inspection-conclusions"

    struct Row: Encodable {
        var name: String
        var creditCode: String
        var kind: String
        var conclusion: String
    }

    var layout: Layout
    var year: Int
    var published: String
    var summary: String
    var rows: [Row]
    var pager: Pager
}

struct PublicChecksPage: Page {
    static let template = "portal/checks"

    var layout: Layout
    var items: [DoubleRandomPage.Item]
    var plans: [DoubleRandomPage.Plan]
    var pager: Pager
}

struct PublicPlanPage: Page {
    static let template = "portal/check-plan"

    struct Row: Encodable {
        var organization: String
        var creditCode: String
        var inspectors: String
        var state: String
        var result: String
        var inspected: String
    }

    var layout: Layout
    var plan: DrawPlanView
    var rows: [Row]
    var pager: Pager
}
