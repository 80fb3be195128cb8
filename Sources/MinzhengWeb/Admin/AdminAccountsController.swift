import MinzhengCore
import MinzhengPersistence
import Vapor

/// `/admin/accounts`: staff accounts and their posts (系统管理员 only).
struct AdminAccountsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let accounts = routes.grouped(RequireLoginMiddleware()).grouped("admin", "accounts")
        accounts.get(use: list)
        accounts.get("export", ":format", use: export)
        accounts.get("new", use: newForm)
        accounts.post(use: create)
        accounts.get(":accountID", use: show)
        accounts.post(":accountID", "roles", use: addRole)
        accounts.post(":accountID", "roles", "remove", use: removeRole)
        accounts.post(":accountID", "password", use: resetPassword)
        accounts.post(":accountID", "unlock", use: unlock)
        accounts.post(":accountID", "active", use: setActive)
    }

    // MARK: List

    @Sendable
    func list(_ request: Request) async throws -> Response {
        try await request.authorize(.administerAccounts)
        let kind = (try? request.query.get(String.self, at: "kind")).flatMap(AccountKind.init(rawValue:))
        let role = (try? request.query.get(String.self, at: "role")).flatMap(Role.init(rawValue:))
        let text = try? request.query.get(String.self, at: "q")
        let list = try await AccountRepository(db: request.database, cipher: request.minzheng.cipher)
            .list(AccountFilter(kind: kind, role: role, text: text), page: try request.pagination)
        let page = AdminAccountsPage(
            layout: Layout(title: "账户与岗位", section: .admin, request: request),
            rows: list.items.map(AdminAccountsPage.Row.init),
            pager: Pager(list, path: "/admin/accounts", query: [("kind", kind?.rawValue), ("role", role?.rawValue), ("q", text)],
                         export: "/admin/accounts/export"),
            kind: kind?.rawValue ?? "", role: role?.rawValue ?? "", query: text ?? "",
            kinds: AccountKind.allCases.map { .init(value: $0.rawValue, label: $0.chineseName) },
            roles: Role.allCases.map { .init(value: $0.rawValue, label: $0.chineseName) })
        return try await request.render(page)
    }

    /// The accounts as the list shows them (names, posts, status; never a mobile or ID number), every page.
    @Sendable
    func export(_ request: Request) async throws -> Response {
        try await request.authorize(.administerAccounts)
        let format = try await request.exportFormat()
        let kind = (try? request.query.get(String.self, at: "kind")).flatMap(AccountKind.init(rawValue:))
        let role = (try? request.query.get(String.self, at: "role")).flatMap(Role.init(rawValue:))
        let text = try? request.query.get(String.self, at: "q")
        let repository = AccountRepository(db: request.database, cipher: request.minzheng.cipher)
        let accounts = try await allPages { page in try await repository.list(AccountFilter(kind: kind, role: role, text: text), page: page) }
        let table = ExportTable(title: "账户与岗位", columns: ["登录名", "姓名", "类型", "岗位", "状态"],
                                rows: accounts.map(AdminAccountsPage.Row.init).map { [.text($0.username), .text($0.displayName), .text($0.kind), .text($0.roles), .text($0.status)] })
        return try await request.export(table, as: format, list: "admin.accounts",
                                        filters: ["kind": kind?.rawValue ?? "", "role": role?.rawValue ?? "", "q": (text ?? "").isEmpty ? "" : "（有检索词）"])
    }

    // MARK: Create

    struct CreateForm: Content {
        var username: String?
        var displayName: String?
        var mobile: String?
        var role: String?
        var orgUnitID: String?
    }

    @Sendable
    func newForm(_ request: Request) async throws -> Response {
        try await request.authorize(.administerAccounts)
        return try await request.render(try await formPage(request, form: CreateForm()))
    }

    @Sendable
    func create(_ request: Request) async throws -> Response {
        try await request.authorize(.administerAccounts)
        let form = try request.content.decode(CreateForm.self)
        var errors: [String: String] = [:]
        let username = (form.username ?? "").trimmingCharacters(in: .whitespaces)
        do { try UsernameRules.validate(username) } catch let error as ValidationError { errors["username"] = error.reason }
        var mobile: MobileNumber?
        if let text = form.mobile, !text.isEmpty {
            do { mobile = try MobileNumber(text) } catch let error as ValidationError { errors["mobile"] = error.reason }
        }
        let role = form.role.flatMap(Role.init(rawValue:))
        if role == nil || role?.isStaff == false { errors["role"] = "请选择岗位角色。" }
        let unit = try await form.orgUnitID.flatMap(OrgUnit.ID.init).asyncFlatMap { try await OrgUnitRepository(db: request.database).find($0) }
        if unit == nil { errors["orgUnitID"] = "请选择所在单位。" }
        guard errors.isEmpty, let role, let unit else {
            var page = try await formPage(request, form: form)
            page.errors = errors
            return try await request.render(page, status: .unprocessableEntity)
        }
        let temporary = TemporaryPassword.generate()
        let hash = try await request.password.async.hash(temporary)
        let services = request.minzheng
        let staffMobile = mobile
        do {
            let account = try await request.write { db in
                let accounts = AccountRepository(db: db, cipher: services.cipher)
                let account = try await accounts.createStaff(
                    username: username, displayName: form.displayName ?? "", passwordHash: hash, mobile: staffMobile, mustChangePassword: true)
                try await accounts.assign(role, at: unit, to: account.id)
                try await Journal(db: db).append(
                    JournalEvent(action: "account.create", objectType: "account", objectID: account.id.description,
                                 summary: "创建工作人员账户 \(username)，岗位 \(role.chineseName)（\(unit.code)）"),
                    context: request.journalContext(role: .systemAdministrator))
                return account
            }
            return try await request.render(TemporaryPasswordPage(
                layout: Layout(title: "账户已创建", section: .admin, request: request), username: username,
                password: temporary, accountURL: "/admin/accounts/\(account.id)"))
        } catch let error as ValidationError {
            var page = try await formPage(request, form: form)
            page.errors[error.field == "用户名" ? "username" : error.field == "姓名" ? "displayName" : "role"] = error.reason
            return try await request.render(page, status: .unprocessableEntity)
        }
    }

    private func formPage(_ request: Request, form: CreateForm) async throws -> AdminAccountFormPage {
        AdminAccountFormPage(
            layout: Layout(title: "新建工作人员账户", section: .admin, request: request),
            username: form.username ?? "", displayName: form.displayName ?? "", mobile: form.mobile ?? "",
            role: form.role ?? "", orgUnitID: form.orgUnitID ?? "",
            roles: Role.staffRoles.map { .init(value: $0.rawValue, label: $0.chineseName) },
            units: try await OrgUnitOption.all(request))
    }

    // MARK: Detail

    @Sendable
    func show(_ request: Request) async throws -> Response {
        try await request.authorize(.administerAccounts)
        let account = try await findAccount(request)
        return try await request.render(try await detailPage(request, account: account))
    }

    private func detailPage(_ request: Request, account: Account) async throws -> AdminAccountPage {
        let units = try await OrgUnitRepository(db: request.database).all()
        return AdminAccountPage(
            layout: Layout(title: "账户 \(account.username ?? account.displayName)", section: .admin, request: request),
            account: .init(account, units: units),
            roles: Role.staffRoles.map { .init(value: $0.rawValue, label: $0.chineseName) },
            units: units.map(OrgUnitOption.init),
            journalURL: request.isAllowed(.readJournal) ? "/admin/journal?objectType=account&objectID=\(account.id)" : nil)
    }

    struct RoleForm: Content {
        var role: String?
        var orgUnitID: String?
    }

    @Sendable
    func addRole(_ request: Request) async throws -> Response {
        try await request.authorize(.administerAccounts)
        let account = try await findAccount(request)
        let form = try request.content.decode(RoleForm.self)
        guard let role = form.role.flatMap(Role.init(rawValue:)),
              let unit = try await form.orgUnitID.flatMap(OrgUnit.ID.init).asyncFlatMap({ try await OrgUnitRepository(db: request.database).find($0) })
        else { throw ValidationError(field: "岗位", reason: "请选择岗位角色和所在单位。") }
        let services = request.minzheng
        do {
            try await request.write { db in
                try await AccountRepository(db: db, cipher: services.cipher).assign(role, at: unit, to: account.id)
                try await Journal(db: db).append(
                    JournalEvent(action: "account.roleGranted", objectType: "account", objectID: account.id.description,
                                 summary: "授予岗位 \(role.chineseName)（\(unit.code)）", details: ["role": role.rawValue, "orgUnit": unit.code]),
                    context: request.journalContext(role: .systemAdministrator))
            }
        } catch let error as ValidationError {
            var page = try await detailPage(request, account: account)
            page.error = error.reason
            return try await request.render(page, status: .unprocessableEntity)
        }
        return request.redirect(to: "/admin/accounts/\(account.id)", flash: "已授予岗位；该账户需重新登录。")
    }

    @Sendable
    func removeRole(_ request: Request) async throws -> Response {
        try await request.authorize(.administerAccounts)
        let account = try await findAccount(request)
        let form = try request.content.decode(RoleForm.self)
        guard let role = form.role.flatMap(Role.init(rawValue:)), let unitID = form.orgUnitID.flatMap(OrgUnit.ID.init) else {
            throw ValidationError(field: "岗位", reason: "请选择要撤销的岗位。")
        }
        let me = try request.requireUser()
        if account.id == me.account.id && role == .systemAdministrator {
            throw ValidationError(field: "岗位", reason: "不能撤销自己的系统管理员岗位。")
        }
        let services = request.minzheng
        try await request.write { db in
            try await AccountRepository(db: db, cipher: services.cipher).revoke(role, at: unitID, from: account.id)
            try await Journal(db: db).append(
                JournalEvent(action: "account.roleRevoked", objectType: "account", objectID: account.id.description,
                             summary: "撤销岗位 \(role.chineseName)", details: ["role": role.rawValue]),
                context: request.journalContext(role: .systemAdministrator))
        }
        return request.redirect(to: "/admin/accounts/\(account.id)", flash: "已撤销岗位；该账户需重新登录。")
    }

    @Sendable
    func resetPassword(_ request: Request) async throws -> Response {
        try await request.authorize(.administerAccounts)
        let account = try await findAccount(request)
        let temporary = TemporaryPassword.generate()
        let hash = try await request.password.async.hash(temporary)
        let services = request.minzheng
        try await request.write { db in
            try await AccountRepository(db: db, cipher: services.cipher).setPassword(account.id, hash: hash, mustChange: true, at: Date())
            try await SessionRepository(db: db).deleteAll(of: account.id)
            try await Journal(db: db).append(
                JournalEvent(action: "account.passwordReset", objectType: "account", objectID: account.id.description,
                             summary: "管理员重置密码，原会话已结束"),
                context: request.journalContext(role: .systemAdministrator))
        }
        return try await request.render(TemporaryPasswordPage(
            layout: Layout(title: "密码已重置", section: .admin, request: request),
            username: account.username ?? account.displayName, password: temporary, accountURL: "/admin/accounts/\(account.id)"))
    }

    @Sendable
    func unlock(_ request: Request) async throws -> Response {
        try await request.authorize(.administerAccounts)
        let account = try await findAccount(request)
        let services = request.minzheng
        try await request.write { db in
            try await AccountRepository(db: db, cipher: services.cipher).unlock(account.id)
            try await Journal(db: db).append(
                JournalEvent(action: "account.unlock", objectType: "account", objectID: account.id.description, summary: "管理员解锁账户"),
                context: request.journalContext(role: .systemAdministrator))
        }
        return request.redirect(to: "/admin/accounts/\(account.id)", flash: "账户已解锁。")
    }

    struct ActiveForm: Content {
        var active: String?
    }

    @Sendable
    func setActive(_ request: Request) async throws -> Response {
        try await request.authorize(.administerAccounts)
        let account = try await findAccount(request)
        let active = try request.content.decode(ActiveForm.self).active == "true"
        let me = try request.requireUser()
        if !active && account.id == me.account.id {
            throw ValidationError(field: "账户", reason: "不能停用自己的账户。")
        }
        let services = request.minzheng
        try await request.write { db in
            try await AccountRepository(db: db, cipher: services.cipher).setActive(account.id, active)
            if !active { try await SessionRepository(db: db).deleteAll(of: account.id) }
            try await Journal(db: db).append(
                JournalEvent(action: active ? "account.activate" : "account.deactivate", objectType: "account",
                             objectID: account.id.description, summary: active ? "启用账户" : "停用账户"),
                context: request.journalContext(role: .systemAdministrator))
        }
        return request.redirect(to: "/admin/accounts/\(account.id)", flash: active ? "账户已启用。" : "账户已停用。")
    }

    private func findAccount(_ request: Request) async throws -> Account {
        guard let id = request.parameters.get("accountID").flatMap(Account.ID.init),
              let account = try await AccountRepository(db: request.database, cipher: request.minzheng.cipher).find(id)
        else { throw Abort(.notFound) }
        return account
    }
}

