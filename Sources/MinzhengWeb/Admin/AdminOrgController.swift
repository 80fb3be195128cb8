import MinzhengCore
import MinzhengPersistence
import Vapor

/// `/admin/org`: the org tree — 师市 → 团镇/街道 → 连队/社区 — with each unit's code and calendar.
struct AdminOrgController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let org = routes.grouped(RequireLoginMiddleware()).grouped("admin", "org")
        org.get(use: list)
        org.post(use: create)
        org.get(":unitID", use: edit)
        org.post(":unitID", use: update)
    }

    struct Form: Content {
        var code: String?
        var name: String?
        var level: String?
        var parentID: String?
        var calendarCode: String?
        var isFictional: String?
    }

    @Sendable
    func list(_ request: Request) async throws -> Response {
        try await request.authorize(.administerOrgTree)
        return try await request.render(try await listPage(request, form: Form()))
    }

    @Sendable
    func create(_ request: Request) async throws -> Response {
        try await request.authorize(.administerOrgTree)
        let form = try request.content.decode(Form.self)
        do {
            guard let level = form.level.flatMap(OrgLevel.init(rawValue:)) else {
                throw ValidationError(field: "层级", reason: "请选择单位层级。")
            }
            let parentID = form.parentID.flatMap(OrgUnit.ID.init)
            let unit = try await request.write { db in
                let unit = try await OrgUnitRepository(db: db).create(
                    code: (form.code ?? "").trimmingCharacters(in: .whitespaces), name: form.name ?? "", level: level,
                    parentID: parentID, calendarCode: form.calendarCode ?? CalendarDefinition.bureauDefault.code,
                    isFictional: form.isFictional == "yes")
                try await Journal(db: db).append(
                    JournalEvent(action: "orgUnit.create", objectType: "org_unit", objectID: unit.id.description,
                                 summary: "新建单位 \(unit.code)（\(level.chineseName)）"),
                    context: request.journalContext(role: .systemAdministrator))
                return unit
            }
            return request.redirect(to: "/admin/org", flash: "已新建单位「\(unit.name)」。")
        } catch let error as ValidationError {
            var page = try await listPage(request, form: form)
            page.error = error.message
            return try await request.render(page, status: .unprocessableEntity)
        }
    }

    @Sendable
    func edit(_ request: Request) async throws -> Response {
        try await request.authorize(.administerOrgTree)
        let unit = try await findUnit(request)
        return try await request.render(editPage(request, unit: unit, name: unit.name, calendarCode: unit.calendarCode))
    }

    @Sendable
    func update(_ request: Request) async throws -> Response {
        try await request.authorize(.administerOrgTree)
        let unit = try await findUnit(request)
        let form = try request.content.decode(Form.self)
        do {
            try await request.write { db in
                let updated = try await OrgUnitRepository(db: db).update(unit.id, name: form.name ?? "", calendarCode: form.calendarCode ?? "")
                var changes: [String: String] = [:]
                if updated.name != unit.name { changes["name"] = "changed" }
                if updated.calendarCode != unit.calendarCode { changes["calendar"] = "\(unit.calendarCode)→\(updated.calendarCode)" }
                try await Journal(db: db).append(
                    JournalEvent(action: "orgUnit.update", objectType: "org_unit", objectID: unit.id.description,
                                 summary: "修改单位 \(unit.code)", details: changes),
                    context: request.journalContext(role: .systemAdministrator))
            }
            return request.redirect(to: "/admin/org", flash: "已保存「\(unit.code)」。")
        } catch let error as ValidationError {
            var page = editPage(request, unit: unit, name: form.name ?? "", calendarCode: form.calendarCode ?? unit.calendarCode)
            page.error = error.message
            return try await request.render(page, status: .unprocessableEntity)
        }
    }

    private func findUnit(_ request: Request) async throws -> OrgUnit {
        guard let id = request.parameters.get("unitID").flatMap(OrgUnit.ID.init),
              let unit = try await OrgUnitRepository(db: request.database).find(id)
        else { throw Abort(.notFound) }
        return unit
    }

    private func listPage(_ request: Request, form: Form) async throws -> AdminOrgPage {
        let units = try await OrgUnitRepository(db: request.database).all()
        return AdminOrgPage(
            layout: Layout(title: "组织机构", section: .admin, request: request),
            units: units.map(AdminOrgPage.Row.init),
            parents: units.filter { $0.level.childLevel != nil }.map(OrgUnitOption.init),
            levels: OrgLevel.allCases.map { Option(value: $0.rawValue, label: $0.chineseName) },
            calendars: CalendarDefinition.all.map { Option(value: $0.code, label: $0.name) },
            form: .init(code: form.code ?? "", name: form.name ?? "", level: form.level ?? OrgLevel.regimentTownOrSubdistrict.rawValue,
                        parentID: form.parentID ?? "", calendarCode: form.calendarCode ?? CalendarDefinition.bureauDefault.code,
                        isFictional: form.isFictional == "yes"),
            mappingHint: RuleConfidence.unconfirmedHint)
    }

    private func editPage(_ request: Request, unit: OrgUnit, name: String, calendarCode: String) -> AdminOrgUnitPage {
        AdminOrgUnitPage(layout: Layout(title: "编辑单位", section: .admin, request: request), unit: .init(unit), name: name,
                         calendarCode: calendarCode,
                         calendars: CalendarDefinition.all.map { Option(value: $0.code, label: $0.name) })
    }
}

struct AdminOrgPage: Page {
    static let template = "admin/org"

    struct Row: Encodable {
        var id: String
        var code: String
        var name: String
        var level: String
        var depth: Int
        var calendar: String
        var isFictional: Bool

        init(_ unit: OrgUnit) {
            id = unit.id.description
            code = unit.code
            name = unit.name
            level = unit.level.chineseName
            depth = max(0, unit.path.filter { $0 == "/" }.count - 2)
            calendar = CalendarDefinition.named(unit.calendarCode)?.name ?? unit.calendarCode
            isFictional = unit.isFictional
        }
    }

    struct Form: Encodable {
        var code: String
        var name: String
        var level: String
        var parentID: String
        var calendarCode: String
        var isFictional: Bool
    }

    var layout: Layout
    var units: [Row]
    var parents: [OrgUnitOption]
    var levels: [Option]
    var calendars: [Option]
    var form: Form
    var mappingHint: String
    var error: String?
}

struct AdminOrgUnitPage: Page {
    static let template = "admin/org-unit"
    var layout: Layout
    var unit: AdminOrgPage.Row
    var name: String
    var calendarCode: String
    var calendars: [Option]
    var error: String?
}
