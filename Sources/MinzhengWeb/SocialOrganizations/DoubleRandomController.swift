import MinzhengCore
import MinzhengPersistence
import Vapor

/// `/work/organizations/checks`: the check list, the inspector pool with declared interests, and the plans — frozen
/// and published before the draw, drawn with a witness, each drawn check opened as an inspection matter;
/// `/work/supervision-figures`: the 互联网+监管 figures of a year.
struct DoubleRandomController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let checks = routes.grouped(RequireLoginMiddleware()).grouped("work", "organizations", "checks")
        checks.get(use: overview)
        checks.get("export", ":format", use: exportPlans)
        checks.post("items", use: addItem)
        checks.post("inspectors", use: addInspector)
        checks.post("inspectors", ":inspectorID", "interests", use: declareInterest)
        checks.post("plans", use: createPlan)
        checks.get("plans", ":planID", use: plan)
        checks.get("plans", ":planID", "export", ":format", use: exportPlan)
        checks.post("plans", ":planID", "freeze", use: freeze)
        checks.post("plans", ":planID", "draw", use: draw)
        routes.grouped(RequireLoginMiddleware()).get("work", "supervision-figures", use: figures)
    }

    func plans(_ request: Request) -> DoubleRandomPlans {
        DoubleRandomPlans(matters: request.matters, registry: OrganizationsController().registry(request))
    }

    @Sendable
    func overview(_ request: Request) async throws -> Response {
        try await OrganizationsController().authorizeRegistry(request)
        return try await request.render(try await overviewPage(request))
    }

    /// Runs a registry act; a refusal re-renders the overview with the message and the form's input.
    private func act(_ request: Request, form: [String: String], _ body: (Principal) async throws -> String, redirect: String) async throws -> Response {
        let user = try request.requireUser()
        try await OrganizationsController().authorizeRegistry(request)
        do {
            let message = try await body(user.principal)
            return request.redirect(to: redirect, flash: message)
        } catch let error as ValidationError {
            var page = try await overviewPage(request)
            page.error = error.message
            page.form = form
            return try await request.render(page, status: .unprocessableEntity)
        } catch let error as AccessRefused {
            throw AccessDenied(reason: error.reason)
        }
    }

    @Sendable
    func addItem(_ request: Request) async throws -> Response {
        let form = try request.content.decode([String: String].self)
        return try await act(request, form: form, { principal in
            try await plans(request).addCheckItem(
                .init(code: form["code"] ?? "", name: form["name"] ?? "", basis: form["basis"] ?? "", body: form["body"] ?? "",
                      content: form["content"] ?? "", method: form["method"] ?? "", kind: form["kind"] ?? "", powerItemCode: form["powerItemCode"] ?? ""),
                by: principal, context: request.journalContext())
            return "已列入随机抽查事项清单。"
        }, redirect: "/work/organizations/checks")
    }

    @Sendable
    func addInspector(_ request: Request) async throws -> Response {
        let form = try request.content.decode([String: String].self)
        return try await act(request, form: form, { principal in
            let inspector = try await plans(request).registerInspector(username: form["username"] ?? "", certificateNumber: form["certificateNumber"] ?? "",
                                                                       certified: form["certified"] == "yes", by: principal, context: request.journalContext())
            return "\(inspector.name)已列入执法检查人员名录库。"
        }, redirect: "/work/organizations/checks")
    }

    @Sendable
    func declareInterest(_ request: Request) async throws -> Response {
        guard let id = request.parameters.get("inspectorID", as: UUID.self) else { throw Abort(.notFound) }
        let form = try request.content.decode([String: String].self)
        return try await act(request, form: form, { principal in
            try await plans(request).declareInterest(inspector: id, creditCode: form["creditCode"] ?? "", reason: form["reason"] ?? "",
                                                     by: principal, context: request.journalContext())
            return "已记录利害关系，今后抽取时回避。"
        }, redirect: "/work/organizations/checks")
    }

    @Sendable
    func createPlan(_ request: Request) async throws -> Response {
        let form = try request.content.decode([String: String].self)
        var created: UUID?
        let response = try await act(request, form: form, { principal in
            let rate = (form["ratePercent"]).flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }.map { Int(($0 * 10).rounded()) }
            created = try await plans(request).createPlan(
                year: Int(form["year"] ?? "") ?? 0, title: form["title"] ?? "", checkItemCode: form["checkItemCode"] ?? "", ratePerMille: rate,
                minimumOnePerCategory: form["minimumOnePerCategory"] == "yes", prioritizeRisk: form["prioritizeRisk"] == "yes",
                by: principal, context: request.journalContext())
            return "抽查计划已制定。下一步：冻结名录库并公示指纹。"
        }, redirect: "/work/organizations/checks")
        if let created { return request.redirect(to: "/work/organizations/checks/plans/\(created)", flash: "抽查计划已制定。下一步：冻结名录库并公示指纹。") }
        return response
    }

    @Sendable
    func plan(_ request: Request) async throws -> Response {
        try await OrganizationsController().authorizeRegistry(request)
        return try await request.render(try await planPage(request))
    }

    @Sendable
    func freeze(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        try await OrganizationsController().authorizeRegistry(request)
        guard let id = request.parameters.get("planID", as: UUID.self) else { throw Abort(.notFound) }
        do {
            try await plans(request).freeze(id, by: user.principal, context: request.journalContext())
            return request.redirect(to: "/work/organizations/checks/plans/\(id)", flash: "名录库已冻结，指纹和冻结值已在门户公示。抽取时请见证人当场输入见证值。")
        } catch let error as ValidationError {
            var page = try await planPage(request)
            page.error = error.message
            return try await request.render(page, status: .unprocessableEntity)
        }
    }

    @Sendable
    func draw(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        try await OrganizationsController().authorizeRegistry(request)
        guard let id = request.parameters.get("planID", as: UUID.self) else { throw Abort(.notFound) }
        struct Form: Content { var witnessValue: String?; var witnesses: String? }
        let form = try request.content.decode(Form.self)
        do {
            let outcome = try await plans(request).draw(id, witnessValue: form.witnessValue ?? "",
                                                        witnesses: (form.witnesses ?? "").split(whereSeparator: { "、,，\n".contains($0) }).map(String.init),
                                                        by: user.principal, context: request.journalContext())
            return request.redirect(to: "/work/organizations/checks/plans/\(id)",
                                    flash: "已抽取 \(outcome.assignments.count) 个检查对象并公示；检查人员已收到通知。")
        } catch let error as ValidationError {
            var page = try await planPage(request)
            page.error = error.message
            page.witnessValue = form.witnessValue ?? ""
            page.witnesses = form.witnesses ?? ""
            return try await request.render(page, status: .unprocessableEntity)
        }
    }

    @Sendable
    func figures(_ request: Request) async throws -> Response {
        try await request.authorize(.openWorkbench)
        let year = try request.yearQuery
        let figures = try await SupervisionFigureQueries(db: request.database).figures(year: year)
        return try await request.render(SupervisionFiguresPage(
            layout: Layout(title: "互联网+监管指标", section: .work, request: request), year: year,
            claimRate: SupervisionFigures.percent(figures.claimRate), claimed: figures.claimedItems, items: figures.supervisionItems,
            coverageRate: SupervisionFigures.percent(figures.coverageRate), done: figures.inspectionsDone, due: figures.inspectionsDue,
            completionRate: SupervisionFigures.percent(figures.completionRate), published: figures.checksPublished, drawn: figures.checksDrawn))
    }

    private func overviewPage(_ request: Request) async throws -> DoubleRandomPage {
        let plans = plans(request)
        let list = try await plans.plans(page: try request.pagination)
        let settings = try await SettingRepository(db: request.database).snapshot()
        let officers = try await AccountRepository(db: request.database, cipher: request.minzheng.cipher)
            .list(AccountFilter(role: .enforcementOfficer), page: Pagination(size: 100)).items
        let inspectors = try await plans.inspectors()
        return DoubleRandomPage(
            layout: Layout(title: "双随机抽查", section: .work, request: request),
            items: try await plans.checkItems().map { .init(code: $0.code, name: $0.name, basis: $0.basis, content: $0.content, method: $0.method,
                                                            kind: $0.kind == "key" ? "重点检查事项" : "一般检查事项", powerItemCode: $0.powerItemCode) },
            inspectors: inspectors.map { .init(id: $0.id.uuidString, name: $0.name, certificateNumber: $0.certificateNumber, unit: $0.unitCode,
                                               certified: $0.certified ? "持证" : "未持证") },
            officers: officers.filter { officer in !inspectors.contains { $0.accountID == officer.id.rawValue } }
                .compactMap { officer in officer.username.map { Option(value: $0, label: "\(officer.displayName)（\($0)）") } },
            plans: list.items.map(DoubleRandomPage.Plan.init),
            pager: Pager(list, path: "/work/organizations/checks", query: [], export: "/work/organizations/checks/export"),
            minimumRate: String(format: "%.1f", Double(settings.int("inspection.socialOrganizationMinRate")) / 10), year: request.today.year, form: [:])
    }

    /// Every plan, with its state and rate, as the overview lists them.
    @Sendable
    func exportPlans(_ request: Request) async throws -> Response {
        try await OrganizationsController().authorizeRegistry(request)
        let format = try await request.exportFormat()
        let plans = plans(request)
        let records = try await allPages { page in try await plans.plans(page: page) }
        return try await request.export(DoubleRandomPage.Plan.table("双随机抽查计划", records), as: format, list: "work.inspectionPlans")
    }

    /// The plan's checks as the list shows them, every page.
    @Sendable
    func exportPlan(_ request: Request) async throws -> Response {
        try await OrganizationsController().authorizeRegistry(request)
        let format = try await request.exportFormat()
        guard let id = request.parameters.get("planID", as: UUID.self), let record = try await plans(request).plan(id) else { throw Abort(.notFound) }
        let listing = MatterListing(request: request)
        let table = try await listing.exportTable(title: record.plan.title, dueSoonBy: request.today) { page in
            try await listing.queries.batch(id, page: page)
        }
        return try await request.export(table, as: format, list: "work.inspectionPlan", filters: ["plan": id.uuidString])
    }

    private func planPage(_ request: Request) async throws -> DrawPlanPage {
        guard let id = request.parameters.get("planID", as: UUID.self), let record = try await plans(request).plan(id) else { throw Abort(.notFound) }
        let listing = MatterListing(request: request)
        let checks = try await listing.queries.batch(id, page: try request.pagination)
        return DrawPlanPage(
            layout: Layout(title: record.plan.title, section: .work, request: request),
            plan: DrawPlanView(record),
            rows: listing.rows(checks, dueSoonBy: request.today),
            pager: Pager(checks, path: "/work/organizations/checks/plans/\(id)", query: [], export: "/work/organizations/checks/plans/\(id)/export"),
            witnessValue: "", witnesses: "")
    }
}

