import MinzhengCore
import MinzhengPersistence
import Vapor

/// `/work/organizations`: the registry of social organisations — search, import from CSV or XLSX with a row-by-row
/// report, each organisation's page with its status history and its matters, and the login an organisation collects.
struct OrganizationsController: RouteCollection {
    static let maximumImportBytes = 5_000_000

    func boot(routes: any RoutesBuilder) throws {
        let organizations = routes.grouped(RequireLoginMiddleware()).grouped("work", "organizations")
        organizations.get(use: list)
        organizations.get("export", ":format", use: export)
        organizations.on(.POST, "import", body: .collect(maxSize: ByteCount(value: Self.maximumImportBytes + 64_000)), use: importFile)
        organizations.get(":organizationID", use: show)
        organizations.get(":organizationID", "export", ":format", use: exportMatters)
        organizations.post(":organizationID", "login", use: issueLogin)
    }

    struct Filter: Content {
        var q: String?
        var kind: String?
        var status: String?
        var page: Int?
    }

    @Sendable
    func list(_ request: Request) async throws -> Response {
        try await authorizeRegistry(request)
        return try await request.render(try await listPage(request))
    }

    /// An organisation's matters (inspections, checks, cases), every page.
    @Sendable
    func exportMatters(_ request: Request) async throws -> Response {
        try await authorizeRegistry(request)
        let format = try await request.exportFormat()
        guard let id = request.parameters.get("organizationID", as: UUID.self), let organization = try await registry(request).find(id) else {
            throw Abort(.notFound)
        }
        let listing = MatterListing(request: request)
        let table = try await listing.exportTable(title: "\(organization.name)办件", dueSoonBy: request.today) { page in
            try await listing.queries.organization(id, page: page)
        }
        return try await request.export(table, as: format, list: "work.organization", filters: ["organization": id.uuidString])
    }

    /// The register as the list shows it, every page.
    @Sendable
    func export(_ request: Request) async throws -> Response {
        try await authorizeRegistry(request)
        let format = try await request.exportFormat()
        let filter = try request.query.decode(Filter.self)
        let criteria = OrganizationFilter(text: filter.q, kind: filter.kind.flatMap(SocialOrganizationKind.init(rawValue:)),
                                          status: filter.status.flatMap(OrganizationStatus.init(rawValue:)))
        let registry = registry(request)
        let organizations = try await allPages { page in try await registry.list(criteria, page: page) }
        let table = ExportTable(title: "社会组织登记名录", columns: ["统一社会信用代码", "名称", "类型", "法定代表人", "住所", "登记日期", "状态"],
                                rows: organizations.map { [.text($0.creditCode), .text($0.name), .text($0.kind.chineseName), .text($0.legalRepresentative),
                                                           .text($0.address), .date($0.registeredOn), .text($0.status.chineseName)] })
        return try await request.export(table, as: format, list: "work.organizations",
                                        filters: ["kind": filter.kind ?? "", "status": filter.status ?? "", "q": (filter.q ?? "").isEmpty ? "" : "（有检索词）"])
    }

    @Sendable
    func importFile(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        try await authorizeRegistry(request)
        struct Upload: Content { var file: File? }
        let upload = try request.content.decode(Upload.self)
        do {
            guard let file = upload.file, file.data.readableBytes > 0 else {
                throw ValidationError(field: "文件", reason: "请选择要导入的 CSV 或 Excel（.xlsx）文件。")
            }
            guard file.data.readableBytes <= Self.maximumImportBytes else {
                throw ValidationError(field: "文件", reason: "文件不超过 \(Self.maximumImportBytes / 1_000_000) MB。")
            }
            let data = Data(buffer: file.data)
            let rows: [(line: Int, fields: [String])]
            if file.filename.lowercased().hasSuffix(".xlsx") {
                rows = try XLSXReader.rows(data)
            } else if file.filename.lowercased().hasSuffix(".csv") {
                rows = try CSVReader().records(in: data).map { ($0.line, $0.fields) }
            } else {
                throw ValidationError(field: "文件", reason: "只接受 .csv（UTF-8）或 .xlsx 文件。")
            }
            let report = try await registry(request).importRows(rows, by: user.principal, context: request.journalContext())
            var page = try await listPage(request)
            page.report = .init(imported: report.imported, refused: report.refused.map {
                .init(line: $0.line, name: $0.name, reasons: $0.reasons.joined(separator: "；"))
            })
            return try await request.render(page, status: report.refused.isEmpty ? .ok : .unprocessableEntity)
        } catch let error as any DomainError {
            var page = try await listPage(request)
            page.error = error.message
            return try await request.render(page, status: .unprocessableEntity)
        } catch let error as AccessRefused {
            throw AccessDenied(reason: error.reason)
        }
    }

    @Sendable
    func show(_ request: Request) async throws -> Response {
        try await authorizeRegistry(request)
        return try await request.render(try await detailPage(request, login: nil))
    }

    @Sendable
    func issueLogin(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        try await authorizeRegistry(request)
        guard let id = request.parameters.get("organizationID", as: UUID.self) else { throw Abort(.notFound) }
        let hasher = request.password.async
        do {
            let login = try await registry(request).issueLogin(for: id, by: user.principal, context: request.journalContext(),
                                                               hashPassword: { try await hasher.hash($0) })
            return try await request.render(try await detailPage(request, login: .init(username: login.username, password: login.password)))
        } catch let error as ValidationError {
            var page = try await detailPage(request, login: nil)
            page.error = error.message
            return try await request.render(page, status: .unprocessableEntity)
        }
    }

