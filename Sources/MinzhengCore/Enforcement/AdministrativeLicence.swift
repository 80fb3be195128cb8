import Foundation

/// 行政许可 for the licensing items of the power list (行政许可法): acceptance on the spot or within 5 days, a decision
/// within 20 working days (10 more with the head's approval), the certificate served within 10 working days, and the
/// decision published within 7 working days (国办发〔2018〕118号).
public enum AdministrativeLicence {
    public static let id: MatterTypeID = "administrativeLicence"
    static let law = "中华人民共和国行政许可法"

    static let acceptance = DocumentSpec(kind: "xuke.acceptance", title: "行政许可受理通知书", numberPrefix: "图民许受字")
    static let notAccepted = DocumentSpec(kind: "xuke.notAccepted", title: "行政许可不予受理决定书", numberPrefix: "图民许不受字")
    static let grant = DocumentSpec(kind: "xuke.grant", title: "准予行政许可决定书", numberPrefix: "图民许字")
    static let refusal = DocumentSpec(kind: "xuke.refusal", title: "不予行政许可决定书", numberPrefix: "图民许不字")

    public static let type = MatterType(
        id: id, name: "行政许可", powerItemCode: nil, legalBasis: law, referencePrefix: "XK",
        states: [
            StateSpec("applied", "已申请，待受理"),
            StateSpec("accepted", "已受理，审查中"),
            StateSpec("reviewed", "已审查，待决定"),
            StateSpec("granted", "准予许可，待送达"),
            StateSpec("served", "已送达许可证件", isTerminal: true),
            StateSpec("refused", "不予许可", isTerminal: true),
            StateSpec("notAccepted", "不予受理", isTerminal: true),
            StateSpec("withdrawn", "申请人撤回", isTerminal: true),
            StateSpec("revoked", "许可已撤销", isTerminal: true),
        ],
        initialState: "applied",
        transitions: [
            TransitionSpec("accept", "受理", from: ["applied"], to: "accepted", roles: [.intakeClerk, .enforcementOfficer],
                           checks: [.requiredFields(["applicantType", "applicantName", "powerItemCode", "request"], source: "行政许可法 第三十二条"),
                                    .clockNotOverdue("acceptance", source: "行政许可法 第三十二条"), .legalBasisCited()],
                           issues: [acceptance]),
            TransitionSpec("notAccept", "不予受理", from: ["applied"], to: "notAccepted", roles: [.intakeClerk, .enforcementOfficer],
                           inputs: [FieldSpec("reasons", "不予受理的理由及救济途径", kind: .longText)], marks: [.decided], issues: [notAccepted]),
            TransitionSpec("review", "审查", from: ["accepted"], to: "reviewed", roles: [.reviewer],
                           inputs: [FieldSpec("reviewOpinion", "审查意见（材料、条件、现场核查）", kind: .longText)]),
            TransitionSpec("grant", "准予许可", from: ["reviewed"], to: "granted", roles: [.leader, .approver],
                           checks: [.differentActor(from: ["review"], rule: "审查与决定分离", source: "行政许可法 第三十四条"),
                                    .clockNotOverdue("decision", source: "行政许可法 第四十二条"), .legalBasisCited()],
                           inputs: [FieldSpec("licenceNumber", "许可证件编号"), FieldSpec("decisionText", "许可内容", kind: .longText)],
                           marks: [.decided], issues: [grant], effects: [.publishDecision]),
            TransitionSpec("refuse", "不予许可", from: ["reviewed"], to: "refused", roles: [.leader, .approver],
                           checks: [.clockNotOverdue("decision", source: "行政许可法 第四十二条")],
                           inputs: [FieldSpec("decisionText", "不予许可的理由及救济途径", kind: .longText)],
                           marks: [.decided], issues: [refusal], effects: [.publishDecision]),
            TransitionSpec("serve", "送达许可证件", from: ["granted"], to: "served", roles: [.intakeClerk, .enforcementOfficer],
                           checks: [.withinClock("service", rule: "自作出决定之日起十日内颁发、送达", source: "行政许可法 第四十四条")],
                           inputs: [FieldSpec("serviceDate", "送达日期", kind: .date)], marks: [.served]),
            TransitionSpec("withdraw", "申请人撤回申请", from: ["applied", "accepted", "reviewed"], to: "withdrawn", roles: [.intakeClerk, .enforcementOfficer],
                           inputs: [FieldSpec("reasons", "撤回说明", kind: .longText)]),
            TransitionSpec("revoke", "撤销许可", from: ["granted", "served"], to: "revoked", roles: [.leader],
                           inputs: [FieldSpec("revocationReason", "撤销理由", kind: .longText)], effects: [.withdrawDecision]),
        ],
        clocks: [
            ClockSpec("acceptance", "受理期限", kind: .stage, period: .workdays(5), legalBasis: "行政许可法 第三十二条、第八十二条",
                      startsOn: [.created], stopsOn: ["accept", "notAccept"]),
            ClockSpec("decision", "许可决定期限", kind: .overall, period: .workdays(20), legalBasis: "行政许可法 第四十二条",
                      startsOn: ["accept"], stopsOn: ["grant", "refuse"],
                      extensionRule: ExtensionRule(maximum: .workdays(10), approverRoles: [.leader], requiresNoticeToParty: true,
                                                   legalBasis: "行政许可法 第四十二条（经本行政机关负责人批准，可以延长十日）")),
            ClockSpec("service", "颁发、送达期限", kind: .stage, period: .workdays(10), legalBasis: "行政许可法 第四十四条",
                      startsOn: ["grant"], stopsOn: ["serve"]),
        ],
        fields: [
            FieldSpec("powerItemCode", "许可事项（权责事项编码）", hint: "如 MZ-XK-001"),
            FieldSpec("applicantType", "申请人类型", kind: .choice, choices: PenaltyCase.partyTypes),
            FieldSpec("applicantName", "申请人", mask: .name),
            FieldSpec("applicantCode", "统一社会信用代码或公民身份号码", required: false, mask: .idNumber),
            FieldSpec("request", "申请事项及内容", kind: .longText),
            FieldSpec("licenceNumber", "许可证件编号", required: false, onApplicationForm: false),
            FieldSpec("decisionText", "决定内容", kind: .longText, required: false, onApplicationForm: false),
        ],
        creatorRoles: [.intakeClerk, .enforcementOfficer],
        createdAt: .levels([.divisionCity]),
        publicDecision: PublicDecisionSpec(
            kind: "行政许可", publishWithin: .workdays(7),
            fields: [("applicantName", "申请人"), ("applicantCode", "统一社会信用代码/身份证号"), ("request", "许可事项"), ("licenceNumber", "许可证件编号"),
                     ("decisionText", "决定内容")],
            naturalPersonField: "applicantType", partyNameField: "applicantName", partyCodeField: "applicantCode"))
}

