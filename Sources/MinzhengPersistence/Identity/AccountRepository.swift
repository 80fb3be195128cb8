import FluentKit
import Foundation
import MinzhengCore
import SQLKit

/// A session as a signed-in request resumes it (`AccountRepository.resume(sessionToken:)`).
public struct ResumedSession: Sendable {
    public var session: StoredSession
    /// Nil when the session's account no longer exists.
    public var credentials: LoginCredentials?
    /// The account's unread notifications.
    public var unread: Int
}

/// What login needs besides the account: the password hash and the second factor.
public struct LoginCredentials: Sendable {
    public var account: Account
    public var passwordHash: String
    public var totpSecretSealed: String?
    public var totpLastStep: Int64?
    public var rolesVersion: Int
}

public struct AccountFilter: Sendable, Hashable {
    public var kind: AccountKind?
    public var role: Role?
    /// Matches username or display name (staff and organisations only).
    public var text: String?

    public init(kind: AccountKind? = nil, role: Role? = nil, text: String? = nil) {
        self.kind = kind
        self.role = role
        self.text = text
    }
}

/// Accounts, their roles, and their encrypted personal data.
public struct AccountRepository: Sendable {
    let db: any Database
    let cipher: FieldCipher

    public init(db: any Database, cipher: FieldCipher) {
        self.db = db
        self.cipher = cipher
    }

    private var sql: any SQLDatabase { db as! any SQLDatabase }

    // MARK: Creation

    public func createStaff(username: String, displayName: String, passwordHash: String, mobile: MobileNumber? = nil,
                            mustChangePassword: Bool) async throws -> Account {
        try UsernameRules.validate(username)
        try Self.validateDisplayName(displayName)
        try await requireUnusedUsername(username)
        let record = AccountRecord()
        record.kind = AccountKind.staff.rawValue
        record.username = username
        record.displayName = displayName.trimmingCharacters(in: .whitespacesAndNewlines)
        if let mobile { try seal(mobile: mobile, into: record) }
        try await finishCreate(record, passwordHash: passwordHash, mustChangePassword: mustChangePassword)
        return try await account(require(AccountRecord.find(record.id, on: db)))
    }

    public func createCitizen(name: String, idNumber: ResidentIDNumber, mobile: MobileNumber, passwordHash: String) async throws -> Account {
        try Self.validateDisplayName(name)
        let idIndex = cipher.index(idNumber.value)
        let mobileIndex = cipher.index(mobile.value)
        if try await AccountRecord.query(on: db).filter(\.$idNumberIndex == idIndex).first() != nil {
            throw ValidationError(field: ResidentIDNumber.fieldName, reason: "该身份证号已注册，请直接登录；如忘记密码请到服务窗口办理。")
        }
        if try await AccountRecord.query(on: db).filter(\.$mobileIndex == mobileIndex).first() != nil {
            throw ValidationError(field: MobileNumber.fieldName, reason: "该手机号码已注册，请直接登录。")
        }
        let record = AccountRecord()
        record.kind = AccountKind.citizen.rawValue
        record.displayName = name.trimmingCharacters(in: .whitespacesAndNewlines)
        record.idNumberSealed = try cipher.seal(idNumber.value)
        record.idNumberIndex = idIndex
        try seal(mobile: mobile, into: record)
        try await finishCreate(record, passwordHash: passwordHash, mustChangePassword: false)
        return try await account(require(AccountRecord.find(record.id, on: db)))
    }

    /// Stored for accounts that have no password yet: no bcrypt hash, so no password matches it.
    public static let unusablePasswordHash = "!unusable"

    public func createOrganizationAccount(username: String, displayName: String, organizationID: UUID,
                                          passwordHash: String) async throws -> Account {
        try UsernameRules.validate(username)
        try Self.validateDisplayName(displayName)
        try await requireUnusedUsername(username)
        let record = AccountRecord()
        record.kind = AccountKind.organization.rawValue
        record.username = username
        record.displayName = displayName
        record.organizationID = organizationID
        try await finishCreate(record, passwordHash: passwordHash, mustChangePassword: true)
        return try await account(require(AccountRecord.find(record.id, on: db)))
    }

    private func finishCreate(_ record: AccountRecord, passwordHash: String, mustChangePassword: Bool) async throws {
        record.passwordHash = passwordHash
        record.passwordChangedAt = Date()
        record.mustChangePassword = mustChangePassword
        record.failedLogins = 0
        record.totpEnabled = false
        record.rolesVersion = 1
        record.isActive = true
        try await record.create(on: db)
    }

