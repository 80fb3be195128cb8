import Foundation
import MinzhengCore
import MinzhengPersistence
import Vapor

/// The annual rule-of-law report (issue 10): `/work/reports/:year` to read, edit and follow its workflow, each figure
/// opening its records; print-ready HTML, Markdown and DOCX; `/reports/:year` on the portal once published.
struct ReportsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let work = routes.grouped(RequireLoginMiddleware()).grouped("work", "reports")
        work.get(use: index)
        work.get(":year", use: show)
        work.post(":year", "start", use: start)
        work.post(":year", "paragraphs", ":key", use: saveParagraph)
        work.get(":year", "figures", ":key", use: figure)
        work.get(":year", "figures", ":key", "export", ":format", use: exportFigure)
        work.get(":year", "print", use: printable)
        work.get(":year", "download", ":format", use: download)
        routes.get("reports", ":year", use: publicReport)
        routes.get("css", "report-print.css") { _ in
            Response(status: .ok, headers: ["Content-Type": "text/css; charset=utf-8", "Cache-Control": "public, max-age=3600"],
                     body: .init(string: AnnualReportHTML.style))
        }
    }

    private func year(_ request: Request) throws -> Int {
        guard let year = request.parameters.get("year", as: Int.self), (2000...request.today.year).contains(year) else {
            throw Abort(.notFound, reason: "没有这一年度的报告。")
        }
        return year
    }

    private func authorizeReading(_ request: Request) async throws {
        if request.isAllowed(.editAnnualReport) { return }
        try await request.authorize(.viewDashboard)
    }

    @Sendable
    func index(_ request: Request) async throws -> Response {
        try await authorizeReading(request)
        let service = AnnualReportService(matters: request.matters)
        var rows: [ReportIndexPage.Row] = []
        for year in stride(from: request.today.year, through: request.today.year - 3, by: -1) {
            let workflow = try await service.workflow(year: year)
            let due = AnnualReportWorkflow.deadlines(year: year)
            rows.append(.init(year: year, state: workflow.map { AnnualReportWorkflow.type.stateName($0.state) } ?? "未启动",
                              submitDue: due.submit.chineseDescription, publishDue: due.publish.chineseDescription,
                              matterID: workflow?.matterID.description))
        }
        return try await request.render(ReportIndexPage(layout: Layout(title: "法治政府建设年度报告", section: .work, request: request), rows: rows))
    }

    @Sendable
    func show(_ request: Request) async throws -> Response {
        try await authorizeReading(request)
        return try await request.render(try await page(request, year: try year(request)))
    }

    private func page(_ request: Request, year: Int, editing: (key: String, text: String)? = nil, error: String? = nil) async throws -> ReportPage {
        let service = AnnualReportService(matters: request.matters)
        let document = try await service.document(year: year)
        let workflow = try await service.workflow(year: year)
        let canEdit = request.isAllowed(.editAnnualReport) && document.frozenAt == nil
        let due = AnnualReportWorkflow.deadlines(year: year)
        var paragraphs: [ReportPage.Paragraph] = []
        for paragraph in document.paragraphs {
            let versions = try await service.versions(year: year, key: paragraph.key)
            paragraphs.append(.init(
                key: paragraph.key, heading: paragraph.heading, level: paragraph.level,
                segments: AnnualReportTemplate.segments(paragraph.text, figures: document.figures).map { .init(text: $0.text, key: $0.key) },
                source: editing?.key == paragraph.key ? editing!.text : paragraph.text,
                versions: versions.count, lastEdit: versions.first.map { "第 \($0.version) 版，\($0.editedBy)，\(ChineseTime.dateTime($0.editedAt))" },
                isEditing: editing?.key == paragraph.key))
        }
        return ReportPage(
            layout: Layout(title: document.title, section: .work, request: request), year: year, title: document.title, paragraphs: paragraphs,
            figures: document.orderedFigures.map { .init(key: $0.key, label: $0.label, value: $0.value, definition: $0.definition, period: $0.period, count: $0.records.count) },
            frozen: try await frozenNote(request, document),
            canEdit: canEdit, canStart: request.isAllowed(.editAnnualReport) && workflow == nil && year < request.today.year + 1,
            workflowState: workflow.map { AnnualReportWorkflow.type.stateName($0.state) }, workflowID: workflow?.matterID.description,
            workflowReference: workflow?.reference, submitDue: due.submit.chineseDescription, publishDue: due.publish.chineseDescription,
            placeholders: document.figures.values.sorted { $0.key < $1.key }.map { "{{\($0.key)}} \($0.label)" }, error: error)
    }

    /// 「已于 … 由 褚局长 审定冻结」: the approver by name, not by login.
    private func frozenNote(_ request: Request, _ document: AnnualReportService.Document) async throws -> String? {
        guard let at = document.frozenAt else { return nil }
        let name = try await document.frozenBy.asyncFlatMap {
            try await AccountRepository(db: request.database, cipher: request.minzheng.cipher).find(username: $0)?.displayName
        } ?? document.frozenBy ?? ""
        return "已于 \(ChineseTime.dateTime(at)) 由\(name)审定冻结，数据不再随台账变化。"
    }

    @Sendable
    func start(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        let year = try year(request)
        do {
            _ = try await AnnualReportService(matters: request.matters).start(year: year, by: user.principal, context: request.journalContext())
            return request.redirect(to: "/work/reports/\(year)", flash: "已启动\(year)年度报告编制，报送和公开期限已开始计算。")
        } catch let error as AccessRefused {
            throw AccessDenied(reason: error.reason)
        } catch let error as ValidationError {
            return try await request.render(try await page(request, year: year, error: error.message), status: .unprocessableEntity)
        }
    }

    @Sendable
    func saveParagraph(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        let year = try year(request)
        let key = request.parameters.get("key") ?? ""
        let text = (try? request.content.get(String.self, at: "text")) ?? ""
        do {
            try await AnnualReportService(matters: request.matters).saveParagraph(year: year, key: key, text: text, by: user.principal,
                                                                                 context: request.journalContext())
            return request.redirect(to: "/work/reports/\(year)#p-\(key)", flash: "段落已保存为新版本。")
        } catch let error as AccessRefused {
            throw AccessDenied(reason: error.reason)
        } catch let error as ValidationError {
            return try await request.render(try await page(request, year: year, editing: (key, text), error: error.message), status: .unprocessableEntity)
        }
    }

    private func lookUpFigure(_ request: Request, year: Int) async throws -> (AnnualReportService.Document, ReportFigure) {
        let document = try await AnnualReportService(matters: request.matters).document(year: year)
        guard let figure = request.parameters.get("key").flatMap({ document.figures[$0] }) else { throw Abort(.notFound, reason: "报告中没有这一数据项。") }
        return (document, figure)
    }

    @Sendable
    func figure(_ request: Request) async throws -> Response {
        try await authorizeReading(request)
        let year = try year(request)
        let (document, figure) = try await lookUpFigure(request, year: year)
        let page = try request.pagination
        let records = figure.records.dropFirst(page.offset).prefix(page.size)
        let list = PagedList(items: Array(records), request: page, total: figure.records.count)
        return try await request.render(ReportFigurePage(
            layout: Layout(title: figure.label, section: .work, request: request), year: year, key: figure.key, reportTitle: document.title,
            label: figure.label, value: figure.value, definition: figure.definition, period: figure.period,
            frozen: document.frozenAt != nil, records: list.items.map { .init(reference: $0.reference, title: $0.title, link: $0.link) },
            pager: Pager(list, path: "/work/reports/\(year)/figures/\(figure.key)", query: [], export: "/work/reports/\(year)/figures/\(figure.key)/export")))
    }

    @Sendable
    func exportFigure(_ request: Request) async throws -> Response {
        try await authorizeReading(request)
        let year = try year(request)
        let (_, figure) = try await lookUpFigure(request, year: year)
        let table = ExportTable(title: "\(year)年度报告-\(figure.label)", columns: ["编号", "名称"],
                                rows: figure.records.map { [.text($0.reference), .text($0.title)] })
        return try await request.export(table, as: try await request.exportFormat(), list: "report.figure", filters: ["year": String(year), "figure": figure.key])
    }

    @Sendable
    func printable(_ request: Request) async throws -> Response {
        try await authorizeReading(request)
        return try await renderPrint(request, year: try year(request), links: true)
    }

    private func renderPrint(_ request: Request, year: Int, links: Bool) async throws -> Response {
        let document = try await AnnualReportService(matters: request.matters).document(year: year)
        var headers = HTTPHeaders()
        headers.contentType = .html
        return Response(status: .ok, headers: headers, body: .init(string: AnnualReportHTML.render(document, links: links, inlineStyle: false)))
    }

    @Sendable
    func download(_ request: Request) async throws -> Response {
        try await authorizeReading(request)
        let year = try year(request)
        let document = try await AnnualReportService(matters: request.matters).document(year: year)
        let format = request.parameters.get("format") ?? ""
        let data: Data
        let type: HTTPMediaType
        switch format {
        case "md":
            data = Data(document.markdown.utf8)
            type = HTTPMediaType(type: "text", subType: "markdown", parameters: ["charset": "utf-8"])
        case "docx":
            data = try ZipFiles.pack(WordprocessingML.parts(title: document.title, blocks: document.blocks, created: Date()))
            type = HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.wordprocessingml.document")
        default:
            throw Abort(.notFound, reason: "不支持的格式，请选择 Markdown 或 Word（DOCX）。")
        }
        let context = request.journalContext()
        try await request.write { db in
            try await Journal(db: db).append(JournalEvent(action: "report.export", objectType: "annual_report", objectID: "\(year)",
                                                          summary: "导出\(year)年度法治政府建设报告（\(format.uppercased())）"), context: context)
        }
        return Request.download(data, filename: "\(document.title).\(format)", contentType: type)
    }

    /// The portal's copy, once the report is published (政府信息公开).
    @Sendable
    func publicReport(_ request: Request) async throws -> Response {
        let year = try year(request)
        guard let workflow = try await AnnualReportService(matters: request.matters).workflow(year: year), workflow.state == "published" else {
            throw Abort(.notFound, reason: "\(year)年度法治政府建设报告尚未公开。")
        }
        return try await renderPrint(request, year: year, links: false)
    }
}

