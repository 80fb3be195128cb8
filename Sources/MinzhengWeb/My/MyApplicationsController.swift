import MinzhengCore
import MinzhengPersistence
import Vapor

/// `/my/apply`: a citizen applies online for the services open to citizens; the applicant's name and ID number are
/// taken from their account, never typed again.
struct MyApplicationsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let apply = routes.grouped(RequireLoginMiddleware()).grouped("my", "apply")
        apply.get(use: list)
        apply.get(":type", use: form)
        apply.post(":type", use: submit)
    }

    static let identityKeys: Set<String> = ["applicantName", "applicantID"]

    func citizenTypes(_ request: Request) -> [MatterType] {
        request.minzheng.registry.types.filter { $0.creatorRoles.contains(.citizen) && $0.isOfferedOnline }
    }

    @Sendable
    func list(_ request: Request) async throws -> Response {
        try await request.authorize(.openCitizenArea)
        let page = ApplyListPage(layout: Layout(title: "在线申请", section: .my, request: request),
                                 types: citizenTypes(request).map { .init(id: $0.id.rawValue, name: $0.name, basis: $0.legalBasis) })
        return try await request.render(page)
    }

    @Sendable
    func form(_ request: Request) async throws -> Response {
        try await request.authorize(.openCitizenArea)
        return try await request.render(try await page(request, values: [:]))
    }

    @Sendable
    func submit(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        try await request.authorize(.openCitizenArea)
        let type = try findType(request)
        var values = try request.content.decode([String: String].self)
        values["_csrf"] = nil
        guard let unit = try await values["orgUnitID"].flatMap(OrgUnit.ID.init).asyncFlatMap({ try await OrgUnitRepository(db: request.database).find($0) }),
              unit.level == .companyOrCommunity
        else {
            var page = try await page(request, values: values)
            page.error = "请选择户籍所在的连队（社区）。"
            return try await request.render(page, status: .unprocessableEntity)
        }
        let accounts = AccountRepository(db: request.database, cipher: request.minzheng.cipher)
        values["applicantName"] = user.account.displayName
        values["applicantID"] = try await accounts.revealIDNumber(user.account.id)
        if values["phone"] == nil || values["phone"]?.isEmpty == true { values["phone"] = try await accounts.revealMobile(user.account.id) }
        do {
            let id = try await request.matters.create(
                type.id, at: unit, applicant: user.account.id.rawValue, channel: "online", title: "\(user.account.displayName)申请\(type.name)",
                fields: values, by: user.principal, context: request.journalContext(), idempotencyKey: values["_idem"].flatMap { $0.isEmpty ? nil : $0 })
            return request.redirect(to: "/my/matters/\(id)", flash: "申请已提交。请在本页上传承诺书、授权书等材料，可随时查看办理进度。")
        } catch let error as ValidationError {
            var page = try await page(request, values: values)
            page.error = error.message
            return try await request.render(page, status: .unprocessableEntity)
        }
    }

    private func findType(_ request: Request) throws -> MatterType {
        guard let type = citizenTypes(request).first(where: { $0.id.rawValue == request.parameters.get("type") }) else { throw Abort(.notFound) }
        return type
    }

    private func page(_ request: Request, values: [String: String]) async throws -> ApplyFormPage {
        let user = try request.requireUser()
        let type = try findType(request)
        let settings = try await SettingRepository(db: request.database).snapshot()
        // Assistance is applied for at the 连队/社区 where the notice is posted; other services at the unit that takes them.
        let allowed = try await OrgUnitRepository(db: request.database).all().filter { type.createdAt.allows($0, settings: settings) }
        let communities = allowed.filter { $0.level == .companyOrCommunity }
        let units = communities.isEmpty ? allowed : communities
        return ApplyFormPage(
            layout: Layout(title: "申请\(type.name)", section: .my, request: request), typeID: type.id.rawValue, typeName: type.name,
            legalBasis: type.legalBasis, applicantName: user.account.displayName, maskedID: user.account.maskedIDNumber ?? "",
            units: units.map(OrgUnitOption.init), orgUnitID: values["orgUnitID"] ?? "",
            fields: type.fields.filter { $0.isOnApplicationForm && !Self.identityKeys.contains($0.key) }.map {
                NewMatterPage.Field(key: $0.key, label: $0.label, kind: $0.kind.rawValue, required: $0.isRequired, choices: $0.choices,
                                    hint: $0.hint, value: values[$0.key] ?? "")
            }, idempotencyKey: values["_idem"].flatMap { $0.isEmpty ? nil : $0 } ?? UUID().uuidString)
    }
}

struct ApplyListPage: Page {
    static let template = "my/apply-list"

    struct Service: Encodable {
        var id: String
        var name: String
        var basis: String
    }

    var layout: Layout
    var types: [Service]
}

struct ApplyFormPage: Page {
    static let template = "my/apply"
    var layout: Layout
    var typeID: String
    var typeName: String
    var legalBasis: String
    var applicantName: String
    var maskedID: String
    var units: [OrgUnitOption]
    var orgUnitID: String
    var fields: [NewMatterPage.Field]
    var error: String?
    /// Sent back with the form: a retried submission creates nothing twice.
    var idempotencyKey: String = UUID().uuidString
}