    private func seal(mobile: MobileNumber, into record: AccountRecord) throws {
        record.mobileSealed = try cipher.seal(mobile.value)
        record.mobileIndex = cipher.index(mobile.value)
    }

    private func requireUnusedUsername(_ username: String) async throws {
        if try await AccountRecord.query(on: db).filter(\.$username == username).first() != nil {
            throw ValidationError(field: "用户名", reason: "「\(username)」已被使用。")
        }
    }

    static func validateDisplayName(_ name: String) throws {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (2...30).contains(trimmed.count), !trimmed.contains(where: { $0.isNewline }) else {
            throw ValidationError(field: "姓名", reason: "应为 2–30 个字。")
        }
    }

    // MARK: Lookup

    public func find(_ id: Account.ID) async throws -> Account? {
        guard let record = try await AccountRecord.find(id.rawValue, on: db) else { return nil }
        return try await account(record)
    }

    public func find(username: String) async throws -> Account? {
        guard let record = try await AccountRecord.query(on: db).filter(\.$username == username).first() else { return nil }
        return try await account(record)
    }

    /// Finds the account a login identifier names: a username, or a citizen's mobile number.
    public func credentials(forLogin identifier: String) async throws -> LoginCredentials? {
        let trimmed = identifier.trimmingCharacters(in: .whitespaces)
        var record = try await AccountRecord.query(on: db).filter(\.$username == trimmed).first()
        if record == nil, let mobile = try? MobileNumber(trimmed) {
            record = try await AccountRecord.query(on: db).filter(\.$mobileIndex == cipher.index(mobile.value)).first()
        }
        guard let record else { return nil }
        return try await credentials(record)
    }

    /// The account behind a session, on every signed-in request: read with SQLKit into `AccountColumns`, not through
    /// the Fluent model, which reflects over its twenty properties for the row.
    public func credentials(_ id: Account.ID) async throws -> LoginCredentials? {
        guard let columns = try await sql.select().column(AccountColumns.selectList()).from(AccountRecord.schema).where("id", .equal, id.rawValue)
            .first(decoding: AccountColumns.self) else { return nil }
        return try await credentials(columns)
    }

    private func credentials(_ record: AccountRecord) async throws -> LoginCredentials {
        try await credentials(try record.columns)
    }

    private func credentials(_ columns: AccountColumns) async throws -> LoginCredentials {
        try credentials(columns, roles: try await roles(of: columns.id))
    }

    private func credentials(_ columns: AccountColumns, roles: [RoleAssignment]) throws -> LoginCredentials {
        LoginCredentials(account: try account(columns, roles: roles), passwordHash: columns.passwordHash,
                         totpSecretSealed: columns.totpSecretSealed, totpLastStep: columns.totpLastStep,
                         rolesVersion: columns.rolesVersion)
    }

    func account(_ record: AccountRecord) async throws -> Account {
        let columns = try record.columns
        return try account(columns, roles: try await roles(of: columns.id))
    }

    /// A signed-in request's one read: the session its cookie names, with the account, the account's roles and its
    /// unread notifications (the bell) — one statement where there were four on every page. Nil when no session
    /// has that token; `credentials` is nil when its account is gone.
    public func resume(sessionToken token: String) async throws -> ResumedSession? {
        let idHash = SessionRepository.hash(token: token)
        let rows = try await sql.all(Self.resumedSession, idHash)
        guard let first = rows.first else { return nil }
        let session = StoredSession(
            idHash: idHash, accountID: .init(try first.decode(column: "session_account_id", as: UUID.self)),
            createdAt: try first.decode(column: "session_created_at", as: Date.self),
            lastSeenAt: try first.decode(column: "session_last_seen_at", as: Date.self),
            expiresAt: try first.decode(column: "session_expires_at", as: Date.self),
            rolesVersion: try first.decode(column: "session_roles_version", as: Int.self),
            isSecondFactorPending: try first.decode(column: "session_second_factor_pending", as: Bool.self))
        guard !(try first.decodeNil(column: "id")) else { return ResumedSession(session: session, credentials: nil, unread: 0) }
        let roles = try rows.compactMap { row -> RoleAssignment? in
            guard let role = try row.decode(column: "role", as: String?.self).flatMap(Role.init(rawValue:)) else { return nil }
            return RoleAssignment(role: role, orgUnitID: .init(try row.decode(column: "role_org_unit_id", as: UUID.self)),
                                  orgUnitPath: try row.decode(column: "role_unit_path", as: String.self),
                                  orgUnitCode: try row.decode(column: "role_unit_code", as: String.self))
        }
        return ResumedSession(session: session, credentials: try credentials(try first.decode(model: AccountColumns.self), roles: roles),
                              unread: try first.decode(column: "unread", as: Int.self))
    }