    func registry(_ request: Request) -> OrganizationRegistry {
        OrganizationRegistry(store: request.minzheng.store, db: request.database, cipher: request.minzheng.cipher, permissions: request.minzheng.permissions)
    }

    /// The registry's staff: allowed to manage organisations at the registry's unit.
    func authorizeRegistry(_ request: Request) async throws {
        let unit = try await OrgUnitRepository(db: request.database).find(code: OrganizationRegistry.registryUnitCode)
        try await request.authorize(.manageOrganizations, on: AccessTarget(orgUnitPath: unit?.path ?? "/"))
    }

    private func listPage(_ request: Request) async throws -> OrganizationsPage {
        let filter = try request.query.decode(Filter.self)
        let kind = filter.kind.flatMap(SocialOrganizationKind.init(rawValue:))
        let status = filter.status.flatMap(OrganizationStatus.init(rawValue:))
        let list = try await registry(request).list(OrganizationFilter(text: filter.q, kind: kind, status: status), page: try request.pagination)
        return OrganizationsPage(
            layout: Layout(title: "社会组织登记管理", section: .work, request: request),
            rows: list.items.map(OrganizationsPage.Row.init),
            pager: Pager(list, path: "/work/organizations", query: [("q", filter.q), ("kind", filter.kind), ("status", filter.status)],
                         export: "/work/organizations/export"),
            kinds: SocialOrganizationKind.allCases.map { Option(value: $0.rawValue, label: $0.chineseName) },
            statuses: OrganizationStatus.allCases.map { Option(value: $0.rawValue, label: $0.chineseName) },
            query: filter.q ?? "", kind: filter.kind ?? "", status: filter.status ?? "",
            columns: SocialOrganizationImport.columns.joined(separator: "、"))
    }

    private func detailPage(_ request: Request, login: OrganizationPage.Login?) async throws -> OrganizationPage {
        guard let id = request.parameters.get("organizationID", as: UUID.self),
              let organization = try await registry(request).find(id) else { throw Abort(.notFound) }
        let units = try await OrgUnitRepository(db: request.database).all()
        let matters = try await MatterListing(request: request).queries.organization(id, page: try request.pagination)
        return OrganizationPage(
            layout: Layout(title: organization.name, section: .work, request: request),
            organization: .init(organization), supervisor: organization.supervisorUnitCode.map { code in units.first { $0.code == code }?.name ?? code } ?? "无（直接登记）",
            history: try await registry(request).history(of: id).map {
                .init(time: ChineseTime.dateTime($0.changedAt), from: $0.from?.chineseName ?? "—", to: $0.to.chineseName, reason: $0.reason, by: $0.changedBy)
            },
            rows: MatterListing(request: request).rows(matters, dueSoonBy: request.today), pager: Pager(matters, path: "/work/organizations/\(id)", query: [], export: "/work/organizations/\(id)/export"),
            username: OrganizationRegistry.username(for: organization.creditCode), login: login)
    }
}

struct OrganizationsPage: Page {
    static let template = "organizations/list"

    struct Row: Encodable {
        var id: String
        var name: String
        var creditCode: String
        var kind: String
        var status: String
        var statusCode: String
        var registeredOn: String

        init(_ organization: SocialOrganization) {
            id = organization.id.uuidString
            name = organization.name
            creditCode = organization.creditCode
            kind = organization.kind.chineseName
            status = organization.status.chineseName
            statusCode = organization.status.rawValue
            registeredOn = organization.registeredOn.chineseDescription
        }
    }

    struct Report: Encodable {
        struct Refusal: Encodable {
            var line: Int
            var name: String
            var reasons: String
        }

        var imported: Int
        var refused: [Refusal]
    }

    var layout: Layout
    var rows: [Row]
    var pager: Pager
    var kinds: [Option]
    var statuses: [Option]
    var query: String
    var kind: String
    var status: String
    var columns: String
    var report: Report?
    var error: String?
}

struct OrganizationPage: Page {
    static let template = "organizations/show"

    struct Detail: Encodable {
        var id: String
        var name: String
        var creditCode: String
        var kind: String
        var status: String
        var statusCode: String
        var legalRepresentative: String
        var address: String
        var businessScope: String
        var registeredOn: String

        init(_ organization: SocialOrganization) {
            id = organization.id.uuidString
            name = organization.name
            creditCode = organization.creditCode
            kind = organization.kind.chineseName
            status = organization.status.chineseName
            statusCode = organization.status.rawValue
            legalRepresentative = organization.legalRepresentative
            address = organization.address
            businessScope = organization.businessScope
            registeredOn = organization.registeredOn.chineseDescription
        }
    }

    struct Change: Encodable {
        var time: String
        var from: String
        var to: String
        var reason: String
        var by: String
    }

    struct Login: Encodable {
        var username: String
        var password: String
    }

    var layout: Layout
    var organization: Detail
    var supervisor: String
    var history: [Change]
    var rows: MatterRows
    var pager: Pager
    var username: String
    var login: Login?
    var error: String?
}
