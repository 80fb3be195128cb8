import FluentKit
import Foundation
import MinzhengCore
import SQLKit

public struct OrganizationFilter: Sendable, Hashable {
    public var text: String?
    public var kind: SocialOrganizationKind?
    public var status: OrganizationStatus?

    public init(text: String? = nil, kind: SocialOrganizationKind? = nil, status: OrganizationStatus? = nil) {
        self.text = text
        self.kind = kind
        self.status = status
    }
}

public struct OrganizationStatusChange: Sendable, Hashable {
    public var from: OrganizationStatus?
    public var to: OrganizationStatus
    public var reason: String
    public var changedBy: String
    public var changedAt: Date
}

/// The registry of social organisations: import, lookup, status with its history, and each organisation's account.
public struct OrganizationRegistry: Sendable {
    let store: Store
    let db: any Database
    let cipher: FieldCipher
    let permissions: PermissionTable

    public init(store: Store, db: any Database, cipher: FieldCipher, permissions: PermissionTable = .standard) {
        self.store = store
        self.db = db
        self.cipher = cipher
        self.permissions = permissions
    }

    var sql: any SQLDatabase { db as! any SQLDatabase }

    /// The registry's own unit: where organisations, campaigns and plans belong (the 师市 civil-affairs bureau).
    public static let registryUnitCode = "659003"

    public struct ImportReport: Sendable {
        public var imported: Int
        public var refused: [SocialOrganizationImport.Refusal]
    }

    /// Imports a spreadsheet's rows: the accepted ones with an organisation account each, in one transaction; the refused
    /// ones reported row by row and not stored at all.
    public func importRows(_ rows: [(line: Int, fields: [String])], by principal: Principal, context: JournalContext, now: Date = Date()) async throws -> ImportReport {
        _ = try AccessPolicy.require(principal, .manageOrganizations, on: try await registryTarget(), table: permissions)
        let units = Set(try await OrgUnitRepository(db: db).all().map(\.code))
        struct Code: Decodable { var credit_code: String }
        let existing = Set(try await sql.select().column("credit_code").from("social_organization").all(decoding: Code.self).map(\.credit_code))
        let result = try SocialOrganizationImport.parse(rows, knownUnitCodes: units, existingCodes: existing, today: CivilDate(now))
        let cipher = self.cipher
        try await store.write(on: db) { db in
            for (_, organization) in result.accepted {
                try await Self.insert(organization, on: db, now: now)
                // The account has no password until the registry issues one (`issueLogin`).
                _ = try await AccountRepository(db: db, cipher: cipher).createOrganizationAccount(
                    username: Self.username(for: organization.creditCode), displayName: organization.name, organizationID: organization.id,
                    passwordHash: AccountRepository.unusablePasswordHash)
            }
            try await Journal(db: db).append(
                JournalEvent(action: "organization.import", objectType: "social_organization",
                             summary: "导入社会组织：接收 \(result.accepted.count) 行，拒绝 \(result.refused.count) 行",
                             details: ["imported": "\(result.accepted.count)", "refused": "\(result.refused.count)"]),
                context: context, at: now)
        }
        return ImportReport(imported: result.accepted.count, refused: result.refused)
    }

    /// The organisation account's username: `so` and the credit code.
    public static func username(for creditCode: String) -> String { "so" + creditCode }

    static func insert(_ organization: SocialOrganization, on db: any Database, now: Date) async throws {
        let sql = db as! any SQLDatabase
        try await sql.insert(into: "social_organization")
            .columns("id", "credit_code", "name", "kind", "legal_representative", "address", "business_scope", "supervisor_unit_code",
                     "registered_on", "status", "created_at", "updated_at")
            .values(SQLBind(organization.id), SQLBind(organization.creditCode), SQLBind(organization.name), SQLBind(organization.kind.rawValue),
                    SQLBind(organization.legalRepresentative), SQLBind(organization.address), SQLBind(organization.businessScope),
                    SQLBind(organization.supervisorUnitCode), SQLBind(organization.registeredOn.description), SQLBind(organization.status.rawValue),
                    SQLBind(now), SQLBind(now))
            .run()
        try await sql.insert(into: "organization_status_history")
            .columns("id", "organization_id", "from_status", "to_status", "reason", "changed_by", "changed_at")
            .values(SQLBind(UUID()), SQLBind(organization.id), SQLBind(String?.none), SQLBind(organization.status.rawValue),
                    SQLBind("登记信息导入"), SQLBind("import"), SQLBind(now))
            .run()
    }

    /// Sets an organisation's status and keeps the change in its history (inside the caller's transaction when there is one).
    public static func setStatus(_ id: SocialOrganization.ID, to status: OrganizationStatus, reason: String, by actor: String,
                                 on db: any Database, now: Date) async throws {
        let sql = db as! any SQLDatabase
        struct Row: Decodable { var status: String }
        guard let current = try await sql.select().column("status").from("social_organization").where("id", .equal, id).first(decoding: Row.self) else {
            throw ValidationError(field: "社会组织", reason: "社会组织不存在。")
        }
        guard current.status != status.rawValue else { return }
        try await sql.update("social_organization").set("status", to: status.rawValue).set("updated_at", to: now).where("id", .equal, id).run()
        try await sql.insert(into: "organization_status_history")
            .columns("id", "organization_id", "from_status", "to_status", "reason", "changed_by", "changed_at")
            .values(SQLBind(UUID()), SQLBind(id), SQLBind(current.status), SQLBind(status.rawValue), SQLBind(String(reason.prefix(500))),
                    SQLBind(actor), SQLBind(now))
            .run()
    }

