import FluentKit
import Foundation
import MinzhengCore
import SQLKit

/// The annual rule-of-law report of a year: its paragraphs (edited in the app, every edit a version), its figures
/// (live from the records until the report is approved, then frozen), and its workflow matter on the engine.
public struct AnnualReportService: Sendable {
    let matters: MatterService

    public init(matters: MatterService) {
        self.matters = matters
    }

    var db: any Database { matters.db }
    var sql: any SQLDatabase { db as! any SQLDatabase }

    /// The report as it stands: title, paragraphs, figures, and when (if) it was frozen.
    public struct Document: Sendable {
        public var year: Int
        public var title: String
        public var paragraphs: [AnnualReportTemplate.Paragraph]
        public var figures: [String: ReportFigure]
        public var frozenAt: Date?
        public var frozenBy: String?

        public var markdown: String { AnnualReportTemplate.markdown(title: title, paragraphs: paragraphs, figures: figures) }
        public var blocks: [WordprocessingML.Block] { AnnualReportTemplate.blocks(title: title, paragraphs: paragraphs, figures: figures) }
        /// The figures in the order the text uses them.
        public var orderedFigures: [ReportFigure] {
            var seen = Set<String>()
            return paragraphs.flatMap { AnnualReportTemplate.keys(in: $0.text) }.filter { seen.insert($0).inserted }.compactMap { figures[$0] }
        }
    }

    public struct ParagraphVersion: Sendable, Hashable {
        public var version: Int
        public var text: String
        public var editedBy: String
        public var editedAt: Date
    }

    private struct Frozen: Decodable { var figures: String; var paragraphs: String; var frozen_by: String; var frozen_at: Date }

    private func frozen(_ year: Int) async throws -> Frozen? {
        try await sql.select().columns("figures", "paragraphs", "frozen_by", "frozen_at").from("report_freeze").where("year", .equal, year)
            .first(decoding: Frozen.self)
    }

    public func document(year: Int) async throws -> Document {
        let title = AnnualReportTemplate.title(bureau: try await bureauName(), year: year)
        if let frozen = try await frozen(year),
           let figures = JSONText.decode([String: ReportFigure].self, frozen.figures),
           let paragraphs = JSONText.decode([AnnualReportTemplate.Paragraph].self, frozen.paragraphs) {
            return Document(year: year, title: title, paragraphs: paragraphs, figures: figures, frozenAt: frozen.frozen_at, frozenBy: frozen.frozen_by)
        }
        return Document(year: year, title: title, paragraphs: try await paragraphs(year: year),
                        figures: try await AnnualReportFigures(matters: matters).compute(year: year))
    }

    func bureauName() async throws -> String {
        let root = try await OrgUnitRepository(db: db).all().first { $0.level == .divisionCity }
        return (root?.name ?? "") + "民政局"
    }

    /// The current text of each paragraph: its newest edit, or the default.
    public func paragraphs(year: Int) async throws -> [AnnualReportTemplate.Paragraph] {
        struct Row: Decodable { var key: String; var version: Int; var text: String }
        let rows = try await sql.select().columns("key", "version", "text").from("report_paragraph").where("year", .equal, year)
            .orderBy("version").all(decoding: Row.self)
        var latest: [String: String] = [:]
        for row in rows { latest[row.key] = row.text }
        return AnnualReportTemplate.defaultParagraphs(year: year).map { paragraph in
            var edited = paragraph
            if let text = latest[paragraph.key] { edited.text = text }
            return edited
        }
    }

    public func versions(year: Int, key: String) async throws -> [ParagraphVersion] {
        struct Row: Decodable { var version: Int; var text: String; var edited_by: String; var edited_at: Date }
        return try await sql.select().columns("version", "text", "edited_by", "edited_at").from("report_paragraph")
            .where("year", .equal, year).where("key", .equal, key).orderBy("version", .descending).all(decoding: Row.self)
            .map { ParagraphVersion(version: $0.version, text: $0.text, editedBy: $0.edited_by, editedAt: $0.edited_at) }
    }

