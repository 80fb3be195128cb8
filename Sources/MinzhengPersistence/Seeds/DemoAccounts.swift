import Foundation
import MinzhengCore

/// The demo's accounts: one login per role (DESIGN.md §8), all fictional. Their password is generated at load time
/// and printed once; nothing in the code holds a credential.
public enum DemoAccounts {
    public struct Staff: Sendable {
        public let username: String
        public let displayName: String
        public let role: Role
        public let orgUnitCode: String
    }

    public static let staff: [Staff] = [
        Staff(username: "admin", displayName: "系统管理员（示例）", role: .systemAdministrator, orgUnitCode: "659003"),
        Staff(username: "auditor", displayName: "审计管理员（示例）", role: .auditAdministrator, orgUnitCode: "659003"),
        Staff(username: "security", displayName: "安全管理员（示例）", role: .securityAdministrator, orgUnitCode: "659003"),
        Staff(username: "clerk", displayName: "赵窗口（示例）", role: .intakeClerk, orgUnitCode: "659003-101"),
        Staff(username: "investigator", displayName: "钱调查（示例）", role: .investigator, orgUnitCode: "659003-101"),
        Staff(username: "town.reviewer", displayName: "孙初审（示例）", role: .reviewer, orgUnitCode: "659003-101"),
        Staff(username: "reviewer", displayName: "李审核（示例）", role: .reviewer, orgUnitCode: "659003"),
        Staff(username: "approver", displayName: "周审批（示例）", role: .approver, orgUnitCode: "659003"),
        Staff(username: "legal", displayName: "吴法制（示例）", role: .legalReviewer, orgUnitCode: "659003"),
        Staff(username: "officer.a", displayName: "郑执法（示例）", role: .enforcementOfficer, orgUnitCode: "659003"),
        Staff(username: "officer.b", displayName: "王执法（示例）", role: .enforcementOfficer, orgUnitCode: "659003"),
        Staff(username: "mediator", displayName: "冯调解（示例）", role: .mediator, orgUnitCode: "659003"),
        Staff(username: "petition", displayName: "陈信访（示例）", role: .petitionHandler, orgUnitCode: "659003"),
        Staff(username: "leader", displayName: "褚局长（示例）", role: .leader, orgUnitCode: "659003"),
        Staff(username: "clerk.huyang", displayName: "卫窗口（示例）", role: .intakeClerk, orgUnitCode: "659003-102"),
        Staff(username: "federation", displayName: "蒋残联（示例）", role: .reviewer, orgUnitCode: "659003-CL"),
        Staff(username: "officer.c", displayName: "何执法（示例）", role: .enforcementOfficer, orgUnitCode: "659003"),
        Staff(username: "officer.d", displayName: "吕执法（示例）", role: .enforcementOfficer, orgUnitCode: "659003"),
        Staff(username: "jy.reviewer", displayName: "施教育（示例）", role: .reviewer, orgUnitCode: "659003-JY"),
        Staff(username: "wt.reviewer", displayName: "张文体（示例）", role: .reviewer, orgUnitCode: "659003-WT"),
        Staff(username: "sf.mediator", displayName: "杜司法（示例）", role: .mediator, orgUnitCode: "659003-SF"),
        Staff(username: "registrar", displayName: "沈登记（示例）", role: .intakeClerk, orgUnitCode: "659003-HY"),
    ]

    public struct Citizen: Sendable {
        public let name: String
        /// A fictional but well-formed number (address code 659003, check character computed).
        public let idNumber: String
        public let mobile: String
    }

    public static let citizens: [Citizen] = [
        Citizen(name: "王小梅（示例）", idNumber: fictionalID("65900319850312002"), mobile: "13900000001"),
        Citizen(name: "马建国（示例）", idNumber: fictionalID("65900319620708003"), mobile: "13900000002"),
        // Two of the 2025 grooms, who booked online and rated the registry afterwards (好差评).
        Citizen(name: "艾力（示例）", idNumber: fictionalID("65900319950101001"), mobile: "13900000011"),
        Citizen(name: "刘强（示例）", idNumber: fictionalID("65900319920715003"), mobile: "13900000012"),
    ]

    public static func fictionalID(_ first17: String) -> String {
        first17 + String(ResidentIDNumber.checkCharacter(for: Array(first17)))
    }

    /// A password that satisfies the policy, different at every load.
    public static func generatePassword() -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        let body = String((0..<10).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
        return "Mz-" + body + String(Int.random(in: 10...99, using: &generator))
    }
}