/// A challenge of an enforcement act: 行政复议 or 行政诉讼 (rules.md §6.4), with the answer deadline, the head's
/// attendance, the outcome and, when the act is corrected, its publication taken down.
public enum LegalChallenge {
    public static let id: MatterTypeID = "legalChallenge"

    public static let kinds = ["行政复议", "行政诉讼一审", "行政诉讼二审", "再审"]

    /// Outcomes of 复议 and 诉讼 (行政复议法 第六十三条至第七十三条；行政诉讼法 第六十九条至第七十八条).
    public static let outcomes = ["维持", "驳回", "撤销", "部分撤销", "变更", "确认违法", "确认无效", "责令履行", "调解结案", "驳回诉讼请求", "责令赔偿"]
    /// The outcomes that correct the act (直接纠错, rules.md §6.4 ✘ `metrics.correctionRateFormula`).
    public static let correcting: Set<String> = ["撤销", "部分撤销", "变更", "确认违法", "确认无效", "责令履行", "责令赔偿"]

    static let correctedActWithdrawn = Check(id: "originalCited", rule: "被复议、被诉的行政行为须可查", source: "行政复议法 第七十九条") { context in
        (context.value("originalReference") ?? "").isEmpty ? .failed("请填写原行政行为的办件编号") : .passed
    }

