import Foundation

/// Self-care by six indicators (特困人员认定办法 第二十条至第二十二条): all met → self-caring; up to three not met →
/// partly lost; four or more → fully lost. The level sets the care tier.
public enum SelfCareLevel: String, Codable, CaseIterable, Sendable {
    case selfCaring, partlyLost, fullyLost

    public var chineseName: String {
        switch self {
        case .selfCaring: "具备生活自理能力（全自理）"
        case .partlyLost: "部分丧失生活自理能力（半护理）"
        case .fullyLost: "完全丧失生活自理能力（全护理）"
        }
    }

    public static let indicators: [(key: String, label: String)] = [
        ("eating", "自主吃饭"), ("dressing", "自主穿衣"), ("transfer", "自主上下床"),
        ("toileting", "自主如厕"), ("walking", "室内自主行走"), ("bathing", "自主洗澡"),
    ]

    public static func assess(notMet: Int) -> SelfCareLevel {
        switch notMet {
        case ...0: .selfCaring
        case 1...3: .partlyLost
        default: .fullyLost
        }
    }
}

/// 特困人员: 特困人员认定办法, 民发〔2021〕43号 (rules.md §3.2).
public enum ExtremePoverty {
    public static let id: MatterTypeID = "extremePoverty"
    static let basis = "特困人员认定办法（民发〔2021〕43号）"
    static func article(_ number: String) -> String { "\(basis) \(number)" }

    /// At least this share of each batch is drawn for a spot check at 师市 (第十六条).
    public static let spotCheckShare = 0.3

    static let acceptance = DocumentSpec(kind: "tekun.acceptance", title: "特困人员救助供养申请受理通知书", numberPrefix: "图民特受字")
    static let deficiency = DocumentSpec(kind: "tekun.deficiency", title: "补正材料一次性告知书", numberPrefix: "图民特补字")
    static let confirmation = DocumentSpec(kind: "tekun.confirmation", title: "特困人员救助供养确认通知书", numberPrefix: "图民特字")
    static let rejection = DocumentSpec(kind: "tekun.rejection", title: "不予确认特困人员通知书", numberPrefix: "图民特不字")
    static let termination = DocumentSpec(kind: "tekun.termination", title: "终止特困人员救助供养通知书", numberPrefix: "图民特终字")

    static let town: [Role] = [.reviewer]

    static func deriveSelfCare(_ context: CheckContext) throws -> [String: String] {
        var notMet = 0
        for indicator in SelfCareLevel.indicators {
            guard let value = context.input[indicator.key] else { throw ValidationError(field: indicator.label, reason: "请评估。") }
            if value == "不能" { notMet += 1 }
        }
        let level = SelfCareLevel.assess(notMet: notMet)
        return ["selfCareLevel": level.chineseName, "selfCareNotMet": String(notMet)]
    }

    /// The batch was drawn for the spot check (第十六条).
    static let spotCheck = Check(id: "spotCheck", rule: "师市审核须按不低于30%的比例随机抽查", source: article("第十六条")) { context in
        guard let draw = context.matter.fields["spotCheckDraw"], !draw.isEmpty else { return .failed("本批次尚未随机抽取抽查对象") }
        return .passed
    }

    /// A file the draw selected carries the result of its check (第十六条).
    static let spotCheckResult = Check(id: "spotCheckResult", rule: "被抽中的办件须填写抽查核实结果", source: article("第十六条"),
                                       readsInput: true) { context in
        guard context.matter.fields["spotCheckSelected"] == "yes" else { return .notApplicable }
        return (context.value("spotCheckResult")?.count ?? 0) >= 2 ? .passed : .failed("本件被抽中，须填写抽查核实结果")
    }

    static let startsNextMonth = Check(id: "startsNextMonth", rule: "自确认的次月起给予救助供养", source: article("第十七条"), readsInput: true) { context in
        let next = CivilDate(year: context.today.year, month: context.today.month, day: 1)!.adding(months: 1)
        let expected = String(format: "%04d-%02d", next.year, next.month)
        return context.input["supportStartMonth"] == expected ? .passed : .failed("应为 \(expected)")
    }

    static let selfCareAssessed = Check(id: "selfCareAssessed", rule: "须完成生活自理能力评估", source: article("第二十条")) { context in
        context.value("selfCareLevel") == nil ? .failed("尚未评估") : .passed
    }

    public static let terminationGrounds = ["死亡或者被宣告失踪、死亡", "经过康复治疗恢复劳动能力", "依法被判处刑罚且在监狱服刑",
                                            "收入和财产状况不再符合规定条件", "法定赡养、抚养、扶养义务人具备履行能力", "自愿申请退出救助供养"]

    static let selfCareInputs = SelfCareLevel.indicators.map { FieldSpec($0.key, $0.label, kind: .choice, choices: ["能", "不能"]) }

