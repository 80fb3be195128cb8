import Foundation

/// 行政规范性文件 (rules.md §7.1; 国办发〔2018〕37号、115号): drafted, put to public comment (each comment answered),
/// legality-reviewed (a gate), collectively reviewed, registered with a uniform number, published (within 20 working
/// days), effective 30 days later unless urgent, filed within its deadline, in force for 5 years (试行/暂行 2), reviewed
/// 6 months before expiry, lapsing by itself. Amendment, repeal and renewal are new documents that end the old one's
/// force when they are published — the published text is never edited.
public enum NormativeDocument {
    public static let id: MatterTypeID = "normativeDocument"
    static let basis = "国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知（国办发〔2018〕37号）；国办发〔2018〕115号"

    public static let kinds = ["正式", "试行", "暂行"]
    public static let relations = ["新制定", "修改", "废止", "解释", "重新公布"]

    static let registration = DocumentSpec(kind: "guifan.register", title: "行政规范性文件登记表", numberPrefix: "图民规", numberField: "documentNumber")
    static let publication = DocumentSpec(kind: "guifan.publish", title: "行政规范性文件公布通知", numberPrefix: "图民规发")

    static let commentsAnswered = Check(id: "commentsAnswered", rule: "公开征求的意见须逐条答复采纳或不采纳及理由", source: "国办发〔2018〕37号",
                                           reads: [.unansweredComments]) { context in
        let open = Int(context.facts["unansweredComments"] ?? "0") ?? 0
        return open == 0 ? .passed : .failed("尚有 \(open) 条意见未答复")
    }

    static let referenceCited = Check(id: "referenceCited", rule: "修改、废止、解释、重新公布的，须指明原文件", source: "国办发〔2018〕37号（立改废释）") { context in
        let relation = context.value("relation") ?? "新制定"
        if relation == "新制定" { return .passed }
        return (context.value("supersedes") ?? "").isEmpty ? .failed("请填写原文件的办件编号") : .passed
    }

    /// At publication: effective 30 days later (✘ `normativeDocument.effectiveAfterDays`) unless urgent; in force for 5
    /// years, 试行/暂行 2 (✘); reviewed 6 months and again 1 month before expiry.
    static func deriveDates(_ context: CheckContext) throws -> [String: String] {
        let urgent = context.value("urgent") == "yes"
        let effective = urgent ? context.today : context.today.adding(days: context.settings.int("normativeDocument.effectiveAfterDays"))
        let provisional = ["试行", "暂行"].contains(context.value("docKind") ?? "")
        let years = provisional ? context.settings.int("normativeDocument.provisionalValidityYears") : context.settings.int("normativeDocument.validityYears")
        let expiry = effective.adding(years: years).adding(days: -1)
        return ["publishedOn": context.today.description, "effectiveDate": effective.description, "expiryDate": expiry.description,
                "reviewDate": expiry.adding(months: -6).description, "finalNoticeDate": expiry.adding(months: -1).description]
    }

    static func automatic(_ id: TransitionID, _ name: String, to state: StateID) -> TransitionSpec {
        TransitionSpec(id, name, from: ["published", "filed"], to: state, roles: [], isAutomatic: true)
    }

