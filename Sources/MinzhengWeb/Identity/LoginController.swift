import MinzhengCore
import MinzhengPersistence
import Vapor

/// `/login`, `/logout`: password login with throttling and lockout, then the second factor where required.
struct LoginController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("login", use: form)
        routes.post("login", use: login)
        routes.post("logout", use: logout)
    }

    struct LoginForm: Content {
        var identifier: String?
        var password: String?
        var next: String?
    }

    @Sendable
    func form(_ request: Request) async throws -> Response {
        if let user = request.currentUser { return request.redirect(to: Self.home(for: user.account)) }
        let next = ReturnPath.sanitize(try? request.query.get(String.self, at: "next"))
        let timedOut = (try? request.query.get(String.self, at: "timeout")) == "1"
        var page = LoginPage(layout: Layout(title: "登录", section: .none, request: request), identifier: "", next: next ?? "")
        if timedOut { page.notice = "您长时间未操作，为保护账户安全已自动退出，请重新登录。" }
        return try await request.render(page)
    }

    @Sendable
    func login(_ request: Request) async throws -> Response {
        let form = try request.content.decode(LoginForm.self)
        let identifier = (form.identifier ?? "").trimmingCharacters(in: .whitespaces)
        let password = form.password ?? ""
        let next = ReturnPath.sanitize(form.next)
        var page = LoginPage(layout: Layout(title: "登录", section: .none, request: request), identifier: identifier, next: next ?? "")
        guard !identifier.isEmpty, !password.isEmpty, identifier.count <= 64, password.count <= 200 else {
            page.error = "请填写用户名（或手机号）和密码。"
            return try await request.render(page, status: .unprocessableEntity)
        }
        switch try await LoginService(request: request).attempt(identifier: identifier, password: password) {
        case .throttled:
            page.error = "登录尝试过于频繁，请 10 分钟后再试。"
            return try await request.render(page, status: .tooManyRequests)
        case .invalid:
            page.error = "用户名（或手机号）或密码错误。"
            return try await request.render(page, status: .unauthorized)
        case .locked(let until):
            page.error = Self.lockedMessage(until: until)
            return try await request.render(page, status: .forbidden)
        case .succeeded(let credentials, let needsSecondFactor):
            let account = credentials.account
            let destination = needsSecondFactor
                ? (account.isTOTPEnabled ? "/login/second-factor" : "/login/second-factor/enroll")
                : (account.mustChangePassword ? "/account/password" : next ?? Self.home(for: account))
            let response = request.redirect(to: destination)
            try await request.startSession(for: credentials, secondFactorPending: needsSecondFactor, on: response)
            return response
        }
    }

    @Sendable
    func logout(_ request: Request) async throws -> Response {
        if let user = request.pendingOrCurrentUser {
            try await request.write { db in
                try await SessionRepository(db: db).delete(idHash: user.sessionID)
                try await Journal(db: db).append(
                    JournalEvent(action: "auth.logout", objectType: "account", objectID: user.account.id.description, summary: "退出登录"),
                    context: request.journalContext())
            }
        }
        let response = request.redirect(to: "/", flash: "您已安全退出。")
        response.cookies[request.minzheng.config.session.cookieName] = SessionMiddleware(settings: request.minzheng.config.session).expiredCookie()
        request.rotateCSRFToken()
        return response
    }

    static func lockedMessage(until: Date) -> String {
        "账户因连续多次密码错误已被锁定，请于 \(ChineseTime.clock(until)) 后再试，或联系系统管理员解锁。"
    }

    static func home(for account: Account) -> String {
        switch account.kind {
        case .citizen, .organization: return "/my"
        case .staff: return account.roles.contains(where: { $0.role.isAdministrator }) ? "/admin" : "/work"
        }
    }
}

struct LoginPage: Page {
    static let template = "auth/login"
    var layout: Layout
    var identifier: String
    var next: String
    var error: String?
    var notice: String?
}