/// A plan as both the staff page and the portal show it.
struct DrawPlanView: Encodable {
    struct Quota: Encodable {
        var category: String
        var poolSize: Int
        var drawn: Int
    }

    struct Exclusion: Encodable {
        var target: String
        var inspector: String
        var reason: String
    }

    var id: String
    var title: String
    var year: Int
    var checkItem: String
    var rate: String
    var minimumOnePerCategory: Bool
    var prioritizeRisk: Bool
    var statusCode: String
    var status: String
    var frozenAt: String?
    var commitment: String?
    var targetPoolHash: String?
    var inspectorPoolHash: String?
    var targetCount: Int
    var inspectorCount: Int
    var drawnAt: String?
    var witnessValue: String?
    var witnesses: String
    var operatorName: String?
    var seed: String?
    var quotas: [Quota]
    var exclusions: [Exclusion]
    var algorithm: String

    init(_ record: DoubleRandomPlans.PlanRecord) {
        id = record.id.uuidString
        title = record.plan.title
        year = record.plan.year
        checkItem = record.plan.checkItemName
        rate = record.plan.rateText
        minimumOnePerCategory = record.plan.minimumOnePerCategory
        prioritizeRisk = record.plan.prioritizeRisk
        statusCode = record.status.rawValue
        status = record.status.chineseName
        frozenAt = record.frozenAt.map(ChineseTime.dateTime)
        commitment = record.commitment
        targetPoolHash = record.targetPoolHash
        inspectorPoolHash = record.inspectorPoolHash
        targetCount = record.targetCount
        inspectorCount = record.inspectorCount
        drawnAt = record.drawnAt.map(ChineseTime.dateTime)
        witnessValue = record.witnessValue
        witnesses = record.witnesses.joined(separator: "、")
        operatorName = record.operatorName
        seed = record.seed
        quotas = record.outcome?.quotas.map { Quota(category: $0.category, poolSize: $0.poolSize, drawn: $0.drawn) } ?? []
        exclusions = record.outcome?.exclusions.map { Exclusion(target: $0.targetID, inspector: $0.inspectorID, reason: $0.reason) } ?? []
        algorithm = DoubleRandomDraw.algorithm
    }
}

