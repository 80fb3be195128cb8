import Foundation

/// 最低生活保障 (低保): 最低生活保障审核确认办法, 民发〔2021〕57号 (rules.md §3.1).
public enum MinimumLivingAllowance {
    public static let id: MatterTypeID = "minimumLivingAllowance"
    static let basis = "最低生活保障审核确认办法（民发〔2021〕57号）"

    static func article(_ number: String) -> String { "\(basis) \(number)" }

    /// The income categories of 第十三条, entered as monthly household totals.
    public static let incomeFields = ["wageIncome", "businessIncome", "propertyIncome", "transferIncome", "otherIncome"]

    /// Per-capita income and the household's monthly amount by the gap method: (standard − per-capita income) × members.
    public static func monthlyAmount(standardFen: Int, members: Int, incomeFen: Int, deductionsFen: Int) -> (perCapitaFen: Int, amountFen: Int) {
        guard members > 0 else { return (0, 0) }
        let net = max(0, incomeFen - deductionsFen)
        let perCapita = net / members
        return (perCapita, max(0, standardFen - perCapita) * members)
    }

    /// Computes the proposed amount from the facts (the standard of the matter's area and year) and the application.
    static func deriveAmount(_ context: CheckContext) throws -> [String: String] {
        guard let standard = context.facts[AssistanceScheme.minimumLivingAllowance.factKey].flatMap(Int.init) else {
            throw ValidationError(field: "低保标准", reason: "本年度本地区的低保标准尚未设置，请系统管理员在「管理 → 救助标准」中设置后再办理。")
        }
        let members = context.value("memberCount").flatMap(Int.init) ?? 0
        let income = incomeFields.compactMap { context.value($0).flatMap(Int.init) }.reduce(0, +)
        let deductions = context.value("deductions").flatMap(Int.init) ?? 0
        let result = monthlyAmount(standardFen: standard, members: members, incomeFen: income, deductionsFen: deductions)
        return ["standardFen": String(standard), "perCapitaIncome": String(result.perCapitaFen), "proposedAmount": String(result.amountFen)]
    }

    static let acceptanceNotice = DocumentSpec(kind: "dibao.acceptance", title: "最低生活保障申请受理通知书", numberPrefix: "图民救受字")
    static let deficiencyNotice = DocumentSpec(kind: "dibao.deficiency", title: "补正材料一次性告知书", numberPrefix: "图民救补字")
    static let confirmation = DocumentSpec(kind: "dibao.confirmation", title: "最低生活保障确认通知书", numberPrefix: "图民救字")
    static let rejection = DocumentSpec(kind: "dibao.rejection", title: "不予确认最低生活保障通知书", numberPrefix: "图民救不字")
    static let change = DocumentSpec(kind: "dibao.change", title: "最低生活保障金变更通知书", numberPrefix: "图民救变字")

    static let town: [Role] = [.reviewer]
    static let staffAtIntake: [Role] = [.intakeClerk]

    static let investigators = Check.minimumPeople("investigators", minimum: 2, rule: "入户调查人员不少于二人", source: article("第十五条"))

    /// A relative of staff is registered separately and 师市 must visit the home (第十一条、第二十条).
    static let separateRegistrationVisited = Check(id: "separateRegistration", rule: "单独登记备案的家庭须由师市入户核查",
                                                   source: article("第十一条、第二十条")) { context in
        guard context.value("relativeOfStaff") == "yes" else { return .notApplicable }
        return context.events(of: "divisionHomeVisit").isEmpty ? .failed("尚未入户核查") : .passed
    }

    /// A proxy application carries the power of attorney (第六条).
    static let proxyAuthorized = Check(id: "proxyAuthorized", rule: "委托申请须有委托手续", source: article("第六条")) { context in
        guard context.matter.channel == "proxy" else { return .notApplicable }
        return context.materials.contains { $0.kind == "委托书" } ? .passed : .failed("缺少委托书")
    }

    /// The first payment is in the month after the decision (第二十一条).
    static let firstPaymentMonth = Check(id: "firstPaymentMonth", rule: "自确认的次月起发放", source: article("第二十一条"), readsInput: true) { context in
        guard let decided = context.lastEvent(marked: .decided), let month = context.input["firstPaymentMonth"] else { return .failed("缺少首次发放月份") }
        let day = CivilDate(decided.at)
        let next = CivilDate(year: day.year, month: day.month, day: 1)!.adding(months: 1)
        let expected = String(format: "%04d-%02d", next.year, next.month)
        return month == expected ? .passed : .failed("应为 \(expected)")
    }