    /// The statement of `resume`, written once (`FixedStatement`): every signed-in request runs it.
    private static let resumedSession = FixedStatement(select: { select in
        let unread = SQLSubquery.select { $0.column(SQLFunction("count", args: SQLLiteral.all)).from("notification")
            .where(SQLColumn("account_id", table: "notification"), .equal, SQLColumn("account_id", table: "session"))
            .where(SQLColumn("read_at", table: "notification"), .is, SQLLiteral.null) }
        var query = select
        for column in ["account_id", "created_at", "last_seen_at", "expires_at", "roles_version", "second_factor_pending"] {
            query = query.column(SQLColumn(column, table: "session"), as: "session_" + column)
        }
        return query.column(AccountColumns.selectList(of: "account"))
            .column(SQLColumn("role", table: "role_assignment"), as: "role")
            .column(SQLColumn("org_unit_id", table: "role_assignment"), as: "role_org_unit_id")
            .column(SQLColumn("path", table: "org_unit"), as: "role_unit_path")
            .column(SQLColumn("code", table: "org_unit"), as: "role_unit_code")
            .column(unread, as: "unread")
            .from("session")
            .join("account", method: SQLJoinMethod.left, on: SQLColumn("id", table: "account"), .equal, SQLColumn("account_id", table: "session"))
            .join("role_assignment", method: SQLJoinMethod.left,
                  on: SQLColumn("account_id", table: "role_assignment"), .equal, SQLColumn("id", table: "account"))
            .join("org_unit", method: SQLJoinMethod.left, on: SQLColumn("id", table: "org_unit"), .equal, SQLColumn("org_unit_id", table: "role_assignment"))
            .where(SQLColumn("id", table: "session"), .equal, SQLBind(""))
            .orderBy(SQLColumn("role", table: "role_assignment"))
    })

    private func account(_ columns: AccountColumns, roles: [RoleAssignment]) throws -> Account {
        Account(
            id: .init(columns.id), kind: AccountKind(rawValue: columns.kind) ?? .citizen, username: columns.username,
            displayName: columns.displayName,
            maskedMobile: try columns.mobileSealed.map { Masking.phone(try cipher.open($0)) },
            maskedIDNumber: try columns.idNumberSealed.map { Masking.residentID(try cipher.open($0)) },
            organizationID: columns.organizationID, isActive: columns.isActive, isTOTPEnabled: columns.totpEnabled,
            mustChangePassword: columns.mustChangePassword, lockedUntil: columns.lockedUntil,
            failedLogins: columns.failedLogins, lastLoginAt: columns.lastLoginAt, createdAt: columns.createdAt,
            roles: roles)
    }

    public func roles(of accountID: UUID) async throws -> [RoleAssignment] {
        struct Row: Decodable { var role: String; var org_unit_id: UUID; var path: String; var code: String }
        let rows = try await sql.select()
            .column(SQLColumn("role", table: "role_assignment"))
            .column(SQLColumn("org_unit_id", table: "role_assignment"))
            .column(SQLColumn("path", table: "org_unit"))
            .column(SQLColumn("code", table: "org_unit"))
            .from("role_assignment")
            .join("org_unit", on: SQLColumn("org_unit_id", table: "role_assignment"), .equal, SQLColumn("id", table: "org_unit"))
            .where(SQLColumn("account_id", table: "role_assignment"), .equal, SQLBind(accountID))
            .orderBy(SQLColumn("role", table: "role_assignment"))
            .all(decoding: Row.self)
        return rows.compactMap { row in
            Role(rawValue: row.role).map { RoleAssignment(role: $0, orgUnitID: .init(row.org_unit_id), orgUnitPath: row.path, orgUnitCode: row.code) }
        }
    }

    // MARK: Personal data in full (journal the view at the call site)

    public func revealIDNumber(_ id: Account.ID) async throws -> String? {
        try await AccountRecord.find(id.rawValue, on: db)?.idNumberSealed.map { try cipher.open($0) }
    }

    public func revealMobile(_ id: Account.ID) async throws -> String? {
        try await AccountRecord.find(id.rawValue, on: db)?.mobileSealed.map { try cipher.open($0) }
    }

