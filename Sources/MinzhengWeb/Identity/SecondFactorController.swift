import MinzhengCore
import MinzhengPersistence
import Vapor

/// The second factor for staff (issue 3, item 4): TOTP (RFC 6238) enrolled by scanning a QR code the server draws,
/// or by typing the key; ten recovery codes shown once and stored hashed.
struct SecondFactorController: RouteCollection {
    static let issuer = "法治民政"
    static let attemptsPerWindow = 10

    func boot(routes: any RoutesBuilder) throws {
        let login = routes.grouped("login", "second-factor")
        login.get(use: verifyForm)
        login.post(use: verify)
        login.get("enroll", use: enrollForm)
        login.post("enroll", use: enroll)
        let work = routes.grouped(RequireLoginMiddleware()).grouped("work", "security")
        work.get(use: security)
        work.post("totp", use: enroll)
        work.post("totp", "restart", use: restartEnrollment)
    }

    struct CodeForm: Content {
        var code: String?
    }

    // MARK: Verify at login

    @Sendable
    func verifyForm(_ request: Request) async throws -> Response {
        guard let user = request.pendingOrCurrentUser, user.isSecondFactorPending else { return request.redirect(to: "/login") }
        return try await request.render(SecondFactorPage(layout: Layout(title: "动态口令验证", section: .none, request: request),
                                                         username: user.account.journalName))
    }

    @Sendable
    func verify(_ request: Request) async throws -> Response {
        guard let user = request.pendingOrCurrentUser, user.isSecondFactorPending else { return request.redirect(to: "/login") }
        let code = (try request.content.decode(CodeForm.self).code ?? "").trimmingCharacters(in: .whitespaces)
        var page = SecondFactorPage(layout: Layout(title: "动态口令验证", section: .none, request: request), username: user.account.journalName)
        let services = request.minzheng
        let now = Date()
        let admitted = try await request.write { db in
            try await LoginThrottle(db: db, limit: Self.attemptsPerWindow, window: LoginService.throttleWindow)
                .admit("totp:" + user.account.id.description, at: now)
        }
        guard admitted else {
            page.error = "验证尝试过于频繁，请 10 分钟后再试。"
            return try await request.render(page, status: .tooManyRequests)
        }
        let accepted = try await request.write { db -> Bool in
            let accounts = AccountRepository(db: db, cipher: services.cipher)
            guard let credentials = try await accounts.credentials(user.account.id) else { return false }
            var ok = false
            if let sealed = credentials.totpSecretSealed, credentials.account.isTOTPEnabled,
               let step = TOTP(secret: try Self.secret(sealed, cipher: services.cipher)).verify(code, at: now, after: credentials.totpLastStep) {
                try await accounts.acceptTOTPStep(user.account.id, step: step)
                ok = true
            } else if code.count >= 10 {
                ok = try await accounts.useRecoveryCode(user.account.id, hash: RecoveryCodes.hash(code), at: now)
            }
            try await Journal(db: db).append(
                JournalEvent(action: ok ? "auth.login" : "auth.secondFactorFailed", objectType: "account",
                             objectID: user.account.id.description,
                             summary: ok ? "登录成功（动态口令已验证）" : "动态口令错误", outcome: ok ? .success : .failure),
                context: request.journalContext())
            return ok
        }
        guard accepted, let credentials = try await AccountRepository(db: request.database, cipher: services.cipher).credentials(user.account.id) else {
            page.error = "动态口令不正确或已使用，请输入验证器当前显示的 6 位数字，或一个未使用的恢复码。"
            return try await request.render(page, status: .unauthorized)
        }
        let response = request.redirect(to: credentials.account.mustChangePassword ? "/account/password" : LoginController.home(for: credentials.account))
        try await request.startSession(for: credentials, secondFactorPending: false, on: response)
        return response
    }

    // MARK: Enrolment

    @Sendable
    func enrollForm(_ request: Request) async throws -> Response {
        guard let user = request.pendingOrCurrentUser else { return request.redirect(to: "/login") }
        return try await request.render(try await enrollmentPage(request, user: user, title: "启用动态口令", postTo: "/login/second-factor/enroll"))
    }

    @Sendable
    func security(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        guard user.isStaff else { throw AccessDenied(reason: "动态口令设置仅适用于工作人员账户。") }
        if user.account.isTOTPEnabled {
            let remaining = try await AccountRepository(db: request.database, cipher: request.minzheng.cipher).unusedRecoveryCodeCount(user.account.id)
            var page = try await enrollmentPage(request, user: user, title: "账户安全", postTo: "/work/security/totp", createSecret: false)
            page.isEnabled = true
            page.recoveryCodesLeft = remaining
            return try await request.render(page)
        }
        return try await request.render(try await enrollmentPage(request, user: user, title: "账户安全", postTo: "/work/security/totp"))
    }

