import Foundation

/// 信访 (rules.md §8.1; 信访工作条例, in force 2022-05-01): received by any channel (oral requests transcribed),
/// registered, a written notice within 15 days, an objection of non-competence within 5 working days, routing to another
/// procedure where the law says so, investigation, a written opinion within 60 days (30 more with the head's approval),
/// the petitioner's rating, and 复查 and 复核 with their 30 + 30 days. A report (检举控告) is never visible to the person or
/// unit it names.
public enum Petition {
    public static let id: MatterTypeID = "petition"
    static let regulation = "信访工作条例"
    static func article(_ text: String) -> String { "\(regulation) \(text)" }

    public static let channels = ["来访", "来信", "电话", "网上信访", "传真"]
    public static let categories = ["建议意见", "检举控告", "申诉求决"]
    public static let outcomes = ["支持", "解释说明", "不予支持"]
    public static let procedures = ["诉讼", "仲裁", "行政复议", "行政裁决", "行政确认", "行政许可", "行政处罚", "党员申诉"]

    static let receipt = DocumentSpec(kind: "xinfang.notice", title: "信访事项受理告知书", numberPrefix: "图民信受字")
    static let notAccepted = DocumentSpec(kind: "xinfang.notAccepted", title: "信访事项不予受理告知书", numberPrefix: "图民信不字")
    static let routing = DocumentSpec(kind: "xinfang.routing", title: "信访事项导入法定途径告知书", numberPrefix: "图民信导字")
    static let opinion = DocumentSpec(kind: "xinfang.opinion", title: "信访处理意见书", numberPrefix: "图民信意字")
    static let reexamination = DocumentSpec(kind: "xinfang.reexam", title: "信访事项复查意见书", numberPrefix: "图民信复查字")
    static let recheck = DocumentSpec(kind: "xinfang.recheck", title: "信访事项复核意见书", numberPrefix: "图民信复核字")

    static let transcribed = Check(id: "transcribed", rule: "口头提出的，应当如实记录", source: article("第十九条"), readsInput: true) { context in
        guard ["来访", "电话"].contains(context.value("channel") ?? "") else { return .notApplicable }
        return (context.value("transcript") ?? "").count >= 4 ? .passed : .failed("来访、电话信访须如实记录诉求")
    }

    static let representatives = Check(id: "representatives", rule: "多人采用走访形式提出同一信访事项的，应当推选代表，代表人数不超过5人", source: article("第二十条")) { context in
        guard context.value("channel") == "来访", let persons = context.value("persons").flatMap(Int.init), persons > 5 else { return .notApplicable }
        let count = (context.value("representatives") ?? "").split(whereSeparator: { "、，, ".contains($0) }).count
        return (1...5).contains(count) ? .passed : .failed("多人来访须推选不超过 5 名代表")
    }

    static let opinionWithBasis = Check(id: "opinionBasis", rule: "信访处理意见书载明诉求、事实、理由、处理意见及其依据", source: article("第三十二条"), readsInput: true) { context in
        (context.value("opinionBasis") ?? "").count >= 4 ? .passed : .failed("须写明处理意见的法律政策依据")
    }

