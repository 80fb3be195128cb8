import MinzhengCore
import MinzhengPersistence
import Vapor

/// `/admin/settings`: the configuration register (rules.md §15). Every ✘ item shows the unconfirmed hint; security
/// settings (`auth.*`) belong to the 安全管理员, the others to the 系统管理员.
struct AdminSettingsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let settings = routes.grouped(RequireLoginMiddleware()).grouped("admin", "settings")
        settings.get(use: list)
        settings.post(use: update)
    }

    static func action(for key: String) -> Action {
        key.hasPrefix("auth.") || key.hasPrefix("audit.") ? .administerSecuritySettings : .administerSettings
    }

    @Sendable
    func list(_ request: Request) async throws -> Response {
        try await request.authorize(.openAdministration)
        guard request.isAllowed(.administerSettings) || request.isAllowed(.administerSecuritySettings) else {
            try await request.authorize(.administerSettings)
            throw Abort(.forbidden)
        }
        return try await request.render(try await page(request))
    }

    struct Form: Content {
        var key: String?
        var value: String?
    }

    @Sendable
    func update(_ request: Request) async throws -> Response {
        let form = try request.content.decode(Form.self)
        guard let key = form.key, let definition = SettingsRegister.definition(for: key) else {
            throw ValidationError(field: "设置项", reason: "没有这个设置项。")
        }
        try await request.authorize(Self.action(for: key), objectType: "setting", objectID: key)
        do {
            try await request.write { db in
                let previous = try await SettingRepository(db: db).set(key, to: form.value ?? "", at: Date())
                try await Journal(db: db).append(
                    JournalEvent(action: "setting.update", objectType: "setting", objectID: key,
                                 summary: "修改设置「\(definition.title)」",
                                 details: ["from": previous ?? definition.defaultValue, "to": try definition.normalize(form.value ?? "")]),
                    context: request.journalContext())
            }
        } catch let error as ValidationError {
            var page = try await page(request)
            page.error = error.message
            return try await request.render(page, status: .unprocessableEntity)
        }
        return request.redirect(to: "/admin/settings", flash: "已保存「\(definition.title)」。")
    }

    private func page(_ request: Request) async throws -> AdminSettingsPage {
        let snapshot = try await SettingRepository(db: request.database).snapshot()
        let rows = SettingsRegister.all.filter { request.isAllowed(Self.action(for: $0.key)) }.map { definition in
            AdminSettingsPage.Row(
                key: definition.key, title: definition.title, value: snapshot.string(definition.key),
                defaultValue: definition.defaultValue, isDefault: !snapshot.isSet(definition.key),
                confidence: definition.confidence.symbol, isUnconfirmed: definition.confidence == .unconfirmed,
                rule: definition.rule, source: definition.source, kind: definition.kind.rawValue, choices: definition.choices)
        }
        let session = request.minzheng.config.session
        return AdminSettingsPage(
            layout: Layout(title: "业务设置", section: .admin, request: request), rows: rows,
            hint: RuleConfidence.unconfirmedHint,
            sessionIdleMinutes: Int(session.idleTimeout.timeInterval / 60),
            sessionAbsoluteHours: Int(session.absoluteTimeout.timeInterval / 3600))
    }
}

struct AdminSettingsPage: Page {
    static let template = "admin/settings"

    struct Row: Encodable {
        var key: String
        var title: String
        var value: String
        var defaultValue: String
        var isDefault: Bool
        var confidence: String
        var isUnconfirmed: Bool
        var rule: String
        var source: String
        var kind: String
        var choices: [String]
    }

    var layout: Layout
    var rows: [Row]
    var hint: String
    var sessionIdleMinutes: Int
    var sessionAbsoluteHours: Int
    var error: String?
}
