import Foundation

/// One figure of the annual rule-of-law report, computed from the year's records, with what it counts and the records
/// behind it (provenance).
public struct ReportFigure: Sendable, Hashable, Codable, Identifiable {
    public struct Record: Sendable, Hashable, Codable {
        public var reference: String
        public var title: String
        public var link: String

        /// A matter behind a figure, linked to its page (`id` as the database gives it).
        public static func matter(id: String, reference: String, title: String) -> Record {
            Record(reference: reference, title: title, link: "/work/matters/\(id)")
        }

        public init(reference: String, title: String, link: String) {
            self.reference = reference
            self.title = title
            self.link = link
        }
    }

    public var key: String
    public var label: String
    /// As it reads in the text: 「32」, 「100%」, 「《…》《…》」.
    public var value: String
    /// What is counted, and how.
    public var definition: String
    public var period: String
    public var records: [Record]

    public var id: String { key }

    public init(key: String, label: String, value: String, definition: String, period: String, records: [Record]) {
        self.key = key
        self.label = label
        self.value = value
        self.definition = definition
        self.period = period
        self.records = records
    }
}

/// The report's structure (the 2025 report: 一、法治建设推进情况 in six parts; 二、存在的不足; 三、下一年度工作计划) and its
/// paragraphs, with `{{figure}}` placeholders filled from the records (法治政府建设与责任落实督察工作规定: the five contents).
public enum AnnualReportTemplate {
    public struct Paragraph: Sendable, Hashable, Codable {
        public var key: String
        public var heading: String?
        public var level: Int
        public var text: String

        public init(key: String, heading: String?, level: Int, text: String) {
            self.key = key
            self.heading = heading
            self.level = level
            self.text = text
        }
    }

    /// The default paragraphs for `year`; the legal office edits them in the app (each edit a new version).
    public static func defaultParagraphs(year: Int) -> [Paragraph] {
        [
            Paragraph(key: "intro", heading: nil, level: 0,
                      text: "\(year)年在师市党委的正确领导下，在兵团民政局的大力指导下，师市民政局认真开展法治政府建设工作，全面落实依法行政各项目标任务。现将有关工作开展情况报告如下："),
            Paragraph(key: "s1", heading: "一、民政法治建设推进情况", level: 1, text: ""),
            Paragraph(key: "s1.1", heading: "（一）深入学习宣传贯彻习近平法治思想。", level: 2,
                      text: "通过党组理论中心组学习、党组会、局务会专题学习等方式，深入学习贯彻习近平法治思想和各项政策法规{{studySessions}}次，组织法治培训{{trainings}}场。"),
            Paragraph(key: "s1.2", heading: "（二）深入推进“放管服”改革优化行政审批事项。", level: 2,
                      text: "一是依托信息系统实现社会救助事项“一网通办”、残疾人两项补贴“跨省通办”、婚姻登记全国通办，全程网办占比{{onlineShare}}。二是师市民政局承接兵团授权行政执法权{{authorizedPowers}}项，经梳理细化权责事项{{powerItems}}项，其中{{powerItemsByType}}，及时公开事项清单、办理流程及监督举报电话。三是落实互联网+监管工作。行政监管事项认领率达{{claimRate}}，检查覆盖率{{coverageRate}}，开展社会组织双随机抽查{{randomChecks}}家，对全师{{inspectedOrganizations}}家社会组织按要求进行年检，任务完成率{{completionRate}}。"),
            Paragraph(key: "s1.3", heading: "（三）全面严格规范行政执法行为。", level: 2,
                      text: "一是加强制度体系建设，制定印发{{normativeDocuments}}。二是贯彻落实行政执法三项制度，公示执法人员、裁量基准和执法决定，全年作出行政处罚决定{{penalties}}件、行政许可决定{{licences}}件，按期公示率{{disclosureOnTime}}。行政复议、行政诉讼审结{{challengesDecided}}件，行政执法行为被撤销、变更、确认违法或者确认无效的{{actsCorrected}}件。"),
            Paragraph(key: "s1.4", heading: "（四）加强法治宣传教育。", level: 2,
                      text: "全面落实“谁执法谁普法”普法责任制，围绕{{publicityThemes}}等时间节点开展普法宣传{{publicityActivities}}次，受众{{publicityAudience}}人次；结合走访向低保、特困等困难群体宣讲政策{{policyVisits}}户次。"),
            Paragraph(key: "s1.5", heading: "（五）切实加强党对民政法治工作的领导。", level: 2,
                      text: "党政主要负责人切实履行法治建设第一责任人职责，重大行政决策{{majorDecisions}}项均履行法定程序，负责人出庭应诉率{{headAttendance}}。"),
            Paragraph(key: "s1.6", heading: "（六）健全矛盾化解机制。", level: 2,
                      text: "一是发挥“婚姻家庭纠纷调解中心”作用，调解纠纷{{mediations}}件，经调未办理离婚{{reconciliations}}件。二是建立“民政+司法”联动调解机制，聘请法律顾问{{legalCounsel}}名；受理信访事项{{petitions}}件，按期办结率{{petitionsOnTime}}。三是{{emergencyPlans}}，组织开展养老机构应急演练{{drills}}次。"),
            Paragraph(key: "s2", heading: "二、存在的不足", level: 1,
                      text: "一是法制机构建设有待加强。二是管控闭环有待进一步形成，事先预防和化解行政争议的方式方法有待丰富。"),
            Paragraph(key: "s3", heading: "三、\(year + 1)年工作计划", level: 1,
                      text: "（一）深化习近平法治思想学习贯彻，组织法治培训不少于3场。（二）持续优化行政职能和服务水平，动态调整权责清单。（三）提升依法行政规范化水平，严格落实重大行政决策法定程序和行政规范性文件“立、改、废、释”动态机制。（四）健全矛盾纠纷化解和应急处置机制。"),
        ]
    }