    @Sendable
    func restartEnrollment(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        guard user.isStaff else { throw AccessDenied(reason: "动态口令设置仅适用于工作人员账户。") }
        try await request.write { db in
            try await AccountRepository(db: db, cipher: request.minzheng.cipher).setTOTP(user.account.id, sealedSecret: nil, enabled: false)
            try await Journal(db: db).append(
                JournalEvent(action: "auth.totpReset", objectType: "account", objectID: user.account.id.description, summary: "重新绑定动态口令"),
                context: request.journalContext())
        }
        return request.redirect(to: "/work/security", flash: "已停用原动态口令，请重新扫码绑定。")
    }

    @Sendable
    func enroll(_ request: Request) async throws -> Response {
        guard let user = request.pendingOrCurrentUser, user.isStaff else { return request.redirect(to: "/login") }
        let code = (try request.content.decode(CodeForm.self).code ?? "").trimmingCharacters(in: .whitespaces)
        let services = request.minzheng
        let postTo = user.isSecondFactorPending ? "/login/second-factor/enroll" : "/work/security/totp"
        guard let credentials = try await AccountRepository(db: request.database, cipher: services.cipher).credentials(user.account.id),
              let sealed = credentials.totpSecretSealed, !credentials.account.isTOTPEnabled
        else { return request.redirect(to: user.isSecondFactorPending ? "/login/second-factor" : "/work/security") }
        let now = Date()
        guard let step = TOTP(secret: try Self.secret(sealed, cipher: services.cipher)).verify(code, at: now) else {
            var page = try await enrollmentPage(request, user: user, title: "启用动态口令", postTo: postTo)
            page.error = "动态口令不正确，请输入验证器当前显示的 6 位数字。"
            return try await request.render(page, status: .unprocessableEntity)
        }
        let codes = RecoveryCodes.generate()
        try await request.write { db in
            let accounts = AccountRepository(db: db, cipher: services.cipher)
            try await accounts.setTOTP(user.account.id, sealedSecret: sealed, enabled: true)
            try await accounts.acceptTOTPStep(user.account.id, step: step)
            try await accounts.replaceRecoveryCodes(user.account.id, hashes: codes.map(RecoveryCodes.hash))
            try await Journal(db: db).append(
                JournalEvent(action: "auth.totpEnabled", objectType: "account", objectID: user.account.id.description,
                             summary: "启用动态口令，生成 \(codes.count) 个恢复码"),
                context: request.journalContext())
        }
        let page = RecoveryCodesPage(layout: Layout(title: "恢复码", section: .work, request: request), codes: codes,
                                     continueTo: LoginController.home(for: user.account))
        let response = try await request.render(page)
        if user.isSecondFactorPending, let refreshed = try await AccountRepository(db: request.database, cipher: services.cipher).credentials(user.account.id) {
            try await request.startSession(for: refreshed, secondFactorPending: false, on: response)
        }
        return response
    }

    private func enrollmentPage(_ request: Request, user: CurrentUser, title: String, postTo: String,
                                createSecret: Bool = true) async throws -> TOTPEnrollmentPage {
        var page = TOTPEnrollmentPage(layout: Layout(title: title, section: user.isSecondFactorPending ? .none : .work, request: request),
                                      postTo: postTo, isPending: user.isSecondFactorPending)
        guard createSecret else { return page }
        let services = request.minzheng
        let accounts = AccountRepository(db: request.database, cipher: services.cipher)
        var sealed = try await accounts.credentials(user.account.id)?.totpSecretSealed
        if sealed == nil {
            let newSealed = try services.cipher.seal(Base32.encode(TOTP.generateSecret()))
            try await request.write { db in
                try await AccountRepository(db: db, cipher: services.cipher).setTOTP(user.account.id, sealedSecret: newSealed, enabled: false)
            }
            sealed = newSealed
        }
        let secret = try Self.secret(sealed!, cipher: services.cipher)
        let uri = TOTP(secret: secret).provisioningURI(account: user.account.journalName, issuer: Self.issuer)
        page.qrSVG = try QRCode(text: uri).svg(border: 4, pixelSize: 5)
        page.key = Base32.encode(secret).chunked(4)
        return page
    }

    static func secret(_ sealed: String, cipher: FieldCipher) throws -> Data {
        guard let data = Base32.decode(try cipher.open(sealed)) else { throw FieldCipher.Failure.malformed }
        return data
    }
}

extension String {
    func chunked(_ size: Int) -> String {
        var parts: [String] = []
        var current = ""
        for character in self {
            current.append(character)
            if current.count == size { parts.append(current); current = "" }
        }
        if !current.isEmpty { parts.append(current) }
        return parts.joined(separator: " ")
    }
}

struct SecondFactorPage: Page {
    static let template = "auth/second-factor"
    var layout: Layout
    var username: String
    var error: String?
}

struct TOTPEnrollmentPage: Page {
    static let template = "auth/totp-enroll"
    var layout: Layout
    var postTo: String
    var isPending: Bool
    var isEnabled = false
    var recoveryCodesLeft = 0
    var qrSVG: String?
    var key: String?
    var error: String?
}

struct RecoveryCodesPage: Page {
    static let template = "auth/recovery-codes"
    var layout: Layout
    var codes: [String]
    var continueTo: String
}
