import Foundation

/// The 三员 rule (rules.md §14.1): system, audit and security administration are held by different people, and
/// none of them holds a caseworking role.
public enum AdministratorRoles {
    public static func validate(adding role: Role, to existing: [Role]) throws {
        let all = existing + [role]
        let administrators = Set(all.filter(\.isAdministrator))
        if administrators.count > 1 {
            throw ValidationError(field: "角色", reason: "系统管理员、审计管理员、安全管理员须由不同人员担任（三员分立）。")
        }
        if !administrators.isEmpty && all.contains(where: { !$0.isAdministrator }) {
            throw ValidationError(field: "角色", reason: "管理员账户不得同时承担业务岗位，管理员不接触办件数据。")
        }
        if role == .citizen || role == .socialOrganizationUser {
            throw ValidationError(field: "角色", reason: "群众和社会组织账户不能在此授予。")
        }
    }
}
