import Foundation

/// 行政处罚案件 (rules.md §6.2–§6.3; 行政处罚法): 立案 within the limitation period → investigation by two certified
/// officers with evidence → 告知 of the proposed penalty, worked out on the published discretion benchmark → 陈述申辩
/// and, where the penalty qualifies, a hearing (request within 5 working days, notice 7 working days ahead) → legal
/// review where the decision is major (a hard gate) → collective decision where required → decision within 90 days →
/// service within 7 working days, which publishes it → execution → closure.
public enum PenaltyCase {
    public static let id: MatterTypeID = "penaltyCase"
    static let law = "行政处罚法"

    public static let partyTypes = ["自然人", "法人或者其他组织"]

    static let filing = DocumentSpec(kind: "chufa.filing", title: "立案审批表", numberPrefix: "图民罚立字")
    static let advance = DocumentSpec(kind: "chufa.advance", title: "行政处罚事先告知书", numberPrefix: "图民罚告字")
    static let hearingNotice = DocumentSpec(kind: "chufa.hearingNotice", title: "行政处罚听证通知书", numberPrefix: "图民罚听字")
    static let decision = DocumentSpec(kind: "chufa.decision", title: "行政处罚决定书", numberPrefix: "图民罚决字")
    static let noPenalty = DocumentSpec(kind: "chufa.noPenalty", title: "不予行政处罚决定书", numberPrefix: "图民不罚字")
    static let serviceReceipt = DocumentSpec(kind: "chufa.service", title: "送达回证", numberPrefix: "图民罚送字")
    static let revocation = DocumentSpec(kind: "chufa.revocation", title: "撤销行政处罚决定书", numberPrefix: "图民罚撤字")

    /// 行政处罚法 第三十六条: two years, five where life, health or financial safety is affected with harmful consequences;
    /// counted from the act or, if it continued, from its end.
    static let withinLimitation = Check(id: "limitation", rule: "违法行为在追责时效内", source: "行政处罚法 第三十六条") { context in
        guard let start = (context.value("violationEndDate") ?? context.value("violationDate")).flatMap(CivilDate.init(iso:)) else {
            return .failed("须填写违法行为发生（或终了）日期")
        }
        let years = context.value("severeHarm") == "yes" ? 5 : 2
        let limit = start.adding(years: years)
        return context.today <= limit ? .passed : .failed("违法行为于 \(start.chineseDescription) 发生或终了，\(years) 年时效已于 \(limit.chineseDescription) 届满，不再给予行政处罚")
    }

    /// The case's benchmark, from the facts (`benchmark` = the published version's JSON).
    static func benchmark(_ context: CheckContext) -> DiscretionBenchmark? {
        context.facts["benchmark"].flatMap { try? JSONDecoder().decode(DiscretionBenchmark.self, from: Data($0.utf8)) }
    }

    static let benchmarkPublished = Check(id: "benchmarkPublished", rule: "违法行为有已公布的裁量基准", source: "行政处罚法 第三十四条；国办发〔2022〕27号",
                                            reads: [.benchmark]) { context in
        benchmark(context) == nil ? .failed("没有编码为「\(context.value("benchmarkCode") ?? "")」的已公布裁量基准") : .passed
    }

    static var circumstanceInputs: [FieldSpec] {
        Circumstance.allCases.map { FieldSpec("c_\($0.rawValue)", $0.chineseName, kind: .flag, required: false) }
    }

    static func circumstances(_ context: CheckContext) -> Set<Circumstance> {
        Set(Circumstance.allCases.filter { context.input["c_\($0.rawValue)"] == "yes" })
    }

    /// Whether a decision is major (✘ `enforcement.majorFineIndividual` / `majorFineEntity`) — legal review and the
    /// collective decision follow from it.
    static func isMajor(_ context: CheckContext, amountFen: Int) -> Bool {
        let key = context.value("partyType") == "自然人" ? "enforcement.majorFineIndividual" : "enforcement.majorFineEntity"
        return amountFen >= context.settings.int(key) * 100
    }