struct DoubleRandomPage: Page {
    static let template = "organizations/checks"

    struct Item: Encodable {
        var code: String
        var name: String
        var basis: String
        var content: String
        var method: String
        var kind: String
        var powerItemCode: String
    }

    struct Inspector: Encodable {
        var id: String
        var name: String
        var certificateNumber: String
        var unit: String
        var certified: String
    }

    /// A plan as the lists show it, on the workbench and on the portal, and as their exports write it.
    struct Plan: Encodable {
        var id: String
        var title: String
        var year: Int
        var status: String
        var rate: String

        init(_ record: DoubleRandomPlans.PlanRecord) {
            id = record.id.uuidString
            title = record.plan.title
            year = record.plan.year
            status = record.status.chineseName
            rate = record.plan.rateText
        }

        static func table(_ title: String, _ records: [DoubleRandomPlans.PlanRecord]) -> ExportTable {
            ExportTable(title: title, columns: ["计划", "年度", "状态", "抽查比例"],
                        rows: records.map(Plan.init).map { [.text($0.title), .number(Double($0.year)), .text($0.status), .text($0.rate)] })
        }
    }

    var layout: Layout
    var items: [Item]
    var inspectors: [Inspector]
    var officers: [Option]
    var plans: [Plan]
    var pager: Pager
    var minimumRate: String
    var year: Int
    var form: [String: String]
    var error: String?
}

struct DrawPlanPage: Page {
    static let template = "organizations/plan"

    var layout: Layout
    var plan: DrawPlanView
    var rows: MatterRows
    var pager: Pager
    var witnessValue: String
    var witnesses: String
    var error: String?
}

struct SupervisionFiguresPage: Page {
    static let template = "organizations/figures"

    var layout: Layout
    var year: Int
    var claimRate: String
    var claimed: Int
    var items: Int
    var coverageRate: String
    var done: Int
    var due: Int
    var completionRate: String
    var published: Int
    var drawn: Int
}
