import Foundation

/// Something a person may try to do. Modules add their actions as static members; the permission table says who
/// may do each, and where.
public struct Action: Hashable, Sendable, RawRepresentable, CustomStringConvertible {
    public let rawValue: String
    /// What the action is, for refusal messages: 「您无权\(title)」.
    public let title: String

    public init(rawValue: String) {
        self.rawValue = rawValue
        self.title = rawValue
    }

    public init(_ rawValue: String, title: String) {
        self.rawValue = rawValue
        self.title = title
    }

    public var description: String { rawValue }

    public static func == (lhs: Action, rhs: Action) -> Bool { lhs.rawValue == rhs.rawValue }
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }

    // Administration (三员: rules.md §14.1)
    public static let openAdministration = Action("admin.open", title: "进入管理后台")
    public static let administerAccounts = Action("admin.accounts", title: "管理账户")
    public static let administerOrgTree = Action("admin.orgTree", title: "管理组织机构")
    public static let administerCalendar = Action("admin.calendar", title: "维护节假日日历")
    public static let administerSettings = Action("admin.settings", title: "修改业务设置")
    public static let administerSecuritySettings = Action("admin.securitySettings", title: "修改安全策略")
    public static let readJournal = Action("admin.journal", title: "查阅审计日志")
    public static let administerPowerList = Action("admin.powerList", title: "维护权责清单")

    // Areas
    public static let openWorkbench = Action("work.open", title: "进入工作台")
    public static let openCitizenArea = Action("my.open", title: "进入个人办事区")

    // Marriage registry appointments
    public static let manageAppointments = Action("appointments.manage", title: "管理婚姻登记预约")
    public static let bookAppointment = Action("appointments.book", title: "预约婚姻登记")

    // Social-organisation supervision: the registry keeps the register, opens campaigns and draws checks.
    public static let manageOrganizations = Action("organizations.manage", title: "管理社会组织登记和监督")

    // Enforcement: certificates and discretion benchmarks, kept by the 法制 staff and the heads.
    public static let manageEnforcement = Action("enforcement.manage", title: "管理执法证件和裁量基准")

    // The annual rule-of-law report and the leaders' view: the 法制 staff write it, the heads read everything.
    public static let editAnnualReport = Action("report.edit", title: "编辑法治政府建设年度报告")
    public static let viewDashboard = Action("dashboard.view", title: "查看领导驾驶舱")
    /// Keeping the register of legal counsel (法律顾问).
    public static let manageLegalCounsel = Action("legalCounsel.manage", title: "管理法律顾问名册")

    /// Pressing 「查看完整信息」 on a person's record: the full value is shown and the view journaled.
    public static let viewPersonalData = Action("personalData.view", title: "查看完整个人信息")
}

/// Where a role's permission reaches.
public enum AccessScope: String, Sendable, Hashable {
    /// System-wide functions (administration).
    case everywhere
    /// Records of the role's org unit and the units below it.
    case subtree
    /// The person's own records.
    case own
    /// The records of the person's own organisation.
    case ownOrganization
}

/// What access control needs to know about the thing acted on.
public struct AccessTarget: Sendable, Hashable {
    /// The org unit the record belongs to.
    public var orgUnitPath: String?
    /// The citizen the record belongs to.
    public var ownerAccountID: UUID?
    /// The organisation the record belongs to.
    public var organizationID: UUID?
    /// Units the record has been routed to for a step (the 残联 review): their staff reach it too.
    public var additionalUnitPaths: [String] = []
    /// People who may not act on it: the handler of the step under review, a recused or reported person.
    public var excludedAccountIDs: Set<UUID>
    /// Org units none of whose staff may see the record (a report names the unit).
    public var excludedUnitCodes: Set<String> = []
    public var exclusionReason: String?

    public init(orgUnitPath: String? = nil, ownerAccountID: UUID? = nil, organizationID: UUID? = nil,
                excludedAccountIDs: Set<UUID> = [], exclusionReason: String? = nil) {
        self.orgUnitPath = orgUnitPath
        self.ownerAccountID = ownerAccountID
        self.organizationID = organizationID
        self.excludedAccountIDs = excludedAccountIDs
        self.exclusionReason = exclusionReason
    }

    /// A system-wide function with no particular record.
    public static let system = AccessTarget()
}
