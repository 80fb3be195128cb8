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
        organizations.get("export", ":format", use: exportRegister)
        organizations.get("inspections", ":year", use: inspections)
        organizations.get("inspections", ":year", "export", ":format", use: exportInspections)
        organizations.get("checks", use: checks)
        organizations.get("checks", "export", ":format", use: exportChecks)
        organizations.get("checks", ":planID", use: plan)
        organizations.get("checks", ":planID", "export", ":format", use: exportPlan)
        organizations.get("checks", ":planID", "draw.json", use: file)
    }

    struct RegisterFilter: Content {
        var q: String?
        var kind: String?

        var criteria: OrganizationFilter { OrganizationFilter(text: q, kind: kind.flatMap(SocialOrganizationKind.init(rawValue:))) }
        var journaled: [String: String] { ["kind": kind ?? "", "q": (q ?? "").isEmpty ? "" : "（有检索词）"] }
    }

    @Sendable
    func register(_ request: Request) async throws -> Response {
        let filter = try request.query.decode(RegisterFilter.self)
        let registry = OrganizationsController().registry(request)
        let list = try await registry.list(filter.criteria, page: try request.pagination)
        let campaigns = try await InspectionCampaigns(matters: request.matters, registry: registry).campaigns().filter { $0.publishedAt != nil }
        return try await request.render(PublicOrganizationsPage(
            layout: Layout(title: "社会组织名录", section: .portal, request: request),
            rows: list.items.map(OrganizationsPage.Row.init),
            pager: Pager(list, path: "/organizations", query: [("q", filter.q), ("kind", filter.kind)], export: "/organizations/export"),
            kinds: SocialOrganizationKind.allCases.map { Option(value: $0.rawValue, label: $0.chineseName) },
            query: filter.q ?? "", kind: filter.kind ?? "", announcedYears: campaigns.map(\.year)))
    }

    /// The register as the portal shows it (name, code, kind, status, registration date — nothing more), every page.
    @Sendable
    func exportRegister(_ request: Request) async throws -> Response {
        let format = try await request.exportFormat()
        let filter = try request.query.decode(RegisterFilter.self)
        let registry = OrganizationsController().registry(request)
        let organizations = try await allPages { page in try await registry.list(filter.criteria, page: page) }
        let table = ExportTable(title: "社会组织名录", columns: ["统一社会信用代码", "名称", "类型", "登记日期", "状态"],
                                rows: organizations.map { [.text($0.creditCode), .text($0.name), .text($0.kind.chineseName), .date($0.registeredOn),
                                                           .text($0.status.chineseName)] })
        return try await request.export(table, as: format, list: "organizations", filters: filter.journaled)
    }

    /// A year's announced 年检 conclusions; not found until the campaign's conclusions are announced.
    private func announcedConclusions(_ request: Request) async throws -> (year: Int, published: Date, entries: [InspectionCampaigns.ConclusionEntry]) {
        guard let year = request.parameters.get("year", as: Int.self) else { throw Abort(.notFound) }
        let campaigns = InspectionCampaigns(matters: request.matters, registry: OrganizationsController().registry(request))
        guard let campaign = try await campaigns.campaign(year), let published = campaign.publishedAt else { throw Abort(.notFound) }
        return (year, published, try await campaigns.conclusions(year))
    }

    @Sendable
    func exportInspections(_ request: Request) async throws -> Response {
        let format = try await request.exportFormat()
        let (year, _, entries) = try await announcedConclusions(request)
        let table = ExportTable(title: "\(year) 年社会组织年检结论公告", columns: ["名称", "统一社会信用代码", "类型", "年检结论"],
                                rows: entries.map { [.text($0.organizationName), .text($0.creditCode), .text($0.kind), .text($0.conclusion)] })
        return try await request.export(table, as: format, list: "organizations.inspections", filters: ["year": String(year)])
    }

    @Sendable
    func inspections(_ request: Request) async throws -> Response {
        let (year, published, entries) = try await announcedConclusions(request)
        let page = try request.pagination
        let slice = Array(entries.dropFirst(page.offset).prefix(page.size))
        let list = PagedList(items: slice, request: page, total: entries.count)
        var counts: [String: Int] = [:]
        for entry in entries { counts[entry.conclusion, default: 0] += 1 }
        return try await request.render(PublicConclusionsPage(
            layout: Layout(title: "\(year) 年社会组织年检结论公告", section: .portal, request: request), year: year,
            published: ChineseTime.dateTime(published),
            summary: counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value) 家" }.joined(separator: "，"),
            rows: slice.map { .init(name: $0.organizationName, creditCode: $0.creditCode, kind: $0.kind, conclusion: $0.conclusion) },
            pager: Pager(list, path: "/organizations/inspections/\(year)", query: [], export: "/organizations/inspections/\(year)/export")))
    }

    @Sendable
    func checks(_ request: Request) async throws -> Response {
        let plans = DoubleRandomController().plans(request)
        let list = try await plans.plans(publishedOnly: true, page: try request.pagination)
        return try await request.render(PublicChecksPage(
            layout: Layout(title: "双随机抽查公示", section: .portal, request: request),
            items: try await plans.checkItems().map { .init(code: $0.code, name: $0.name, basis: $0.basis, content: $0.content, method: $0.method,
                                                            kind: $0.kind == "key" ? "重点检查事项" : "一般检查事项", powerItemCode: $0.powerItemCode) },
            plans: list.items.map(DoubleRandomPage.Plan.init),
            pager: Pager(list, path: "/organizations/checks", query: [], export: "/organizations/checks/export")))
    }

    /// The published plans (a plan is public from its freezing), every page.
    @Sendable
    func exportChecks(_ request: Request) async throws -> Response {
        let format = try await request.exportFormat()
        let plans = DoubleRandomController().plans(request)
        let published = try await allPages { page in try await plans.plans(publishedOnly: true, page: page) }
        return try await request.export(DoubleRandomPage.Plan.table("双随机抽查计划公示", published), as: format, list: "organizations.checks")
    }

    /// A published plan's checks as the portal shows them: the result only once it is announced.
    private func publishedPlan(_ request: Request) async throws -> DoubleRandomPlans.PlanRecord {
        guard let id = request.parameters.get("planID", as: UUID.self), let record = try await DoubleRandomController().plans(request).plan(id),
              record.status != .planned else { throw Abort(.notFound) }
        return record
    }

    private func planRows(_ request: Request, _ items: [MatterListRow]) async throws -> [PublicPlanPage.Row] {
        let matters = request.matters
        let type = try matters.registry.require(RandomInspection.id)
        var rows: [PublicPlanPage.Row] = []
        for row in items {
            let matter = try await matters.snapshot(row.id).matter
            let published = ["published", "followUp", "closed"].contains(row.state.rawValue)
            rows.append(.init(organization: matter.fields["organizationName"] ?? "", creditCode: matter.fields["creditCode"] ?? "",
                              inspectors: matter.fields["inspectorNames"] ?? "", state: type.stateName(row.state),
                              result: published ? matter.fields["result"] ?? "" : "（检查结束后 20 个工作日内公示）",
                              inspected: published ? matter.fields["inspectionDate"] ?? "" : ""))
        }
        return rows
    }

    @Sendable
    func exportPlan(_ request: Request) async throws -> Response {
        let format = try await request.exportFormat()
        let record = try await publishedPlan(request)
        let queries = MatterListing(request: request).queries
        let rows = try await planRows(request, try await allPages { page in try await queries.batch(record.id, page: page) })
        let table = ExportTable(title: record.plan.title, columns: ["检查对象", "统一社会信用代码", "检查人员", "状态", "检查结果", "检查日期"],
                                rows: rows.map { [.text($0.organization), .text($0.creditCode), .text($0.inspectors), .text($0.state), .text($0.result),
                                                  .text($0.inspected)] })
        return try await request.export(table, as: format, list: "organizations.checkPlan", filters: ["plan": record.id.uuidString])
    }

    @Sendable
    func plan(_ request: Request) async throws -> Response {
        let record = try await publishedPlan(request)
        let list = try await MatterListing(request: request).queries.batch(record.id, page: try request.pagination)
        return try await request.render(PublicPlanPage(
            layout: Layout(title: record.plan.title, section: .portal, request: request), plan: DrawPlanView(record),
            rows: try await planRows(request, list.items),
            pager: Pager(list, path: "/organizations/checks/\(record.id)", query: [], export: "/organizations/checks/\(record.id)/export")))
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
