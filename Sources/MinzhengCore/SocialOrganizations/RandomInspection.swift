import Foundation

/// One drawn check of a 双随机 plan (rules.md §5.4; 社会组织抽查暂行办法, 民发〔2017〕45号): the drawn inspectors notify,
/// inspect (on site with at least two, showing their 执法证), record the result, and publish it within 20 working days
/// of the check; problems go on to rectification or a case.
public enum RandomInspection {
    public static let id: MatterTypeID = "randomInspection"
    static let basis = "社会组织抽查暂行办法（民发〔2017〕45号）；国办发〔2015〕58号"

    public static let results = ["未发现问题", "发现问题，责令限期整改", "发现问题，移交立案查处"]

    static let notice = DocumentSpec(kind: "choucha.notice", title: "社会组织抽查通知书", numberPrefix: "图民社查字")
    static let resultNotice = DocumentSpec(kind: "choucha.result", title: "社会组织抽查结果告知书", numberPrefix: "图民社查结字")

    /// Only the inspectors the draw assigned act on the check.
    static let byDrawnInspector = Check(id: "drawnInspector", rule: "由随机抽取的检查人员实施检查", source: "国办发〔2015〕58号") { context in
        let drawn = (context.matter.fields["inspectorAccountIDs"] ?? "").split(separator: ",").map(String.init)
        return drawn.contains(context.actor.accountID.uuidString.lowercased()) ? .passed : .failed("您不是本次随机抽取的检查人员")
    }

    static func resultIs(clean: Bool) -> Check {
        Check(id: clean ? "noProblem" : "problemFound", rule: clean ? "检查未发现问题" : "检查发现问题须后续处理", source: basis) { context in
            let found = context.value("result") != results[0]
            return found == !clean ? .passed : .failed(clean ? "本次检查发现问题，请选择「公示并后续处理」" : "本次检查未发现问题，请直接公示")
        }
    }