    public static let type = MatterType(
        id: id, name: "特困人员认定", powerItemCode: "MZ-QR-002", legalBasis: basis, referencePrefix: "TK",
        states: [
            StateSpec("submitted", "已提交，待受理"),
            StateSpec("returnedIncomplete", "待补正材料"),
            StateSpec("accepted", "已受理"),
            StateSpec("investigating", "调查核实中"),
            StateSpec("preliminaryOpinion", "已出具初审意见"),
            StateSpec("publicNotice", "认定公示中"),
            StateSpec("reinvestigating", "异议复查中"),
            StateSpec("sentToDivisionCity", "已报送师市"),
            StateSpec("divisionReview", "师市审核中"),
            StateSpec("supported", "救助供养中"),
            StateSpec("terminationNotice", "终止公示中"),
            StateSpec("rejected", "不予确认", isTerminal: true),
            StateSpec("terminated", "已终止救助供养", isTerminal: true),
            StateSpec("withdrawn", "已撤回", isTerminal: true),
        ],
        initialState: "submitted",
        transitions: [
            TransitionSpec("returnForCompletion", "一次性告知补正", from: ["submitted"], to: "returnedIncomplete", roles: [.intakeClerk],
                           inputs: [FieldSpec("deficiencies", "需补正的全部材料（一次列明）", kind: .longText)], issues: [deficiency]),
            TransitionSpec("resubmit", "补正后重新提交", from: ["returnedIncomplete"], to: "submitted", roles: [.citizen, .intakeClerk]),
            TransitionSpec("accept", "受理", from: ["submitted"], to: "accepted", roles: [.intakeClerk],
                           checks: [.requiredFields(["applicantName", "applicantID", "pledgeSigned", "authorizationSigned"], source: article("第十条至第十二条")),
                                    .legalBasisCited()],
                           issues: [acceptance]),
            TransitionSpec("startInvestigation", "开始调查核实", from: ["accepted"], to: "investigating", roles: town + [.investigator]),
            TransitionSpec("assessSelfCare", "评估生活自理能力", from: ["investigating", "reinvestigating"], to: "investigating", roles: town,
                           inputs: selfCareInputs, derive: deriveSelfCare),
            TransitionSpec("preliminaryOpinion", "出具初审意见", from: ["investigating"], to: "preliminaryOpinion", roles: town,
                           checks: [selfCareAssessed, .minimumPeople("investigators", minimum: 2, rule: "调查人员不少于二人", source: article("第十三条")),
                                    .clockNotOverdue("preliminary", source: article("第十四条"))],
                           inputs: [FieldSpec("investigators", "调查人员（至少二人）"),
                                    FieldSpec("noWorkCapacity", "无劳动能力的情形", kind: .choice,
                                              choices: ["年满60周岁", "未满16周岁", "残疾等级为一、二、三级的智力、精神残疾人", "残疾等级为一、二级的肢体残疾人", "残疾等级为一级的视力残疾人"]),
                                    FieldSpec("opinion", "初审意见", kind: .choice, choices: ["拟认定为特困人员", "拟不予认定"]),
                                    FieldSpec("policyExplained", "入户时宣讲了救助政策（计入普法）", kind: .flag, required: false)]),
            TransitionSpec("startNotice", "在连队/社区公示", from: ["preliminaryOpinion"], to: "publicNotice", roles: town,
                           marks: [.noticeStarted], opensNotice: .days(7), derive: { _ in ["noticeSubject": "拟认定为特困人员"] }),
            TransitionSpec("dismissObjection", "核查异议：不成立", from: ["publicNotice"], to: "publicNotice", roles: town,
                           inputs: [FieldSpec("handling", "异议核查情况及结论", kind: .longText)], marks: [.objectionDismissed]),
            TransitionSpec("dismissTerminationObjection", "核查终止异议：不成立", from: ["terminationNotice"], to: "terminationNotice",
                           roles: [.reviewer], inputs: [FieldSpec("handling", "异议核查情况及结论", kind: .longText)], marks: [.objectionDismissed]),
            TransitionSpec("reinvestigate", "异议成立，重新调查", from: ["publicNotice"], to: "reinvestigating", roles: town,
                           inputs: [FieldSpec("handling", "异议核查情况", kind: .longText)], marks: [.objectionUpheld]),
            TransitionSpec("reviseOpinion", "出具新的初审意见（再次公示）", from: ["reinvestigating"], to: "preliminaryOpinion", roles: town,
                           checks: [.clockNotOverdue("reinvestigation", source: article("第十五条"))],
                           inputs: [FieldSpec("opinion", "新的初审意见", kind: .choice, choices: ["拟认定为特困人员", "拟不予认定"])]),
            TransitionSpec("noticeWithoutObjection", "公示期满无异议，报送师市", from: ["publicNotice"], to: "sentToDivisionCity", roles: town,
                           checks: [.publicNoticeCompleted(source: article("第十五条"))]),
            TransitionSpec("startReview", "师市审核", from: ["sentToDivisionCity"], to: "divisionReview", roles: [.reviewer]),
            TransitionSpec("confirm", "确认为特困人员", from: ["divisionReview"], to: "supported", roles: [.approver],
                           checks: [spotCheck, spotCheckResult, startsNextMonth, .legalBasisCited(),
                                    .differentActor(from: ["startReview"], rule: "审核与审批由不同人员办理", source: article("第十六条")),
                                    .clockNotOverdue("divisionReview", source: article("第十六条"))],
                           inputs: [FieldSpec("spotCheckResult", "抽查核实结果（被抽中时必填）", kind: .longText, required: false),
                                    FieldSpec("area", "城乡类别", kind: .choice, choices: ["农村特困人员", "城市特困人员"],
                                              hint: "有承包土地的按农村；已搬迁至城镇的按城市（第十九条）"),
                                    FieldSpec("supportStartMonth", "救助供养起始月份（YYYY-MM）")],
                           marks: [.decided], issues: [confirmation]),
            TransitionSpec("reject", "不予确认", from: ["divisionReview"], to: "rejected", roles: [.approver],
                           inputs: [FieldSpec("reasons", "不予确认的理由", kind: .longText)], marks: [.decided], issues: [rejection]),
            TransitionSpec("proposeTermination", "拟终止救助供养并公示", from: ["supported"], to: "terminationNotice", roles: [.reviewer],
                           inputs: [FieldSpec("terminationGround", "终止情形", kind: .choice, choices: terminationGrounds),
                                    FieldSpec("reasons", "核查情况", kind: .longText)],
                           marks: [.noticeStarted], opensNotice: .days(7), derive: { _ in ["noticeSubject": "拟终止救助供养"] }),
            TransitionSpec("terminate", "终止救助供养", from: ["terminationNotice"], to: "terminated", roles: [.approver],
                           checks: [.publicNoticeCompleted(source: article("第二十六条"))],
                           inputs: [FieldSpec("endMonth", "自何月起终止（次月，YYYY-MM）")], marks: [.decided], issues: [termination]),
            TransitionSpec("keepSupport", "异议成立，继续救助供养", from: ["terminationNotice"], to: "supported", roles: [.approver],
                           inputs: [FieldSpec("reasons", "决定理由", kind: .longText)], marks: [.objectionUpheld]),
            TransitionSpec("withdraw", "撤回申请", from: ["submitted", "returnedIncomplete", "accepted", "investigating"], to: "withdrawn",
                           roles: [.citizen], scope: .own),
        ],
        clocks: [
            ClockSpec("preliminary", "调查及初审时限", kind: .stage, period: .workdays(15), legalBasis: article("第十三条、第十四条"),
                      startsOn: ["accept"], stopsOn: ["preliminaryOpinion"]),
            ClockSpec("reinvestigation", "异议复查时限", kind: .stage, period: .workdays(15), legalBasis: article("第十五条"),
                      startsOn: ["reinvestigate"], stopsOn: ["reviseOpinion"]),
            ClockSpec("divisionReview", "师市审核时限", kind: .stage, period: .workdays(15), legalBasis: article("第十六条"),
                      startsOn: ["noticeWithoutObjection"], stopsOn: ["confirm", "reject"]),
        ],
        fields: [
            FieldSpec("applicantName", "申请人", mask: .name, hint: "网上申请时取自申请人账户"),
            FieldSpec("applicantID", "申请人公民身份号码", kind: .idNumber, mask: .idNumber, hint: "网上申请时取自申请人账户"),
            FieldSpec("phone", "联系电话", kind: .mobile, required: false, mask: .phone),
            FieldSpec("address", "居住地址", kind: .longText, mask: .hidden),
            FieldSpec("declaration", "劳动能力、生活来源、财产及赡养（抚养、扶养）情况的书面声明", kind: .longText, mask: .hidden),
            FieldSpec("supporters", "法定赡养、抚养、扶养义务人情况", kind: .longText, required: false, mask: .hidden),
            FieldSpec("disabilityCertificate", "残疾人证号（如有）", required: false, mask: .hidden),
            FieldSpec("pledgeSigned", "已签署承诺书", kind: .flag, required: false),
            FieldSpec("authorizationSigned", "本人及法定义务人已签署核对授权书", kind: .flag, required: false),
            FieldSpec("selfCareLevel", "生活自理能力", required: false, onApplicationForm: false),
            FieldSpec("selfCareNotMet", "不能自理的指标数", kind: .integer, required: false, onApplicationForm: false),
            FieldSpec("noticeSubject", "公示事项", required: false, onApplicationForm: false),
            FieldSpec("spotCheckDraw", "抽查批次", required: false, onApplicationForm: false),
            FieldSpec("spotCheckSelected", "被抽中抽查", kind: .flag, required: false, onApplicationForm: false),
        ],
        creatorRoles: [.citizen, .intakeClerk],
        publicNotice: PublicNoticeSpec(
            title: "特困人员公示", legalBasis: article("第十五条、第十七条、第二十六条"),
            fields: [("noticeSubject", "公示事项"), ("applicantName", "姓名")],
            note: "公示期内，对公示对象有异议的，可在本页提交异议，也可向团镇（街道）反映。"),
        isOfferedOnline: true, createdAt: .levels([.regimentTownOrSubdistrict, .companyOrCommunity]))
}
