import Foundation

/// 社会组织年度检查 (rules.md §5.1): the organisation reports online; its 业务主管单位 consents (by 31 March); the
/// registry concludes 合格 / 基本合格 / 不合格 (by 31 May; foundations 31 March); 基本合格 and 不合格 bring a 3-month
/// rectification; an organisation that does not report in time is marked 未参检 by the system and may be put on the
/// 活动异常名录.
public enum AnnualInspection {
    public static let id: MatterTypeID = "annualInspection"
    static let groups = "社会团体登记管理条例 第二十八条"
    static let agencies = "民办非企业单位年度检查办法"
    static let foundations = "基金会管理条例 第三十六条"
    static let basis = "\(groups)；\(agencies)；\(foundations)"

    /// The grounds for 基本合格 or 不合格 (民办非企业单位年度检查办法, 13 grounds).
    public static let grounds = [
        "违反国家法律法规", "涂改、出租、出借登记证书或印章、票据", "本年度未开展业务活动", "无固定住所", "内部管理混乱",
        "拒不接受或不按规定接受监督检查", "登记事项变更未办理变更登记", "擅自设立分支机构或代表机构", "财务制度不健全",
        "净资产低于规定最低限额", "侵占、私分、挪用资产", "违规收费或接受捐赠", "年检材料弄虚作假",
    ]

    public enum Conclusion: String, CaseIterable, Sendable {
        case pass, basicPass, fail

        public var chineseName: String {
            switch self {
            case .pass: "合格"
            case .basicPass: "基本合格"
            case .fail: "不合格"
            }
        }
    }

    /// The deadlines of a year's campaign: to the 业务主管单位 by 31 March; to the registry by 31 May, foundations 31 March.
    public static func deadlines(year: Int, kind: SocialOrganizationKind) -> (supervisor: CivilDate, registry: CivilDate) {
        let march = CivilDate(year: year, month: 3, day: 31)!
        return (march, kind == .foundation ? march : CivilDate(year: year, month: 5, day: 31)!)
    }

    static let conclusionNotice = DocumentSpec(kind: "nianjian.conclusion", title: "社会组织年度检查结论通知书", numberPrefix: "图民社检字")
    static let rectificationOrder = DocumentSpec(kind: "nianjian.rectification", title: "社会组织年检限期整改通知书", numberPrefix: "图民社改字")
    static let abnormalDecision = DocumentSpec(kind: "nianjian.abnormal", title: "列入活动异常名录决定书", numberPrefix: "图民社异字")

    static let hasSupervisor = Check(id: "hasSupervisor", rule: "有业务主管单位的，先报业务主管单位审查同意", source: groups) { context in
        (context.value("supervisorUnitCode") ?? "").isEmpty ? .failed("本组织没有业务主管单位，请直接报送登记管理机关") : .passed
    }

    static let noSupervisor = Check(id: "noSupervisor", rule: "没有业务主管单位的，直接报送登记管理机关", source: groups) { context in
        (context.value("supervisorUnitCode") ?? "").isEmpty ? .passed : .failed("请先报业务主管单位审查")
    }

    /// Foundations attach a CPA audit report (基金会管理条例 第三十六条); everyone attaches the financial statements.
    static let materials = Check(id: "materials", rule: "年检材料齐全", source: "\(foundations)；\(agencies)") { context in
        let present = Set(context.materials.map(\.kind))
        var missing: [String] = []
        if !present.contains("财务会计报告") { missing.append("财务会计报告") }
        if context.value("kind") == SocialOrganizationKind.foundation.chineseName && !present.contains("审计报告") {
            missing.append("注册会计师审计报告")
        }
        return missing.isEmpty ? .passed : .failed("请先上传" + missing.joined(separator: "、"))
    }

    static let bySupervisor = Check(id: "bySupervisor", rule: "由业务主管单位的审核员审查", source: groups) { context in
        let code = context.value("supervisorUnitCode") ?? ""
        return context.actor.roles.contains { $0.role == .reviewer && $0.orgUnitCode == code } ? .passed : .failed("您不是本组织业务主管单位的审核员")
    }

