import FluentKit
import Foundation
import MinzhengCore
import SQLKit

/// Every figure of the annual rule-of-law report for a year, computed from the records, each with its definition,
/// its period and the records behind it (issue 10, item 1). The module figure queries supply the rates, so that the
/// report, the module pages and the dashboard count alike.
public struct AnnualReportFigures: Sendable {
    let matters: MatterService

    public init(matters: MatterService) {
        self.matters = matters
    }

    var db: any Database { matters.db }
    /// The figures read whole sets of records (`Store.bulk`).
    var sql: any SQLDatabase { Store.bulk(db) }

    /// A matter as the figures list it. Identifiers are read as text — both databases give a UUID column as
    /// `UUID.uuidString` (SQLite stores it so; PostgreSQL's driver formats it so) — since a figure only links to the
    /// matter or matches it against other identifiers, and parsing a quarter of a million UUIDs was a tenth of the
    /// report's time. The columns
    /// are read by name, without a `Decoder` for each row (a fifth of the time went to its containers).
    struct Row {
        var id: String
        var reference: String
        var title: String
        var state: String
        var channel: String

        /// The fields, read once per row (the figures ask several per row); empty when the query left them out.
        let values: [String: String]

        init(_ row: any SQLRow, fields: Bool) throws {
            id = try row.decode(column: "id", as: String.self)
            reference = try row.decode(column: "reference", as: String.self)
            title = try row.decode(column: "title", as: String.self)
            state = try row.decode(column: "state", as: String.self)
            channel = try row.decode(column: "channel", as: String.self)
            values = fields ? JSONText.decode([String: String].self, try row.decode(column: "fields", as: String.self)) ?? [:] : [:]
        }
        func day(_ key: String) -> CivilDate? { values[key].flatMap(CivilDate.init(iso:)) }
        var record: ReportFigure.Record { .matter(id: id, reference: reference, title: title) }
    }

    /// Matters of `types` in one of `states` (any when nil), registered in `createdIn` (any year when nil); their
    /// non-sensitive fields only when a figure reads them (a figure dated by a field, such as 学习日期, filters
    /// on it here after the query has narrowed by state).
    func rows(_ types: [MatterTypeID], states: [String]? = nil, createdIn year: Int? = nil, fields: Bool = false) async throws -> [Row] {
        var query = sql.select().columns("id", "reference", "title", "state", "channel")
        if fields { query = query.column("fields") }
        query = query.from("matter").where("type_id", .in, types.map(\.rawValue))
        if let states { query = query.where("state", .in, states) }
        if let year { query = query.where("created_at", .greaterThanOrEqual, SQLBind(Self.start(year))).where("created_at", .lessThan, SQLBind(Self.start(year + 1))) }
        return try await query.orderBy("created_at").orderBy("reference").all().map { try Row($0, fields: fields) }
    }

    /// Matters that took one of `transitions` within the year, with the day they took it.
    func acted(_ transitions: [String], types: [MatterTypeID], year: Int) async throws -> [String: Date] {
        struct Event: Decodable { var matter_id: String; var at: Date }
        let events = try await sql.select().column(SQLColumn("matter_id", table: "matter_event")).column(SQLColumn("at", table: "matter_event"))
            .from("matter_event")
            .join("matter", on: SQLColumn("matter_id", table: "matter_event"), .equal, SQLColumn("id", table: "matter"))
            .where(SQLColumn("transition_id", table: "matter_event"), .in, SQLBind.group(transitions))
            .where(SQLColumn("type_id", table: "matter"), .in, SQLBind.group(types.map(\.rawValue)))
            .where(SQLColumn("at", table: "matter_event"), .greaterThanOrEqual, SQLBind(Self.start(year)))
            .where(SQLColumn("at", table: "matter_event"), .lessThan, SQLBind(Self.start(year + 1)))
            .all(decoding: Event.self)
        return Dictionary(events.map { ($0.matter_id, $0.at) }, uniquingKeysWith: min)
    }

    static func start(_ year: Int) -> Date { CivilDate(year: year, month: 1, day: 1)!.startInstant }

    /// 「100%」 for a whole percentage, 「97.3%」 otherwise, 「—」 when nothing was due.
    public static func percent(_ part: Int, _ whole: Int) -> String {
        guard whole > 0 else { return "—" }
        let value = Double(part) * 100 / Double(whole)
        return value == value.rounded() ? "\(Int(value))%" : String(format: "%.1f%%", value)
    }