    public static let type = MatterType(
        id: id, name: "社会组织双随机抽查", powerItemCode: "MZ-JC-001", legalBasis: basis, referencePrefix: "CC",
        states: [
            StateSpec("drawn", "已抽取，待通知"),
            StateSpec("notified", "已通知，待检查"),
            StateSpec("resultRecorded", "已检查，待公示结果"),
            StateSpec("published", "结果已公示", isTerminal: true),
            StateSpec("followUp", "结果已公示，后续处理中"),
            StateSpec("closed", "后续处理完毕", isTerminal: true),
        ],
        initialState: "drawn",
        transitions: [
            TransitionSpec("notify", "送达抽查通知", from: ["drawn"], to: "notified", roles: [.enforcementOfficer],
                           checks: [byDrawnInspector],
                           inputs: [FieldSpec("method", "检查方式", kind: .choice, choices: ["书面检查", "实地检查", "书面检查与实地检查相结合"])],
                           issues: [notice]),
            TransitionSpec("recordResult", "记录检查结果", from: ["notified"], to: "resultRecorded", roles: [.enforcementOfficer],
                           checks: [byDrawnInspector,
                                    .minimumPeople("inspectorsPresent", minimum: 2, rule: "实地检查不少于两名检查人员并出示执法证件",
                                                   source: "行政处罚法 第四十二条；民发〔2017〕45号")],
                           inputs: [FieldSpec("inspectionDate", "检查日期", kind: .date),
                                    FieldSpec("inspectorsPresent", "到场检查人员（以顿号分隔）"),
                                    FieldSpec("findings", "检查情况", kind: .longText),
                                    FieldSpec("result", "检查结果", kind: .choice, choices: results)]),
            TransitionSpec("publish", "公示检查结果", from: ["resultRecorded"], to: "published", roles: [.enforcementOfficer, .reviewer],
                           checks: [resultIs(clean: true), .clockNotOverdue("publication", source: "国发〔2019〕5号（20个工作日内公示）")],
                           marks: [.decided], issues: [resultNotice]),
            TransitionSpec("publishAndFollowUp", "公示结果并后续处理", from: ["resultRecorded"], to: "followUp", roles: [.enforcementOfficer, .reviewer],
                           checks: [resultIs(clean: false), .clockNotOverdue("publication", source: "国发〔2019〕5号（20个工作日内公示）")],
                           inputs: [FieldSpec("followUpPlan", "整改要求或移交情况", kind: .longText)],
                           marks: [.decided], issues: [resultNotice]),
            TransitionSpec("closeFollowUp", "后续处理完毕", from: ["followUp"], to: "closed", roles: [.enforcementOfficer, .reviewer],
                           inputs: [FieldSpec("followUpOutcome", "整改或查处结果", kind: .longText)]),
        ],
        clocks: [
            ClockSpec("publication", "检查结果公示期限", kind: .stage, period: .workdays(20), legalBasis: "国发〔2019〕5号（检查结束后20个工作日内公示）",
                      startsOn: ["recordResult"], stopsOn: ["publish", "publishAndFollowUp"]),
        ],
        fields: [
            FieldSpec("organizationName", "检查对象", onApplicationForm: false),
            FieldSpec("creditCode", "统一社会信用代码", onApplicationForm: false),
            FieldSpec("planTitle", "抽查计划", onApplicationForm: false),
            FieldSpec("checkItem", "抽查事项", onApplicationForm: false),
            FieldSpec("inspectorNames", "随机抽取的检查人员", onApplicationForm: false),
            FieldSpec("inspectorAccountIDs", "检查人员账户", required: false, mask: .hidden, onApplicationForm: false),
            FieldSpec("method", "检查方式", required: false, onApplicationForm: false),
            FieldSpec("inspectionDate", "检查日期", kind: .date, required: false, onApplicationForm: false),
            FieldSpec("findings", "检查情况", kind: .longText, required: false, onApplicationForm: false),
            FieldSpec("result", "检查结果", required: false, onApplicationForm: false),
        ],
        creatorRoles: [.reviewer],
        createdAt: .levels([.divisionCity])).with { $0.registeredThrough = .init("/work/organizations/checks", "双随机抽查计划") }
}

/// 互联网+监管 figures of a year, computed from the records (the annual report uses the same definitions):
/// * 事项认领率 = supervision power items claimed by a unit ÷ supervision power items published;
/// * 检查覆盖率 = inspections done ÷ inspections due — annual inspections concluded (or marked 未参检 and acted on)
///   plus random checks with a recorded result, over the annual inspections opened plus the random checks drawn;
/// * 任务完成率 = random checks whose result is published ÷ random checks drawn.
public struct SupervisionFigures: Sendable, Hashable {
    public var year: Int
    public var supervisionItems: Int
    public var claimedItems: Int
    public var inspectionsDue: Int
    public var inspectionsDone: Int
    public var checksDrawn: Int
    public var checksPublished: Int

    public init(year: Int, supervisionItems: Int, claimedItems: Int, inspectionsDue: Int, inspectionsDone: Int, checksDrawn: Int, checksPublished: Int) {
        self.year = year
        self.supervisionItems = supervisionItems
        self.claimedItems = claimedItems
        self.inspectionsDue = inspectionsDue
        self.inspectionsDone = inspectionsDone
        self.checksDrawn = checksDrawn
        self.checksPublished = checksPublished
    }

    static func rate(_ part: Int, _ whole: Int) -> Double? { whole == 0 ? nil : Double(part) / Double(whole) }

    public var claimRate: Double? { Self.rate(claimedItems, supervisionItems) }
    public var coverageRate: Double? { Self.rate(inspectionsDone, inspectionsDue) }
    public var completionRate: Double? { Self.rate(checksPublished, checksDrawn) }

    /// 「100.0%」, or 「—」 when nothing is due.
    public static func percent(_ value: Double?) -> String {
        guard let value else { return "—" }
        return String(format: "%.1f%%", value * 100)
    }
}
