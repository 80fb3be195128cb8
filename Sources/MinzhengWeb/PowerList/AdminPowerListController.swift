import MinzhengCore
import MinzhengPersistence
import Vapor

/// `/admin/powers`: drafting, approving, publishing and repealing power items, and units claiming supervision items.
struct AdminPowerListController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let powers = routes.grouped(RequireLoginMiddleware()).grouped("admin", "powers")
        powers.get(use: list)
        powers.get("export", ":format", use: export)
        powers.get("new", use: newForm)
        powers.post(use: save)
        powers.get(":code", "edit", use: edit)
        powers.post(":code", "approve", use: approve)
        powers.post(":code", "publish", use: publish)
        powers.post(":code", "repeal", use: repeal)
        powers.post(":code", "claim", use: claim)
    }

    @Sendable
    func export(_ request: Request) async throws -> Response {
        try await request.authorize(.administerPowerList)
        let format = try await request.exportFormat()
        let repository = PowerListRepository(db: request.database)
        let versions = try await allPages { page in try await repository.all(page: page) }
        let table = ExportTable(title: "权责清单（全部版本状态）", columns: ["编码", "名称", "类型", "版本", "状态", "监管事项"],
                                rows: versions.map { [.text($0.item.code), .text($0.item.name), .text($0.item.type.chineseName), .number(Double($0.item.version)),
                                                      .text($0.item.status.chineseName), .text($0.item.isSupervisionItem ? "是" : "否")] })
        return try await request.export(table, as: format, list: "admin.powers")
    }

    @Sendable
    func list(_ request: Request) async throws -> Response {
        try await request.authorize(.administerPowerList)
        let repository = PowerListRepository(db: request.database)
        let list = try await repository.all(page: try request.pagination)
        let rate = try await repository.claimRate()
        let page = AdminPowerListPage(
            layout: Layout(title: "权责清单管理", section: .admin, request: request),
            rows: list.items.map { .init(code: $0.item.code, name: $0.item.name, type: $0.item.type.chineseName, version: $0.item.version,
                                         status: $0.item.status.chineseName, statusCode: $0.item.status.rawValue,
                                         isSupervision: $0.item.isSupervisionItem) },
            pager: Pager(list, path: "/admin/powers", query: [], export: "/admin/powers/export"), claimed: rate.claimed, supervisionTotal: rate.total,
            units: try await OrgUnitOption.all(request))
        return try await request.render(page)
    }

    @Sendable
    func newForm(_ request: Request) async throws -> Response {
        try await request.authorize(.administerPowerList)
        return try await request.render(PowerItemFormPage(layout: Layout(title: "新建权责事项", section: .admin, request: request), form: .init()))
    }

    @Sendable
    func edit(_ request: Request) async throws -> Response {
        try await request.authorize(.administerPowerList)
        guard let last = try await PowerListRepository(db: request.database).versions(of: request.parameters.get("code") ?? "").last else {
            throw Abort(.notFound)
        }
        return try await request.render(PowerItemFormPage(layout: Layout(title: "修订权责事项", section: .admin, request: request),
                                                          form: .init(last.item), isRevision: true))
    }

    @Sendable
    func save(_ request: Request) async throws -> Response {
        try await request.authorize(.administerPowerList)
        let form = PowerItemFormPage.Form(fields: try request.content.decode([String: String].self))
        do {
            let item = try form.item()
            let saved = try await request.write { db in
                let saved = try await PowerListRepository(db: db).saveDraft(item, at: Date())
                try await Journal(db: db).append(
                    JournalEvent(action: "powerItem.draft", objectType: "power_item", objectID: saved.code,
                                 summary: "保存权责事项草稿 \(saved.code) 第 \(saved.version) 版"),
                    context: request.journalContext(role: .systemAdministrator))
                return saved
            }
            return request.redirect(to: "/admin/powers", flash: "已保存「\(saved.name)」第 \(saved.version) 版草稿，待审定。")
        } catch let error as ValidationError {
            var page = PowerItemFormPage(layout: Layout(title: "权责事项", section: .admin, request: request), form: form)
            page.error = error.message
            return try await request.render(page, status: .unprocessableEntity)
        }
    }

    struct ApproveForm: Content {
        var reference: String?
    }

    @Sendable
    func approve(_ request: Request) async throws -> Response {
        try await request.authorize(.administerPowerList)
        let code = request.parameters.get("code") ?? ""
        let reference = try request.content.decode(ApproveForm.self).reference ?? ""
        try await step(request, code: code, action: "powerItem.approve", summary: "审定权责事项 \(code)（\(reference)）") { repository in
            _ = try await repository.approve(code: code, reference: reference, at: Date())
        }
        return request.redirect(to: "/admin/powers", flash: "已审定「\(code)」。")
    }

    @Sendable
    func publish(_ request: Request) async throws -> Response {
        try await request.authorize(.administerPowerList)
        let code = request.parameters.get("code") ?? ""
        try await step(request, code: code, action: "powerItem.publish", summary: "公布权责事项 \(code)") { repository in
            _ = try await repository.publish(code: code, at: Date())
        }
        return request.redirect(to: "/admin/powers", flash: "已公布「\(code)」，公开页面同步更新。")
    }

    @Sendable
    func repeal(_ request: Request) async throws -> Response {
        try await request.authorize(.administerPowerList)
        let code = request.parameters.get("code") ?? ""
        try await step(request, code: code, action: "powerItem.repeal", summary: "废止权责事项 \(code)") { repository in
            try await repository.repeal(code: code, at: Date())
        }
        return request.redirect(to: "/admin/powers", flash: "已废止「\(code)」：新办件不能再援引此事项。")
    }

    struct ClaimForm: Content {
        var orgUnitID: String?
    }

    @Sendable
    func claim(_ request: Request) async throws -> Response {
        try await request.authorize(.administerPowerList)
        let code = request.parameters.get("code") ?? ""
        guard let unit = try await (try request.content.decode(ClaimForm.self).orgUnitID).flatMap(OrgUnit.ID.init)
            .asyncFlatMap({ try await OrgUnitRepository(db: request.database).find($0) })
        else { throw ValidationError(field: "认领单位", reason: "请选择认领单位。") }
        let username = try request.requireUser().account.journalName
        try await step(request, code: code, action: "powerItem.claim", summary: "\(unit.name)认领监管事项 \(code)") { repository in
            try await repository.claim(code: code, unit: unit, by: username, at: Date())
        }
        return request.redirect(to: "/admin/powers", flash: "\(unit.name)已认领「\(code)」。")
    }

    private func step(_ request: Request, code: String, action: String, summary: String,
                      _ body: @escaping @Sendable (PowerListRepository) async throws -> Void) async throws {
        try await request.write { db in
            try await body(PowerListRepository(db: db))
            try await Journal(db: db).append(JournalEvent(action: action, objectType: "power_item", objectID: code, summary: summary),
                                             context: request.journalContext(role: .systemAdministrator))
        }
    }
}