    static func hearingEligible(_ context: CheckContext, amountFen: Int) -> Bool {
        let key = context.value("partyType") == "自然人" ? "enforcement.hearingFineIndividual" : "enforcement.hearingFineEntity"
        return amountFen >= context.settings.int(key) * 100
    }

    /// At 告知: the circumstances, the proposal, the tier chosen and the amount; a tier the circumstances do not allow
    /// needs a written reason and sends the case to legal review.
    static func deriveProposal(_ context: CheckContext) throws -> [String: String] {
        guard let benchmark = benchmark(context) else { return [:] }
        let set = circumstances(context)
        let proposal = PenaltyProposal.propose(set)
        let chosen = PenaltyTier.allCases.first { $0.chineseName == context.input["proposedTier"] } ?? proposal.tier
        let amount = Int(context.input["proposedAmount"] ?? "") ?? 0
        let deviation = !proposal.allowed.contains(chosen)
        return [
            "circumstances": set.map(\.rawValue).sorted().joined(separator: ","),
            "proposedTierSystem": proposal.tier.chineseName,
            "proposalReason": proposal.reason,
            "benchmarkID": benchmark.id.uuidString.lowercased(),
            "benchmarkVersion": String(benchmark.version),
            "deviation": deviation ? "yes" : "no",
            "needsLegalReview": deviation || isMajor(context, amountFen: amount) ? "yes" : "no",
            "major": isMajor(context, amountFen: amount) ? "yes" : "no",
            "hearingEligible": hearingEligible(context, amountFen: amount) ? "yes" : "no",
        ]
    }

    static func tierCheck(tierKey: String, amountKey: String, id: String) -> Check {
        Check(id: id, rule: "罚款数额在所选裁量阶次的幅度内，偏离建议阶次须说明理由", source: "国办发〔2022〕27号；裁量基准", readsInput: true, reads: [.benchmark]) { context in
            guard let benchmark = benchmark(context) else { return .failed("没有可适用的裁量基准") }
            guard let tier = PenaltyTier.allCases.first(where: { $0.chineseName == context.value(tierKey) }) else { return .failed("请选择裁量阶次") }
            guard let range = benchmark.tier(tier) else { return .failed("裁量基准没有「\(tier.chineseName)」阶次") }
            let amount = Int(context.value(amountKey) ?? "") ?? -1
            guard range.contains(amount) else {
                return .failed("「\(tier.chineseName)」的幅度为 \(range.rangeDescription)，拟处罚款 \(amount < 0 ? "未填写" : Money.formatYuan(amount) + " 元")")
            }
            let proposal = PenaltyProposal.propose(circumstances(context).isEmpty ? PenaltyProposal.parse(context.matter.fields["circumstances"]) : circumstances(context))
            if !proposal.allowed.contains(tier) && (context.value("deviationReason") ?? "").count < 4 {
                return .failed("根据所记录的情节应适用「\(proposal.tier.chineseName)」（\(proposal.reason)），选择「\(tier.chineseName)」须写明偏离理由并经法制审核")
            }
            return .passed
        }
    }

    static let evidenceGathered = Check(id: "evidence", rule: "调查取证，证据须记录来源和哈希值", source: "行政处罚法 第四十六条、第四十七条") { context in
        context.materials.contains { $0.kind.hasPrefix("证据") } ? .passed : .failed("尚未登记任何证据")
    }

    /// The decision waits for the statement/hearing window unless a hearing was held or the party's defence is recorded.
    static let windowClosed = Check(id: "rightsWindow", rule: "陈述申辩和听证申请期限届满或当事人已陈述申辩后作出决定", source: "行政处罚法 第四十四条、第六十三条、第六十四条") { context in
        if !context.events(of: "holdHearing").isEmpty || !context.events(of: "recordDefence").isEmpty { return .passed }
        guard let clock = context.clocks.last(where: { $0.clockID == "statementWindow" }), !clock.isPending else { return .failed("尚未告知") }
        return context.today > clock.dueDate ? .passed : .failed("当事人陈述申辩和申请听证的期限至 \(clock.dueDate.chineseDescription) 届满")
    }