    /// The text with each `{{key}}` replaced by its figure's value (an unknown key stays visible as 【未知数据：key】).
    public static func fill(_ text: String, figures: [String: ReportFigure]) -> String {
        var result = ""
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            result += rest[rest.startIndex..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else { result += rest[open.lowerBound...]; return result }
            let key = String(rest[open.upperBound..<close.lowerBound])
            result += figures[key]?.value ?? "【未知数据：\(key)】"
            rest = rest[close.upperBound...]
        }
        return result + rest
    }

    /// The text cut into plain runs and figure runs (a figure run carries its key, for a link to its records).
    public static func segments(_ text: String, figures: [String: ReportFigure]) -> [(text: String, key: String?)] {
        var segments: [(text: String, key: String?)] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
            if open.lowerBound > rest.startIndex { segments.append((String(rest[rest.startIndex..<open.lowerBound]), nil)) }
            let key = String(rest[open.upperBound..<close.lowerBound])
            if let figure = figures[key] { segments.append((figure.value, key)) } else { segments.append(("【未知数据：\(key)】", nil)) }
            rest = rest[close.upperBound...]
        }
        if !rest.isEmpty { segments.append((String(rest), nil)) }
        return segments
    }

    /// The figure keys a text uses.
    public static func keys(in text: String) -> [String] {
        var keys: [String] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
            keys.append(String(rest[open.upperBound..<close.lowerBound]))
            rest = rest[close.upperBound...]
        }
        return keys
    }

    /// The report's title, as the bureau's 2025 report has it.
    public static func title(bureau: String, year: Int) -> String { "\(bureau)\(year)年度法治政府建设工作报告" }

    /// The report as the blocks of an official document: a level-two heading runs on into its paragraph, as in the
    /// bureau's own report.
    public static func blocks(title: String, paragraphs: [Paragraph], figures: [String: ReportFigure]) -> [WordprocessingML.Block] {
        var blocks = [WordprocessingML.Block(.title, title)]
        for paragraph in paragraphs {
            let text = fill(paragraph.text, figures: figures)
            switch (paragraph.heading, paragraph.level) {
            case (let heading?, 1):
                blocks.append(.init(.heading1, heading))
                if !text.isEmpty { blocks.append(.init(.body, text)) }
            case (let heading?, _):
                blocks.append(.init(.heading2, heading, runOn: text))
            case (nil, _):
                if !text.isEmpty { blocks.append(.init(.body, text)) }
            }
        }
        return blocks
    }

    /// The report as Markdown.
    public static func markdown(title: String, paragraphs: [Paragraph], figures: [String: ReportFigure]) -> String {
        var lines = ["# \(title)", ""]
        for paragraph in paragraphs {
            if let heading = paragraph.heading {
                lines.append(paragraph.level == 1 ? "## \(heading)" : "### \(heading)")
                lines.append("")
            }
            let text = fill(paragraph.text, figures: figures)
            if !text.isEmpty { lines.append(text); lines.append("") }
        }
        lines.append("---")
        lines.append("")
        lines.append("## 附：数据来源")
        lines.append("")
        for figure in figures.values.sorted(by: { $0.key < $1.key }) {
            lines.append("- **\(figure.label)**：\(figure.value)（\(figure.period)；\(figure.definition)；\(figure.records.count) 条记录）")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// The annual report's workflow (rules.md §10): drafting → internal review → secrecy review → submitted (by 1 March) →
/// published on the portal (before 1 April), with the recipients and the URL recorded.
public enum AnnualReportWorkflow {
    public static let id: MatterTypeID = "annualReport"
    static let basis = "法治政府建设与责任落实督察工作规定（中共中央办公厅、国务院办公厅，2019）"

    public static let type = MatterType(
        id: id, name: "法治政府建设年度报告", powerItemCode: nil, legalBasis: basis, referencePrefix: "BG",
        states: [
            StateSpec("drafting", "起草中"),
            StateSpec("internalReview", "内部审核中"),
            StateSpec("secrecyReview", "保密审查中"),
            StateSpec("approved", "已审定（数据已冻结）"),
            StateSpec("submitted", "已报送"),
            StateSpec("published", "已公开", isTerminal: true),
        ],
        initialState: "drafting",
        transitions: [
            TransitionSpec("submitForReview", "提交内部审核", from: ["drafting"], to: "internalReview", roles: [.legalReviewer]),
            TransitionSpec("returnToDraft", "退回修改", from: ["internalReview", "secrecyReview"], to: "drafting", roles: [.leader, .legalReviewer],
                           inputs: [FieldSpec("problems", "修改意见", kind: .longText)]),
            TransitionSpec("passInternalReview", "内部审核通过", from: ["internalReview"], to: "secrecyReview", roles: [.leader],
                           inputs: [FieldSpec("reviewOpinion", "审核意见", kind: .longText)]),
            TransitionSpec("passSecrecyReview", "保密审查通过，审定并冻结数据", from: ["secrecyReview"], to: "approved", roles: [.leader],
                           inputs: [FieldSpec("secrecyOpinion", "保密审查意见（不含党和国家秘密）", kind: .longText)],
                           effects: [.freezeAnnualReport(yearField: "year")]),
            TransitionSpec("submit", "报送", from: ["approved"], to: "submitted", roles: [.legalReviewer, .leader],
                           checks: [.clockNotOverdue("submission", source: "\(basis)（每年3月1日前报送）")],
                           inputs: [FieldSpec("recipients", "报送对象（✘ ruleOfLawReport.recipients）", kind: .longText)]),
            TransitionSpec("publish", "向社会公开", from: ["submitted"], to: "published", roles: [.legalReviewer, .leader],
                           checks: [.clockNotOverdue("publication", source: "\(basis) 第二十四条（每年4月1日之前公开）")],
                           inputs: [FieldSpec("publishedURL", "公开网址")], marks: [.decided]),
        ],
        clocks: [
            ClockSpec("submission", "报送期限（3月1日前）", kind: .overall, period: .days(0), legalBasis: basis,
                      startsOn: [.created], stopsOn: ["submit"], rollsForward: false, dueDateField: "submitDue"),
            ClockSpec("publication", "公开期限（4月1日前）", kind: .stage, period: .days(0), legalBasis: "\(basis) 第二十四条",
                      startsOn: [.created], stopsOn: ["publish"], rollsForward: false, dueDateField: "publishDue"),
        ],
        fields: [
            FieldSpec("year", "报告年度", kind: .integer),
            FieldSpec("submitDue", "报送截止", kind: .date),
            FieldSpec("publishDue", "公开截止", kind: .date),
            FieldSpec("recipients", "报送对象", kind: .longText, required: false, onApplicationForm: false),
            FieldSpec("publishedURL", "公开网址", required: false, onApplicationForm: false),
        ],
        creatorRoles: [.legalReviewer, .leader],
        createdAt: .levels([.divisionCity])).with { $0.registeredThrough = .init("/work/reports", "法治政府建设年度报告") }

    /// Due dates for the report of `year`: submitted by 1 March, published before 1 April of the next year.
    public static func deadlines(year: Int) -> (submit: CivilDate, publish: CivilDate) {
        (CivilDate(year: year + 1, month: 3, day: 1)!, CivilDate(year: year + 1, month: 3, day: 31)!)
    }
}
