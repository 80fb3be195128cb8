import Foundation

/// 婚姻家庭纠纷调解 (rules.md §8.2; 人民调解法): intake (a party's application, a divorce couple in the cooling-off, a
/// referral from a court, the police or another body), mediators assigned or chosen, invited participants with the
/// parties' consent, sessions, and the outcome — reconciled (和好，未办理离婚), an agreement with its performance terms and
/// signatures, failure with advice on other routes, or a referral accepted or declined by the receiving body. Judicial
/// confirmation is applied for jointly within 30 days and is refused when the subject is the marriage itself.
public enum MediationCase {
    public static let id: MatterTypeID = "mediationCase"
    static let law = "中华人民共和国人民调解法"
    static func article(_ text: String) -> String { "\(law) \(text)" }

    public static let sources = ["当事人申请", "离婚冷静期转介", "人民法院委托", "公安机关转介", "其他部门转介", "调解组织主动调解"]
    public static let disputeTypes = ["婚姻纠纷", "家庭纠纷", "赡养扶养纠纷", "抚养纠纷", "其他"]
    public static let referralTargets = ["人民调解委员会", "行政调解", "司法调解（人民法院）", "司法所（民政+司法联合调解）", "公安机关"]
    public static let confirmationSubjects = ["财产分割", "子女抚养费", "赡养费、扶养费", "其他财产性条款", "婚姻关系本身（离婚、复婚）"]

    static let agreement = DocumentSpec(kind: "tiaojie.agreement", title: "人民调解协议书", numberPrefix: "图民调字")
    static let registration = DocumentSpec(kind: "tiaojie.register", title: "人民调解登记表", numberPrefix: "图民调登字")

    /// 第二十五条: a risk that the dispute escalates into a public-order or criminal case is reported to the police.
    static let escalationReported = Check(id: "escalation", rule: "纠纷有可能激化的，应当及时报告公安机关", source: article("第二十五条"), readsInput: true) { context in
        guard context.value("riskOfEscalation") == "yes" else { return .passed }
        return (context.value("reportedToPoliceAt") ?? "").isEmpty ? .failed("已标记有激化风险，须记录报告公安机关的时间") : .passed
    }

    static let confirmable = Check(id: "confirmable", rule: "涉及婚姻关系本身的调解协议不予司法确认", source: "最高人民法院关于人民调解协议司法确认程序的若干规定", readsInput: true) { context in
        context.value("confirmationSubject") == confirmationSubjects.last ? .failed("协议内容为婚姻关系本身，人民法院不予受理司法确认；财产、抚养、赡养条款可以申请") : .passed
    }

    static let jointApplication = Check(id: "joint", rule: "双方当事人共同申请司法确认", source: article("第三十三条"), readsInput: true) { context in
        context.value("bothApply") == "yes" ? .passed : .failed("须由双方当事人共同申请")
    }

    static let signed = Check(id: "signed", rule: "协议经各方当事人签名、盖章或按指印，调解员签名并加盖调解委员会印章后生效", source: article("第二十九条"), readsInput: true) { context in
        context.value("signaturesComplete") == "yes" ? .passed : .failed("签名、盖章尚未完成")
    }

    static let receivingBody = Check(id: "receivingBody", rule: "由接收转介的机构决定是否接收", source: "信访工作条例 第三十七条（人民调解、行政调解、司法调解联动）") { context in
        let code = context.matter.fields["routedTo"] ?? ""
        return context.actor.roles.contains { $0.orgUnitCode == code } ? .passed : .failed("您不属于接收转介的机构")
    }

