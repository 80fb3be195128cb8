import Foundation

/// The project roles of rules.md §2 (identifiers from glossary.md §1).
public enum Role: String, Codable, CaseIterable, Sendable {
    case citizen
    case intakeClerk
    /// 调查核实员: investigates (入户调查, 信息核对) at 团镇/街道.
    case investigator
    case reviewer
    /// 审批人: approves at 师市 where the rules separate 审核 from 审批.
    case approver
    case legalReviewer
    case enforcementOfficer
    case mediator
    case petitionHandler
    case leader
    case systemAdministrator
    case auditAdministrator
    case securityAdministrator
    case socialOrganizationUser

    public var chineseName: String {
        switch self {
        case .citizen: "群众"
        case .intakeClerk: "窗口受理员"
        case .investigator: "调查核实员"
        case .reviewer: "审核员"
        case .approver: "审批人"
        case .legalReviewer: "法制审核员"
        case .enforcementOfficer: "执法人员"
        case .mediator: "调解员"
        case .petitionHandler: "信访办理员"
        case .leader: "领导"
        case .systemAdministrator: "系统管理员"
        case .auditAdministrator: "审计管理员"
        case .securityAdministrator: "安全管理员"
        case .socialOrganizationUser: "社会组织用户"
        }
    }

    /// Roles held by bureau staff at an org unit.
    public var isStaff: Bool { self != .citizen && self != .socialOrganizationUser }

    /// The 三员 administrator roles, mutually exclusive and without access to case data (rules.md §14.1).
    public var isAdministrator: Bool {
        self == .systemAdministrator || self == .auditAdministrator || self == .securityAdministrator
    }

    public static let staffRoles: [Role] = allCases.filter(\.isStaff)
}
