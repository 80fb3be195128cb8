import MinzhengCore
import MinzhengPersistence
import Vapor

/// `/account/password`: change one's own password (required after an administrator's reset).
struct PasswordController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let account = routes.grouped(RequireLoginMiddleware()).grouped("account", "password")
        account.get(use: form)
        account.post(use: change)
    }

    struct Form: Content {
        var current: String?
        var password: String?
        var passwordConfirmation: String?
    }

    @Sendable
    func form(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        return try await request.render(PasswordPage(layout: Layout(title: "修改密码", section: .none, request: request),
                                                     mustChange: user.account.mustChangePassword))
    }

    @Sendable
    func change(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        let form = try request.content.decode(Form.self)
        var page = PasswordPage(layout: Layout(title: "修改密码", section: .none, request: request), mustChange: user.account.mustChangePassword)
        let services = request.minzheng
        guard let credentials = try await AccountRepository(db: request.database, cipher: services.cipher).credentials(user.account.id) else {
            throw LoginRequired()
        }
        let password = form.password ?? ""
        if !(try await request.password.async.verify(form.current ?? "", created: credentials.passwordHash)) {
            page.errors["current"] = "当前密码不正确。"
        }
        do { try PasswordPolicy.validate(password, username: user.account.username) } catch let error as ValidationError {
            page.errors["password"] = error.reason
        }
        if password != (form.passwordConfirmation ?? "") { page.errors["passwordConfirmation"] = "两次输入的密码不一致。" }
        if form.current == password { page.errors["password"] = page.errors["password"] ?? "新密码不能与当前密码相同。" }
        guard page.errors.isEmpty else { return try await request.render(page, status: .unprocessableEntity) }
        let hash = try await request.password.async.hash(password)
        try await request.write { db in
            try await AccountRepository(db: db, cipher: services.cipher).setPassword(user.account.id, hash: hash, mustChange: false, at: Date())
            try await Journal(db: db).append(
                JournalEvent(action: "account.passwordChanged", objectType: "account", objectID: user.account.id.description, summary: "本人修改密码"),
                context: request.journalContext())
        }
        guard let refreshed = try await AccountRepository(db: request.database, cipher: services.cipher).credentials(user.account.id) else {
            throw LoginRequired()
        }
        let response = request.redirect(to: LoginController.home(for: refreshed.account), flash: "密码已修改。")
        try await request.startSession(for: refreshed, secondFactorPending: false, on: response)
        return response
    }
}

struct PasswordPage: Page {
    static let template = "auth/password"
    var layout: Layout
    var mustChange: Bool
    var errors: [String: String] = [:]
}