    public static let type = MatterType(
        id: id, name: "行政复议和行政诉讼", powerItemCode: nil, legalBasis: "中华人民共和国行政复议法（2023）；中华人民共和国行政诉讼法", referencePrefix: "FY",
        states: [
            StateSpec("received", "已收到复议答复通知或起诉状副本"),
            StateSpec("answered", "已提交答复（答辩）及证据"),
            StateSpec("heard", "已听证或开庭"),
            StateSpec("decided", "已作出复议决定或裁判", isTerminal: true),
            StateSpec("withdrawn", "申请人撤回或原告撤诉", isTerminal: true),
        ],
        initialState: "received",
        transitions: [
            TransitionSpec("answer", "提交答复（答辩）、证据和依据", from: ["received"], to: "answered", roles: [.legalReviewer],
                           checks: [correctedActWithdrawn,
                                    Check(id: "answerInTime", rule: "逾期不答复、不提交证据的，视为没有证据", source: "行政复议法 第四十八条、第七十条；行政诉讼法 第六十七条") { context in
                                        guard let clock = context.clocks.last(where: { $0.clockID == "answer" && $0.isRunning }), !clock.isPending else { return .notApplicable }
                                        return context.today <= clock.dueDate ? .passed : .failed("答复期限已于 \(clock.dueDate.chineseDescription) 届满")
                                    }],
                           inputs: [FieldSpec("answerSummary", "答复（答辩）要点", kind: .longText)]),
            TransitionSpec("hold", "听证或开庭", from: ["answered"], to: "heard", roles: [.legalReviewer, .leader],
                           inputs: [FieldSpec("hearingDate", "日期", kind: .date),
                                    FieldSpec("headAttended", "机关负责人出庭（参加听证）", kind: .flag, required: false),
                                    FieldSpec("attendanceNote", "负责人未出庭的说明及出庭人员", kind: .longText, required: false)]),
            TransitionSpec("recordOutcome", "登记复议决定或裁判结果", from: ["answered", "heard"], to: "decided", roles: [.legalReviewer],
                           inputs: [FieldSpec("outcome", "结果", kind: .choice, choices: outcomes),
                                    FieldSpec("outcomeDate", "决定或裁判日期", kind: .date),
                                    FieldSpec("correctiveAction", "纠正措施及期限（被纠错的）", kind: .longText, required: false)],
                           marks: [.decided],
                           derive: { context in ["corrected": correcting.contains(context.value("outcome") ?? "") ? "yes" : "no"] }),
            TransitionSpec("recordOutcomeAndWithdraw", "登记纠错结果并撤回原决定公示", from: ["answered", "heard"], to: "decided", roles: [.legalReviewer],
                           checks: [Check(id: "correcting", rule: "结果为撤销、变更、确认违法等纠错情形", source: "行政处罚法 第四十八条") { context in
                               correcting.contains(context.value("outcome") ?? "") ? .passed : .failed("未纠错的结果请使用「登记复议决定或裁判结果」")
                           }],
                           inputs: [FieldSpec("outcome", "结果", kind: .choice, choices: outcomes),
                                    FieldSpec("outcomeDate", "决定或裁判日期", kind: .date),
                                    FieldSpec("correctiveAction", "纠正措施及期限", kind: .longText)],
                           marks: [.decided], effects: [.withdrawReferencedDecision(field: "originalReference")],
                           derive: { _ in ["corrected": "yes"] }),
            TransitionSpec("withdraw", "撤回或撤诉", from: ["received", "answered", "heard"], to: "withdrawn", roles: [.legalReviewer],
                           inputs: [FieldSpec("withdrawnAfterSelfCorrection", "因本机关自行纠正而撤回", kind: .flag, required: false),
                                    FieldSpec("reasons", "说明", kind: .longText)]),
        ],
        clocks: [
            ClockSpec("answer", "答复（答辩）期限", kind: .overall, period: .workdays(10), legalBasis: "行政复议法 第四十八条（10个工作日）；行政诉讼法 第六十七条（15日）",
                      startsOn: [.created], stopsOn: ["answer"], periodField: "kind",
                      periodChoices: ["行政复议": .workdays(10), "行政诉讼一审": .days(15), "行政诉讼二审": .days(15), "再审": .days(15)]),
        ],
        fields: [
            FieldSpec("kind", "类别", kind: .choice, choices: kinds),
            FieldSpec("originalReference", "原行政行为办件编号"),
            FieldSpec("body", "复议机关或人民法院"),
            FieldSpec("applicant", "申请人（原告）", mask: .name),
            FieldSpec("receivedDate", "收到日期", kind: .date),
            FieldSpec("claims", "请求事项", kind: .longText),
            FieldSpec("outcome", "结果", required: false, onApplicationForm: false),
            FieldSpec("outcomeDate", "结果日期", kind: .date, required: false, onApplicationForm: false),
            FieldSpec("corrected", "被纠错", kind: .flag, required: false, onApplicationForm: false),
            FieldSpec("headAttended", "负责人出庭", kind: .flag, required: false, onApplicationForm: false),
            FieldSpec("hearingDate", "听证或开庭日期", kind: .date, required: false, onApplicationForm: false),
            FieldSpec("withdrawnAfterSelfCorrection", "因自行纠正而撤回", kind: .flag, required: false, onApplicationForm: false),
        ],
        creatorRoles: [.legalReviewer],
        createdAt: .levels([.divisionCity]))
}

