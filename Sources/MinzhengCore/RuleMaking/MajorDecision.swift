import Foundation

/// 重大行政决策 (rules.md §7.2; 重大行政决策程序暂行条例, applied by analogy to departments, 第四十二条): the five procedures
/// as gates — public participation (≥30 days unless a reason is recorded), expert opinions, risk assessment (each done or
/// not applicable with a reason), legality review (≥7 working days, before discussion), collective discussion (each
/// member's view, the head last, dissent minuted) — then the report to the Party committee, the decision, publication,
/// execution and a post-evaluation by a unit that did not prepare it.
public enum MajorDecision {
    public static let id: MatterTypeID = "majorDecision"
    static let regulation = "重大行政决策程序暂行条例（国务院令第713号）"
    static func article(_ text: String) -> String { "\(regulation) \(text)" }

    static func done(_ transitions: [TransitionID], _ name: String) -> Check {
        Check(id: "procedure.\(transitions[0].rawValue)", rule: "\(name)已完成或已记录不适用的理由", source: article("第十九条至第二十四条")) { context in
            transitions.contains { !context.events(of: $0).isEmpty } ? .passed : .failed("尚未完成\(name)，也未说明不适用的理由")
        }
    }

    static let consultationLength = Check(id: "consultationDays", rule: "征求意见期限一般不少于30日，缩短的须说明理由", source: article("第十五条"), readsInput: true) { context in
        let days = Int(context.value("consultationDays") ?? "") ?? 0
        if days >= 30 { return .passed }
        guard days > 0 else { return .failed("请填写征求意见天数") }
        return (context.value("shortReason") ?? "").count >= 4 ? .passed : .failed("少于30日的须说明理由")
    }

    static let hearingMaterialsInTime = Check(id: "hearingMaterials", rule: "听证材料应于听证会7日前送达参加人", source: article("第十七条"), readsInput: true) { context in
        guard let sent = context.value("materialsSentOn").flatMap(CivilDate.init(iso:)),
              let held = context.value("hearingOn").flatMap(CivilDate.init(iso:)) else { return .failed("请填写材料送达日期和听证日期") }
        return held.dayNumber - sent.dayNumber >= 7 ? .passed : .failed("材料于 \(sent.chineseDescription) 送达，距听证不足7日")
    }

    static let legalityDuration = Check(id: "legalityDuration", rule: "合法性审查时间一般不少于7个工作日", source: article("第二十七条"), readsInput: true) { context in
        guard let clock = context.clocks.last(where: { $0.clockID == "legalityReview" }), !clock.isPending else { return .failed("尚未送审") }
        if context.today >= clock.dueDate { return .passed }
        return (context.value("shortReviewReason") ?? "").count >= 4 ? .passed : .failed("审查不足7个工作日（\(clock.dueDate.chineseDescription) 届满），缩短的须说明理由")
    }

    static let evaluatorIndependent = Check.differentActor(from: ["start", "startConsultation", "submitLegality"],
                                                           rule: "后评估不由承担主要论证评估工作的单位进行", source: "重大行政决策程序暂行条例 第三十七条")

    static let decisionDocument = DocumentSpec(kind: "juece.decision", title: "重大行政决策决定", numberPrefix: "图民决")