    public static let type = MatterType(
        id: id, name: "最低生活保障审核确认", powerItemCode: "MZ-QR-001", legalBasis: basis, referencePrefix: "DB",
        states: [
            StateSpec("submitted", "已提交，待受理"),
            StateSpec("returnedIncomplete", "待补正材料"),
            StateSpec("accepted", "已受理，待入户调查", stageLimit: .workdays(3), stageBasis: article("第十五条")),
            StateSpec("investigating", "调查核实中"),
            StateSpec("preliminaryOpinion", "已出具初审意见"),
            StateSpec("publicNotice", "公示中"),
            StateSpec("reinvestigating", "异议复查中"),
            StateSpec("sentToDivisionCity", "已报送师市"),
            StateSpec("divisionReview", "师市审核确认中"),
            StateSpec("approved", "已确认，待发放"),
            StateSpec("paying", "按月发放中"),
            StateSpec("stopped", "已停发", isTerminal: true),
            StateSpec("rejected", "不予确认", isTerminal: true),
            StateSpec("terminated", "终止审核确认", isTerminal: true),
            StateSpec("withdrawn", "已撤回", isTerminal: true),
        ],
        initialState: "submitted",
        transitions: [
            TransitionSpec("returnForCompletion", "一次性告知补正", from: ["submitted"], to: "returnedIncomplete", roles: staffAtIntake,
                           inputs: [FieldSpec("deficiencies", "需补正的全部材料（一次列明）", kind: .longText)], issues: [deficiencyNotice]),
            TransitionSpec("resubmit", "补正后重新提交", from: ["returnedIncomplete"], to: "submitted", roles: [.citizen, .intakeClerk]),
            TransitionSpec("accept", "受理", from: ["submitted"], to: "accepted", roles: staffAtIntake,
                           checks: [
                               .requiredFields(["applicantName", "applicantID", "memberCount", "pledgeSigned", "authorizationSigned"], source: article("第九条")),
                               proxyAuthorized, .legalBasisCited(),
                           ],
                           issues: [acceptanceNotice]),
            TransitionSpec("startInvestigation", "开始入户调查", from: ["accepted"], to: "investigating", roles: town + [.investigator],
                           checks: [.clockNotOverdue(.stage("accepted"), source: article("第十五条"))]),
            TransitionSpec("preliminaryOpinion", "出具初审意见", from: ["investigating"], to: "preliminaryOpinion", roles: town,
                           checks: [investigators, .requiredFields(["homeVisitDate", "dataCheckResult", "opinion"], source: article("第十五条至第十七条"))],
                           inputs: [
                               FieldSpec("investigators", "入户调查人员（至少二人，用顿号分隔）"),
                               FieldSpec("homeVisitDate", "入户调查日期", kind: .date),
                               FieldSpec("homeVisitFindings", "入户调查情况（经调查人员和家庭成员签字确认）", kind: .longText),
                               FieldSpec("dataCheckResult", "家庭经济状况信息核对结果", kind: .longText),
                               FieldSpec("opinion", "初审意见", kind: .choice, choices: ["拟同意纳入", "拟不予纳入"]),
                               FieldSpec("policyExplained", "入户时向家庭宣讲了救助政策（计入普法）", kind: .flag, required: false),
                           ],
                           derive: deriveAmount, derivationReads: [.assistanceStandards]),
            TransitionSpec("startNotice", "在连队/社区公示", from: ["preliminaryOpinion"], to: "publicNotice", roles: town,
                           marks: [.noticeStarted], opensNotice: .days(7)),
            TransitionSpec("dismissObjection", "核查异议：不成立", from: ["publicNotice"], to: "publicNotice", roles: town,
                           checks: [Check(id: "objectionPending", rule: "没有待处理的异议", source: article("第十九条")) { context in
                               context.events.contains { $0.marks.contains(.objectionFiled) } ? .passed : .failed("没有收到异议")
                           }],
                           inputs: [FieldSpec("handling", "异议核查情况及结论", kind: .longText)], marks: [.objectionDismissed]),
            TransitionSpec("reinvestigate", "异议成立，重新调查", from: ["publicNotice"], to: "reinvestigating", roles: town,
                           inputs: [FieldSpec("handling", "异议核查情况", kind: .longText)], marks: [.objectionUpheld]),
            TransitionSpec("democraticAppraisal", "异议后组织民主评议", from: ["publicNotice"], to: "reinvestigating", roles: town,
                           checks: [Check(id: "appraisalOnlyAfterObjection", rule: "民主评议仅在有异议时适用", source: article("第十九条")) { context in
                               context.events.contains { $0.marks.contains(.objectionFiled) } ? .passed : .failed("没有收到异议")
                           }],
                           inputs: [FieldSpec("appraisalParticipants", "评议参加人员", kind: .longText), FieldSpec("appraisalResult", "评议结果", kind: .longText)],
                           marks: [.objectionUpheld]),
            TransitionSpec("reviseOpinion", "出具新的初审意见并报送师市", from: ["reinvestigating"], to: "sentToDivisionCity", roles: town,
                           inputs: [FieldSpec("opinion", "新的初审意见", kind: .choice, choices: ["拟同意纳入", "拟不予纳入"]),
                                    FieldSpec("revisionReason", "调整理由", kind: .longText)],
                           derive: deriveAmount, derivationReads: [.assistanceStandards]),
            TransitionSpec("noticeWithoutObjection", "公示期满无异议，报送师市", from: ["publicNotice"], to: "sentToDivisionCity", roles: town,
                           checks: [.publicNoticeCompleted(source: article("第十九条"))]),
            TransitionSpec("startReview", "师市审核确认", from: ["sentToDivisionCity"], to: "divisionReview", roles: [.reviewer]),
            TransitionSpec("divisionHomeVisit", "师市入户核查", from: ["divisionReview"], to: "divisionReview", roles: [.reviewer],
                           checks: [investigators],
                           inputs: [FieldSpec("investigators", "入户核查人员（至少二人）"), FieldSpec("visitFindings", "核查情况", kind: .longText)]),
            TransitionSpec("approve", "确认纳入低保", from: ["divisionReview"], to: "approved", roles: [.approver],
                           checks: [
                               .legalBasisCited(), separateRegistrationVisited,
                               .differentActor(from: ["startReview", "divisionHomeVisit"], rule: "审核与审批由不同人员办理", source: article("第二十条、第二十一条")),
                               .clockNotOverdue("overall", source: article("第二十二条")),
                               .clockNotOverdue("divisionReview", source: article("第二十条")),
                           ],
                           inputs: [FieldSpec("reviewCycle", "定期核查周期（月）", kind: .choice, choices: ["12", "6"],
                                              hint: "收入稳定的家庭 12 个月；收入不稳定或有劳动能力成员的 6 个月（第三十一条）")],
                           marks: [.decided], issues: [confirmation], derive: deriveAmount, derivationReads: [.assistanceStandards]),
            TransitionSpec("reject", "不予确认", from: ["divisionReview"], to: "rejected", roles: [.approver],
                           checks: [.differentActor(from: ["startReview"], rule: "审核与审批由不同人员办理", source: article("第二十条"))],
                           inputs: [FieldSpec("reasons", "不予确认的理由", kind: .longText)], marks: [.decided], issues: [rejection]),
            TransitionSpec("startPayment", "开始按月发放", from: ["approved"], to: "paying", roles: [.approver, .reviewer],
                           checks: [firstPaymentMonth],
                           inputs: [FieldSpec("firstPaymentMonth", "首次发放月份（YYYY-MM）"),
                                    FieldSpec("bankAccount", "社会化发放账户", mask: .bankAccount),
                                    FieldSpec("custodyAgreement", "工作人员代管存折的书面协议已报师市备案", kind: .flag, required: false)]),
            TransitionSpec("adjustAmount", "增发或减发", from: ["paying"], to: "paying", roles: [.approver],
                           inputs: [FieldSpec("newAmount", "调整后月金额（元）", kind: .amountFen), FieldSpec("reasons", "调整理由及依据", kind: .longText)],
                           issues: [change]),
            TransitionSpec("stopPayment", "停发", from: ["paying"], to: "stopped", roles: [.approver],
                           inputs: [FieldSpec("reasons", "停发理由及依据", kind: .longText)], issues: [change]),
            TransitionSpec("terminateNonCooperation", "因不配合调查终止", from: ["accepted", "investigating"], to: "terminated", roles: town,
                           inputs: [FieldSpec("reasons", "不配合调查的情况", kind: .longText)]),
            TransitionSpec("withdraw", "撤回申请", from: ["submitted", "returnedIncomplete", "accepted", "investigating"], to: "withdrawn",
                           roles: [.citizen], scope: .own),
        ],
        clocks: [
            ClockSpec("overall", "审核确认总时限", period: .workdays(30), legalBasis: article("第二十二条"), startsOn: ["accept"],
                      extensionRule: ExtensionRule(maximum: .workdays(15), requiresNoticeToParty: false, legalBasis: article("第二十二条（特殊情况可延长至45个工作日）"))),
            ClockSpec("divisionReview", "师市审核确认时限", kind: .stage, period: .workdays(10), legalBasis: article("第二十条"),
                      startsOn: ["noticeWithoutObjection", "reviseOpinion"], stopsOn: ["approve", "reject"]),
            ClockSpec("periodicReview", "定期核查", kind: .stage, period: .months(12), legalBasis: article("第三十一条"),
                      startsOn: ["startPayment"], stopsOn: ["stopPayment"], monthsField: "reviewCycle"),
        ],
        fields: [
            FieldSpec("applicantName", "申请人", mask: .name, hint: "网上申请时取自申请人账户"),
            FieldSpec("applicantID", "申请人公民身份号码", kind: .idNumber, mask: .idNumber, hint: "网上申请时取自申请人账户"),
            FieldSpec("phone", "联系电话", kind: .mobile, required: false, mask: .phone),
            FieldSpec("address", "居住地址", kind: .longText, mask: .hidden),
            FieldSpec("memberCount", "共同生活家庭成员人数", kind: .integer),
            FieldSpec("members", "家庭成员（关系、姓名、身份证号，每行一人）", kind: .longText, mask: .hidden),
            FieldSpec("wageIncome", "工资性收入（月，元）", kind: .amountFen, required: false),
            FieldSpec("businessIncome", "经营净收入（月，元）", kind: .amountFen, required: false),
            FieldSpec("propertyIncome", "财产净收入（月，元）", kind: .amountFen, required: false),
            FieldSpec("transferIncome", "转移净收入（月，元）", kind: .amountFen, required: false),
            FieldSpec("otherIncome", "其他收入（月，元）", kind: .amountFen, required: false),
            FieldSpec("deductions", "可扣减的刚性支出（月，元）", kind: .amountFen, required: false, hint: "因残疾、重病产生的刚性支出，必要的就业成本"),
            FieldSpec("propertyDescription", "家庭财产情况", kind: .longText, required: false, mask: .hidden),
            FieldSpec("hardshipReason", "申请理由（致困原因）", kind: .longText, required: false, mask: .hidden),
            FieldSpec("pledgeSigned", "已签署承诺书", kind: .flag, required: false),
            FieldSpec("authorizationSigned", "已签署家庭经济状况核对授权书", kind: .flag, required: false),
            FieldSpec("relativeOfStaff", "家庭成员是低保经办人员或村（居）委会成员的近亲属（单独登记备案）", kind: .flag, required: false),
            FieldSpec("standardFen", "适用低保标准（月，元/人）", kind: .amountFen, required: false, onApplicationForm: false),
            FieldSpec("perCapitaIncome", "家庭月人均收入（元）", kind: .amountFen, required: false, onApplicationForm: false),
            FieldSpec("proposedAmount", "月保障金额（元）", kind: .amountFen, required: false, onApplicationForm: false),
            FieldSpec("bankAccount", "社会化发放账户", required: false, mask: .bankAccount, onApplicationForm: false),
            FieldSpec("reviewCycle", "定期核查周期（月）", kind: .integer, required: false, onApplicationForm: false),
        ],
        creatorRoles: [.citizen, .intakeClerk],
        publicNotice: PublicNoticeSpec(
            title: "最低生活保障初审公示", legalBasis: article("第十九条、第二十四条"),
            fields: [("applicantName", "申请人"), ("memberCount", "家庭人口"), ("proposedAmount", "拟保障金额（月）")],
            note: "公示期内，对公示对象有异议的，可在本页提交异议，也可向团镇（街道）反映。"),
        isOfferedOnline: true, createdAt: .levels([.regimentTownOrSubdistrict, .companyOrCommunity]))
}