    // Until it accepts, the receiving body sees only the referral (ReferralInbox), not the case.
    public static let type = MatterType(
        id: id, name: "婚姻家庭纠纷调解", powerItemCode: nil, legalBasis: law, referencePrefix: "TJ",
        states: [
            StateSpec("registered", "已登记，待调解"),
            StateSpec("mediating", "调解中"),
            StateSpec("referred", "已转介，待接收"),
            StateSpec("agreed", "已达成调解协议，履行中"),
            StateSpec("confirmationRequested", "已申请司法确认"),
            StateSpec("followUp", "和好，回访中"),
            StateSpec("closed", "调解结案", isTerminal: true),
            StateSpec("failed", "调解不成", isTerminal: true),
            StateSpec("refused", "当事人拒绝调解", isTerminal: true),
            StateSpec("transferredOut", "已移交其他机构办理", isTerminal: true),
        ],
        initialState: "registered",
        transitions: [
            TransitionSpec("accept", "受理并指定调解员", from: ["registered"], to: "mediating", roles: [.mediator],
                           checks: [.requiredFields(["partyAName", "partyBName", "disputeType", "facts"], source: article("第十七条"))],
                           inputs: [FieldSpec("mediators", "调解员（指定或当事人选择）"),
                                    FieldSpec("mode", "调解方式", kind: .choice, choices: ["不公开调解", "公开调解"])],
                           issues: [registration]),
            TransitionSpec("partyRefuses", "当事人明确拒绝调解", from: ["registered", "mediating"], to: "refused", roles: [.mediator],
                           inputs: [FieldSpec("reasons", "情况说明", kind: .longText)]),
            TransitionSpec("recordSession", "记录调解", from: ["mediating"], to: "mediating", roles: [.mediator],
                           checks: [escalationReported],
                           inputs: [FieldSpec("sessionDate", "调解日期", kind: .date), FieldSpec("sessionNotes", "调解工作记录", kind: .longText),
                                    FieldSpec("invited", "邀请参与调解的人员（亲属、邻里、专业人员，经当事人同意）", required: false),
                                    FieldSpec("riskOfEscalation", "纠纷有激化风险", kind: .flag, required: false),
                                    FieldSpec("reportedToPoliceAt", "报告公安机关的时间", required: false)]),
            TransitionSpec("consultCounsel", "咨询法律顾问", from: ["mediating", "registered"], to: "mediating", roles: [.mediator],
                           inputs: [FieldSpec("counsel", "法律顾问"), FieldSpec("question", "咨询事项", kind: .longText), FieldSpec("advice", "法律意见", kind: .longText)]),
            TransitionSpec("reconcile", "和好，未办理离婚", from: ["mediating"], to: "followUp", roles: [.mediator],
                           checks: [escalationReported],
                           inputs: [FieldSpec("reconciliationNote", "和好情况", kind: .longText)], marks: [.decided]),
            TransitionSpec("followUpVisit", "回访", from: ["followUp", "agreed"], to: "closed", roles: [.mediator],
                           inputs: [FieldSpec("visitNote", "回访情况（协议履行、家庭关系）", kind: .longText)], marks: [.closed]),
            TransitionSpec("reachAgreement", "达成调解协议", from: ["mediating"], to: "agreed", roles: [.mediator],
                           checks: [signed, escalationReported],
                           inputs: [FieldSpec("terms", "协议内容（各方责任和约定事项）", kind: .longText),
                                    FieldSpec("performance", "履行方式", kind: .longText),
                                    FieldSpec("performanceDeadline", "履行期限", kind: .date),
                                    FieldSpec("signaturesComplete", "各方当事人已签名（盖章、按指印），调解员已签名，已加盖调委会印章", kind: .flag, required: false)],
                           marks: [.decided], issues: [agreement]),
            TransitionSpec("requestConfirmation", "共同申请司法确认", from: ["agreed"], to: "confirmationRequested", roles: [.mediator],
                           checks: [confirmable, jointApplication,
                                    .withinClock("confirmation", rule: "自调解协议生效之日起三十日内共同申请", source: article("第三十三条"))],
                           inputs: [FieldSpec("confirmationSubject", "申请确认的协议内容", kind: .choice, choices: confirmationSubjects),
                                    FieldSpec("bothApply", "双方当事人共同申请", kind: .flag, required: false),
                                    FieldSpec("court", "受理法院")]),
            TransitionSpec("recordConfirmation", "登记司法确认结果", from: ["confirmationRequested"], to: "agreed", roles: [.mediator],
                           inputs: [FieldSpec("confirmationResult", "结果", kind: .choice, choices: ["裁定确认有效", "裁定驳回申请"])]),
            TransitionSpec("fail", "调解不成，终止调解", from: ["mediating"], to: "failed", roles: [.mediator],
                           checks: [escalationReported],
                           inputs: [FieldSpec("otherRoutes", "告知的其他途径（仲裁、行政、司法途径）", kind: .longText)], marks: [.decided]),
            TransitionSpec("refer", "转介", from: ["registered", "mediating"], to: "referred", roles: [.mediator],
                           inputs: [FieldSpec("referralTarget", "转介方式", kind: .choice, choices: referralTargets),
                                    FieldSpec("routedTo", "接收机构（组织机构代码）"),
                                    FieldSpec("referralScope", "转介时提供的案情（限转介所需）", kind: .longText)]),
            TransitionSpec("acceptReferral", "接收转介", from: ["referred"], to: "mediating", roles: [.mediator],
                           checks: [receivingBody], inputs: [FieldSpec("referralReply", "接收意见", kind: .longText)]),
            TransitionSpec("declineReferral", "不予接收，退回", from: ["referred"], to: "mediating", roles: [.mediator],
                           checks: [receivingBody], inputs: [FieldSpec("referralReply", "不予接收的理由", kind: .longText)],
                           derive: { _ in ["routedTo": ""] }),
            TransitionSpec("transferOut", "移交其他机构办理", from: ["referred"], to: "transferredOut", roles: [.mediator],
                           checks: [receivingBody], inputs: [FieldSpec("referralReply", "办理情况", kind: .longText)]),
        ],
        clocks: [
            ClockSpec("confirmation", "司法确认申请期限", kind: .stage, period: .days(30), legalBasis: article("第三十三条"),
                      startsOn: ["reachAgreement"], stopsOn: ["requestConfirmation", "followUpVisit"]),
        ],
        fields: [
            FieldSpec("disputeType", "纠纷类型", kind: .choice, choices: disputeTypes),
            FieldSpec("source", "来源", kind: .choice, choices: sources),
            FieldSpec("divorceReference", "关联的离婚登记办件编号（冷静期转介时填写）", required: false),
            FieldSpec("partyAName", "当事人甲", mask: .name),
            FieldSpec("partyAID", "当事人甲公民身份号码", kind: .idNumber, required: false, mask: .idNumber),
            FieldSpec("partyAPhone", "当事人甲联系电话", kind: .mobile, required: false, mask: .phone),
            FieldSpec("partyBName", "当事人乙", mask: .name),
            FieldSpec("partyBID", "当事人乙公民身份号码", kind: .idNumber, required: false, mask: .idNumber),
            FieldSpec("partyBPhone", "当事人乙联系电话", kind: .mobile, required: false, mask: .phone),
            FieldSpec("facts", "纠纷事实和争议焦点", kind: .longText, mask: .hidden),
            FieldSpec("mediators", "调解员", required: false, onApplicationForm: false),
            FieldSpec("routedTo", "接收机构", required: false, onApplicationForm: false),
            FieldSpec("riskOfEscalation", "激化风险", kind: .flag, required: false, onApplicationForm: false),
            FieldSpec("reportedToPoliceAt", "报告公安机关时间", required: false, onApplicationForm: false),
            FieldSpec("terms", "协议内容", kind: .longText, required: false, mask: .hidden, onApplicationForm: false),
            FieldSpec("performanceDeadline", "履行期限", kind: .date, required: false, onApplicationForm: false),
        ],
        creatorRoles: [.mediator],
        createdAt: .anywhere).with { $0.routedReadWithheldIn = ["referred"] }
}
