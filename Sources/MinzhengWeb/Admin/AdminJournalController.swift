import MinzhengCore
import MinzhengPersistence
import Vapor

/// `/admin/journal`: the hash-chained journal, for the 审计管理员 only: filters, paging, verification and checkpoints.
struct AdminJournalController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let journal = routes.grouped(RequireLoginMiddleware()).grouped("admin", "journal")
        journal.get(use: list)
        journal.get("export", ":format", use: export)
        journal.post("verify", use: verify)
        journal.post("checkpoint", use: checkpoint)
    }

    struct Filters: Decodable {
        var from: String?
        var until: String?
        var actor: String?
        var action: String?
        var objectType: String?
        var objectID: String?
    }

    @Sendable
    func list(_ request: Request) async throws -> Response {
        try await request.authorize(.readJournal)
        return try await request.render(try await page(request, verification: nil))
    }

    @Sendable
    func verify(_ request: Request) async throws -> Response {
        try await request.authorize(.readJournal)
        let config = request.minzheng.config
        let directory = JournalCheckpointDirectory(path: config.checkpointDirectory, key: config.journalKey)
        let loaded = try directory.load()
        let outcome = try await JournalVerifier(db: request.database).verify(checkpoints: loaded.checkpoints)
        var message: String
        var isIntact = false
        switch outcome {
        case .intact(let count, _):
            message = "日志链完整：共 \(count) 条，核对检查点 \(loaded.checkpoints.count) 个。"
            isIntact = loaded.forged.isEmpty
        case .broken(let sequence, let reason):
            message = "日志链已被破坏：第 \(sequence) 条起异常。\(reason)。"
        }
        if !loaded.forged.isEmpty { message += " 签名无效的检查点文件：\(loaded.forged.joined(separator: "、"))。" }
        let intact = isIntact
        try await request.write { db in
            try await Journal(db: db).append(
                JournalEvent(action: "journal.verify", objectType: "journal", summary: intact ? "校验审计日志：完整" : "校验审计日志：发现异常",
                             outcome: intact ? .success : .failure),
                context: request.journalContext(role: .auditAdministrator))
        }
        return try await request.render(try await page(request, verification: .init(isIntact: isIntact, message: message)))
    }

    @Sendable
    func checkpoint(_ request: Request) async throws -> Response {
        try await request.authorize(.readJournal)
        let config = request.minzheng.config
        let (checkpoint, _) = try await JournalCheckpointDirectory(path: config.checkpointDirectory, key: config.journalKey)
            .write(db: request.database)
        request.logger.notice("journal checkpoint written", metadata: ["journal.seq": "\(checkpoint.sequence)", "journal.hash": "\(checkpoint.hash)"])
        return request.redirect(to: "/admin/journal", flash: "已写出检查点：第 \(checkpoint.sequence) 条。")
    }

    private func filter(_ filters: Filters) -> JournalFilter {
        func day(_ text: String?) -> Date? { text.flatMap { CivilDate(iso: $0) }?.startInstant }
        return JournalFilter(from: day(filters.from), until: day(filters.until).map { $0.addingTimeInterval(86_400) },
                             actor: filters.actor, action: filters.action, objectType: filters.objectType, objectID: filters.objectID)
    }

    /// The filtered journal as the 审计管理员 sees it, every page (the summaries never hold personal data).
    @Sendable
    func export(_ request: Request) async throws -> Response {
        try await request.authorize(.readJournal)
        let format = try await request.exportFormat()
        let filters = try request.query.decode(Filters.self)
        let query = JournalQuery(db: request.database)
        let criteria = filter(filters)
        let entries = try await allPages(limit: 100_000) { page in try await query.list(criteria, page: page) }
        let table = ExportTable(title: "审计日志", columns: ["序号", "时间", "操作人", "岗位", "操作", "对象", "摘要", "结果", "来源地址", "哈希"],
                                rows: entries.map { entry in
                                    let row = AdminJournalPage.Row(entry)
                                    return [.number(Double(row.sequence)), .text(row.time), .text(row.actor), .text(row.role), .text(row.action),
                                            .text(row.object), .text(row.summary), .text(row.isFailure ? "失败" : "成功"), .text(row.client), .text(entry.hash)]
                                })
        return try await request.export(table, as: format, list: "admin.journal",
                                        filters: ["from": filters.from ?? "", "until": filters.until ?? "", "action": filters.action ?? ""])
    }

    private func page(_ request: Request, verification: AdminJournalPage.Verification?) async throws -> AdminJournalPage {
        let filters = try request.query.decode(Filters.self)
        let filter = filter(filters)
        let list = try await JournalQuery(db: request.database).list(filter, page: try request.pagination)
        return AdminJournalPage(
            layout: Layout(title: "审计日志", section: .admin, request: request),
            rows: list.items.map(AdminJournalPage.Row.init),
            pager: Pager(list, path: "/admin/journal", query: [("from", filters.from), ("until", filters.until), ("actor", filters.actor),
                                                              ("action", filters.action), ("objectType", filters.objectType),
                                                              ("objectID", filters.objectID)], export: "/admin/journal/export"),
            from: filters.from ?? "", until: filters.until ?? "", actor: filters.actor ?? "", action: filters.action ?? "",
            objectType: filters.objectType ?? "", objectID: filters.objectID ?? "", verification: verification)
    }
}

struct AdminJournalPage: Page {
    static let template = "admin/journal"

    struct Row: Encodable {
        var sequence: Int64
        var time: String
        var actor: String
        var role: String
        var action: String
        var object: String
        var summary: String
        var isFailure: Bool
        var client: String
        var hash: String

        init(_ entry: JournalEntry) {
            sequence = entry.sequence
            time = ChineseTime.dateTime(entry.timestamp)
            actor = entry.actor.name
            role = entry.actor.role.flatMap(Role.init(rawValue:))?.chineseName ?? (entry.actor.kind == .operator ? "运维（命令行）" : entry.actor.kind == .system ? "系统" : "")
            action = entry.event.action
            object = [entry.event.objectType, entry.event.objectID].compactMap { $0 }.joined(separator: " ")
            summary = entry.event.summary
            isFailure = entry.event.outcome == .failure
            client = entry.clientAddress ?? ""
            hash = String(entry.hash.prefix(12))
        }
    }

    struct Verification: Encodable {
        var isIntact: Bool
        var message: String
    }

    var layout: Layout
    var rows: [Row]
    var pager: Pager
    var from: String
    var until: String
    var actor: String
    var action: String
    var objectType: String
    var objectID: String
    var verification: Verification?
}