    /// 未经法制审核或者审核未通过的，不得作出决定 — for every case whose decision is major or deviates from the benchmark.
    static let reviewedWhereRequired = Check(id: "legalReviewRequired", rule: "未经法制审核或者审核未通过的，不得作出决定", source: "行政处罚法 第五十八条") { context in
        guard context.matter.fields["needsLegalReview"] == "yes" || !context.events(of: "holdHearing").isEmpty else { return .notApplicable }
        return Check.legalReviewPassed().run(context).status == .passed ? .passed : .failed("本案属于重大执法决定（或偏离裁量基准、经过听证），须先经法制审核通过")
    }

    static let collectiveWhereRequired = Check(id: "collectiveRequired", rule: "情节复杂或者重大违法行为给予行政处罚，应当集体讨论决定", source: "行政处罚法 第五十七条") { context in
        guard context.matter.fields["major"] == "yes" else { return .notApplicable }
        return context.lastEvent(marked: .collectiveDecisionTaken) != nil ? .passed : .failed("重大案件须经负责人集体讨论决定")
    }

    static let hearingRequestable = Check(id: "hearingEligible", rule: "拟作出较大数额罚款等处罚的，当事人有权要求听证", source: "行政处罚法 第六十三条") { context in
        context.matter.fields["hearingEligible"] == "yes" ? .passed : .failed("拟作出的处罚不属于听证范围")
    }

    static let firstViolationEducated = Check(id: "education", rule: "首违不罚的，应当对当事人进行教育", source: "行政处罚法 第三十三条", readsInput: true) { context in
        let set = PenaltyProposal.parse(context.matter.fields["circumstances"])
        let proposal = PenaltyProposal.propose(set)
        guard proposal.allowed.contains(.noPenalty) else {
            return .failed("所记录的情节不属于不予处罚情形（\(proposal.reason)）")
        }
        if set.contains(.firstViolationSlightCorrected) && !proposal.mandatory {
            return (context.value("educationRecord") ?? "").count >= 4 ? .passed : .failed("首违不罚须记录对当事人的教育情况")
        }
        return .passed
    }

