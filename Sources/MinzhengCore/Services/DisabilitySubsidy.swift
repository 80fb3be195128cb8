import Foundation

/// 困难残疾人生活补贴和重度残疾人护理补贴 (两项补贴): 国发〔2015〕52号 (rules.md §3.3). The chain: 团镇 受理 and 初审,
/// 公示, 残联 审核 of the certificate and grade, 师市民政 审定, monthly payment.
public enum DisabilitySubsidy {
    public static let id: MatterTypeID = "disabilitySubsidy"
    static let basis = "国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见（国发〔2015〕52号）"

    public static let subsidyTypes = ["困难残疾人生活补贴", "重度残疾人护理补贴", "两项补贴"]

    static let acceptance = DocumentSpec(kind: "liangbu.acceptance", title: "残疾人两项补贴申请受理通知书", numberPrefix: "图民残受字")
    static let approval = DocumentSpec(kind: "liangbu.approval", title: "残疾人两项补贴审定通知书", numberPrefix: "图民残字")
    static let rejection = DocumentSpec(kind: "liangbu.rejection", title: "不予发放残疾人两项补贴通知书", numberPrefix: "图民残不字")
    static let forward = DocumentSpec(kind: "liangbu.forward", title: "跨省通办申请转递函", numberPrefix: "图民残转字")

    static func wantsLiving(_ context: CheckContext) -> Bool { context.value("subsidyType") != "重度残疾人护理补贴" }
    static func wantsCare(_ context: CheckContext) -> Bool { context.value("subsidyType") != "困难残疾人生活补贴" }

    /// Eligibility (◐): the living subsidy for disabled members of 低保 (or low-income) households; the nursing subsidy
    /// for grade 1–2 who need long-term care.
    static let eligible = Check(id: "eligible", rule: "申请人应符合补贴条件", source: "\(basis) 二") { context in
        var problems: [String] = []
        if wantsLiving(context), !["低保家庭", "低收入家庭"].contains(context.value("householdStatus") ?? "") {
            problems.append("生活补贴对象应为低保或低收入家庭的残疾人")
        }
        if wantsCare(context) {
            if !["一级", "二级"].contains(context.value("disabilityGrade") ?? "") { problems.append("护理补贴对象应为一、二级重度残疾人") }
            if context.value("needsLongTermCare") != "yes" { problems.append("护理补贴对象应需要长期照护") }
        }
        return problems.isEmpty ? .passed : .failed(problems.joined(separator: "；"))
    }

    /// Overlap (✘ `disabilitySubsidy.overlapRules`): no living subsidy on the orphan scheme; no nursing subsidy on top
    /// of 老年人护理补贴, 工伤生活护理费 or 长期护理保险.
    static let noOverlap = Check(id: "noOverlap", rule: "不得重复享受同类补贴", source: "\(basis)（重叠规则 ✘ disabilitySubsidy.overlapRules）") { context in
        var problems: [String] = []
        let rules = context.settings.list("disabilitySubsidy.overlapRules")
        if rules.contains("orphanScheme") && wantsLiving(context) && context.value("onOrphanScheme") == "yes" { problems.append("已纳入孤儿基本生活保障的不再享受生活补贴") }
        if rules.contains("otherCareBenefit") && wantsCare(context) && context.value("hasOtherCareBenefit") == "yes" { problems.append("已享受老年人护理补贴、工伤生活护理费或长期护理保险的不再享受护理补贴") }
        return problems.isEmpty ? .passed : .failed(problems.joined(separator: "；"))
    }

    /// The 残联 review is by a reviewer of the 残联 itself (the unit named by ✘ `disabilitySubsidy.federationUnitCode`).
    static let byFederation = Check(id: "byFederation", rule: "残联审核须由残联审核员办理", source: "\(basis) 三") { context in
        let code = context.settings.string("disabilitySubsidy.federationUnitCode")
        return context.actor.roles.contains { $0.role == .reviewer && $0.orgUnitCode == code } ? .passed : .failed("您不是残联（\(code)）的审核员")
    }

    static let crossProvinceOnly = Check(id: "crossProvince", rule: "户籍在外省的申请依跨省通办转递户籍地", source: "\(basis)；跨省通办") { context in
        guard context.settings.bool("disabilitySubsidy.crossProvinceEnabled") else { return .failed("未开通跨省通办") }
        return context.value("hukouElsewhere") == "yes" ? .passed : .failed("申请人户籍在本地，应直接受理")
    }

    /// Payment starts in the month the application was accepted (✘ `disabilitySubsidy.paymentStartRule`).
    static let paymentStart = Check(id: "paymentStart", rule: "补贴发放起始月份符合规定", source: "\(basis)（✘ disabilitySubsidy.paymentStartRule）", readsInput: true) { context in
        guard let accepted = context.events(of: "accept").first, let month = context.input["firstPaymentMonth"] else { return .failed("缺少发放月份") }
        let day = CivilDate(accepted.at)
        let start = context.settings.string("disabilitySubsidy.paymentStartRule") == "nextMonth"
            ? CivilDate(year: day.year, month: day.month, day: 1)!.adding(months: 1) : CivilDate(year: day.year, month: day.month, day: 1)!
        let expected = String(format: "%04d-%02d", start.year, start.month)
        return month == expected ? .passed : .failed("应为 \(expected)")
    }