    static let byRegistry = Check(id: "byRegistry", rule: "由登记管理机关的审核员作出", source: basis) { context in
        context.actor.roles.contains { $0.role == .reviewer && $0.covers(path: context.matter.orgUnitPath) }
            ? .passed : .failed("业务主管单位不能代替登记管理机关作出年检结论")
    }

    static func conclude(_ conclusion: Conclusion) -> TransitionSpec {
        let needsGrounds = conclusion != .pass
        return TransitionSpec(
            TransitionID(rawValue: "conclude" + conclusion.rawValue.prefix(1).uppercased() + conclusion.rawValue.dropFirst()), "年检结论：\(conclusion.chineseName)",
            from: ["registryReview"], to: needsGrounds ? "rectifying" : "passed", roles: [.reviewer],
            checks: [byRegistry, .legalBasisCited()] + (needsGrounds ? [Check(id: "grounds", rule: "基本合格、不合格须写明依据的情形", source: agencies, readsInput: true) { context in
                (context.input["grounds"] ?? "").isEmpty ? .failed("请选择情形") : .passed
            }] : []),
            inputs: (needsGrounds ? [FieldSpec("grounds", "情形", kind: .choice, choices: grounds),
                                     FieldSpec("groundsDetail", "具体事实", kind: .longText)] : [])
                + [FieldSpec("reviewOpinion", "审查意见", kind: .longText, required: false)],
            marks: [.decided], issues: needsGrounds ? [conclusionNotice, rectificationOrder] : [conclusionNotice],
            derive: { _ in ["conclusion": conclusion.chineseName] })
    }

    static let reportInputs: [FieldSpec] = [
        FieldSpec("activities", "本年度开展的业务活动", kind: .longText),
        FieldSpec("governance", "内部治理（会员/理事会、换届、负责人变动）", kind: .longText),
        FieldSpec("staffCount", "专职工作人员数", kind: .integer),
        FieldSpec("totalAssets", "年末资产总额（元）", kind: .amountFen),
        FieldSpec("netAssets", "年末净资产（元）", kind: .amountFen),
        FieldSpec("income", "本年度收入（元）", kind: .amountFen),
        FieldSpec("expenditure", "本年度支出（元）", kind: .amountFen),
        FieldSpec("changes", "登记事项变更情况", kind: .longText, required: false),
    ]