    // MARK: Login state

    /// Records a wrong password; returns the lock's end when this failure locks the account.
    public func recordFailedLogin(_ id: Account.ID, policy: LockoutPolicy, at now: Date) async throws -> Date? {
        let record = try await require(AccountRecord.find(id.rawValue, on: db))
        let outcome = policy.afterFailure(previousFailures: record.failedLogins, at: now)
        record.failedLogins = outcome.failures
        if let until = outcome.lockedUntil { record.lockedUntil = until }
        try await record.save(on: db)
        return outcome.lockedUntil
    }

    public func recordSuccessfulLogin(_ id: Account.ID, at now: Date) async throws {
        let record = try await require(AccountRecord.find(id.rawValue, on: db))
        record.failedLogins = 0
        record.lockedUntil = nil
        record.lastLoginAt = now
        try await record.save(on: db)
    }

    public func unlock(_ id: Account.ID) async throws {
        let record = try await require(AccountRecord.find(id.rawValue, on: db))
        record.failedLogins = 0
        record.lockedUntil = nil
        try await record.save(on: db)
    }

    public func setPassword(_ id: Account.ID, hash: String, mustChange: Bool, at now: Date) async throws {
        let record = try await require(AccountRecord.find(id.rawValue, on: db))
        record.passwordHash = hash
        record.passwordChangedAt = now
        record.mustChangePassword = mustChange
        record.failedLogins = 0
        record.lockedUntil = nil
        try await record.save(on: db)
    }

    public func setActive(_ id: Account.ID, _ isActive: Bool) async throws {
        let record = try await require(AccountRecord.find(id.rawValue, on: db))
        record.isActive = isActive
        record.rolesVersion += 1
        try await record.save(on: db)
    }

    // MARK: Roles

    /// Grants a role at a unit. Changing roles bumps the account's roles version, which ends its sessions.
    public func assign(_ role: Role, at unit: OrgUnit, to id: Account.ID) async throws {
        let record = try await require(AccountRecord.find(id.rawValue, on: db))
        guard record.kind == AccountKind.staff.rawValue else {
            throw ValidationError(field: "角色", reason: "只能给工作人员账户授予岗位角色。")
        }
        let existing = try await roles(of: id.rawValue)
        if existing.contains(where: { $0.role == role && $0.orgUnitID == unit.id }) {
            throw ValidationError(field: "角色", reason: "该账户已在「\(unit.name)」担任\(role.chineseName)。")
        }
        try AdministratorRoles.validate(adding: role, to: existing.map(\.role))
        let assignment = RoleAssignmentRecord()
        assignment.accountID = id.rawValue
        assignment.role = role.rawValue
        assignment.orgUnitID = unit.id.rawValue
        try await assignment.create(on: db)
        record.rolesVersion += 1
        try await record.save(on: db)
    }

    public func revoke(_ role: Role, at unitID: OrgUnit.ID, from id: Account.ID) async throws {
        let record = try await require(AccountRecord.find(id.rawValue, on: db))
        let deleted = try await RoleAssignmentRecord.query(on: db)
            .filter(\.$accountID == id.rawValue).filter(\.$role == role.rawValue).filter(\.$orgUnitID == unitID.rawValue)
            .all()
        guard !deleted.isEmpty else { throw ValidationError(field: "角色", reason: "该账户没有此岗位。") }
        for row in deleted { try await row.delete(on: db) }
        record.rolesVersion += 1
        try await record.save(on: db)
    }

    // MARK: Second factor

    public func setTOTP(_ id: Account.ID, sealedSecret: String?, enabled: Bool) async throws {
        let record = try await require(AccountRecord.find(id.rawValue, on: db))
        record.totpSecretSealed = sealedSecret
        record.totpEnabled = enabled
        record.totpLastStep = nil
        try await record.save(on: db)
    }

    /// Stores the last accepted time step so that a code cannot be used twice.
    public func acceptTOTPStep(_ id: Account.ID, step: Int64) async throws {
        let record = try await require(AccountRecord.find(id.rawValue, on: db))
        record.totpLastStep = step
        try await record.save(on: db)
    }

    public func replaceRecoveryCodes(_ id: Account.ID, hashes: [String]) async throws {
        try await RecoveryCodeRecord.query(on: db).filter(\.$accountID == id.rawValue).delete()
        for hash in hashes {
            let record = RecoveryCodeRecord()
            record.accountID = id.rawValue
            record.codeHash = hash
            try await record.create(on: db)
        }
    }

