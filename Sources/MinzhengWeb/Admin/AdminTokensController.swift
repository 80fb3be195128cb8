import Foundation
import MinzhengCore
import MinzhengPersistence
import Vapor

/// `/admin/tokens`: integration tokens — issued for named posts at named units, expiring, shown once, revocable.
struct AdminTokensController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let tokens = routes.grouped(RequireLoginMiddleware()).grouped("admin", "tokens")
        tokens.get(use: list)
        tokens.post(use: issue)
        tokens.post(":tokenID", "revoke", use: revoke)
    }

    @Sendable
    func list(_ request: Request) async throws -> Response {
        try await request.authorize(.administerAccounts)
        return try await request.render(try await page(request, form: [:]))
    }

    private func page(_ request: Request, form: [String: String]) async throws -> AdminTokensPage {
        let tokens = try await APITokenRepository(db: request.database).all()
        let units = try await OrgUnitRepository(db: request.database).all()
        let now = Date()
        return AdminTokensPage(
            layout: Layout(title: "接口令牌", section: .admin, request: request),
            rows: tokens.map { token in
                .init(id: token.id.uuidString, name: token.name, roles: token.roles.map { "\($0.role.chineseName)（\($0.orgUnitCode)）" }.joined(separator: "、"),
                      created: "\(ChineseTime.dateTime(token.createdAt))，\(token.createdBy)", expires: ChineseTime.dateTime(token.expiresAt),
                      lastUsed: token.lastUsedAt.map(ChineseTime.dateTime) ?? "未使用",
                      state: token.revokedAt != nil ? "已吊销" : token.expiresAt <= now ? "已过期" : "有效", isUsable: token.isUsable(at: now))
            },
            roles: Role.allCases.filter { !$0.isAdministrator && $0 != .citizen && $0 != .socialOrganizationUser }
                .map { Option(value: $0.rawValue, label: $0.chineseName) },
            units: units.map { Option(value: $0.code, label: "\($0.name)（\($0.code)）") }, form: form)
    }

    @Sendable
    func issue(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        let form = try request.content.decode([String: String].self)
        do {
            guard let role = form["role"].flatMap(Role.init(rawValue:)),
                  let unit = try await OrgUnitRepository(db: request.database).find(code: form["unit"] ?? "") else {
                throw ValidationError(field: "岗位", reason: "请选择岗位和单位。")
            }
            let (token, secret) = try await APITokenRepository(db: request.database).issue(
                name: form["name"] ?? "", roles: [RoleAssignment(role: role, orgUnitID: unit.id, orgUnitPath: unit.path, orgUnitCode: unit.code)],
                validDays: Int(form["days"] ?? "") ?? 0, by: user.principal, permissions: request.minzheng.permissions,
                context: request.journalContext(), store: request.minzheng.store)
            var page = try await page(request, form: [:])
            page.issued = .init(name: token.name, secret: secret, expires: ChineseTime.dateTime(token.expiresAt))
            let response = try await request.render(page, status: .created)
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
            return response
        } catch let error as ValidationError {
            var page = try await page(request, form: form)
            page.error = error.message
            return try await request.render(page, status: .unprocessableEntity)
        } catch let error as AccessRefused {
            throw AccessDenied(reason: error.reason)
        }
    }

    @Sendable
    func revoke(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        guard let id = request.parameters.get("tokenID").flatMap(UUID.init(uuidString:)) else { throw Abort(.notFound) }
        do {
            try await APITokenRepository(db: request.database).revoke(id, by: user.principal, permissions: request.minzheng.permissions,
                                                                      context: request.journalContext(), store: request.minzheng.store)
            return request.redirect(to: "/admin/tokens", flash: "令牌已吊销，此后使用一律拒绝。")
        } catch let error as AccessRefused {
            throw AccessDenied(reason: error.reason)
        }
    }
}

struct AdminTokensPage: Page {
    static let template = "admin/tokens"
    struct Row: Encodable { var id: String; var name: String; var roles: String; var created: String; var expires: String; var lastUsed: String; var state: String; var isUsable: Bool }
    struct Issued: Encodable { var name: String; var secret: String; var expires: String }
    var layout: Layout
    var rows: [Row]
    var roles: [Option]
    var units: [Option]
    var form: [String: String]
    var issued: Issued?
    var error: String?
}