    public static func percent(_ rate: Double?) -> String {
        guard let rate else { return "—" }
        let value = rate * 100
        return abs(value - value.rounded()) < 0.0001 ? "\(Int(value.rounded()))%" : String(format: "%.1f%%", value)
    }

    /// The figures of `year`, keyed as the report's placeholders.
    ///
    /// The sections read disjoint records and run at once: each query takes whichever pooled connection is free (on
    /// SQLite one per event loop, reading in parallel under WAL), so the report waits for its slowest section rather
    /// than for the sum of them. Like the sections run one after another, they read the database as it stands, not
    /// one snapshot: a figure frozen with the approved report is the record of what was counted.
    public func compute(year: Int) async throws -> [String: ReportFigure] {
        try await withThrowingTaskGroup(of: [ReportFigure].self) { group in
            group.addTask { try await studyAndServices(year) }
            group.addTask { try await powersAndSupervision(year) }
            group.addTask { try await documentsAndEnforcement(year) }
            group.addTask { try await publicity(year) }
            group.addTask { try await decisionsAndCounsel(year) }
            group.addTask { try await disputes(year) }
            group.addTask { try await emergencies(year) }
            var figures: [String: ReportFigure] = [:]
            for try await section in group {
                for figure in section { figures[figure.key] = figure }
            }
            return figures
        }
    }

    /// A section's figures, each over the year unless it states its own period.
    struct Section {
        let period: String
        var figures: [ReportFigure] = []

        init(_ year: Int) { period = "\(year)年1月1日至12月31日" }

        mutating func add(_ key: String, _ label: String, _ value: String, _ definition: String, _ records: [ReportFigure.Record], period: String? = nil) {
            figures.append(ReportFigure(key: key, label: label, value: value, definition: definition, period: period ?? self.period, records: records))
        }
    }

    /// Study and training; the share of services applied for online.
    func studyAndServices(_ year: Int) async throws -> [ReportFigure] {
        var section = Section(year)
        // Study and training (StudySession, held in the year by 学习日期).
        let study = try await rows([StudySession.id], states: ["held"], fields: true).filter { $0.day("heldOn")?.year == year }
        let sessions = study.filter { !StudySession.trainingKinds.contains($0.values["kind"] ?? "") }
        let trainings = study.filter { StudySession.trainingKinds.contains($0.values["kind"] ?? "") }
        section.add("studySessions", "学法次数", "\(sessions.count)", "已开展的学法活动（党组理论中心组、党组会、局务会专题学习等），按学习日期计，不含培训", sessions.map(\.record))
        section.add("trainings", "法治培训场次", "\(trainings.count)", "已开展的线下、线上法治培训，按培训日期计", trainings.map(\.record))

        // 全程网办 share of the citizen services registered in the year.
        let services = try await rows([MinimumLivingAllowance.id, ExtremePoverty.id, DisabilitySubsidy.id], createdIn: year)
        let online = services.filter { $0.channel == "online" }
        section.add("onlineShare", "全程网办占比", Self.percent(online.count, services.count),
            "当年登记的低保、特困、两项补贴申请中，由申请人在线提交的比例（\(online.count)/\(services.count)）", online.map(\.record))
        return section.figures
    }

