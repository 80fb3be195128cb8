import MinzhengCore
import MinzhengPersistence
import Vapor

/// `/work/disputes`: the year's mediation and petition figures with links to register cases; `/work/emergencies`: the
/// care-institution register, who is past a drill, the risk ledger and the incidents; `/petitions`: the published
/// channels (信访工作条例 第十八条).
struct DisputesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let work = routes.grouped(RequireLoginMiddleware()).grouped("work")
        work.get("disputes", use: disputes)
        work.get("emergencies", use: emergencies)
        work.post("emergencies", "institutions", use: addInstitution)
        work.post("disputes", "counsel", use: addCounsel)
        routes.get("petitions", use: petitions)
    }

    @Sendable
    func disputes(_ request: Request) async throws -> Response {
        try await request.authorize(.openWorkbench)
        return try await request.render(try await disputesPage(request, form: [:]))
    }

    private func disputesPage(_ request: Request, form: [String: String]) async throws -> DisputesPage {
        let year = try request.yearQuery
        let figures = try await DisputeFigureQueries(matters: request.matters).figures(year: year)
        let counsel = try await LegalCounselRegister(db: request.database).all()
        return DisputesPage(
            layout: Layout(title: "调解与信访", section: .work, request: request), year: year, mediations: figures.mediations, concluded: figures.concluded,
            reconciled: figures.reconciled, agreements: figures.agreements, notPursued: figures.divorceNotPursued, petitions: figures.petitions,
            answered: figures.petitionsAnswered, onTime: figures.petitionsOnTime,
            onTimeRate: SupervisionFigures.percent(figures.petitionsAnswered == 0 ? nil : Double(figures.petitionsOnTime) / Double(figures.petitionsAnswered)),
            counsel: counsel.map { .init(name: $0.name, firm: $0.firm, licence: $0.licenceNumber, scope: $0.scope,
                                         term: "\($0.engagedFrom.chineseDescription)至\($0.engagedUntil.chineseDescription)",
                                         current: $0.isEngaged(on: request.today)) },
            canManageCounsel: request.isAllowed(.manageLegalCounsel), form: form)
    }

    @Sendable
    func addCounsel(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        let form = try request.content.decode([String: String].self)
        do {
            try await LegalCounselRegister(db: request.database).add(
                name: form["name"] ?? "", firm: form["firm"] ?? "", licenceNumber: form["licence"] ?? "", scope: form["scope"] ?? "",
                from: form["from"] ?? "", until: form["until"] ?? "", by: user.principal, permissions: request.minzheng.permissions,
                context: request.journalContext(), store: request.minzheng.store)
            return request.redirect(to: "/work/disputes#counsel", flash: "法律顾问已登记。")
        } catch let error as ValidationError {
            var page = try await disputesPage(request, form: form)
            page.error = error.message
            return try await request.render(page, status: .unprocessableEntity)
        } catch let error as AccessRefused {
            throw AccessDenied(reason: error.reason)
        }
    }

    @Sendable
    func emergencies(_ request: Request) async throws -> Response {
        try await request.authorize(.openWorkbench)
        return try await request.render(try await emergenciesPage(request, form: [:]))
    }

    private func emergenciesPage(_ request: Request, form: [String: String]) async throws -> EmergenciesPage {
        let year = try request.yearQuery
        let registry = CareInstitutionRegistry(matters: request.matters)
        let status = try await registry.drillStatus(today: request.today)
        let ledger = try await RectificationItems(db: request.database).riskLedger()
        let figures = try await DisputeFigureQueries(matters: request.matters).figures(year: year)
        let incidents = try await request.matters.recent(CareInstitutionMatters.incident.id, limit: 20)
        return EmergenciesPage(
            layout: Layout(title: "养老机构应急管理", section: .work, request: request), year: year, drills: figures.drills,
            institutions: status.map {
                .init(name: $0.institution.name, code: $0.institution.creditCode, beds: $0.institution.beds, keyFire: $0.institution.isKeyFireUnit,
                      lastFire: $0.lastFireDrill?.chineseDescription, lastDrill: $0.lastDrill?.chineseDescription, overdue: $0.overdue.joined(separator: "；"))
            },
            ledger: ledger.map { .init(description: $0.item.description, deadline: $0.item.deadline.chineseDescription, reference: $0.reference,
                                       matterID: $0.item.matterID.uuidString, institution: $0.institution, overdue: $0.item.isOverdue(on: request.today)) },
            incidents: incidents.map { snapshot in
                .init(id: snapshot.matter.id.description, institution: snapshot.matter.fields["institutionName"] ?? "", kind: snapshot.matter.fields["eventKind"] ?? "",
                      occurred: snapshot.matter.fields["occurredAt"] ?? "",
                      delay: CareInstitutionMatters.reportingDelay(occurred: snapshot.matter.fields["occurredAt"], reported: snapshot.matter.fields["reportedAt"])
                        .map { "\($0 / 60) 小时 \($0 % 60) 分钟" } ?? "—")
            },
            canManage: request.isAllowed(.manageOrganizations, on: AccessTarget(orgUnitPath: try await OrgUnitRepository(db: request.database)
                .find(code: OrganizationRegistry.registryUnitCode)?.path ?? "/")),
            form: form)
    }

    @Sendable
    func addInstitution(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        let form = try request.content.decode([String: String].self)
        do {
            try await CareInstitutionRegistry(matters: request.matters).add(
                creditCode: form["creditCode"] ?? "", name: form["name"] ?? "", address: form["address"] ?? "", beds: form["beds"].flatMap { Int($0) },
                isKeyFireUnit: form["keyFire"] == "yes", by: user.principal, context: request.journalContext())
            return request.redirect(to: "/work/emergencies", flash: "养老机构已登记。")
        } catch let error as ValidationError {
            var page = try await emergenciesPage(request, form: form)
            page.error = error.message
            return try await request.render(page, status: .unprocessableEntity)
        } catch let error as AccessRefused {
            throw AccessDenied(reason: error.reason)
        }
    }

    @Sendable
    func petitions(_ request: Request) async throws -> Response {
        let settings = try await SettingRepository(db: request.database).snapshot()
        return try await request.render(PetitionsPage(
            layout: Layout(title: "信访渠道", section: .portal, request: request), hotline: settings.string("petition.hotline"),
            address: settings.string("petition.address"), hours: settings.string("petition.receptionHours")))
    }
}