    public static let type = MatterType(
        id: id, name: "重大行政决策", powerItemCode: nil, legalBasis: regulation, referencePrefix: "JC",
        states: [
            StateSpec("proposed", "已列入目录，待启动"),
            StateSpec("drafting", "拟订方案中"),
            StateSpec("consultation", "公众参与（征求意见）中"),
            StateSpec("consulted", "公众参与完成"),
            StateSpec("legalityReview", "合法性审查中"),
            StateSpec("legalityPassed", "合法性审查通过"),
            StateSpec("discussed", "已集体讨论"),
            StateSpec("reported", "已向党委报告"),
            StateSpec("decided", "已决定，待公布"),
            StateSpec("executing", "已公布，执行中"),
            StateSpec("evaluated", "已完成后评估", isTerminal: true),
            StateSpec("suspended", "停止执行", isTerminal: true),
            StateSpec("dropped", "不予决策", isTerminal: true),
        ],
        initialState: "proposed",
        transitions: [
            TransitionSpec("start", "启动决策", from: ["proposed"], to: "drafting", roles: [.leader],
                           inputs: [FieldSpec("leadUnit", "决策承办单位")]),
            TransitionSpec("startConsultation", "向社会公开征求意见", from: ["drafting"], to: "consultation", roles: [.reviewer],
                           checks: [consultationLength],
                           inputs: [FieldSpec("consultationDays", "征求意见天数", kind: .integer),
                                    FieldSpec("shortReason", "少于30日的理由", kind: .longText, required: false),
                                    FieldSpec("draftText", "决策草案及说明", kind: .longText)]),
            TransitionSpec("holdHearing", "召开听证会", from: ["consultation"], to: "consultation", roles: [.reviewer],
                           checks: [hearingMaterialsInTime],
                           inputs: [FieldSpec("materialsSentOn", "材料送达日期", kind: .date), FieldSpec("hearingOn", "听证日期", kind: .date),
                                    FieldSpec("participants", "听证参加人（事先公布）", kind: .longText), FieldSpec("hearingRecord", "听证笔录摘要（参加人签字确认）", kind: .longText)]),
            TransitionSpec("closeConsultation", "征求意见结束，整理采纳情况", from: ["consultation"], to: "consulted", roles: [.reviewer],
                           checks: [.clockElapsed("consultation", rule: "征求意见期满", source: article("第十五条"))],
                           inputs: [FieldSpec("consultationSummary", "意见采纳情况及理由", kind: .longText)]),
            TransitionSpec("recordExperts", "专家论证", from: ["consulted"], to: "consulted", roles: [.reviewer],
                           inputs: [FieldSpec("experts", "论证专家（无直接利害关系）"), FieldSpec("expertOpinion", "专家书面论证意见摘要", kind: .longText)]),
            TransitionSpec("expertsNotApplicable", "专家论证：不适用", from: ["consulted"], to: "consulted", roles: [.reviewer],
                           inputs: [FieldSpec("expertsNAReason", "不适用的理由", kind: .longText)]),
            TransitionSpec("recordRisk", "风险评估", from: ["consulted"], to: "consulted", roles: [.reviewer],
                           inputs: [FieldSpec("riskReport", "风险评估报告（风险点、防范措施、处置预案）", kind: .longText),
                                    FieldSpec("riskControllable", "风险可控", kind: .flag, required: false)]),
            TransitionSpec("riskNotApplicable", "风险评估：不适用", from: ["consulted"], to: "consulted", roles: [.reviewer],
                           inputs: [FieldSpec("riskNAReason", "不适用的理由", kind: .longText)]),
            TransitionSpec("submitLegality", "提交合法性审查", from: ["consulted"], to: "legalityReview", roles: [.reviewer],
                           checks: [done(["recordExperts", "expertsNotApplicable"], "专家论证"), done(["recordRisk", "riskNotApplicable"], "风险评估"),
                                    Check(id: "riskControllable", rule: "风险不可控的，应调整决策草案", source: article("第二十四条")) { context in
                                        guard let risk = context.events(of: "recordRisk").last else { return .notApplicable }
                                        return risk.data["riskControllable"] == "是" || risk.data["riskControllable"] == "yes" ? .passed : .failed("风险评估认为风险不可控，须先调整决策草案并重新评估")
                                    }]),
            TransitionSpec("passLegality", "合法性审查：合法", from: ["legalityReview"], to: "legalityPassed", roles: [.legalReviewer],
                           checks: [legalityDuration,
                                    .differentActor(from: ["startConsultation", "submitLegality"], rule: "审查人员不得是草案拟订人员", source: article("第二十五条"))],
                           inputs: [FieldSpec("opinion", "合法性审查意见", kind: .longText),
                                    FieldSpec("shortReviewReason", "审查不足7个工作日的理由", kind: .longText, required: false)],
                           marks: [.legalReviewPassed]),
            TransitionSpec("returnLegality", "合法性审查：退回修改", from: ["legalityReview"], to: "drafting", roles: [.legalReviewer],
                           inputs: [FieldSpec("problems", "不合法之处及修改意见", kind: .longText)], marks: [.legalReviewReturned]),
            TransitionSpec("discuss", "集体讨论", from: ["legalityPassed"], to: "discussed", roles: [.leader],
                           checks: [.legalReviewPassed(source: article("第二十八条（未经合法性审查或者经审查不合法的，不得提交讨论）")),
                                    .minimumPeople("attendees", minimum: 3, rule: "由决策机关领导班子集体讨论", source: article("第三十条"))],
                           inputs: [FieldSpec("attendees", "参加人员（以顿号分隔）"),
                                    FieldSpec("membersViews", "与会人员逐一发表的意见", kind: .longText),
                                    FieldSpec("headView", "行政首长最后发表的意见", kind: .longText),
                                    FieldSpec("dissent", "不同意见（如实记录）", kind: .longText, required: false),
                                    FieldSpec("departureReason", "与多数人意见不一致的决定理由", kind: .longText, required: false)],
                           marks: [.collectiveDecisionTaken]),
            TransitionSpec("reportToParty", "报请同级党委同意", from: ["discussed"], to: "reported", roles: [.leader],
                           inputs: [FieldSpec("partyReport", "报告及党委意见", kind: .longText)]),
            TransitionSpec("decide", "作出决策", from: ["reported"], to: "decided", roles: [.leader],
                           checks: [.collectiveDecisionTaken(source: article("第三十条"))],
                           inputs: [FieldSpec("decisionText", "决策内容", kind: .longText)], marks: [.decided], issues: [decisionDocument]),
            TransitionSpec("publish", "公布决策", from: ["decided"], to: "executing", roles: [.leader, .reviewer],
                           inputs: [FieldSpec("publicationChannel", "公布渠道")], effects: [.publishDecision]),
            TransitionSpec("evaluate", "决策后评估", from: ["executing"], to: "evaluated", roles: [.reviewer, .legalReviewer],
                           checks: [evaluatorIndependent],
                           inputs: [FieldSpec("evaluationUnit", "评估单位（非承担主要论证评估的单位）"), FieldSpec("evaluation", "评估结论", kind: .longText)]),
            TransitionSpec("suspend", "停止执行", from: ["executing"], to: "suspended", roles: [.leader],
                           inputs: [FieldSpec("reasons", "理由", kind: .longText)]),
            TransitionSpec("drop", "不予决策", from: ["proposed", "drafting", "consulted", "legalityPassed", "discussed"], to: "dropped", roles: [.leader],
                           inputs: [FieldSpec("reasons", "理由", kind: .longText)]),
        ],
        clocks: [
            ClockSpec("consultation", "征求意见期", kind: .stage, period: .days(30), legalBasis: article("第十五条"),
                      startsOn: ["startConsultation"], stopsOn: ["closeConsultation"], periodField: "consultationDays",
                      periodChoices: Dictionary(uniqueKeysWithValues: (1...90).map { (String($0), Period.days($0)) })),
            ClockSpec("legalityReview", "合法性审查期（不少于7个工作日）", kind: .stage, period: .workdays(7), legalBasis: article("第二十七条"),
                      startsOn: ["submitLegality"], stopsOn: ["passLegality", "returnLegality"]),
        ],
        fields: [
            FieldSpec("title", "决策事项"),
            FieldSpec("catalogueYear", "目录年度", kind: .integer),
            FieldSpec("category", "类别", kind: .choice, choices: ["重大公共政策", "重要规划", "资源开发利用政策", "重大公共建设项目", "其他重大事项"]),
            FieldSpec("summary", "决策事项概要", kind: .longText),
            FieldSpec("leadUnit", "决策承办单位", required: false, onApplicationForm: false),
            FieldSpec("draftText", "决策草案", kind: .longText, required: false, onApplicationForm: false),
            FieldSpec("decisionText", "决策内容", kind: .longText, required: false, onApplicationForm: false),
        ],
        creatorRoles: [.reviewer, .leader],
        createdAt: .levels([.divisionCity]),
        publicDecision: PublicDecisionSpec(kind: "重大行政决策", publishWithin: .workdays(20),
                                           fields: [("title", "决策事项"), ("summary", "概要"), ("decisionText", "决策内容")],
                                           naturalPersonField: nil, partyNameField: "title", partyCodeField: nil))
}

