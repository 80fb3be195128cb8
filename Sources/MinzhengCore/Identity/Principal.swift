import Foundation

/// The acting person as access control sees them: kind, roles at units, and what they own.
public struct Principal: Sendable, Hashable {
    public var accountID: UUID
    public var kind: AccountKind
    public var username: String
    public var roles: [RoleAssignment]
    /// For organisation accounts: the organisation they belong to.
    public var organizationID: UUID?

    public init(accountID: UUID, kind: AccountKind, username: String, roles: [RoleAssignment], organizationID: UUID? = nil) {
        self.accountID = accountID
        self.kind = kind
        self.username = username
        self.roles = roles
        self.organizationID = organizationID
    }

    /// The role the account's kind carries by itself: 群众 for citizens, 社会组织用户 for organisation accounts.
    /// It is held nowhere in the org tree, so it reaches only the person's own (or organisation's own) records.
    public var kindRole: Role? {
        switch kind {
        case .citizen: .citizen
        case .organization: .socialOrganizationUser
        case .staff: nil
        }
    }

    /// The system itself, for acts a clock's end sets off (视为撤回): no roles, so it is allowed nothing by the table.
    public static let system = Principal(accountID: UUID(uuidString: "00000000-0000-0000-0000-000000000000")!, kind: .staff,
                                         username: "system", roles: [])

    public func holds(_ role: Role) -> Bool { kindRole == role || roles.contains { $0.role == role } }
}