    static func deriveAmount(_ context: CheckContext) throws -> [String: String] {
        var total = 0
        if wantsLiving(context) {
            guard let living = context.facts[AssistanceScheme.disabilityLivingSubsidy.factKey].flatMap(Int.init) else {
                throw ValidationError(field: "补贴标准", reason: "本年度生活补贴标准尚未设置，请在「管理 → 救助标准」中设置。")
            }
            total += living
        }
        if wantsCare(context) {
            guard let care = context.facts[AssistanceScheme.severeDisabilityCareSubsidy.factKey].flatMap(Int.init) else {
                throw ValidationError(field: "补贴标准", reason: "本年度护理补贴标准尚未设置，请在「管理 → 救助标准」中设置。")
            }
            total += care
        }
        return ["monthlyAmount": String(total)]
    }

    public static let type = MatterType(
        id: id, name: "残疾人两项补贴", powerItemCode: "MZ-JF-004", legalBasis: basis, referencePrefix: "LB",
        states: [
            StateSpec("submitted", "已提交，待受理"),
            StateSpec("townPreliminary", "团镇初审中"),
            StateSpec("townReviewed", "已初审"),
            StateSpec("publicNotice", "公示中"),
            StateSpec("federationReview", "残联审核中"),
            StateSpec("civilAffairsDecision", "师市民政审定中"),
            StateSpec("approved", "已审定，待发放"),
            StateSpec("paying", "按月发放中"),
            StateSpec("suspended", "暂停发放"),
            StateSpec("stopped", "已停发", isTerminal: true),
            StateSpec("rejected", "不予发放", isTerminal: true),
            StateSpec("forwarded", "已转户籍地办理（跨省通办）", isTerminal: true),
            StateSpec("withdrawn", "已撤回", isTerminal: true),
        ],
        initialState: "submitted",
        transitions: [
            TransitionSpec("accept", "受理", from: ["submitted"], to: "townPreliminary", roles: [.intakeClerk],
                           checks: [.requiredFields(["applicantName", "applicantID", "certificateNumber", "disabilityGrade", "subsidyType"], source: "\(basis) 三"),
                                    Check(id: "localHukou", rule: "户籍在外省的申请应转递户籍地", source: "跨省通办") { context in
                                        context.value("hukouElsewhere") == "yes" ? .failed("请办理「跨省通办转递」") : .passed
                                    }, .legalBasisCited()],
                           issues: [acceptance]),
            TransitionSpec("forwardCrossProvince", "跨省通办转递户籍地", from: ["submitted"], to: "forwarded", roles: [.intakeClerk],
                           checks: [crossProvinceOnly],
                           inputs: [FieldSpec("destination", "户籍地民政部门"), FieldSpec("forwardedVia", "转递方式", kind: .choice, choices: ["全国残疾人两项补贴信息系统", "邮寄"])],
                           marks: [.crossProvince], issues: [forward]),
            TransitionSpec("townOpinion", "团镇初审", from: ["townPreliminary"], to: "townReviewed", roles: [.reviewer],
                           checks: [eligible, noOverlap, .clockNotOverdue("townPreliminary", source: "\(basis)（✘ 初审时限）")],
                           inputs: [FieldSpec("opinion", "初审意见", kind: .longText)]),
            TransitionSpec("startNotice", "公示", from: ["townReviewed"], to: "publicNotice", roles: [.reviewer], marks: [.noticeStarted],
                           opensNotice: .days(7), noticeLengthSetting: "disabilitySubsidy.noticeDays"),
            TransitionSpec("dismissObjection", "核查异议：不成立", from: ["publicNotice"], to: "publicNotice", roles: [.reviewer],
                           inputs: [FieldSpec("handling", "异议核查情况及结论", kind: .longText)], marks: [.objectionDismissed]),
            TransitionSpec("sendToFederation", "公示期满，报残联审核", from: ["publicNotice"], to: "federationReview", roles: [.reviewer],
                           checks: [.publicNoticeCompleted(source: "\(basis) 三")],
                           derive: { context in ["routedTo": context.settings.string("disabilitySubsidy.federationUnitCode")] }),
            TransitionSpec("federationReview", "残联审核（残疾人证及等级）", from: ["federationReview"], to: "civilAffairsDecision", roles: [.reviewer],
                           checks: [byFederation, .clockNotOverdue("federationReview", source: "\(basis)（✘ 残联审核时限）")],
                           inputs: [FieldSpec("certificateVerified", "残疾人证核验结果", kind: .choice, choices: ["有效，等级属实", "等级与申报不符", "证件无效"]),
                                    FieldSpec("federationOpinion", "残联审核意见", kind: .longText)]),
            TransitionSpec("approve", "审定发放", from: ["civilAffairsDecision"], to: "approved", roles: [.approver],
                           checks: [eligible, noOverlap, .legalBasisCited(),
                                    Check(id: "certificateValid", rule: "残联核验残疾人证有效且等级属实", source: "\(basis) 三") { context in
                                        context.events(of: "federationReview").last?.data["certificateVerified"] == "有效，等级属实" ? .passed : .failed("残联核验未通过")
                                    }],
                           marks: [.decided], issues: [approval], derive: deriveAmount, derivationReads: [.assistanceStandards]),
            TransitionSpec("reject", "不予发放", from: ["townPreliminary", "townReviewed", "civilAffairsDecision"], to: "rejected", roles: [.approver],
                           inputs: [FieldSpec("reasons", "不予发放的理由", kind: .longText)], marks: [.decided], issues: [rejection]),
            TransitionSpec("startPayment", "开始按月发放", from: ["approved"], to: "paying", roles: [.approver, .reviewer],
                           checks: [paymentStart],
                           inputs: [FieldSpec("firstPaymentMonth", "首次发放月份（YYYY-MM）"), FieldSpec("bankAccount", "发放账户", mask: .bankAccount)]),
            TransitionSpec("suspendPayment", "暂停发放", from: ["paying"], to: "suspended", roles: [.approver],
                           inputs: [FieldSpec("reasons", "暂停理由", kind: .longText)]),
            TransitionSpec("resumePayment", "恢复发放", from: ["suspended"], to: "paying", roles: [.approver],
                           inputs: [FieldSpec("reasons", "恢复理由", kind: .longText)]),
            TransitionSpec("stopPayment", "停发", from: ["paying", "suspended"], to: "stopped", roles: [.approver],
                           inputs: [FieldSpec("reasons", "停发理由及依据", kind: .longText)]),
            TransitionSpec("withdraw", "撤回申请", from: ["submitted", "townPreliminary"], to: "withdrawn", roles: [.citizen], scope: .own),
        ],
        clocks: [
            ClockSpec("townPreliminary", "团镇初审时限", kind: .stage, period: .workdays(10), legalBasis: "\(basis)（✘ disabilitySubsidy.stageLimits）",
                      startsOn: ["accept"], stopsOn: ["townOpinion", "reject"], lengthSetting: "disabilitySubsidy.townPreliminaryWorkdays"),
            ClockSpec("federationReview", "残联审核时限", kind: .stage, period: .workdays(10), legalBasis: "\(basis)（✘ disabilitySubsidy.stageLimits）",
                      startsOn: ["sendToFederation"], stopsOn: ["federationReview"], lengthSetting: "disabilitySubsidy.federationWorkdays"),
        ],
        fields: [
            FieldSpec("applicantName", "申请人", mask: .name, hint: "网上申请时取自申请人账户"),
            FieldSpec("applicantID", "申请人公民身份号码", kind: .idNumber, mask: .idNumber, hint: "网上申请时取自申请人账户"),
            FieldSpec("phone", "联系电话", kind: .mobile, required: false, mask: .phone),
            FieldSpec("certificateNumber", "第二代残疾人证号", kind: .disabilityCertificate, mask: .idNumber, hint: "20 位：公民身份号码加残疾类别、等级各 1 位"),
            FieldSpec("disabilityCategory", "残疾类别", kind: .choice, choices: ["视力", "听力", "言语", "肢体", "智力", "精神", "多重"], mask: .hidden),
            FieldSpec("disabilityGrade", "残疾等级", kind: .choice, choices: ["一级", "二级", "三级", "四级"], mask: .hidden),
            FieldSpec("subsidyType", "申请补贴", kind: .choice, choices: subsidyTypes),
            FieldSpec("householdStatus", "家庭情况", kind: .choice, choices: ["低保家庭", "低收入家庭", "其他困难家庭"], mask: .hidden),
            FieldSpec("needsLongTermCare", "需要长期照护", kind: .flag, required: false, mask: .hidden),
            FieldSpec("onOrphanScheme", "已纳入孤儿基本生活保障", kind: .flag, required: false),
            FieldSpec("hasOtherCareBenefit", "已享受老年人护理补贴、工伤生活护理费或长期护理保险", kind: .flag, required: false),
            FieldSpec("hukouElsewhere", "户籍不在本地（跨省通办）", kind: .flag, required: false),
            FieldSpec("hukouPlace", "户籍所在地（户籍在外省时填写）", required: false),
            FieldSpec("isProxy", "由监护人、连队/社区或他人代为申请", kind: .flag, required: false),
            FieldSpec("routedTo", "转办单位", required: false, onApplicationForm: false),
            FieldSpec("monthlyAmount", "月补贴金额（元）", kind: .amountFen, required: false, onApplicationForm: false),
            FieldSpec("bankAccount", "发放账户", required: false, mask: .bankAccount, onApplicationForm: false),
        ],
        creatorRoles: [.citizen, .intakeClerk],
        publicNotice: PublicNoticeSpec(
            title: "残疾人两项补贴初审公示", legalBasis: "\(basis) 三",
            fields: [("applicantName", "申请人"), ("subsidyType", "申请补贴")],
            note: "公示期内，对公示对象有异议的，可在本页提交异议。"),
        isOfferedOnline: true, createdAt: .levels([.regimentTownOrSubdistrict, .companyOrCommunity]))
}