struct OrgUnitOption: Encodable {
    var value: String
    var label: String

    init(_ unit: OrgUnit) {
        value = unit.id.description
        let depth = max(0, unit.path.filter { $0 == "/" }.count - 2)
        label = String(repeating: "　", count: depth) + unit.name + "（" + unit.code + "）"
    }

    static func all(_ request: Request) async throws -> [OrgUnitOption] {
        try await OrgUnitRepository(db: request.database).all().map(OrgUnitOption.init)
    }
}

extension Optional {
    func asyncFlatMap<T>(_ transform: (Wrapped) async throws -> T?) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}

struct AdminAccountsPage: Page {
    static let template = "admin/accounts"

    struct Row: Encodable {
        var id: String
        var username: String
        var displayName: String
        var kind: String
        var roles: String
        var status: String
        var statusTone: String

        init(_ account: Account) {
            id = account.id.description
            username = account.username ?? "（手机号登录）"
            displayName = account.displayName
            kind = account.kind.chineseName
            roles = account.roles.map { "\($0.role.chineseName)@\($0.orgUnitCode)" }.joined(separator: "、")
            if !account.isActive { status = "已停用"; statusTone = "bad" } else if account.isLocked(at: Date()) {
                status = "锁定中"; statusTone = "warn"
            } else { status = "正常"; statusTone = "ok" }
        }
    }

