import Foundation
import MinzhengCore

/// A complete sample matter type for the engine's own tests: intake, a reviewed step with two investigators, a
/// public notice, legal review, decision, with an overall clock that a 领导 may extend. Modules' real types are
/// tested in their own suites.
public enum SampleMatterType {
    public static let id: MatterTypeID = "sampleLicence"

    public static let acceptance = DocumentSpec(kind: "acceptanceNotice", title: "受理通知书", numberPrefix: "图民样受字")
    public static let deficiency = DocumentSpec(kind: "deficiencyNotice", title: "补正材料通知书", numberPrefix: "图民样补字")
    public static let decision = DocumentSpec(kind: "decision", title: "准予许可决定书", numberPrefix: "图民样许字")

    public static let type = MatterType(
        id: id, name: "样例许可", powerItemCode: "SAMPLE-001", legalBasis: "样例条例 第三条", referencePrefix: "YL",
        states: [
            StateSpec("submitted", "已提交"),
            StateSpec("accepted", "已受理", stageLimit: .workdays(5), stageBasis: "样例条例 第五条"),
            StateSpec("reviewed", "已审查"),
            StateSpec("publicNotice", "公示中"),
            StateSpec("legalReviewed", "已法制审核"),
            StateSpec("approved", "准予许可", isTerminal: true),
            StateSpec("rejected", "不予许可", isTerminal: true),
            StateSpec("returned", "退回补正", isTerminal: true),
        ],
        initialState: "submitted",
        transitions: [
            TransitionSpec("accept", "受理", from: ["submitted"], to: "accepted", roles: [.intakeClerk],
                           checks: [.requiredMaterials([("application", "申请书")], source: "样例条例 第四条")],
                           issues: [acceptance]),
            TransitionSpec("returnIncomplete", "一次性告知补正", from: ["submitted"], to: "returned", roles: [.intakeClerk],
                           inputs: [FieldSpec("deficiencies", "需补正的全部材料", kind: .longText)], issues: [deficiency]),
            TransitionSpec("review", "审查", from: ["accepted"], to: "reviewed", roles: [.reviewer],
                           checks: [
                               .minimumPeople("investigators", minimum: 2, rule: "调查人员不少于二人", source: "样例条例 第六条"),
                               .differentActor(from: ["accept"], rule: "受理人不得审查本人受理的申请", source: "样例条例 第七条"),
                               .clockNotOverdue(.stage("accepted"), source: "样例条例 第五条"),
                           ],
                           inputs: [FieldSpec("investigators", "调查人员（至少二人）"), FieldSpec("opinion", "审查意见", kind: .longText)]),
            TransitionSpec("startNotice", "公示", from: ["reviewed"], to: "publicNotice", roles: [.reviewer],
                           marks: [.noticeStarted], opensNotice: .days(7)),
            TransitionSpec("dismissObjection", "异议不成立", from: ["publicNotice"], to: "publicNotice", roles: [.reviewer],
                           inputs: [FieldSpec("handling", "核查处理意见", kind: .longText)], marks: [.objectionDismissed]),
            TransitionSpec("legalReview", "法制审核通过", from: ["publicNotice"], to: "legalReviewed", roles: [.legalReviewer],
                           checks: [.publicNoticeCompleted(source: "样例条例 第八条")],
                           inputs: [FieldSpec("opinion", "法制审核意见", kind: .longText)], marks: [.legalReviewPassed]),
            TransitionSpec("approve", "准予许可", from: ["legalReviewed"], to: "approved", roles: [.approver],
                           checks: [
                               .legalReviewPassed(), .legalBasisCited(),
                               .differentActor(from: ["review"], rule: "审查人不得审批本人审查的事项", source: "样例条例 第九条"),
                               .clockNotOverdue("overall", source: "样例条例 第十条"),
                           ],
                           inputs: [FieldSpec("amount", "核定金额（元）", kind: .amountFen)], marks: [.decided], issues: [decision]),
            TransitionSpec("reject", "不予许可", from: ["accepted", "reviewed", "legalReviewed"], to: "rejected", roles: [.approver],
                           inputs: [FieldSpec("reasons", "不予许可理由", kind: .longText)], marks: [.decided]),
        ],
        clocks: [
            ClockSpec("overall", "办理总时限", period: .workdays(20), legalBasis: "样例条例 第十条", startsOn: ["accept"],
                      extensionRule: ExtensionRule(maximum: .workdays(10), requiresNoticeToParty: true, legalBasis: "样例条例 第十一条")),
        ],
        fields: [
            FieldSpec("applicantName", "申请人", mask: .name),
            FieldSpec("applicantID", "公民身份号码", kind: .idNumber, mask: .idNumber),
            FieldSpec("purpose", "申请事项", kind: .longText, required: false),
        ],
        creatorRoles: [.citizen, .intakeClerk])

    public static let registry = try! MatterTypeRegistry([type])
    public static let permissions = PermissionTable.make(registry: registry)
}