    /// Saves a new version of a paragraph. Refused once the report is frozen, and for a placeholder no figure has.
    public func saveParagraph(year: Int, key: String, text raw: String, by principal: Principal, context: JournalContext, now: Date = Date()) async throws {
        _ = try AccessPolicy.require(principal, .editAnnualReport, on: .system, table: matters.permissions)
        guard AnnualReportTemplate.defaultParagraphs(year: year).contains(where: { $0.key == key }) else {
            throw ValidationError(field: "段落", reason: "报告中没有这一段。")
        }
        let text = raw.replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.count <= 5000 else { throw ValidationError(field: "段落", reason: "一段不超过 5000 字。") }
        let known = Set(AnnualReportTemplate.defaultParagraphs(year: year).flatMap { AnnualReportTemplate.keys(in: $0.text) })
        let unknown = AnnualReportTemplate.keys(in: text).filter { !known.contains($0) }
        guard unknown.isEmpty else {
            throw ValidationError(field: "段落", reason: "没有这些数据项：\(unknown.joined(separator: "、"))。可用的数据项见右侧「数据来源」。")
        }
        try await matters.store.write(on: db) { db in
            let sql = db as! any SQLDatabase
            guard try await sql.select().column("year").from("report_freeze").where("year", .equal, year).first() == nil else {
                throw ValidationError(field: "段落", reason: "\(year)年度报告已审定并冻结，不能再修改。")
            }
            struct Last: Decodable { var version: Int }
            let last = try await sql.select().column("version").from("report_paragraph").where("year", .equal, year).where("key", .equal, key)
                .orderBy("version", .descending).limit(1).first(decoding: Last.self)?.version ?? 0
            try await sql.insert(into: "report_paragraph").columns("id", "year", "key", "version", "text", "edited_by", "edited_at")
                .values(SQLBind(UUID()), SQLBind(year), SQLBind(key), SQLBind(last + 1), SQLBind(text), SQLBind(principal.username), SQLBind(now)).run()
            try await Journal(db: db).append(JournalEvent(action: "report.paragraph", objectType: "annual_report", objectID: "\(year)",
                                                          summary: "修改\(year)年度法治政府建设报告段落 \(key)（第 \(last + 1) 版）"),
                                             context: context, at: now)
        }
    }

    /// Freezes the report of `year` (the engine's `freezeAnnualReport` effect, inside the approving act).
    static func freeze(year: Int, matters: MatterService, by username: String, on db: any Database, now: Date) async throws {
        let sql = db as! any SQLDatabase
        guard try await sql.select().column("year").from("report_freeze").where("year", .equal, year).first() == nil else {
            throw ValidationError(field: "报告年度", reason: "\(year)年度报告已冻结。")
        }
        let service = AnnualReportService(matters: matters)
        let figures = try await AnnualReportFigures(matters: matters).compute(year: year)
        let paragraphs = try await service.paragraphs(year: year)
        try await sql.insert(into: "report_freeze").columns("id", "year", "figures", "paragraphs", "frozen_by", "frozen_at")
            .values(SQLBind(UUID()), SQLBind(year), SQLBind(JSONText.encode(figures)), SQLBind(JSONText.encode(paragraphs)),
                    SQLBind(username), SQLBind(now)).run()
    }

    public struct Workflow: Sendable, Hashable {
        public var matterID: Matter.ID
        public var reference: String
        public var state: StateID
    }

    /// The year's report matter, if drafting has started.
    public func workflow(year: Int) async throws -> Workflow? {
        struct Row: Decodable { var id: UUID; var reference: String; var state: String; var fields: String }
        let rows = try await sql.select().columns("id", "reference", "state", "fields").from("matter")
            .where("type_id", .equal, AnnualReportWorkflow.id.rawValue).all(decoding: Row.self)
        return rows.first { JSONText.decode([String: String].self, $0.fields)?["year"] == String(year) }
            .map { Workflow(matterID: .init($0.id), reference: $0.reference, state: StateID(rawValue: $0.state)) }
    }

    /// Starts the year's report on the engine, with its statutory deadlines (submitted by 1 March, published before
    /// 1 April of the next year).
    public func start(year: Int, by principal: Principal, context: JournalContext, now: Date = Date()) async throws -> Matter.ID {
        guard (2000...(CivilDate(now).year)).contains(year) else { throw ValidationError(field: "报告年度", reason: "年度应为 2000 年至今年。") }
        if let existing = try await workflow(year: year) { return existing.matterID }
        guard let bureau = try await OrgUnitRepository(db: db).all().first(where: { $0.level == .divisionCity }) else {
            throw ValidationError(field: "单位", reason: "尚未建立师市级单位。")
        }
        let due = AnnualReportWorkflow.deadlines(year: year)
        let recipients = try await SettingRepository(db: db).snapshot().string("ruleOfLawReport.recipients")
        return try await matters.create(AnnualReportWorkflow.id, at: bureau, applicant: nil, channel: "window",
                                        title: "\(year)年度法治政府建设工作报告",
                                        fields: ["year": String(year), "submitDue": due.submit.description, "publishDue": due.publish.description,
                                                 "recipients": recipients],
                                        by: principal, context: context, now: now)
    }
}
