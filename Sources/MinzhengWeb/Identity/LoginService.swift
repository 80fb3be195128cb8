import MinzhengCore
import MinzhengPersistence
import Vapor

/// The password step of login: throttling before any hash, lockout, verification, and the journal of each outcome.
struct LoginService {
    /// Attempts per client address, and per login name, in `throttleWindow` — counted before any bcrypt.
    static let perAddressLimit = 30
    static let perAccountLimit = 10
    static let throttleWindow: TimeInterval = 600

    enum Outcome {
        case throttled
        case invalid
        case locked(until: Date)
        case succeeded(LoginCredentials, needsSecondFactor: Bool)
    }

    let request: Request

    func attempt(identifier: String, password: String, at now: Date = Date()) async throws -> Outcome {
        let services = request.minzheng
        let identifierKey = "login:" + services.cipher.index(identifier.lowercased())
        guard try await admit(identifierKey: identifierKey, at: now) else { return .throttled }
        let accounts = AccountRepository(db: request.database, cipher: services.cipher)
        guard let credentials = try await accounts.credentials(forLogin: identifier), credentials.account.isActive else {
            _ = try? await request.password.async.verify(password, created: services.dummyPasswordHash)
            try await journal("auth.loginFailed", account: nil, summary: "登录失败：账户不存在或已停用", outcome: .failure)
            return .invalid
        }
        let account = credentials.account
        if let until = account.lockedUntil, until > now {
            try await journal("auth.loginFailed", account: account, summary: "登录被拒：账户锁定中", outcome: .failure)
            return .locked(until: until)
        }
        // An account without a usable password (an organisation not yet issued one) fails like a wrong password.
        var matches = false
        if credentials.passwordHash != AccountRepository.unusablePasswordHash {
            matches = (try? await request.password.async.verify(password, created: credentials.passwordHash)) ?? false
        }
        guard matches else {
            let policy = LockoutPolicy(settings: try await SettingRepository(db: request.database).snapshot())
            let lockedUntil = try await request.write { db in
                let until = try await AccountRepository(db: db, cipher: services.cipher).recordFailedLogin(account.id, policy: policy, at: now)
                try await Journal(db: db).append(
                    JournalEvent(action: until == nil ? "auth.loginFailed" : "auth.locked", objectType: "account",
                                 objectID: account.id.description,
                                 summary: until == nil ? "登录失败：密码错误" : "连续 \(policy.maxFailures) 次密码错误，账户已锁定",
                                 outcome: .failure),
                    context: self.context(for: account))
                return until
            }
            return lockedUntil.map { .locked(until: $0) } ?? .invalid
        }
        let needsSecondFactor = account.kind == .staff && (account.isTOTPEnabled || services.config.isProduction)
        try await request.write { db in
            try await AccountRepository(db: db, cipher: services.cipher).recordSuccessfulLogin(account.id, at: now)
            try await LoginThrottle(db: db, limit: Self.perAccountLimit, window: Self.throttleWindow).reset(identifierKey)
            try await Journal(db: db).append(
                JournalEvent(action: needsSecondFactor ? "auth.passwordAccepted" : "auth.login", objectType: "account",
                             objectID: account.id.description,
                             summary: needsSecondFactor ? "密码验证通过，待验证动态口令" : "登录成功"),
                context: self.context(for: account))
        }
        return .succeeded(credentials, needsSecondFactor: needsSecondFactor)
    }

    private func admit(identifierKey: String, at now: Date) async throws -> Bool {
        try await request.write { db in
            let address = try await LoginThrottle(db: db, limit: Self.perAddressLimit, window: Self.throttleWindow)
                .admit("ip:" + request.clientAddress, at: now)
            let account = try await LoginThrottle(db: db, limit: Self.perAccountLimit, window: Self.throttleWindow)
                .admit(identifierKey, at: now)
            if !(address && account) {
                try await Journal(db: db).append(
                    JournalEvent(action: "auth.throttled", objectType: "login", summary: "登录尝试过于频繁，已限制", outcome: .failure),
                    context: request.journalContext())
            }
            return address && account
        }
    }

    private func context(for account: Account) -> JournalContext {
        JournalContext(actor: .user(accountID: account.id.rawValue, username: account.journalName),
                       clientAddress: request.clientAddress, requestID: request.id)
    }

    private func journal(_ action: String, account: Account?, summary: String, outcome: JournalEvent.Outcome) async throws {
        try await request.write { db in
            try await Journal(db: db).append(
                JournalEvent(action: action, objectType: "account", objectID: account?.id.description, summary: summary, outcome: outcome),
                context: account.map(self.context(for:)) ?? request.journalContext())
        }
    }
}