/// 普法 (legal publicity): an activity under the 谁执法谁普法 responsibility list, with its audience and the laws it
/// covered, photos and materials attached; recurring themes come back each year as templates.
public enum PublicityActivity {
    public static let id: MatterTypeID = "publicityActivity"

    public struct Theme: Sendable, Hashable {
        public var name: String
        public var month: Int
        /// The day, or nil for a whole month (敬老月).
        public var day: Int?
        public var laws: String

        public func date(in year: Int) -> CivilDate { CivilDate(year: year, month: month, day: day ?? 1)! }
    }

    /// The recurring themes on the calendar (issue 8, item 3).
    public static let themes = [
        Theme(name: "民法典宣传月", month: 5, day: 20, laws: "中华人民共和国民法典 婚姻家庭编"),
        Theme(name: "七夕婚俗改革和婚姻家庭宣传", month: 8, day: 29, laws: "婚姻登记条例；中华人民共和国民法典 婚姻家庭编"),
        Theme(name: "中华慈善日", month: 9, day: 5, laws: "中华人民共和国慈善法"),
        Theme(name: "敬老月", month: 10, day: nil, laws: "中华人民共和国老年人权益保障法；养老机构管理办法"),
        Theme(name: "国家宪法日", month: 12, day: 4, laws: "中华人民共和国宪法"),
    ]