struct ReportIndexPage: Page {
    static let template = "reports/index"
    struct Row: Encodable { var year: Int; var state: String; var submitDue: String; var publishDue: String; var matterID: String? }
    var layout: Layout
    var rows: [Row]
}

struct ReportPage: Page {
    static let template = "reports/show"
    struct Segment: Encodable { var text: String; var key: String? }
    struct Paragraph: Encodable {
        var key: String
        var heading: String?
        var level: Int
        var segments: [Segment]
        var source: String
        var versions: Int
        var lastEdit: String?
        var isEditing: Bool
    }
    struct Figure: Encodable { var key: String; var label: String; var value: String; var definition: String; var period: String; var count: Int }

    var layout: Layout
    var year: Int
    var title: String
    var paragraphs: [Paragraph]
    var figures: [Figure]
    var frozen: String?
    var canEdit: Bool
    var canStart: Bool
    var workflowState: String?
    var workflowID: String?
    var workflowReference: String?
    var submitDue: String
    var publishDue: String
    var placeholders: [String]
    var error: String?
}

struct ReportFigurePage: Page {
    static let template = "reports/figure"
    struct Record: Encodable { var reference: String; var title: String; var link: String }
    var layout: Layout
    var year: Int
    var key: String
    var reportTitle: String
    var label: String
    var value: String
    var definition: String
    var period: String
    var frozen: Bool
    var records: [Record]
    var pager: Pager
}
