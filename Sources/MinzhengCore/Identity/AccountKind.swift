import Foundation

/// The three kinds of account (issue 3): bureau staff, citizens who register themselves, and the accounts the bureau
/// issues to social organisations.
public enum AccountKind: String, Codable, CaseIterable, Sendable {
    case staff, citizen, organization

    public var chineseName: String {
        switch self {
        case .staff: "工作人员"
        case .citizen: "群众"
        case .organization: "社会组织"
        }
    }
}

/// A role held at an org unit; it covers the unit's subtree.
public struct RoleAssignment: Hashable, Codable, Sendable {
    public var role: Role
    public var orgUnitID: OrgUnit.ID
    /// The unit's materialised path, so that coverage is a prefix test.
    public var orgUnitPath: String
    public var orgUnitCode: String

    public init(role: Role, orgUnitID: OrgUnit.ID, orgUnitPath: String, orgUnitCode: String) {
        self.role = role
        self.orgUnitID = orgUnitID
        self.orgUnitPath = orgUnitPath
        self.orgUnitCode = orgUnitCode
    }

    public func covers(path: String) -> Bool { path.hasPrefix(orgUnitPath) }
}