    public static let type = MatterType(
        id: id, name: "社会组织年度检查", powerItemCode: "MZ-QT-001", legalBasis: basis, referencePrefix: "NJ",
        states: [
            StateSpec("due", "待报送年检材料"),
            StateSpec("supervisorReview", "业务主管单位审查中"),
            StateSpec("registryReview", "登记管理机关审查中"),
            StateSpec("passed", "年检合格", isTerminal: true),
            StateSpec("rectifying", "限期整改中"),
            StateSpec("rectificationReview", "整改报告审查中"),
            StateSpec("rectified", "整改完成", isTerminal: true),
            StateSpec("rectificationFailed", "逾期未整改或整改不合格", isTerminal: true),
            StateSpec("missing", "未按期参加年检"),
            StateSpec("listedAbnormal", "已列入活动异常名录", isTerminal: true),
        ],
        initialState: "due",
        transitions: [
            TransitionSpec("submit", "报送业务主管单位", from: ["due"], to: "supervisorReview", roles: [.socialOrganizationUser],
                           checks: [hasSupervisor, materials], inputs: reportInputs,
                           derive: { context in ["routedTo": context.value("supervisorUnitCode") ?? ""] }),
            TransitionSpec("submitDirect", "报送登记管理机关", from: ["due"], to: "registryReview", roles: [.socialOrganizationUser],
                           checks: [noSupervisor, materials], inputs: reportInputs),
            TransitionSpec("supervisorApprove", "业务主管单位审查同意", from: ["supervisorReview"], to: "registryReview", roles: [.reviewer],
                           checks: [bySupervisor], inputs: [FieldSpec("supervisorOpinion", "业务主管单位意见", kind: .longText)]),
            TransitionSpec("supervisorReturn", "业务主管单位退回补正", from: ["supervisorReview"], to: "due", roles: [.reviewer],
                           checks: [bySupervisor], inputs: [FieldSpec("reasons", "退回理由", kind: .longText)]),
            TransitionSpec("registryReturn", "登记管理机关退回补正", from: ["registryReview"], to: "due", roles: [.reviewer],
                           checks: [byRegistry], inputs: [FieldSpec("reasons", "退回理由", kind: .longText)]),
            conclude(.pass), conclude(.basicPass), conclude(.fail),
            TransitionSpec("submitRectification", "报送整改报告", from: ["rectifying"], to: "rectificationReview", roles: [.socialOrganizationUser],
                           inputs: [FieldSpec("rectificationReport", "整改情况报告", kind: .longText)]),
            TransitionSpec("acceptRectification", "整改合格", from: ["rectificationReview"], to: "rectified", roles: [.reviewer],
                           checks: [byRegistry], inputs: [FieldSpec("assessment", "整改评估意见", kind: .longText)]),
            TransitionSpec("rejectRectification", "整改不合格", from: ["rectificationReview", "rectifying"], to: "rectificationFailed", roles: [.reviewer],
                           checks: [byRegistry], inputs: [FieldSpec("assessment", "评估意见及后续处理", kind: .longText)], marks: [.decided]),
            TransitionSpec("markMissing", "期满未报送，记为未参检", from: ["due", "supervisorReview"], to: "missing", roles: [],
                           checks: [.clockElapsed("registryDeadline", rule: "年检报送期限届满", source: basis)], isAutomatic: true),
            TransitionSpec("listAbnormal", "列入活动异常名录", from: ["missing"], to: "listedAbnormal", roles: [.reviewer],
                           checks: [byRegistry, .legalBasisCited()],
                           inputs: [FieldSpec("reasons", "列入事由及依据", kind: .longText)],
                           marks: [.decided], issues: [abnormalDecision], effects: [.setOrganizationStatus(.abnormal)]),
        ],
        clocks: [
            ClockSpec("supervisorDeadline", "报送业务主管单位期限", kind: .stage, period: .days(0), legalBasis: groups,
                      startsOn: [.created], stopsOn: ["submit", "submitDirect"], dueDateField: "supervisorDeadline"),
            ClockSpec("registryDeadline", "报送登记管理机关期限", kind: .overall, period: .days(0), legalBasis: basis,
                      startsOn: [.created], stopsOn: ["concludePass", "concludeBasicPass", "concludeFail", "markMissing"],
                      onExpiry: "markMissing", dueDateField: "registryDeadline"),
            ClockSpec("rectification", "整改期限", kind: .stage, period: .months(3), legalBasis: "\(agencies)（限期三个月整改）",
                      startsOn: ["concludeBasicPass", "concludeFail"], stopsOn: ["submitRectification", "rejectRectification"]),
        ],
        fields: [
            FieldSpec("organizationName", "社会组织名称", onApplicationForm: false),
            FieldSpec("creditCode", "统一社会信用代码", onApplicationForm: false),
            FieldSpec("kind", "类型", onApplicationForm: false),
            FieldSpec("year", "年检年度", kind: .integer, onApplicationForm: false),
            FieldSpec("supervisorUnitCode", "业务主管单位代码", required: false, onApplicationForm: false),
            FieldSpec("supervisorDeadline", "报送业务主管单位截止日", kind: .date, onApplicationForm: false),
            FieldSpec("registryDeadline", "报送登记管理机关截止日", kind: .date, onApplicationForm: false),
            FieldSpec("routedTo", "转办单位", required: false, onApplicationForm: false),
        ] + reportInputs.map { spec in
            var field = spec
            field.isRequired = false
            field.isOnApplicationForm = false
            return field
        } + [
            FieldSpec("conclusion", "年检结论", required: false, onApplicationForm: false),
            FieldSpec("grounds", "情形", required: false, onApplicationForm: false),
            FieldSpec("groundsDetail", "具体事实", kind: .longText, required: false, onApplicationForm: false),
            FieldSpec("rectificationReport", "整改情况报告", kind: .longText, required: false, onApplicationForm: false),
        ],
        creatorRoles: [.reviewer],
        createdAt: .levels([.divisionCity])).with { $0.registeredThrough = .init("/work/organizations/campaigns", "社会组织年检工作") }
}