    public static let type = MatterType(
        id: id, name: "行政处罚案件", powerItemCode: nil, legalBasis: "中华人民共和国行政处罚法", referencePrefix: "CF",
        states: [
            StateSpec("registered", "案件来源已登记，待立案"),
            StateSpec("investigating", "已立案，调查取证中"),
            StateSpec("rightsNotified", "已告知，陈述申辩期"),
            StateSpec("hearingRequested", "当事人要求听证"),
            StateSpec("hearingNoticed", "已通知听证"),
            StateSpec("heard", "已听证"),
            StateSpec("legalReview", "法制审核中"),
            StateSpec("legalReviewed", "法制审核通过"),
            StateSpec("collectivelyDecided", "已集体讨论"),
            StateSpec("decided", "已作出处罚决定，待送达"),
            StateSpec("served", "已送达，待执行"),
            StateSpec("executed", "已执行"),
            StateSpec("closed", "已结案", isTerminal: true),
            StateSpec("closedNoPenalty", "不予行政处罚", isTerminal: true),
            StateSpec("dropped", "不予立案或撤销立案", isTerminal: true),
            StateSpec("revoked", "处罚决定已撤销", isTerminal: true),
        ],
        initialState: "registered",
        transitions: [
            TransitionSpec("file", "批准立案", from: ["registered"], to: "investigating", roles: [.leader],
                           checks: [.requiredFields(["partyType", "partyName", "benchmarkCode", "violationDate", "caseFacts"], source: "行政处罚法 第五十四条"),
                                    withinLimitation, benchmarkPublished, .legalBasisCited()],
                           inputs: [FieldSpec("filingOpinion", "立案审批意见", kind: .longText)], issues: [filing],
                           derive: { context in benchmark(context).map { ["powerItemCode": $0.powerItemCode] } ?? [:] }, derivationReads: [.benchmark]),
            TransitionSpec("drop", "不予立案", from: ["registered"], to: "dropped", roles: [.leader],
                           inputs: [FieldSpec("reasons", "不予立案的理由", kind: .longText)]),
            TransitionSpec("notifyRights", "告知拟处罚内容及陈述、申辩、听证权利", from: ["investigating"], to: "rightsNotified", roles: [.enforcementOfficer],
                           checks: [.twoCertifiedOfficers(), evidenceGathered, benchmarkPublished,
                                    tierCheck(tierKey: "proposedTier", amountKey: "proposedAmount", id: "proposedInTier")],
                           inputs: [FieldSpec("coOfficer", "同行执法人员（用户名）"),
                                    FieldSpec("violationFacts", "认定的违法事实", kind: .longText),
                                    FieldSpec("proposedTier", "拟适用裁量阶次", kind: .choice, choices: PenaltyTier.allCases.map(\.chineseName)),
                                    FieldSpec("proposedAmount", "拟处罚款（元；不予处罚填 0）", kind: .amountFen),
                                    FieldSpec("deviationReason", "偏离建议阶次的理由（如有）", kind: .longText, required: false)] + circumstanceInputs,
                           issues: [advance], derive: deriveProposal, derivationReads: [.benchmark]),
            TransitionSpec("recordDefence", "记录陈述、申辩", from: ["rightsNotified", "hearingRequested"], to: "rightsNotified", roles: [.enforcementOfficer],
                           checks: [.twoCertifiedOfficers()],
                           inputs: [FieldSpec("coOfficer", "同行执法人员（用户名）"), FieldSpec("defence", "当事人陈述、申辩内容", kind: .longText),
                                    FieldSpec("defenceAdopted", "复核意见", kind: .choice, choices: ["采纳", "部分采纳", "不予采纳"]),
                                    FieldSpec("defenceReply", "复核理由", kind: .longText)]),
            TransitionSpec("requestHearing", "登记听证申请", from: ["rightsNotified"], to: "hearingRequested", roles: [.enforcementOfficer],
                           checks: [hearingRequestable, .withinClock("statementWindow", rule: "当事人应在告知后五个工作日内提出听证要求", source: "行政处罚法 第六十四条")]),
            TransitionSpec("noticeHearing", "送达听证通知", from: ["hearingRequested"], to: "hearingNoticed", roles: [.enforcementOfficer],
                           inputs: [FieldSpec("hearingHost", "听证主持人（非本案调查人员）")], issues: [hearingNotice]),
            TransitionSpec("holdHearing", "举行听证", from: ["hearingNoticed"], to: "heard", roles: [.enforcementOfficer, .legalReviewer],
                           checks: [.clockReached("hearingNotice", rule: "行政机关应当在举行听证的七个工作日前通知当事人", source: "行政处罚法 第六十四条、第八十五条")],
                           inputs: [FieldSpec("hearingRecord", "听证笔录摘要", kind: .longText)]),
            TransitionSpec("requestLegalReview", "提交法制审核", from: ["rightsNotified", "heard"], to: "legalReview", roles: [.enforcementOfficer],
                           checks: [windowClosed], inputs: [FieldSpec("reviewMaterials", "拟处理意见（事实、依据、裁量、执法人员资格）", kind: .longText)]),
            TransitionSpec("passLegalReview", "法制审核通过", from: ["legalReview"], to: "legalReviewed", roles: [.legalReviewer],
                           checks: [.differentActor(from: ["notifyRights", "recordDefence", "requestLegalReview"], rule: "法制审核人员不得是本案承办人",
                                                    source: "国办发〔2018〕118号")],
                           inputs: [FieldSpec("opinion", "法制审核意见（主体、事实证据、依据与裁量、程序、文书）", kind: .longText)],
                           marks: [.legalReviewPassed]),
            TransitionSpec("returnLegalReview", "法制审核退回补正", from: ["legalReview"], to: "investigating", roles: [.legalReviewer],
                           inputs: [FieldSpec("reviewProblems", "存在的问题及补正意见", kind: .longText)], marks: [.legalReviewReturned]),
            TransitionSpec("collectiveDecision", "负责人集体讨论", from: ["legalReviewed"], to: "collectivelyDecided", roles: [.leader],
                           checks: [.minimumPeople("attendees", minimum: 3, rule: "集体讨论由负责人集体参加并记录", source: "行政处罚法 第五十七条")],
                           inputs: [FieldSpec("attendees", "参加人员（以顿号分隔）"), FieldSpec("minutes", "讨论记录及结论", kind: .longText)],
                           marks: [.collectiveDecisionTaken]),
            TransitionSpec("decide", "作出行政处罚决定", from: ["rightsNotified", "heard", "legalReviewed", "collectivelyDecided"], to: "decided", roles: [.leader],
                           checks: [windowClosed, reviewedWhereRequired, collectiveWhereRequired, benchmarkPublished,
                                    tierCheck(tierKey: "decidedTier", amountKey: "decidedAmount", id: "decidedInTier"),
                                    Check(id: "notNoPenalty", rule: "给予处罚的，阶次不能为不予处罚", source: law, readsInput: true) { context in
                                        context.value("decidedTier") == PenaltyTier.noPenalty.chineseName ? .failed("请使用「不予行政处罚」") : .passed
                                    },
                                    .clockNotOverdue("decision", source: "行政处罚法 第六十条"), .legalBasisCited()],
                           inputs: [FieldSpec("decidedTier", "裁量阶次", kind: .choice, choices: PenaltyTier.allCases.map(\.chineseName)),
                                    FieldSpec("decidedAmount", "罚款（元）", kind: .amountFen),
                                    FieldSpec("otherPenalty", "其他处罚（警告、没收等）", required: false),
                                    FieldSpec("benchmarkApplication", "裁量基准适用说明", kind: .longText),
                                    FieldSpec("deviationReason", "偏离建议阶次的理由（如有）", kind: .longText, required: false)],
                           marks: [.decided], issues: [decision]),
            TransitionSpec("decideNoPenalty", "作出不予行政处罚决定", from: ["rightsNotified", "heard", "legalReviewed", "collectivelyDecided"], to: "closedNoPenalty",
                           roles: [.leader],
                           checks: [firstViolationEducated, reviewedWhereRequired, .clockNotOverdue("decision", source: "行政处罚法 第六十条")],
                           inputs: [FieldSpec("noPenaltyGround", "不予处罚的理由", kind: .longText),
                                    FieldSpec("educationRecord", "对当事人的教育情况（首违不罚必填）", kind: .longText, required: false)],
                           marks: [.decided], issues: [noPenalty]),
            TransitionSpec("serve", "送达处罚决定书", from: ["decided"], to: "served", roles: [.enforcementOfficer],
                           checks: [.twoCertifiedOfficers(),
                                    .withinClock("service", rule: "当事人不在场的，七个工作日内送达", source: "行政处罚法 第六十一条")],
                           inputs: [FieldSpec("coOfficer", "同行执法人员（用户名）"),
                                    FieldSpec("serviceMethod", "送达方式", kind: .choice, choices: ["直接送达", "留置送达", "邮寄送达", "电子送达", "公告送达"]),
                                    FieldSpec("serviceDate", "送达日期", kind: .date)],
                           marks: [.served], issues: [serviceReceipt], effects: [.publishDecision]),
            TransitionSpec("execute", "执行完毕", from: ["served"], to: "executed", roles: [.enforcementOfficer],
                           inputs: [FieldSpec("execution", "执行情况（缴款日期、票据号等）", kind: .longText)]),
            TransitionSpec("close", "结案", from: ["executed"], to: "closed", roles: [.leader],
                           inputs: [FieldSpec("closingReport", "结案报告", kind: .longText)], marks: [.closed]),
            TransitionSpec("revoke", "撤销处罚决定", from: ["decided", "served", "executed", "closed"], to: "revoked", roles: [.leader],
                           inputs: [FieldSpec("revocationReason", "撤销理由（复议、诉讼结果或自行纠错）", kind: .longText)],
                           issues: [revocation], effects: [.withdrawDecision]),
        ],
        clocks: [
            ClockSpec("decision", "作出处罚决定期限", kind: .overall, period: .days(90), legalBasis: "行政处罚法 第六十条",
                      startsOn: ["file"], stopsOn: ["decide", "decideNoPenalty"]),
            ClockSpec("statementWindow", "陈述申辩及听证申请期限", kind: .stage, period: .workdays(5), legalBasis: "行政处罚法 第六十四条、第八十五条",
                      startsOn: ["notifyRights"], stopsOn: ["requestLegalReview", "decide", "decideNoPenalty"]),
            ClockSpec("hearingNotice", "听证通知期（七个工作日）", kind: .stage, period: .workdays(7), legalBasis: "行政处罚法 第六十四条、第八十五条",
                      startsOn: ["noticeHearing"], stopsOn: ["holdHearing"]),
            ClockSpec("service", "送达期限", kind: .stage, period: .workdays(7), legalBasis: "行政处罚法 第六十一条",
                      startsOn: ["decide"], stopsOn: ["serve"]),
        ],
        fields: [
            FieldSpec("partyType", "当事人类型", kind: .choice, choices: partyTypes),
            FieldSpec("partyName", "当事人", mask: .name),
            FieldSpec("partyCode", "统一社会信用代码或公民身份号码", required: false, mask: .idNumber),
            FieldSpec("benchmarkCode", "违法行为（裁量基准编码）", hint: "见「执法 → 裁量基准」，如 CF-001-01"),
            FieldSpec("violationDate", "违法行为发生日期", kind: .date),
            FieldSpec("violationEndDate", "违法行为终了日期（连续或继续状态的）", kind: .date, required: false),
            FieldSpec("severeHarm", "涉及公民生命健康安全、金融安全且有危害后果（时效五年）", kind: .flag, required: false),
            FieldSpec("caseSource", "案件来源", kind: .choice, choices: ["监督检查", "投诉举报", "上级交办", "其他部门移送", "双随机抽查"]),
            FieldSpec("caseFacts", "案情摘要", kind: .longText),
            FieldSpec("powerItemCode", "权责事项", required: false, onApplicationForm: false),
            FieldSpec("violationFacts", "认定的违法事实", kind: .longText, required: false, onApplicationForm: false),
            FieldSpec("circumstances", "情节", required: false, mask: .hidden, onApplicationForm: false),
            FieldSpec("proposedTierSystem", "系统建议阶次", required: false, onApplicationForm: false),
            FieldSpec("proposalReason", "建议理由", required: false, onApplicationForm: false),
            FieldSpec("proposedTier", "拟适用阶次", required: false, onApplicationForm: false),
            FieldSpec("proposedAmount", "拟处罚款", kind: .amountFen, required: false, onApplicationForm: false),
            FieldSpec("benchmarkID", "裁量基准", required: false, mask: .hidden, onApplicationForm: false),
            FieldSpec("benchmarkVersion", "裁量基准版本", required: false, onApplicationForm: false),
            FieldSpec("deviation", "偏离建议阶次", kind: .flag, required: false, onApplicationForm: false),
            FieldSpec("needsLegalReview", "须法制审核", kind: .flag, required: false, onApplicationForm: false),
            FieldSpec("major", "重大执法决定", kind: .flag, required: false, onApplicationForm: false),
            FieldSpec("hearingEligible", "属于听证范围", kind: .flag, required: false, onApplicationForm: false),
            FieldSpec("decidedTier", "裁量阶次", required: false, onApplicationForm: false),
            FieldSpec("decidedAmount", "罚款", kind: .amountFen, required: false, onApplicationForm: false),
            FieldSpec("otherPenalty", "其他处罚", required: false, onApplicationForm: false),
            FieldSpec("benchmarkApplication", "裁量基准适用说明", kind: .longText, required: false, onApplicationForm: false),
        ],
        creatorRoles: [.enforcementOfficer],
        createdAt: .levels([.divisionCity]),
        publicDecision: PublicDecisionSpec(
            kind: "行政处罚", publishWithin: .workdays(7),
            fields: [("partyName", "当事人"), ("partyCode", "统一社会信用代码/身份证号"), ("violationFacts", "主要违法事实"), ("decidedTier", "裁量阶次"),
                     ("decidedAmount", "罚款"), ("otherPenalty", "其他处罚"), ("benchmarkVersion", "裁量基准版本")],
            naturalPersonField: "partyType", partyNameField: "partyName", partyCodeField: "partyCode"))
}
