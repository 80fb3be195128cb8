import Foundation
import MinzhengCore
import MinzhengPersistence
import Vapor

/// `/api/v1`: the integration API (issue 11, item 1). The same permission table, the same engine and the same checks
/// as the pages; a token or a signed-in session is the principal. Every route here is in `APIDocument.routes`.
struct APIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let api = routes.grouped("api")
        api.get("openapi.json", use: openAPI)
        let v1 = api.grouped("v1")
        v1.get("me", use: me)
        v1.get("matter-types", use: matterTypes)
        v1.get("matters", use: matters)
        v1.post("matters", use: create)
        v1.get("matters", ":id", use: matter)
        v1.get("matters", ":id", "acts", use: acts)
        v1.post("matters", ":id", "acts", ":transition", use: act)
        v1.get("power-items", use: powerItems)
        v1.get("power-items", ":code", use: powerItem)
        v1.get("organizations", use: organizations)
        v1.get("reports", ":year", use: report)
    }

    // MARK: Helpers

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    func json<T: Encodable>(_ value: T, status: HTTPResponseStatus = .ok) throws -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .json
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: status, headers: headers, body: .init(data: try Self.encoder.encode(value)))
    }

    func user(_ request: Request) throws -> CurrentUser {
        guard let user = request.currentUser else { throw Abort(.unauthorized, reason: "请提供接口令牌（Authorization: Bearer）或先登录。") }
        return user
    }

    struct Page<Item: Encodable>: Encodable {
        var items: [Item]
        var page: Int
        var size: Int
        var total: Int

        init<Source>(_ list: PagedList<Source>, _ transform: (Source) -> Item) {
            items = list.items.map(transform)
            page = list.request.number
            size = list.request.size
            total = list.total
        }
    }

    func matterID(_ request: Request) throws -> Matter.ID {
        guard let id = request.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw Abort(.notFound, reason: "办件不存在。") }
        return .init(id)
    }

    /// The body as JSON, or a Chinese 400.
    func body<T: Decodable>(_ request: Request, as type: T.Type) throws -> T {
        guard request.headers.contentType == .json else { throw Abort(.unsupportedMediaType, reason: "请以 application/json 提交。") }
        do { return try request.content.decode(T.self) } catch { throw Abort(.badRequest, reason: "提交的 JSON 格式不正确。") }
    }

    // MARK: Document and identity

    @Sendable
    func openAPI(_ request: Request) async throws -> Response {
        let data = try JSONSerialization.data(withJSONObject: APIDocument.openAPI(registry: request.minzheng.registry), options: [.sortedKeys, .withoutEscapingSlashes])
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }

    struct Me: Encodable {
        struct Post: Encodable { var role: String; var roleName: String; var unit: String }
        var username: String
        var displayName: String
        var kind: String
        var roles: [Post]
    }

    @Sendable
    func me(_ request: Request) async throws -> Response {
        let user = try user(request)
        return try json(Me(username: user.account.journalName, displayName: user.account.displayName, kind: user.account.kind.rawValue,
                           roles: user.account.roles.map { .init(role: $0.role.rawValue, roleName: $0.role.chineseName, unit: $0.orgUnitCode) }))
    }

    // MARK: Matters

    struct TypeItem: Encodable {
        struct Named: Encodable { var id: String; var name: String }
        var id: String
        var name: String
        var legalBasis: String
        var states: [Named]
        var transitions: [Named]
    }

    struct Items<Item: Encodable>: Encodable { var items: [Item] }

    @Sendable
    func matterTypes(_ request: Request) async throws -> Response {
        let user = try user(request)
        let scopes = MatterScope.readable(by: user.principal, registry: request.minzheng.registry, table: request.minzheng.permissions)
        let types = request.minzheng.registry.types.filter { type in scopes.contains { $0.typeIDs.contains(type.id) } }
        return try json(Items(items: types.map { type in
            TypeItem(id: type.id.rawValue, name: type.name, legalBasis: type.legalBasis,
                     states: type.states.map { .init(id: $0.id.rawValue, name: $0.name) },
                     transitions: type.transitions.filter { !$0.isAutomatic }.map { .init(id: $0.id.rawValue, name: $0.name) })
        }))
    }

    struct Summary: Encodable {
        var id: String; var reference: String; var type: String; var typeName: String; var title: String; var state: String; var stateName: String
        var unit: String; var nextDue: String?; var createdAt: Date; var closedAt: Date?
    }

    @Sendable
    func matters(_ request: Request) async throws -> Response {
        let user = try user(request)
        let registry = request.minzheng.registry
        let scopes = MatterScope.readable(by: user.principal, registry: registry, table: request.minzheng.permissions)
        let query = try request.query.decode(MatterListQuery.self)
        let units = try await OrgUnitRepository(db: request.database).all()
        let filter = MatterFilter(typeID: query.type.flatMap { $0.isEmpty ? nil : MatterTypeID(rawValue: $0) },
                                  orgUnitPath: query.unit.flatMap { code in units.first { $0.code == code }?.path },
                                  urgency: query.urgency.flatMap(MatterFilter.Urgency.init(rawValue:)),
                                  isOpen: query.open == "yes" ? true : query.open == "no" ? false : nil, text: query.q)
        let listing = MatterListing(request: request)
        let list = try await listing.queries.list(under: scopes, filter: filter, today: request.today, dueSoonBy: try await listing.dueSoonBy(),
                                                  page: try request.pagination, viewer: user.principal)
        return try json(Page(list) { row in
            let type = registry.type(row.typeID)
            return Summary(id: row.id.description, reference: row.reference, type: row.typeID.rawValue, typeName: type?.name ?? row.typeID.rawValue,
                           title: row.title, state: row.state.rawValue, stateName: type?.stateName(row.state) ?? row.state.rawValue,
                           unit: row.orgUnitName, nextDue: row.nextDueDate?.description, createdAt: row.createdAt, closedAt: row.closedAt)
        })
    }

    struct MatterBody: Encodable {
        struct Clock: Encodable { var id: String; var name: String; var kind: String; var start: String; var due: String; var running: Bool; var legalBasis: String }
        struct Check: Encodable { var rule: String; var source: String; var status: String }
        struct Event: Encodable { var sequence: Int; var at: Date; var actor: String; var transition: String?; var summary: String; var checks: [Check] }
        var id: String; var reference: String; var type: String; var typeName: String; var title: String; var state: String; var stateName: String
        var unit: String; var channel: String; var createdAt: Date; var closedAt: Date?
        /// As the page shows them: personal data masked.
        var fields: [String: String]
        var clocks: [Clock]
        var events: [Event]

        init(_ snapshot: MatterSnapshot, type: MatterType, unit: String) {
            let matter = snapshot.matter
            id = matter.id.description; reference = matter.reference; self.type = matter.typeID.rawValue; typeName = type.name; title = matter.title
            state = matter.state.rawValue; stateName = type.stateName(matter.state); self.unit = unit; channel = matter.channel
            createdAt = matter.createdAt; closedAt = matter.closedAt
            fields = Dictionary(uniqueKeysWithValues: type.fields.compactMap { field in
                matter.fields[field.key].flatMap { $0.isEmpty ? nil : (field.key, field.display($0)) }
            })
            clocks = snapshot.clocks.map { .init(id: $0.clockID.rawValue, name: $0.name, kind: $0.kind.rawValue, start: $0.startDate.description,
                                                 due: $0.dueDate.description, running: $0.isRunning, legalBasis: $0.legalBasis) }
            events = snapshot.events.map { event in
                .init(sequence: event.sequence, at: event.at, actor: event.actorName, transition: event.transitionID?.rawValue, summary: event.summary,
                      checks: event.checks.map { .init(rule: $0.rule, source: $0.source, status: $0.status.rawValue) })
            }
        }
    }

    func matterBody(_ request: Request, _ snapshot: MatterSnapshot, _ type: MatterType) async throws -> MatterBody {
        let unit = try await OrgUnitRepository(db: request.database).find(snapshot.matter.orgUnitID)
        return MatterBody(snapshot, type: type, unit: unit?.name ?? snapshot.matter.orgUnitCode)
    }

    @Sendable
    func matter(_ request: Request) async throws -> Response {
        let user = try user(request)
        let (snapshot, type) = try await request.matters.read(try matterID(request), by: user.principal, context: request.journalContext())
        return try json(try await matterBody(request, snapshot, type))
    }

    struct NewMatter: Decodable {
        var type: String
        var unit: String
        var title: String
        var channel: String?
        var fields: [String: String]?
    }

    @Sendable
    func create(_ request: Request) async throws -> Response {
        let user = try user(request)
        let body = try body(request, as: NewMatter.self)
        let type = try request.minzheng.registry.require(MatterTypeID(rawValue: body.type))
        let title = try Matter.validTitle(body.title)
        guard !body.unit.isEmpty else { throw ValidationError(field: "受理单位", reason: "请填写受理单位代码。") }
        guard let unit = try await OrgUnitRepository(db: request.database).find(code: body.unit) else {
            throw Abort(.notFound, reason: "受理单位「\(body.unit)」不存在。")
        }
        if let refusal = type.genericRegistrationRefusal { throw ValidationError(field: "事项", reason: refusal) }
        let channel = body.channel ?? "window"
        let id = try await request.matters.create(type.id, at: unit, applicant: user.account.kind == .citizen ? user.account.id.rawValue : nil,
                                                  channel: channel, title: title, fields: body.fields ?? [:], by: user.principal,
                                                  context: request.journalContext(), idempotencyKey: request.headers.first(name: "Idempotency-Key"))
        let (snapshot, _) = try await request.matters.read(id, by: user.principal, context: request.journalContext())
        let response = try json(try await matterBody(request, snapshot, type), status: .created)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/matters/\(id)")
        return response
    }

    struct Act: Encodable {
        struct Input: Encodable { var key: String; var label: String; var required: Bool }
        var transition: String; var name: String; var allowed: Bool; var reasons: [String]; var inputs: [Input]
    }

    @Sendable
    func acts(_ request: Request) async throws -> Response {
        let user = try user(request)
        let (snapshot, type) = try await request.matters.read(try matterID(request), by: user.principal, context: request.journalContext())
        let acts = try await request.matters.availableActs(snapshot, type: type, principal: user.principal, today: request.today)
        return try json(Items(items: acts.map { act in
            Act(transition: act.transition.id.rawValue, name: act.transition.name, allowed: act.isAllowed, reasons: act.reasons + act.guidance,
                inputs: act.transition.inputs.map { .init(key: $0.key, label: $0.label, required: $0.isRequired) })
        }))
    }

    struct ActInput: Decodable { var input: [String: String]? }

    @Sendable
    func act(_ request: Request) async throws -> Response {
        let user = try user(request)
        let id = try matterID(request)
        let transition = TransitionID(rawValue: request.parameters.get("transition") ?? "")
        let input = request.body.data == nil ? ActInput(input: [:]) : try body(request, as: ActInput.self)
        let snapshot = try await request.matters.perform(transition, on: id, by: user.principal, input: input.input ?? [:], context: request.journalContext())
        let type = try request.minzheng.registry.require(snapshot.matter.typeID)
        return try json(try await matterBody(request, snapshot, type))
    }

    // MARK: Public registers

    struct PowerItemBody: Encodable {
        var code: String; var name: String; var type: String; var typeName: String; var authorizedPower: String; var legalBasis: String
        var responsibleBody: String; var handlingUnit: String; var supervisionPhone: String; var version: Int

        init(_ item: PowerItem) {
            code = item.code; name = item.name; type = item.type.rawValue; typeName = item.type.chineseName; authorizedPower = item.authorizedPower
            legalBasis = item.bases.map { "\($0.law) \($0.article)" }.joined(separator: "；"); responsibleBody = item.body
            handlingUnit = item.handlingUnit; supervisionPhone = item.complaintPhone; version = item.version
        }
    }

    @Sendable
    func powerItems(_ request: Request) async throws -> Response {
        let type = try request.query.get(String?.self, at: "type").flatMap(PowerType.init(rawValue:))
        let listing = try await PowerListRepository(db: request.database).published(type: type, text: try request.query.get(String?.self, at: "q"),
                                                                                   page: try request.pagination)
        return try json(Page(listing.items, PowerItemBody.init))
    }

    @Sendable
    func powerItem(_ request: Request) async throws -> Response {
        guard let item = try await PowerListRepository(db: request.database).current(request.parameters.get("code") ?? ""), item.status == .published else {
            throw Abort(.notFound, reason: "权责事项不存在或未公布。")
        }
        return try json(PowerItemBody(item))
    }

    struct OrganizationBody: Encodable {
        var creditCode: String; var name: String; var kind: String; var status: String; var registeredOn: String; var address: String
    }

    @Sendable
    func organizations(_ request: Request) async throws -> Response {
        let list = try await OrganizationRegistry(store: request.minzheng.store, db: request.database, cipher: request.minzheng.cipher,
                                                  permissions: request.minzheng.permissions)
            .list(OrganizationFilter(text: try request.query.get(String?.self, at: "q")), page: try request.pagination)
        return try json(Page(list) { organization in
            OrganizationBody(creditCode: organization.creditCode, name: organization.name, kind: organization.kind.chineseName,
                             status: organization.status.chineseName, registeredOn: organization.registeredOn.description, address: organization.address)
        })
    }

    // MARK: Reports

    struct ReportBody: Encodable {
        var year: Int; var title: String; var frozen: Bool; var figures: [ReportFigure]
    }

    @Sendable
    func report(_ request: Request) async throws -> Response {
        _ = try user(request)
        if !request.isAllowed(.editAnnualReport) { try await request.authorize(.viewDashboard) }
        guard let year = request.parameters.get("year", as: Int.self), (2000...request.today.year).contains(year) else {
            throw Abort(.notFound, reason: "没有这一年度的报告。")
        }
        let document = try await AnnualReportService(matters: request.matters).document(year: year)
        return try json(ReportBody(year: year, title: document.title, frozen: document.frozenAt != nil, figures: document.orderedFigures))
    }
}