    func registryTarget() async throws -> AccessTarget {
        AccessTarget(orgUnitPath: try await OrgUnitRepository(db: db).find(code: Self.registryUnitCode)?.path ?? "/")
    }

    // MARK: Reading

    private struct Row: Decodable {
        var id: UUID
        var credit_code: String
        var name: String
        var kind: String
        var legal_representative: String
        var address: String
        var business_scope: String
        var supervisor_unit_code: String?
        var registered_on: String
        var status: String

        var organization: SocialOrganization {
            SocialOrganization(id: id, creditCode: credit_code, name: name, kind: SocialOrganizationKind(rawValue: kind) ?? .socialGroup,
                               legalRepresentative: legal_representative, address: address, businessScope: business_scope,
                               supervisorUnitCode: supervisor_unit_code, registeredOn: CivilDate(iso: registered_on) ?? CivilDate(dayNumber: 0),
                               status: OrganizationStatus(rawValue: status) ?? .normal)
        }
    }

    static let columns = ["id", "credit_code", "name", "kind", "legal_representative", "address", "business_scope", "supervisor_unit_code",
                          "registered_on", "status"]

    public func list(_ filter: OrganizationFilter, page: Pagination) async throws -> PagedList<SocialOrganization> {
        func apply(_ builder: SQLSelectBuilder) -> SQLSelectBuilder {
            var builder = builder
            if let kind = filter.kind { builder = builder.where("kind", .equal, kind.rawValue) }
            if let status = filter.status { builder = builder.where("status", .equal, status.rawValue) }
            if let text = filter.text?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
                let pattern = "%" + text.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "") + "%"
                builder = builder.where { $0.where("name", .like, pattern).orWhere("credit_code", .like, pattern.uppercased()) }
            }
            return builder
        }
        struct Count: Decodable { var n: Int }
        let total = try await apply(sql.select().column(SQLFunction("count", args: SQLLiteral.all), as: "n").from("social_organization"))
            .first(decoding: Count.self)?.n ?? 0
        let rows = try await apply(sql.select().columns(Self.columns.map { SQLIdentifier($0) }).from("social_organization"))
            .orderBy("name").limit(page.size).offset(page.offset).all(decoding: Row.self)
        return PagedList(items: rows.map(\.organization), request: page, total: total)
    }

    public func all(registeredOnly: Bool = true) async throws -> [SocialOrganization] {
        var builder = sql.select().columns(Self.columns.map { SQLIdentifier($0) }).from("social_organization")
        if registeredOnly {
            builder = builder.where("status", .notIn, [OrganizationStatus.revoked.rawValue, OrganizationStatus.deregistered.rawValue])
        }
        return try await builder.orderBy("credit_code").all(decoding: Row.self).map(\.organization)
    }

    public func find(_ id: SocialOrganization.ID) async throws -> SocialOrganization? {
        try await sql.select().columns(Self.columns.map { SQLIdentifier($0) }).from("social_organization").where("id", .equal, id)
            .first(decoding: Row.self)?.organization
    }

    public func find(creditCode: String) async throws -> SocialOrganization? {
        try await sql.select().columns(Self.columns.map { SQLIdentifier($0) }).from("social_organization").where("credit_code", .equal, creditCode)
            .first(decoding: Row.self)?.organization
    }

    public func count() async throws -> Int {
        struct Count: Decodable { var n: Int }
        return try await sql.select().column(SQLFunction("count", args: SQLLiteral.all), as: "n").from("social_organization")
            .first(decoding: Count.self)?.n ?? 0
    }

    public func history(of id: SocialOrganization.ID) async throws -> [OrganizationStatusChange] {
        struct Row: Decodable { var from_status: String?; var to_status: String; var reason: String; var changed_by: String; var changed_at: Date }
        return try await sql.select().columns("from_status", "to_status", "reason", "changed_by", "changed_at").from("organization_status_history")
            .where("organization_id", .equal, id).orderBy("changed_at", .descending).all(decoding: Row.self)
            .map { OrganizationStatusChange(from: $0.from_status.flatMap(OrganizationStatus.init(rawValue:)), to: OrganizationStatus(rawValue: $0.to_status) ?? .normal,
                                            reason: $0.reason, changedBy: $0.changed_by, changedAt: $0.changed_at) }
    }

    /// Issues a one-time password for the organisation's account (the organisation collects it at the registry).
    public func issueLogin(for id: SocialOrganization.ID, by principal: Principal, context: JournalContext, now: Date = Date(),
                           hashPassword: @escaping @Sendable (String) async throws -> String) async throws -> (username: String, password: String) {
        _ = try AccessPolicy.require(principal, .manageOrganizations, on: try await registryTarget(), table: permissions)
        guard let organization = try await find(id) else { throw ValidationError(field: "社会组织", reason: "社会组织不存在。") }
        let username = Self.username(for: organization.creditCode)
        let temporary = TemporaryPassword.generate()
        let hash = try await hashPassword(temporary)
        let cipher = self.cipher
        try await store.write(on: db) { db in
            let accounts = AccountRepository(db: db, cipher: cipher)
            guard let account = try await accounts.find(username: username) else { throw ValidationError(field: "账户", reason: "该组织没有账户。") }
            try await accounts.setPassword(account.id, hash: hash, mustChange: true, at: now)
            try await SessionRepository(db: db).deleteAll(of: account.id)
            try await Journal(db: db).append(
                JournalEvent(action: "organization.issueLogin", objectType: "social_organization", objectID: id.uuidString.lowercased(),
                             summary: "为社会组织账户发放一次性密码"),
                context: context, at: now)
        }
        return (username, temporary)
    }
}
