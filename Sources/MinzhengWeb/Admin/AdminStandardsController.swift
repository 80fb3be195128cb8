import MinzhengCore
import MinzhengPersistence
import Vapor

/// `/admin/standards`: the assistance standards per year and area, from which amounts are computed.
struct AdminStandardsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let standards = routes.grouped(RequireLoginMiddleware()).grouped("admin", "standards")
        standards.get(use: list)
        standards.post(use: set)
    }

    struct Form: Content {
        var scheme: String?
        var year: Int?
        var orgUnitID: String?
        var amount: String?
    }

    @Sendable
    func list(_ request: Request) async throws -> Response {
        try await request.authorize(.administerSettings)
        return try await request.render(try await page(request))
    }

    @Sendable
    func set(_ request: Request) async throws -> Response {
        try await request.authorize(.administerSettings)
        let form = try request.content.decode(Form.self)
        do {
            guard let scheme = form.scheme.flatMap(AssistanceScheme.init(rawValue:)) else { throw ValidationError(field: "标准类别", reason: "请选择标准类别。") }
            guard let unit = try await form.orgUnitID.flatMap(OrgUnit.ID.init).asyncFlatMap({ try await OrgUnitRepository(db: request.database).find($0) }) else {
                throw ValidationError(field: "适用单位", reason: "请选择适用单位。")
            }
            guard let fen = form.amount.flatMap(Money.parseYuan) else { throw ValidationError(field: "标准", reason: "请填写月标准金额（元）。") }
            let year = form.year ?? request.today.year
            try await request.write { db in
                try await AssistanceStandardRepository(db: db).set(scheme, year: year, unit: unit, monthlyFen: fen, at: Date())
                try await Journal(db: db).append(
                    JournalEvent(action: "standard.set", objectType: "assistance_standard", objectID: "\(scheme.rawValue)/\(year)/\(unit.code)",
                                 summary: "设置\(year)年\(unit.name)\(scheme.chineseName)为每月 \(Money.formatYuan(fen)) 元"),
                    context: request.journalContext(role: .systemAdministrator))
            }
            return request.redirect(to: "/admin/standards", flash: "已设置。")
        } catch let error as ValidationError {
            var page = try await page(request)
            page.error = error.message
            return try await request.render(page, status: .unprocessableEntity)
        }
    }

    private func page(_ request: Request) async throws -> AdminStandardsPage {
        let units = try await OrgUnitRepository(db: request.database).all()
        return AdminStandardsPage(
            layout: Layout(title: "救助标准", section: .admin, request: request),
            rows: try await AssistanceStandardRepository(db: request.database).all().map { standard in
                .init(scheme: standard.scheme.chineseName, year: standard.year,
                      unit: units.first { $0.id == standard.orgUnitID }?.name ?? "", amount: Money.formatYuan(standard.monthlyFen))
            },
            schemes: AssistanceScheme.allCases.map { Option(value: $0.rawValue, label: $0.chineseName) },
            units: units.map(OrgUnitOption.init), year: request.today.year)
    }
}

struct AdminStandardsPage: Page {
    static let template = "admin/standards"

    struct Row: Encodable {
        var scheme: String
        var year: Int
        var unit: String
        var amount: String
    }

    var layout: Layout
    var rows: [Row]
    var schemes: [Option]
    var units: [OrgUnitOption]
    var year: Int
    var error: String?
}