    /// The power list in force at the end of the year; 互联网+监管.
    func powersAndSupervision(_ year: Int) async throws -> [ReportFigure] {
        var section = Section(year)
        // The power list in force at the end of the year.
        struct Item: Decodable { var code: String; var name: String; var type: String; var authorized_power: String; var is_supervision: Bool }
        let yearEnd = Self.start(year + 1)
        let items = try await sql.select().columns("code", "name", "type", "authorized_power", "is_supervision").from("power_item")
            .where("published_at", .lessThan, yearEnd)
            .where { $0.where("superseded_at", .is, SQLLiteral.null).orWhere("superseded_at", .greaterThanOrEqual, yearEnd) }
            .where { $0.where("repealed_at", .is, SQLLiteral.null).orWhere("repealed_at", .greaterThanOrEqual, yearEnd) }
            .orderBy("code").all(decoding: Item.self)
        let itemRecords = items.map { ReportFigure.Record(reference: $0.code, title: $0.name, link: "/powers/\($0.code)") }
        let endPeriod = "截至\(year)年12月31日"
        let authorized = Set(items.map(\.authorized_power))
        section.add("authorizedPowers", "承接授权行政执法权", "\(authorized.count)", "年末施行的权责事项所细化的兵团授权行政执法权（去重计数）", itemRecords, period: endPeriod)
        section.add("powerItems", "权责事项", "\(items.count)", "年末已公布施行的权责事项", itemRecords, period: endPeriod)
        let order: [PowerType] = [.benefitPayment, .confirmation, .licensing, .other, .penalty, .inspection, .coercion, .levy, .award, .adjudication]
        let byType = order.compactMap { type -> String? in
            let n = items.filter { $0.type == type.rawValue }.count
            return n == 0 ? nil : "\(type.chineseName)\(n)项"
        }
        section.add("powerItemsByType", "权责事项分类", byType.joined(separator: "、"), "年末施行的权责事项按权力类型计数", itemRecords, period: endPeriod)

        // 互联网+监管 (SupervisionFigures: the definitions the registry's page shows).
        let supervision = try await SupervisionFigureQueries(db: db).figures(year: year)
        struct Claim: Decodable { var code: String; var name: String }
        let claimed = try await sql.select().distinct().column(SQLColumn("code", table: "power_claim")).column(SQLColumn("name", table: "power_item"))
            .from("power_claim")
            .join("power_item", on: SQLColumn("code", table: "power_claim"), .equal, SQLColumn("code", table: "power_item"))
            .where(SQLColumn("status", table: "power_item"), .equal, SQLBind(PowerItemStatus.published.rawValue))
            .where(SQLColumn("is_supervision", table: "power_item"), .equal, SQLBind(true))
            .all(decoding: Claim.self)
        section.add("claimRate", "监管事项认领率", Self.percent(supervision.claimRate),
            "已公布的监管事项中由单位认领的比例（\(supervision.claimedItems)/\(supervision.supervisionItems)）",
            claimed.map { .init(reference: $0.code, title: $0.name, link: "/powers/\($0.code)") })
        let inspections = try await batchRows(year: year)
        let annual = inspections.filter { $0.type_id == AnnualInspection.id.rawValue }
        let random = inspections.filter { $0.type_id == RandomInspection.id.rawValue }
        let annualDone = annual.filter { SupervisionFigureQueries.annualDone.contains($0.state) }
        let randomDone = random.filter { SupervisionFigureQueries.checkDone.contains($0.state) }
        section.add("coverageRate", "检查覆盖率", Self.percent(supervision.coverageRate),
            "年检已作结论及双随机抽查已记录结果的，占当年应检（年检及抽中对象）的比例（\(supervision.inspectionsDone)/\(supervision.inspectionsDue)）",
            (annualDone + randomDone).map(\.record))
        section.add("completionRate", "任务完成率", Self.percent(supervision.completionRate),
            "双随机抽查结果已公示的，占当年抽中对象的比例（\(supervision.checksPublished)/\(supervision.checksDrawn)）",
            random.filter { SupervisionFigureQueries.checkPublished.contains($0.state) }.map(\.record))
        section.add("randomChecks", "双随机抽查社会组织", "\(random.count)家", "当年抽查计划抽中的社会组织", random.map(\.record))
        section.add("inspectedOrganizations", "参加年检社会组织", "\(annualDone.count)", "当年年检中已作出结论的社会组织", annualDone.map(\.record))
        return section.figures
    }

