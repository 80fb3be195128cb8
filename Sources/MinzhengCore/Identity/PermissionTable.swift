import Foundation

/// The one table of who may do what, where (issue 3, item 5): role × action × scope. Every controller and the API
/// ask `AccessPolicy.decide`, which reads only this table.
public struct PermissionTable: Sendable {
    public struct Entry: Sendable, Hashable {
        public var role: Role
        public var action: Action
        public var scope: AccessScope
    }

    public private(set) var entries: [Entry] {
        didSet { scopesByGrant = Self.index(entries) }
    }

    /// `entries` by role and action, in table order: every page asks `scopes(of:for:)`, a list page once for each
    /// matter type and role (it was a scan of the whole table each time).
    private var scopesByGrant: [Grant: [AccessScope]]

    private struct Grant: Hashable {
        var role: Role
        var action: Action
    }

    private static func index(_ entries: [Entry]) -> [Grant: [AccessScope]] {
        entries.reduce(into: [:]) { index, entry in index[Grant(role: entry.role, action: entry.action), default: []].append(entry.scope) }
    }

    public init(_ entries: [Entry]) {
        self.entries = entries
        scopesByGrant = Self.index(entries)
    }

    /// Adds `action` for each role with the same scope.
    public mutating func grant(_ action: Action, to roles: [Role], scope: AccessScope) {
        for role in roles { entries.append(Entry(role: role, action: action, scope: scope)) }
    }

    public func scopes(of role: Role, for action: Action) -> [AccessScope] {
        scopesByGrant[Grant(role: role, action: action)] ?? []
    }

    public func roles(for action: Action) -> [Role] {
        var seen = Set<Role>()
        return entries.filter { $0.action == action && seen.insert($0.role).inserted }.map(\.role)
    }

    /// The platform's table: the base rows and the rows of every registered matter type.
    public static let standard: PermissionTable = make(registry: .standard)

    /// The base rows plus the rows of `registry`'s matter types.
    public static func make(registry: MatterTypeRegistry) -> PermissionTable {
        var table = PermissionTable([])
        let staff = Role.staffRoles.filter { !$0.isAdministrator }
        // 三员 administration: mutually exclusive, no case data (rules.md §14.1).
        table.grant(.openAdministration, to: [.systemAdministrator, .auditAdministrator, .securityAdministrator], scope: .everywhere)
        table.grant(.administerAccounts, to: [.systemAdministrator], scope: .everywhere)
        table.grant(.administerOrgTree, to: [.systemAdministrator], scope: .everywhere)
        table.grant(.administerCalendar, to: [.systemAdministrator], scope: .everywhere)
        table.grant(.administerSettings, to: [.systemAdministrator], scope: .everywhere)
        table.grant(.administerSecuritySettings, to: [.securityAdministrator], scope: .everywhere)
        table.grant(.readJournal, to: [.auditAdministrator], scope: .everywhere)
        table.grant(.administerPowerList, to: [.systemAdministrator], scope: .everywhere)
        // Areas.
        table.grant(.openWorkbench, to: staff, scope: .everywhere)
        table.grant(.openCitizenArea, to: [.citizen, .socialOrganizationUser], scope: .everywhere)
        // Marriage registry appointments: registry staff open slots; citizens book their own.
        table.grant(.manageAppointments, to: [.intakeClerk], scope: .subtree)
        table.grant(.bookAppointment, to: [.citizen], scope: .everywhere)
        // Social-organisation registry and supervision: the registry's reviewers and approvers; 领导 look on.
        table.grant(.manageOrganizations, to: [.reviewer, .approver], scope: .subtree)
        // Enforcement certificates and discretion benchmarks: the legal reviewers and the heads.
        table.grant(.manageEnforcement, to: [.legalReviewer, .leader], scope: .everywhere)
        // The annual report: drafted by the 法制 staff, reviewed by the heads; the dashboard for the heads and 法制.
        table.grant(.editAnnualReport, to: [.legalReviewer, .leader], scope: .everywhere)
        table.grant(.viewDashboard, to: [.leader, .legalReviewer, .approver], scope: .everywhere)
        table.grant(.manageLegalCounsel, to: [.legalReviewer, .leader], scope: .everywhere)
        // Full personal data: the caseworkers who need it in their units, and the person themself.
        table.grant(.viewPersonalData, to: [.intakeClerk, .investigator, .reviewer, .approver, .mediator, .petitionHandler],
                    scope: .subtree)
        table.grant(.viewPersonalData, to: [.citizen], scope: .own)
        table.entries.append(contentsOf: registry.permissionEntries)
        return table
    }
}

/// Decides an access request by the permission table.
public enum AccessPolicy {
    public enum Decision: Sendable, Equatable {
        case allowed(role: Role)
        case denied(reason: String)

        public var isAllowed: Bool {
            if case .allowed = self { return true }
            return false
        }
    }

    public static func decide(_ principal: Principal, _ action: Action, on target: AccessTarget = .system,
                              table: PermissionTable = .standard) -> Decision {
        if target.excludedAccountIDs.contains(principal.accountID)
            || principal.roles.contains(where: { target.excludedUnitCodes.contains($0.orgUnitCode) }) {
            return .denied(reason: target.exclusionReason ?? "您与此事项存在利害关系或已办理前一环节，依法不得办理。")
        }
        var heldRole = false
        if let kindRole = principal.kindRole {
            for scope in table.scopes(of: kindRole, for: action) {
                heldRole = true
                switch scope {
                case .everywhere: return .allowed(role: kindRole)
                case .own where target.ownerAccountID == principal.accountID: return .allowed(role: kindRole)
                case .ownOrganization where target.organizationID != nil && target.organizationID == principal.organizationID:
                    return .allowed(role: kindRole)
                default: continue
                }
            }
        }
        for assignment in principal.roles {
            let scopes = table.scopes(of: assignment.role, for: action)
            if !scopes.isEmpty { heldRole = true }
            for scope in scopes {
                switch scope {
                case .everywhere:
                    return .allowed(role: assignment.role)
                case .subtree:
                    if let path = target.orgUnitPath, assignment.covers(path: path) { return .allowed(role: assignment.role) }
                    if target.additionalUnitPaths.contains(where: assignment.covers(path:)) { return .allowed(role: assignment.role) }
                case .own:
                    if let owner = target.ownerAccountID, owner == principal.accountID { return .allowed(role: assignment.role) }
                case .ownOrganization:
                    if let organization = target.organizationID, organization == principal.organizationID {
                        return .allowed(role: assignment.role)
                    }
                }
            }
        }
        if heldRole {
            return .denied(reason: "此记录不在您的管辖范围内，您无权\(action.title)。")
        }
        let roles = table.roles(for: action).map(\.chineseName).joined(separator: "、")
        return .denied(reason: "您无权\(action.title)\(roles.isEmpty ? "" : "（限\(roles)）")。")
    }
}