    var layout: Layout
    var rows: [Row]
    var pager: Pager
    var kind: String
    var role: String
    var query: String
    var kinds: [Option]
    var roles: [Option]
}

struct AdminAccountFormPage: Page {
    static let template = "admin/account-form"
    var layout: Layout
    var username: String
    var displayName: String
    var mobile: String
    var role: String
    var orgUnitID: String
    var roles: [Option]
    var units: [OrgUnitOption]
    var errors: [String: String] = [:]
}

struct AdminAccountPage: Page {
    static let template = "admin/account"

    struct Detail: Encodable {
        struct Post: Encodable {
            var role: String
            var roleName: String
            var unitID: String
            var unitName: String
        }
        var id: String
        var username: String
        var displayName: String
        var kind: String
        var maskedMobile: String?
        var isActive: Bool
        var isLocked: Bool
        var lockedUntil: String?
        var isTOTPEnabled: Bool
        var mustChangePassword: Bool
        var lastLogin: String?
        var posts: [Post]

        init(_ account: Account, units: [OrgUnit]) {
            id = account.id.description
            username = account.username ?? "（手机号登录）"
            displayName = account.displayName
            kind = account.kind.chineseName
            maskedMobile = account.maskedMobile
            isActive = account.isActive
            isLocked = account.isLocked(at: Date())
            lockedUntil = account.lockedUntil.map(ChineseTime.dateTime)
            isTOTPEnabled = account.isTOTPEnabled
            mustChangePassword = account.mustChangePassword
            lastLogin = account.lastLoginAt.map(ChineseTime.dateTime)
            posts = account.roles.map { assignment in
                Post(role: assignment.role.rawValue, roleName: assignment.role.chineseName, unitID: assignment.orgUnitID.description,
                     unitName: units.first { $0.id == assignment.orgUnitID }?.name ?? assignment.orgUnitCode)
            }
        }
    }

    var layout: Layout
    var account: Detail
    var roles: [Option]
    var units: [OrgUnitOption]
    var journalURL: String?
    var error: String?
}

struct TemporaryPasswordPage: Page {
    static let template = "admin/temporary-password"
    var layout: Layout
    var username: String
    var password: String
    var accountURL: String
}