    public static let audienceKinds = ["社区居民", "服务对象（低保、特困、残疾人等）", "社会组织", "养老机构", "机关干部", "学生", "其他"]

    public static let type = MatterType(
        id: id, name: "普法活动", powerItemCode: nil, legalBasis: "谁执法谁普法普法责任制；“八五”普法规划", referencePrefix: "PF",
        states: [
            StateSpec("planned", "已计划"),
            StateSpec("held", "已开展", isTerminal: true),
            StateSpec("cancelled", "已取消", isTerminal: true),
        ],
        initialState: "planned",
        transitions: [
            TransitionSpec("recordHeld", "记录开展情况", from: ["planned"], to: "held", roles: [.reviewer, .intakeClerk, .enforcementOfficer, .mediator],
                           checks: [Check(id: "photos", rule: "留存活动照片或资料", source: "普法责任制考核") { context in
                               context.materials.isEmpty ? .failed("请先上传活动照片或宣传资料") : .passed
                           }],
                           inputs: [FieldSpec("heldOn", "开展日期", kind: .date), FieldSpec("audienceSize", "受众人数", kind: .integer),
                                    FieldSpec("summary", "开展情况", kind: .longText)]),
            TransitionSpec("cancel", "取消", from: ["planned"], to: "cancelled", roles: [.reviewer, .leader],
                           inputs: [FieldSpec("reasons", "理由", kind: .longText)]),
        ],
        fields: [
            FieldSpec("theme", "主题"),
            FieldSpec("laws", "宣传的法律法规"),
            FieldSpec("plannedOn", "计划日期", kind: .date),
            FieldSpec("place", "地点"),
            FieldSpec("audienceKind", "受众类别", kind: .choice, choices: audienceKinds),
            FieldSpec("heldOn", "开展日期", kind: .date, required: false, onApplicationForm: false),
            FieldSpec("audienceSize", "受众人数", kind: .integer, required: false, onApplicationForm: false),
            FieldSpec("summary", "开展情况", kind: .longText, required: false, onApplicationForm: false),
        ],
        creatorRoles: [.reviewer, .intakeClerk, .enforcementOfficer, .mediator],
        createdAt: .anywhere)
}

/// 学法 and 培训: study sessions (党组理论中心组学习, 党组会, 局务会专题学习) and trainings, with attendance.
public enum StudySession {
    public static let id: MatterTypeID = "studySession"

    public static let studyKinds = ["党组理论中心组学习", "党组会专题学法", "局务会专题学法"]
    public static let trainingKinds = ["线下培训", "线上培训"]

    public static let type = MatterType(
        id: id, name: "学法与培训", powerItemCode: nil, legalBasis: "领导干部学法用法制度；行政执法人员培训制度", referencePrefix: "XF",
        states: [
            StateSpec("planned", "已安排"),
            StateSpec("held", "已举办", isTerminal: true),
            StateSpec("cancelled", "已取消", isTerminal: true),
        ],
        initialState: "planned",
        transitions: [
            TransitionSpec("recordHeld", "记录举办情况", from: ["planned"], to: "held", roles: [.reviewer, .leader, .legalReviewer],
                           checks: [.minimumPeople("attendees", minimum: 2, rule: "记录参加人员", source: "学法制度")],
                           inputs: [FieldSpec("heldOn", "举办日期", kind: .date), FieldSpec("attendees", "参加人员（以顿号分隔）", kind: .longText),
                                    FieldSpec("results", "学习（考试、考核）情况", kind: .longText, required: false)]),
            TransitionSpec("cancel", "取消", from: ["planned"], to: "cancelled", roles: [.reviewer, .leader],
                           inputs: [FieldSpec("reasons", "理由", kind: .longText)]),
        ],
        fields: [
            FieldSpec("kind", "形式", kind: .choice, choices: studyKinds + trainingKinds),
            FieldSpec("topic", "主题"),
            FieldSpec("materials", "学习材料（法律法规、文件）", kind: .longText),
            FieldSpec("plannedOn", "计划日期", kind: .date),
            FieldSpec("heldOn", "举办日期", kind: .date, required: false, onApplicationForm: false),
            FieldSpec("attendees", "参加人员", kind: .longText, required: false, onApplicationForm: false),
            FieldSpec("results", "学习情况", kind: .longText, required: false, onApplicationForm: false),
        ],
        creatorRoles: [.reviewer, .leader, .legalReviewer],
        createdAt: .levels([.divisionCity]))
}