extension MatterService {
    /// The newest matters of a type (small lists on overview pages).
    func recent(_ typeID: MatterTypeID, limit: Int) async throws -> [MatterSnapshot] {
        try await recentMatters(typeID, limit: limit)
    }
}

struct DisputesPage: Page {
    static let template = "disputes/work"

    var layout: Layout
    var year: Int
    var mediations: Int
    var concluded: Int
    var reconciled: Int
    var agreements: Int
    var notPursued: Int
    var petitions: Int
    var answered: Int
    var onTime: Int
    var onTimeRate: String
    struct Counsel: Encodable { var name: String; var firm: String; var licence: String; var scope: String; var term: String; var current: Bool }
    var counsel: [Counsel]
    var canManageCounsel: Bool
    var form: [String: String]
    var error: String?
}

struct EmergenciesPage: Page {
    static let template = "disputes/emergencies"

    struct Institution: Encodable { var name: String; var code: String; var beds: Int; var keyFire: Bool; var lastFire: String?; var lastDrill: String?; var overdue: String }
    struct LedgerRow: Encodable { var description: String; var deadline: String; var reference: String; var matterID: String; var institution: String; var overdue: Bool }
    struct Incident: Encodable { var id: String; var institution: String; var kind: String; var occurred: String; var delay: String }

    var layout: Layout
    var year: Int
    var drills: Int
    var institutions: [Institution]
    var ledger: [LedgerRow]
    var incidents: [Incident]
    var canManage: Bool
    var form: [String: String]
    var error: String?
}

struct PetitionsPage: Page {
    static let template = "disputes/petitions"

    var layout: Layout
    var hotline: String
    var address: String
    var hours: String
}