/// An enforcement certificate (执法证): number, category and validity, published on the portal.
public struct OfficerCertificate: Sendable, Hashable, Codable {
    public var accountID: UUID
    public var username: String
    public var name: String
    public var number: String
    public var category: String
    public var validFrom: CivilDate
    public var validUntil: CivilDate

    public init(accountID: UUID, username: String, name: String, number: String, category: String, validFrom: CivilDate, validUntil: CivilDate) {
        self.accountID = accountID
        self.username = username
        self.name = name
        self.number = number
        self.category = category
        self.validFrom = validFrom
        self.validUntil = validUntil
    }

    public func isValid(on day: CivilDate) -> Bool { validFrom <= day && day <= validUntil }

    public static func validate(number: String, validFrom: CivilDate?, validUntil: CivilDate?) throws -> (CivilDate, CivilDate) {
        let trimmed = number.trimmingCharacters(in: .whitespaces)
        guard (6...30).contains(trimmed.count), trimmed.allSatisfy({ $0.isASCII && ($0.isNumber || $0.isLetter) }) else {
            throw ValidationError(field: "执法证号", reason: "应为 6–30 位数字或字母。")
        }
        guard let validFrom, let validUntil else { throw ValidationError(field: "有效期", reason: "请填写有效期起止日期。") }
        guard validFrom <= validUntil else { throw ValidationError(field: "有效期", reason: "起始日期不能晚于截止日期。") }
        return (validFrom, validUntil)
    }
}

/// The year's reconsideration and litigation figures (rules.md §6.4, ✘ `metrics.correctionRateFormula`):
/// 直接纠错率 = corrected ÷ decided on the merits; 综合纠错率 adds mediation and withdrawals after self-correction;
/// 负责人出庭率 = hearings the head attended ÷ hearings held.
public struct CorrectionFigures: Sendable, Hashable {
    public var decided: Int
    public var corrected: Int
    public var mediated: Int
    public var withdrawnAfterSelfCorrection: Int
    public var hearings: Int
    public var headAttended: Int

    public init(decided: Int = 0, corrected: Int = 0, mediated: Int = 0, withdrawnAfterSelfCorrection: Int = 0, hearings: Int = 0, headAttended: Int = 0) {
        self.decided = decided
        self.corrected = corrected
        self.mediated = mediated
        self.withdrawnAfterSelfCorrection = withdrawnAfterSelfCorrection
        self.hearings = hearings
        self.headAttended = headAttended
    }

    public var directRate: Double? { decided == 0 ? nil : Double(corrected) / Double(decided) }
    public var comprehensiveRate: Double? {
        let base = decided + withdrawnAfterSelfCorrection
        return base == 0 ? nil : Double(corrected + mediated + withdrawnAfterSelfCorrection) / Double(base)
    }
    public var headAttendanceRate: Double? { hearings == 0 ? nil : Double(headAttended) / Double(hearings) }
}