    /// Uses a recovery code once; returns whether it was valid and unused.
    public func useRecoveryCode(_ id: Account.ID, hash: String, at now: Date) async throws -> Bool {
        guard let record = try await RecoveryCodeRecord.query(on: db)
            .filter(\.$accountID == id.rawValue).filter(\.$codeHash == hash).filter(\.$usedAt == nil).first()
        else { return false }
        record.usedAt = now
        try await record.save(on: db)
        return true
    }

    public func unusedRecoveryCodeCount(_ id: Account.ID) async throws -> Int {
        try await RecoveryCodeRecord.query(on: db).filter(\.$accountID == id.rawValue).filter(\.$usedAt == nil).count()
    }

    // MARK: Lists

    public func list(_ filter: AccountFilter, page: Pagination) async throws -> PagedList<Account> {
        struct Row: Decodable { var id: UUID }
        func apply(_ builder: SQLSelectBuilder) -> SQLSelectBuilder {
            var builder = builder
            if let kind = filter.kind { builder = builder.where("kind", .equal, kind.rawValue) }
            if let role = filter.role {
                builder = builder.where("id", .in, SQLSubquery.select { $0.column("account_id").from("role_assignment").where("role", .equal, role.rawValue) })
            }
            if let text = filter.text?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
                let pattern = "%" + text.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "") + "%"
                builder = builder.where { group in
                    group.where("username", .like, pattern).orWhere("display_name", .like, pattern)
                }
            }
            return builder
        }
        struct Count: Decodable { var n: Int }
        let total = try await apply(sql.select().column(SQLFunction("count", args: SQLLiteral.all), as: "n").from("account"))
            .first(decoding: Count.self)?.n ?? 0
        let ids = try await apply(sql.select().column("id").from("account"))
            .orderBy("kind").orderBy("username").orderBy("created_at")
            .limit(page.size).offset(page.offset)
            .all(decoding: Row.self)
        var accounts: [Account] = []
        for row in ids {
            if let record = try await AccountRecord.find(row.id, on: db) { accounts.append(try await account(record)) }
        }
        return PagedList(items: accounts, request: page, total: total)
    }

    public func count() async throws -> Int { try await AccountRecord.query(on: db).count() }

    private func require(_ record: AccountRecord?) throws -> AccountRecord {
        guard let record else { throw ValidationError(field: "账户", reason: "该账户不存在。") }
        return record
    }
}

/// The columns an `Account` and its login credentials are made from, as stored (the one conversion, for the Fluent
/// record and for the SQLKit read of every signed-in request).
struct AccountColumns: StoredColumns {
    var id: UUID
    var kind: String
    var username: String?
    var displayName: String
    var idNumberSealed: String?
    var mobileSealed: String?
    var organizationID: UUID?
    var passwordHash: String
    var mustChangePassword: Bool
    var failedLogins: Int
    var lockedUntil: Date?
    var totpSecretSealed: String?
    var totpEnabled: Bool
    var totpLastStep: Int64?
    var rolesVersion: Int
    var isActive: Bool
    var lastLoginAt: Date?
    var createdAt: Date?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, kind, username
        case displayName = "display_name", idNumberSealed = "id_number_enc", mobileSealed = "mobile_enc", organizationID = "organization_id"
        case passwordHash = "password_hash", mustChangePassword = "must_change_password", failedLogins = "failed_logins"
        case lockedUntil = "locked_until", totpSecretSealed = "totp_secret_enc", totpEnabled = "totp_enabled", totpLastStep = "totp_last_step"
        case rolesVersion = "roles_version", isActive = "is_active", lastLoginAt = "last_login_at", createdAt = "created_at"
    }
}

extension AccountRecord {
    var columns: AccountColumns {
        get throws {
            AccountColumns(id: try requireID(), kind: kind, username: username, displayName: displayName, idNumberSealed: idNumberSealed,
                           mobileSealed: mobileSealed, organizationID: organizationID, passwordHash: passwordHash,
                           mustChangePassword: mustChangePassword, failedLogins: failedLogins, lockedUntil: lockedUntil,
                           totpSecretSealed: totpSecretSealed, totpEnabled: totpEnabled, totpLastStep: totpLastStep,
                           rolesVersion: rolesVersion, isActive: isActive, lastLoginAt: lastLoginAt, createdAt: createdAt)
        }
    }
}