    /// Normative documents; enforcement decisions disclosed, reconsideration and litigation.
    func documentsAndEnforcement(_ year: Int) async throws -> [ReportFigure] {
        var section = Section(year)
        // Normative documents published in the year.
        let documents = try await rows([NormativeDocument.id], fields: true).filter { $0.day("publishedOn")?.year == year }
        section.add("normativeDocuments", "制定印发的规范性文件",
            documents.isEmpty ? "（无）" : documents.map { "《\($0.title)》" }.joined(),
            "当年公布的行政规范性文件（按公布日期）", documents.map(\.record))

        // Enforcement: decisions disclosed, reconsideration and litigation.
        struct Disclosed: Decodable { var matter_id: UUID; var kind: String; var reference: String; var title: String; var due_by: String; var published_at: Date }
        let disclosed = try await sql.select().columns("matter_id", "kind", "reference", "title", "due_by", "published_at").from("disclosure")
            .where("decided_on", .like, "\(year)-%").orderBy("decided_on").all(decoding: Disclosed.self)
        func record(_ row: Disclosed) -> ReportFigure.Record { .matter(id: row.matter_id.uuidString, reference: row.reference, title: row.title) }
        let penalties = disclosed.filter { $0.kind == "行政处罚" }
        let licences = disclosed.filter { $0.kind == "行政许可" }
        let onTime = disclosed.filter { row in CivilDate(iso: row.due_by).map { CivilDate(row.published_at) <= $0 } ?? false }
        section.add("penalties", "行政处罚决定", "\(penalties.count)", "当年作出并公示的行政处罚决定（按决定日期）", penalties.map(record))
        section.add("licences", "行政许可决定", "\(licences.count)", "当年作出并公示的行政许可决定（按决定日期）", licences.map(record))
        section.add("disclosureOnTime", "执法决定按期公示率", Self.percent(onTime.count, disclosed.count),
            "当年执法决定在法定期限内公示的比例（\(onTime.count)/\(disclosed.count)）", onTime.map(record))
        let correction = try await EnforcementFigureQueries(db: db, registry: matters.registry, cipher: matters.cipher).correction(year: year)
        let challenges = try await rows([LegalChallenge.id], states: ["decided"], fields: true).filter { $0.day("outcomeDate")?.year == year }
        section.add("challengesDecided", "行政复议、诉讼审结", "\(correction.decided + correction.mediated)",
            "当年审结（含调解结案）的行政复议、行政诉讼案件", challenges.map(\.record))
        section.add("actsCorrected", "被纠错的执法行为", "\(correction.corrected)",
            "当年因行政复议决定、行政诉讼裁判被撤销、部分撤销、变更、确认违法或者确认无效、责令履行法定职责的执法行为",
            challenges.filter { $0.values["corrected"] == "yes" }.map(\.record))
        section.add("headAttendance", "负责人出庭应诉率", Self.percent(correction.headAttended, correction.hearings),
            "当年开庭审理的行政诉讼中行政机关负责人出庭的比例（\(correction.headAttended)/\(correction.hearings)）",
            try await rows([LegalChallenge.id], fields: true).filter { $0.day("hearingDate")?.year == year && $0.values["headAttended"] == "yes" }.map(\.record))
        return section.figures
    }

    /// Legal publicity and the policy explained on household visits.
    func publicity(_ year: Int) async throws -> [ReportFigure] {
        var section = Section(year)
        // Legal publicity.
        let activities = try await rows([PublicityActivity.id], states: ["held"], fields: true).filter { $0.day("heldOn")?.year == year }
        let themed = PublicityActivity.themes.filter { theme in activities.contains { $0.values["theme"] == theme.name } }
        section.add("publicityThemes", "普法时间节点", themed.isEmpty ? "（无）" : themed.map { "“\($0.name)”" }.joined(separator: "、"),
            "当年按宣传主题日期开展的普法活动所属主题", activities.filter { row in themed.contains { $0.name == row.values["theme"] } }.map(\.record))
        section.add("publicityActivities", "普法宣传活动", "\(activities.count)", "当年已开展的普法宣传活动（按开展日期）", activities.map(\.record))
        section.add("publicityAudience", "普法受众", "\(activities.compactMap { Int($0.values["audienceSize"] ?? "") }.reduce(0, +))",
            "当年普法活动记录的受众人次之和", activities.map(\.record))
        let visits = try await policyVisits(year: year)
        section.add("policyVisits", "入户宣讲政策", "\(visits.count)", "当年入户调查中记录已宣讲政策的户次", visits.map(\.record))
        return section.figures
    }

    /// Major decisions; legal counsel.
    func decisionsAndCounsel(_ year: Int) async throws -> [ReportFigure] {
        var section = Section(year)
        let decided = try await acted(["decide"], types: [MajorDecision.id], year: year)
        let decisions = try await rows([MajorDecision.id]).filter { decided[$0.id] != nil }
        section.add("majorDecisions", "重大行政决策", "\(decisions.count)", "当年作出的重大行政决策（均经公众参与、专家论证、风险评估、合法性审查、集体讨论决定）",
            decisions.map(\.record))
        let counsel = try await LegalCounselRegister(db: db).engaged(in: year)
        section.add("legalCounsel", "法律顾问", "\(counsel.count)", "当年在聘的法律顾问（聘期与年度有交集）",
            counsel.map { .init(reference: $0.licenceNumber, title: "\($0.name)（\($0.firm)）", link: "/work/disputes#counsel") })
        return section.figures
    }