    public static let type = MatterType(
        id: id, name: "信访事项", powerItemCode: nil, legalBasis: regulation, referencePrefix: "XF",
        states: [
            StateSpec("received", "已收到，待登记"),
            StateSpec("registered", "已登记，待告知"),
            StateSpec("accepted", "已受理，办理中"),
            StateSpec("opinionIssued", "已出具处理意见"),
            StateSpec("reexamination", "复查中"),
            StateSpec("reexamined", "已复查"),
            StateSpec("recheck", "复核中"),
            StateSpec("final", "已复核，终结", isTerminal: true),
            StateSpec("closed", "已办结", isTerminal: true),
            StateSpec("routed", "已导入法定途径", isTerminal: true),
            StateSpec("notCompetent", "不属于本机关职责，已告知", isTerminal: true),
            StateSpec("transferred", "已转送有权机关", isTerminal: true),
        ],
        initialState: "received",
        transitions: [
            TransitionSpec("register", "登记", from: ["received"], to: "registered", roles: [.petitionHandler],
                           checks: [.requiredFields(["channel", "category", "petitionerName", "request"], source: article("第二十一条")), transcribed, representatives],
                           inputs: [FieldSpec("transcript", "口头诉求记录（来访、电话）", kind: .longText, required: false)]),
            TransitionSpec("accept", "受理并书面告知", from: ["registered"], to: "accepted", roles: [.petitionHandler],
                           checks: [.clockNotOverdue("notice", source: article("第二十三条"))], issues: [receipt]),
            TransitionSpec("route", "导入诉讼、仲裁、行政复议等法定途径", from: ["registered"], to: "routed", roles: [.petitionHandler],
                           checks: [.clockNotOverdue("notice", source: article("第二十三条"))],
                           inputs: [FieldSpec("procedure", "法定途径", kind: .choice, choices: procedures), FieldSpec("guidance", "告知内容", kind: .longText)],
                           issues: [routing]),
            TransitionSpec("declareNotCompetent", "不属于本机关职责，告知向有权机关提出", from: ["registered"], to: "notCompetent", roles: [.petitionHandler],
                           checks: [.clockNotOverdue("notice", source: article("第二十三条"))],
                           inputs: [FieldSpec("competentBody", "有权处理的机关"), FieldSpec("guidance", "告知内容", kind: .longText)], issues: [notAccepted]),
            TransitionSpec("transfer", "转送有权机关", from: ["registered"], to: "transferred", roles: [.petitionHandler],
                           checks: [.clockNotOverdue("notice", source: article("第二十三条"))],
                           inputs: [FieldSpec("competentBody", "转送机关"), FieldSpec("guidance", "转送说明", kind: .longText)]),
            TransitionSpec("objectNotCompetent", "提出不属于本机关职责的异议（转送、交办来件）", from: ["registered"], to: "transferred", roles: [.petitionHandler],
                           checks: [.withinClock("objection", rule: "认为不属于本机关职责的，应当自收到之日起五个工作日内提出异议", source: article("第二十三条"))],
                           inputs: [FieldSpec("objection", "异议理由", kind: .longText)]),
            TransitionSpec("investigate", "调查核实", from: ["accepted"], to: "accepted", roles: [.petitionHandler],
                           inputs: [FieldSpec("investigation", "调查核实情况", kind: .longText), FieldSpec("coHandlers", "会同办理的部门", required: false)]),
            TransitionSpec("issueOpinion", "出具信访处理意见书", from: ["accepted"], to: "opinionIssued", roles: [.petitionHandler],
                           checks: [opinionWithBasis, .clockNotOverdue("handling", source: article("第三十四条"))],
                           inputs: [FieldSpec("outcome", "处理意见", kind: .choice, choices: outcomes), FieldSpec("opinionText", "事实、理由和处理意见", kind: .longText),
                                    FieldSpec("opinionBasis", "处理依据", kind: .longText)],
                           marks: [.decided], issues: [opinion]),
            TransitionSpec("close", "办结", from: ["opinionIssued"], to: "closed", roles: [.petitionHandler],
                           checks: [.clockElapsed("reexaminationRequest", rule: "复查请求期限届满后办结", source: article("第三十五条"))],
                           inputs: [FieldSpec("closingNote", "办结说明", kind: .longText, required: false)], marks: [.closed]),
            // No request for review within the 30 days: the matter closes by itself (the party's window, not the bureau's).
            TransitionSpec("closeUnchallenged", "复查请求期限届满，自动办结", from: ["opinionIssued"], to: "closed", roles: [],
                           checks: [.clockElapsed("reexaminationRequest", rule: "复查请求期限届满后办结", source: article("第三十五条"))],
                           isAutomatic: true),
            TransitionSpec("requestReexamination", "收到复查请求", from: ["opinionIssued"], to: "reexamination", roles: [.petitionHandler],
                           checks: [.withinClock("reexaminationRequest", rule: "自收到书面答复之日起三十日内请求复查", source: article("第三十五条"))],
                           inputs: [FieldSpec("reexaminationRequest", "复查请求", kind: .longText)]),
            TransitionSpec("decideReexamination", "出具复查意见", from: ["reexamination"], to: "reexamined", roles: [.petitionHandler, .leader],
                           checks: [.clockNotOverdue("reexamination", source: article("第三十五条"))],
                           inputs: [FieldSpec("reexaminationOutcome", "复查意见", kind: .choice, choices: ["维持原处理意见", "撤销或者变更原处理意见"]),
                                    FieldSpec("reexaminationText", "复查意见书内容", kind: .longText)], issues: [reexamination]),
            TransitionSpec("closeAfterReexamination", "复查后办结", from: ["reexamined"], to: "closed", roles: [.petitionHandler],
                           checks: [.clockElapsed("recheckRequest", rule: "复核请求期限届满后办结", source: article("第三十六条"))], marks: [.closed]),
            TransitionSpec("requestRecheck", "收到复核请求", from: ["reexamined"], to: "recheck", roles: [.petitionHandler],
                           checks: [.withinClock("recheckRequest", rule: "自收到复查意见之日起三十日内请求复核", source: article("第三十六条"))],
                           inputs: [FieldSpec("recheckRequest", "复核请求", kind: .longText)]),
            TransitionSpec("decideRecheck", "出具复核意见，信访终结", from: ["recheck"], to: "final", roles: [.petitionHandler, .leader],
                           checks: [.clockNotOverdue("recheck", source: article("第三十六条"))],
                           inputs: [FieldSpec("recheckText", "复核意见书内容", kind: .longText)], issues: [recheck]),
        ],
        clocks: [
            ClockSpec("notice", "书面告知期限", kind: .stage, period: .days(15), legalBasis: article("第二十三条"),
                      startsOn: ["register"], stopsOn: ["accept", "route", "declareNotCompetent", "transfer", "objectNotCompetent"]),
            ClockSpec("objection", "职责异议期限", kind: .stage, period: .workdays(5), legalBasis: article("第二十三条"),
                      startsOn: [.created], stopsOn: ["register", "objectNotCompetent"]),
            ClockSpec("handling", "办理期限", kind: .overall, period: .days(60), legalBasis: article("第三十四条"),
                      startsOn: ["accept"], stopsOn: ["issueOpinion"],
                      extensionRule: ExtensionRule(maximum: .days(30), approverRoles: [.leader], requiresNoticeToParty: true,
                                                   legalBasis: article("第三十四条（经本机关负责人批准，可以适当延长，延长期限不得超过三十日）"))),
            ClockSpec("reexaminationRequest", "复查请求期限", kind: .stage, period: .days(30), legalBasis: article("第三十五条"),
                      startsOn: ["issueOpinion"], stopsOn: ["requestReexamination", "close", "closeUnchallenged"], onExpiry: "closeUnchallenged"),
            ClockSpec("reexamination", "复查期限", kind: .stage, period: .days(30), legalBasis: article("第三十五条"),
                      startsOn: ["requestReexamination"], stopsOn: ["decideReexamination"]),
            ClockSpec("recheckRequest", "复核请求期限", kind: .stage, period: .days(30), legalBasis: article("第三十六条"),
                      startsOn: ["decideReexamination"], stopsOn: ["requestRecheck", "closeAfterReexamination"]),
            ClockSpec("recheck", "复核期限", kind: .stage, period: .days(30), legalBasis: article("第三十六条（听证时间不计算在内）"),
                      startsOn: ["requestRecheck"], stopsOn: ["decideRecheck"]),
        ],
        fields: [
            FieldSpec("channel", "信访形式", kind: .choice, choices: channels),
            FieldSpec("category", "类别", kind: .choice, choices: categories),
            FieldSpec("petitionerName", "信访人", mask: .name),
            FieldSpec("petitionerID", "信访人公民身份号码", kind: .idNumber, required: false, mask: .idNumber),
            FieldSpec("phone", "联系电话", kind: .mobile, required: false, mask: .phone),
            FieldSpec("address", "通信地址", required: false, mask: .hidden),
            FieldSpec("persons", "人数", kind: .integer, required: false),
            FieldSpec("representatives", "代表（多人来访时）", required: false),
            FieldSpec("request", "诉求", kind: .longText),
            FieldSpec("transcript", "口头诉求记录（来访、电话）", kind: .longText, required: false),
            FieldSpec("respondentUsername", "被检举控告的工作人员（用户名，检举控告时填写）", required: false, mask: .hidden),
            FieldSpec("respondentUnitCode", "被检举控告的单位（组织机构代码）", required: false, mask: .hidden),
            FieldSpec("outcome", "处理意见", required: false, onApplicationForm: false),
        ],
        creatorRoles: [.petitionHandler, .citizen],
        isOfferedOnline: true,
        createdAt: .levels([.divisionCity]),
        barredAccountField: "respondentUsername", barredUnitField: "respondentUnitCode")
}