    public static let type = MatterType(
        id: id, name: "行政规范性文件", powerItemCode: nil, legalBasis: basis, referencePrefix: "GF",
        states: [
            StateSpec("drafting", "起草中"),
            StateSpec("publicComment", "公开征求意见中"),
            StateSpec("commentClosed", "征求意见结束，待答复"),
            StateSpec("legalityReview", "合法性审核中"),
            StateSpec("legalityPassed", "合法性审核通过"),
            StateSpec("collectivelyReviewed", "已集体审议"),
            StateSpec("registered", "已统一登记编号，待公布"),
            StateSpec("published", "已公布，待备案"),
            StateSpec("filed", "已备案"),
            StateSpec("superseded", "已被修改或重新公布", isTerminal: true),
            StateSpec("repealed", "已废止", isTerminal: true),
            StateSpec("expired", "有效期届满自动失效", isTerminal: true),
            StateSpec("invalid", "已宣布失效", isTerminal: true),
            StateSpec("abandoned", "终止起草", isTerminal: true),
        ],
        initialState: "drafting",
        transitions: [
            TransitionSpec("startComment", "公开征求意见", from: ["drafting"], to: "publicComment", roles: [.reviewer],
                           checks: [.requiredFields(["title", "docKind", "leadIssuer", "legalBasis", "text"], source: basis), referenceCited],
                           inputs: [FieldSpec("commentNote", "征求意见说明", kind: .longText)]),
            TransitionSpec("closeComment", "征求意见期满", from: ["publicComment"], to: "commentClosed", roles: [.reviewer],
                           checks: [.clockElapsed("comment", rule: "征求意见期满后方可结束", source: basis)]),
            TransitionSpec("submitForReview", "报送合法性审核", from: ["commentClosed"], to: "legalityReview", roles: [.reviewer],
                           checks: [commentsAnswered, referenceCited],
                           inputs: [FieldSpec("draftingNote", "起草说明（依据、必要性、征求意见采纳情况）", kind: .longText)]),
            TransitionSpec("submitWithoutComment", "不征求意见，直接报送合法性审核", from: ["drafting"], to: "legalityReview", roles: [.reviewer],
                           checks: [.requiredFields(["title", "docKind", "leadIssuer", "legalBasis", "text", "noCommentReason"], source: basis), referenceCited],
                           inputs: [FieldSpec("noCommentReason", "不公开征求意见的理由（依法不公开或涉密等）", kind: .longText),
                                    FieldSpec("draftingNote", "起草说明", kind: .longText)]),
            TransitionSpec("passLegality", "合法性审核通过", from: ["legalityReview"], to: "legalityPassed", roles: [.legalReviewer],
                           checks: [.differentActor(from: ["startComment", "submitForReview", "submitWithoutComment"], rule: "审核人员不得是起草人员",
                                                    source: "国办发〔2018〕115号")],
                           inputs: [FieldSpec("opinion", "合法性审核意见（制定主体、权限、与上位法、权利义务、程序）", kind: .longText)],
                           marks: [.legalReviewPassed]),
            TransitionSpec("returnLegality", "合法性审核退回修改", from: ["legalityReview"], to: "drafting", roles: [.legalReviewer],
                           inputs: [FieldSpec("problems", "存在的问题", kind: .longText)], marks: [.legalReviewReturned]),
            TransitionSpec("collectiveReview", "集体审议", from: ["legalityPassed"], to: "collectivelyReviewed", roles: [.leader],
                           checks: [.legalReviewPassed(source: "国办发〔2018〕115号"),
                                    .minimumPeople("attendees", minimum: 3, rule: "集体审议由领导班子集体参加", source: basis)],
                           inputs: [FieldSpec("attendees", "参加人员（以顿号分隔）"), FieldSpec("minutes", "审议记录及结论", kind: .longText)],
                           marks: [.collectiveDecisionTaken]),
            TransitionSpec("register", "统一登记、统一编号", from: ["collectivelyReviewed"], to: "registered", roles: [.legalReviewer],
                           checks: [.collectiveDecisionTaken(source: basis)], issues: [registration]),
            TransitionSpec("publish", "统一公布", from: ["registered"], to: "published", roles: [.leader, .legalReviewer],
                           checks: [.clockNotOverdue("disclosure", source: "政府信息公开条例 第二十六条（20个工作日内公开）")],
                           inputs: [FieldSpec("publicationChannel", "公布载体", kind: .choice, choices: ["门户网站", "政府公报", "门户网站和政府公报"])],
                           issues: [publication],
                           effects: [.performOnReferenced(referenceField: "supersedes", choiceField: "relation",
                                                          transitions: ["修改": "supersededByAct", "重新公布": "supersededByAct", "废止": "repealedByAct"])],
                           derive: deriveDates),
            TransitionSpec("file", "报送备案", from: ["published"], to: "filed", roles: [.legalReviewer],
                           checks: [.clockNotOverdue("filing", source: "法规规章备案审查条例 第四条；地方规定（✘ normativeDocument.filingDays）")],
                           inputs: [FieldSpec("filingReceipt", "备案回执编号")]),
            TransitionSpec("abandon", "终止起草", from: ["drafting", "publicComment", "commentClosed"], to: "abandoned", roles: [.leader],
                           inputs: [FieldSpec("reasons", "理由", kind: .longText)]),
            TransitionSpec("lapse", "有效期届满，自动失效", from: ["published", "filed"], to: "expired", roles: [],
                           checks: [.clockElapsed("validity", rule: "有效期届满", source: basis)], isAutomatic: true),
            automatic("supersededByAct", "被新文件修改或重新公布", to: "superseded"),
            automatic("repealedByAct", "被新文件废止", to: "repealed"),
            automatic("repealedByCleanup", "经清理废止", to: "repealed"),
            automatic("invalidatedByCleanup", "经清理宣布失效", to: "invalid"),
        ],
        clocks: [
            ClockSpec("comment", "征求意见期", kind: .stage, period: .days(30), legalBasis: "\(basis)（✘ normativeDocument.commentDays）",
                      startsOn: ["startComment"], stopsOn: ["closeComment", "abandon"], lengthSetting: "normativeDocument.commentDays"),
            ClockSpec("legalityReview", "合法性审核期限", kind: .stage, period: .workdays(10), legalBasis: "国办发〔2018〕115号（✘ normativeDocument.legalityReviewWorkdays）",
                      startsOn: ["submitForReview", "submitWithoutComment"], stopsOn: ["passLegality", "returnLegality"],
                      lengthSetting: "normativeDocument.legalityReviewWorkdays"),
            ClockSpec("disclosure", "公开期限（制作后20个工作日）", kind: .stage, period: .workdays(20), legalBasis: "政府信息公开条例 第二十六条",
                      startsOn: ["register"], stopsOn: ["publish"]),
            ClockSpec("filing", "备案期限", kind: .stage, period: .days(30), legalBasis: "✘ normativeDocument.filingDays",
                      startsOn: ["publish"], stopsOn: ["file"], lengthSetting: "normativeDocument.filingDays"),
            ClockSpec("reviewBeforeExpiry", "有效期届满前评估（届满前6个月）", kind: .stage, period: .days(0), legalBasis: "地方规定（届满前六个月评估）",
                      startsOn: ["publish"], stopsOn: ["supersededByAct", "repealedByAct", "repealedByCleanup", "invalidatedByCleanup", "lapse"],
                      dueDateField: "reviewDate"),
            ClockSpec("finalNotice", "有效期届满提醒（届满前1个月）", kind: .stage, period: .days(0), legalBasis: "地方规定",
                      startsOn: ["publish"], stopsOn: ["supersededByAct", "repealedByAct", "repealedByCleanup", "invalidatedByCleanup", "lapse"],
                      dueDateField: "finalNoticeDate"),
            ClockSpec("validity", "有效期", kind: .overall, period: .days(0), legalBasis: "✘ normativeDocument.validityYears（试行、暂行 ✘ provisionalValidityYears）",
                      startsOn: ["publish"], stopsOn: ["supersededByAct", "repealedByAct", "repealedByCleanup", "invalidatedByCleanup"],
                      rollsForward: false, onExpiry: "lapse", dueDateField: "expiryDate"),
        ],
        fields: [
            FieldSpec("title", "文件名称"),
            FieldSpec("docKind", "类别", kind: .choice, choices: kinds),
            FieldSpec("relation", "制定类型", kind: .choice, choices: relations),
            FieldSpec("supersedes", "原文件办件编号（修改、废止、解释、重新公布时填写）", required: false),
            FieldSpec("leadIssuer", "牵头制定机关"),
            FieldSpec("coIssuers", "联合制定机关", required: false),
            FieldSpec("legalBasis", "制定依据"),
            FieldSpec("text", "文件内容（或主要内容）", kind: .longText),
            FieldSpec("urgent", "因紧急情况公布之日起施行", kind: .flag, required: false),
            FieldSpec("noCommentReason", "不公开征求意见的理由", kind: .longText, required: false, onApplicationForm: false),
            FieldSpec("documentNumber", "文号", required: false, onApplicationForm: false),
            FieldSpec("publishedOn", "公布日期", kind: .date, required: false, onApplicationForm: false),
            FieldSpec("effectiveDate", "施行日期", kind: .date, required: false, onApplicationForm: false),
            FieldSpec("expiryDate", "有效期至", kind: .date, required: false, onApplicationForm: false),
            FieldSpec("reviewDate", "评估日期", kind: .date, required: false, onApplicationForm: false),
            FieldSpec("finalNoticeDate", "届满提醒日期", kind: .date, required: false, onApplicationForm: false),
            FieldSpec("filingReceipt", "备案回执", required: false, onApplicationForm: false),
        ],
        creatorRoles: [.reviewer],
        createdAt: .levels([.divisionCity]))
}