    /// Mediation and petitions (the definitions of DisputeFigureQueries).
    func disputes(_ year: Int) async throws -> [ReportFigure] {
        var section = Section(year)
        // The figures and the lists behind them are separate reads, made at once.
        async let counted = DisputeFigureQueries(matters: matters).figures(year: year)
        async let mediationRows = rows([MediationCase.id], createdIn: year)
        async let petitionRows = rows([Petition.id], createdIn: year)
        let disputes = try await counted, mediations = try await mediationRows, petitions = try await petitionRows
        let notPursued = Set(disputes.divorceNotPursuedMatters.map(\.uuidString))
        section.add("mediations", "调解婚姻家庭纠纷", "\(disputes.mediations)", "当年受理的婚姻家庭纠纷调解案件", mediations.map(\.record))
        section.add("reconciliations", "经调解未办理离婚", "\(disputes.divorceNotPursued)",
            "当年调解和好、且未再办理离婚登记（关联的离婚登记已撤回或视为撤回，或未申请离婚）的案件",
            mediations.filter { notPursued.contains($0.id) }.map(\.record))
        section.add("petitions", "受理信访事项", "\(disputes.petitions)", "当年登记的信访事项（各渠道）", petitions.map(\.record))
        section.add("petitionsOnTime", "信访按期办结率", Self.percent(disputes.petitionsOnTime, disputes.petitionsAnswered),
            "当年登记且已答复的信访事项中，受理告知和办理均在期限内完成的比例（\(disputes.petitionsOnTime)/\(disputes.petitionsAnswered)）",
            petitions.map(\.record))
        return section.figures
    }

    /// Emergency plans drafted or adopted in the year, drills held.
    func emergencies(_ year: Int) async throws -> [ReportFigure] {
        var section = Section(year)
        let plans = try await rows([CareInstitutionMatters.emergencyPlan.id], createdIn: year)
        let planText = plans.map { plan in
            ["draft", "forComment"].contains(plan.state) ? "起草《\(plan.title)（征求意见稿）》" : "制定印发《\(plan.title)》"
        }
        section.add("emergencyPlans", "应急预案", planText.isEmpty ? "尚未制定应急预案" : planText.joined(separator: "，"),
            "当年起草或印发的养老机构突发事件应急预案及其状态", plans.map(\.record))
        let drills = try await DisputeFigureQueries(matters: matters).drillsHeld(year: year)
        section.add("drills", "养老机构应急演练", "\(drills.count)", "当年已开展的养老机构应急演练（按演练日期）",
            drills.map { .matter(id: $0.id.uuidString, reference: $0.reference, title: $0.title) })
        return section.figures
    }

    /// An inspection as the figures list it (identifier as text, columns read by name, as `Row`).
    struct BatchRow {
        var id: String; var reference: String; var title: String; var type_id: String; var state: String
        var record: ReportFigure.Record { .matter(id: id, reference: reference, title: title) }

        init(_ row: any SQLRow) throws {
            id = try row.decode(column: "id", as: String.self)
            reference = try row.decode(column: "reference", as: String.self)
            title = try row.decode(column: "title", as: String.self)
            type_id = try row.decode(column: "type_id", as: String.self)
            state = try row.decode(column: "state", as: String.self)
        }
    }

    /// The inspections opened by the year's campaigns and plans.
    func batchRows(year: Int) async throws -> [BatchRow] {
        let campaigns = SQLSubquery.select { $0.column("id").from("inspection_campaign").where("year", .equal, year) }
        let plans = SQLSubquery.select { $0.column("id").from("inspection_plan").where("year", .equal, year) }
        return try await sql.select().columns("id", "reference", "title", "type_id", "state").from("matter")
            .where { $0.where(SQLColumn("batch_id"), .in, campaigns).orWhere(SQLColumn("batch_id"), .in, plans) }
            .orderBy("reference").all().map(BatchRow.init)
    }

    /// Household investigations in the year where the investigators recorded that they explained the policy.
    func policyVisits(year: Int) async throws -> [BatchRow] {
        struct Event: Decodable { var matter_id: UUID; var data: String }
        let events = try await sql.select().columns("matter_id", "data").from("matter_event")
            .where("transition_id", .equal, "preliminaryOpinion")
            .where("at", .greaterThanOrEqual, Self.start(year)).where("at", .lessThan, Self.start(year + 1))
            .all(decoding: Event.self)
            .filter { ["yes", "是"].contains(JSONText.decode([String: String].self, $0.data)?["policyExplained"] ?? "") }
        guard !events.isEmpty else { return [] }
        let rows = try await sql.select().columns("id", "reference", "title", "type_id", "state").from("matter")
            .where("id", .in, Array(Set(events.map(\.matter_id)))).orderBy("reference").all().map(BatchRow.init)
        let byID = Dictionary(uniqueKeysWithValues: rows.map { ($0.id, $0) })
        return events.compactMap { byID[$0.matter_id.uuidString] }
    }
}