struct AdminPowerListPage: Page {
    static let template = "admin/powers"

    struct Row: Encodable {
        var code: String
        var name: String
        var type: String
        var version: Int
        var status: String
        var statusCode: String
        var isSupervision: Bool
    }

    var layout: Layout
    var rows: [Row]
    var pager: Pager
    var claimed: Int
    var supervisionTotal: Int
    var units: [OrgUnitOption]
}

/// The item form: repeating parts are one per line, with `|` between columns.
struct PowerItemFormPage: Page {
    static let template = "admin/power-form"

    struct Form: Encodable {
        var code: String = ""
        var name: String = ""
        var type: String = PowerType.licensing.rawValue
        var authorizedPower: String = ""
        var bases: String = ""
        var body: String = "第三师图木舒克市民政局"
        var handlingUnit: String = ""
        var level: String = "师市"
        var responsibilities: String = ""
        var accountability: String = ""
        var complaintPhone: String = "12345（政务服务便民热线）"
        var flow: String = ""
        var riskPoints: String = ""
        var remarks: String = ""
        var isSupervisionItem: String?

        init() {}

        /// From a submitted form: missing fields keep their defaults.
        init(fields: [String: String]) {
            func value(_ key: String, _ fallback: String) -> String { fields[key] ?? fallback }
            let blank = Form()
            code = value("code", blank.code)
            name = value("name", blank.name)
            type = value("type", blank.type)
            authorizedPower = value("authorizedPower", blank.authorizedPower)
            bases = value("bases", blank.bases)
            body = value("body", blank.body)
            handlingUnit = value("handlingUnit", blank.handlingUnit)
            level = value("level", blank.level)
            responsibilities = value("responsibilities", blank.responsibilities)
            accountability = value("accountability", blank.accountability)
            complaintPhone = value("complaintPhone", blank.complaintPhone)
            flow = value("flow", blank.flow)
            riskPoints = value("riskPoints", blank.riskPoints)
            remarks = value("remarks", blank.remarks)
            isSupervisionItem = fields["isSupervisionItem"]
        }

        init(_ item: PowerItem) {
            code = item.code
            name = item.name
            type = item.type.rawValue
            authorizedPower = item.authorizedPower
            bases = item.bases.map { "\($0.law)|\($0.article)" }.joined(separator: "\n")
            body = item.body
            handlingUnit = item.handlingUnit
            level = item.level
            responsibilities = item.responsibilities.map { "\($0.stage)|\($0.content)|\($0.basis)" }.joined(separator: "\n")
            accountability = item.accountability.joined(separator: "\n")
            complaintPhone = item.complaintPhone
            flow = item.flow.joined(separator: "\n")
            riskPoints = item.riskPoints.joined(separator: "\n")
            remarks = item.remarks
            isSupervisionItem = item.isSupervisionItem ? "yes" : nil
        }

        static func lines(_ text: String) -> [String] {
            text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }

        func item() throws -> PowerItem {
            guard let type = PowerType(rawValue: type) else { throw ValidationError(field: "权力类型", reason: "请选择十类权力类型之一。") }
            let bases = Self.lines(self.bases).map { line -> LegalBasis in
                let parts = line.split(separator: "|", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                return LegalBasis(law: parts[0], article: parts.count > 1 ? parts[1] : "")
            }
            let responsibilities = try Self.lines(self.responsibilities).map { line -> ResponsibilityItem in
                let parts = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 3 else { throw ValidationError(field: "责任事项", reason: "每行应为「环节|内容|依据」：\(line)") }
                return ResponsibilityItem(stage: parts[0], content: parts[1], basis: parts[2])
            }
            return PowerItem(
                code: code.trimmingCharacters(in: .whitespaces), name: name.trimmingCharacters(in: .whitespaces), type: type,
                authorizedPower: authorizedPower.trimmingCharacters(in: .whitespaces), bases: bases, body: body, handlingUnit: handlingUnit,
                level: level, responsibilities: responsibilities, accountability: Self.lines(accountability), complaintPhone: complaintPhone,
                flow: Self.lines(flow), riskPoints: Self.lines(riskPoints), remarks: remarks, isSupervisionItem: isSupervisionItem == "yes")
        }
    }

    var layout: Layout
    var form: Form
    var isRevision = false
    var types: [Option] = PowerType.allCases.map { Option(value: $0.rawValue, label: $0.chineseName) }
    var error: String?
}
