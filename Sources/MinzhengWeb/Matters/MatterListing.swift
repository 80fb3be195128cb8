import MinzhengCore
import MinzhengPersistence
import Vapor

struct MatterListQuery: Decodable {
    var type: String?
    var urgency: String?
    var q: String?
    var open: String?
    var unit: String?
}

/// The matter lists of the workbench: what waits for me, everything in my units, the 领导's counts.
struct MatterListing {
    let request: Request

    var queries: MatterQueries { MatterQueries(db: request.database, registry: request.minzheng.registry) }

    /// The last day that counts as due soon: `deadline.warnBeforeWorkdays` workdays from today.
    func dueSoonBy() async throws -> CivilDate {
        let warn = try await SettingRepository(db: request.database).snapshot().int("deadline.warnBeforeWorkdays")
        let calendar = try await CalendarRepository(db: request.database).calendar(CalendarDefinition.bureauDefault)
        return (try? DeadlineCalculator(calendar: calendar).compute(from: request.today, period: .workdays(warn)).dueDate)
            ?? request.today.adding(days: warn)
    }

    /// The rows of `list` as the lists show them, each linking under `linkBase`.
    func rows(_ list: PagedList<MatterListRow>, dueSoonBy: CivilDate, linkBase: String = "/work/matters") -> MatterRows {
        MatterRows(items: items(list, dueSoonBy: dueSoonBy), linkBase: linkBase)
    }

    func items(_ list: PagedList<MatterListRow>, dueSoonBy: CivilDate) -> [MatterListPage.Row] {
        let registry = request.minzheng.registry
        let today = request.today
        return list.items.map { row in
            let type = registry.type(row.typeID)
            let urgency: DeadlineAlert = row.closedAt != nil ? .met
                : row.nextDueDate.map { $0 < today ? .overdue : $0 <= dueSoonBy ? .dueSoon : .normal } ?? .normal
            return MatterListPage.Row(
                id: row.id.description, reference: row.reference, title: row.title, typeName: type?.name ?? row.typeID.rawValue,
                state: type?.stateName(row.state) ?? row.state.rawValue, unit: row.orgUnitName,
                due: row.nextDueDate?.chineseDescription, urgency: row.closedAt != nil ? "已办结" : urgency.chineseName,
                urgencyCode: row.closedAt != nil ? "closed" : urgency.rawValue, created: ChineseTime.dateTime(row.createdAt))
        }
    }

    /// The list's filter from the query, limited to what `principal` may read.
    private func scoped(_ principal: Principal, _ query: MatterListQuery) async throws -> (scopes: [MatterScope], filter: MatterFilter, unit: OrgUnit?) {
        let scopes = MatterScope.readable(by: principal, registry: request.minzheng.registry, table: request.minzheng.permissions)
        // A type the person cannot read (or no such type) is not a filter: the form then shows 全部, and the list matches it.
        let type = query.type.flatMap { $0.isEmpty ? nil : MatterTypeID(rawValue: $0) }.flatMap { id in scopes.contains { $0.typeIDs.contains(id) } ? id : nil }
        var filter = MatterFilter(typeID: type,
                                  urgency: query.urgency.flatMap(MatterFilter.Urgency.init(rawValue:)),
                                  isOpen: query.open == "yes" ? true : query.open == "no" ? false : nil, text: query.q)
        let unit = try await query.unit.asyncFlatMap { code in try await OrgUnitRepository(db: request.database).find(code: code) }
        filter.orgUnitPath = unit?.path
        return (scopes, filter, unit)
    }

    static func queryString(_ items: [(String, String?)]) -> String {
        var components = URLComponents()
        components.queryItems = items.compactMap { key, value in value.flatMap { $0.isEmpty ? nil : URLQueryItem(name: key, value: $0) } }
        return components.percentEncodedQuery ?? ""
    }

    /// Every row of the list as the screen shows it (at most `limit`), for export.
    func exportTable(for principal: Principal, query: MatterListQuery, limit: Int = 20_000) async throws -> ExportTable {
        let (scopes, filter, unit) = try await scoped(principal, query)
        let dueSoon = try await dueSoonBy()
        return try await exportTable(title: "办件清单" + (unit.map { "（\($0.name)）" } ?? ""), dueSoonBy: dueSoon, limit: limit) { page in
            try await queries.list(under: scopes, filter: filter, today: request.today, dueSoonBy: dueSoon, page: page, viewer: principal)
        }
    }

    /// Any list of matters, every page, with the columns the lists show.
    func exportTable(title: String, dueSoonBy: CivilDate, limit: Int = 20_000,
                     _ fetch: (Pagination) async throws -> PagedList<MatterListRow>) async throws -> ExportTable {
        let items = try await allPages(limit: limit, fetch)
        let rows = self.items(PagedList(items: items, request: Pagination(), total: items.count), dueSoonBy: dueSoonBy)
        return ExportTable(
            title: title,
            columns: ["办件编号", "事项", "标题", "状态", "办理单位", "期限", "时限状态", "登记日期"],
            rows: zip(rows, items).map { row, item in
                [.text(row.reference), .text(row.typeName), .text(row.title), .text(row.state), .text(row.unit),
                 .text(row.due ?? ""), .text(row.urgency), .date(CivilDate(item.createdAt))]
            })
    }

    func list(for principal: Principal, query: MatterListQuery) async throws -> MatterListPage {
        let registry = request.minzheng.registry
        let (scopes, scoped, unitFilter) = try await scoped(principal, query)
        let dueSoon = try await dueSoonBy()
        let list = try await queries.list(under: scopes, filter: scoped, today: request.today, dueSoonBy: dueSoon,
                                          page: try request.pagination, viewer: principal)
        return MatterListPage(
            layout: Layout(title: "办件查询", section: .work, request: request), rows: rows(list, dueSoonBy: dueSoon),
            pager: Pager(list, path: "/work/matters", query: [("type", query.type), ("urgency", query.urgency), ("q", query.q),
                                                              ("open", query.open), ("unit", query.unit)], export: "/work/matters/export"),
            types: Option.choices([("", "全部")] + registry.types.filter { type in scopes.contains { $0.typeIDs.contains(type.id) } }
                .map { ($0.id.rawValue, $0.name) }, chosen: scoped.typeID?.rawValue),
            urgencies: Option.choices([("", "全部"), ("overdue", "已超期"), ("dueSoon", "即将到期")], chosen: query.urgency),
            openStates: Option.choices([("", "全部"), ("yes", "办理中"), ("no", "已办结")], chosen: query.open),
            query: query.q ?? "",
            unitName: unitFilter?.name, exportQuery: Self.queryString([("type", query.type), ("urgency", query.urgency), ("q", query.q),
                                                                       ("open", query.open), ("unit", query.unit)]))
    }
}

struct MatterListPage: Page {
    static let template = "work/matters"

    struct Row: Encodable {
        var id: String
        var reference: String
        var title: String
        var typeName: String
        var state: String
        var unit: String
        var due: String?
        var urgency: String
        var urgencyCode: String
        var created: String
    }

    var layout: Layout
    var rows: MatterRows
    var pager: Pager
    /// The filters' choices, each marked when chosen (the form keeps what was asked).
    var types: [Option]
    var urgencies: [Option]
    var openStates: [Option]
    var query: String
    var unitName: String?
    /// The filters as a query string, for the export links.
    var exportQuery = ""
}

/// The rows of a matter list as the table every matter list shares (`partials/matter-rows`): rendered here, once,
/// rather than by Leaf, which resolved some ten expressions for each row — a third of the time of a 50-row workbench
/// list. Every value is escaped as Leaf's `#()` would (`XMLText.escape`). A page reads `rows.count` and `rows.html`.
struct MatterRows: Encodable {
    var items: [MatterListPage.Row]
    var linkBase: String

    var html: String {
        var html = #"<div class="table-wrap">"# + "\n" + #"<table class="matters">"# + "\n"
        html += #"  <thead><tr><th scope="col">办件编号</th><th scope="col">事项</th><th scope="col">状态</th><th scope="col">单位</th><th scope="col">到期日</th><th scope="col">时效</th></tr></thead>"#
        html += "\n  <tbody>\n"
        let link = XMLText.escape(linkBase)
        for row in items {
            let urgency = XMLText.escape(row.urgencyCode)
            html += #"    <tr class="urgency-"# + urgency + #""><td><a href=""# + link + "/" + XMLText.escape(row.id) + #""><code>"#
            html += XMLText.escape(row.reference) + "</code></a></td><td>" + XMLText.escape(row.typeName)
            html += #"<br><span class="small muted">"# + XMLText.escape(row.title) + "</span></td><td>" + XMLText.escape(row.state)
            html += #"</td><td class="small">"# + XMLText.escape(row.unit) + "</td><td>" + (row.due.map(XMLText.escape) ?? "—")
            html += #"</td><td><span class="tag urgency "# + urgency + #"">"# + XMLText.escape(row.urgency) + "</span></td></tr>\n"
        }
        return html + "  </tbody>\n</table>\n</div>\n"
    }

    private enum Keys: String, CodingKey { case count, html }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(items.count, forKey: .count)
        try container.encode(items.isEmpty ? "" : html, forKey: .html)
    }
}

/// The generic registration form of a matter type, built from its declared fields.
struct NewMatterPage: Page {
    static let template = "work/matter-new"

    struct Field: Encodable {
        var key: String
        var label: String
        var kind: String
        var required: Bool
        var choices: [String]
        var hint: String?
        var value: String
    }

    var layout: Layout
    var typeID: String
    var typeName: String
    var legalBasis: String
    var fields: [Field]
    var units: [OrgUnitOption]
    var orgUnitID: String
    /// The registration channels staff choose from (the engine's list, less 网上申请, which is the applicant's own),
    /// and the one chosen, kept when the form comes back with an error.
    var channels: [Option]
    var channel: String
    var title: String
    var error: String?
    /// Sent back with the form: a retried submission (a double click, a timeout) creates nothing twice.
    var idempotencyKey: String = UUID().uuidString

    static func make(_ request: Request, type: MatterType, values: [String: String]) async throws -> NewMatterPage {
        let user = try request.requireUser()
        guard type.creatorRoles.contains(where: { role in user.account.roles.contains { $0.role == role } }) else {
            throw AccessDenied(reason: "您无权登记\(type.name)（限\(type.creatorRoles.map(\.chineseName).joined(separator: "、"))）。")
        }
        let settings = try await SettingRepository(db: request.database).snapshot()
        let units = try await OrgUnitRepository(db: request.database).all()
            .filter { unit in type.createdAt.allows(unit, settings: settings) && user.account.roles.contains { $0.covers(path: unit.path) } }
        return NewMatterPage(
            layout: Layout(title: "登记\(type.name)", section: .work, request: request), typeID: type.id.rawValue, typeName: type.name,
            legalBasis: type.legalBasis,
            fields: type.fields.filter(\.isOnApplicationForm).map {
                .init(key: $0.key, label: $0.label, kind: $0.kind.rawValue, required: $0.isRequired, choices: $0.choices, hint: $0.hint,
                      value: values[$0.key] ?? "")
            },
            units: units.map(OrgUnitOption.init), orgUnitID: values["orgUnitID"] ?? "",
            channels: MatterService.channels.filter { $0.code != "online" }.map { Option(value: $0.code, label: $0.name) },
            channel: values["_channel"] ?? "window", title: values["_title"] ?? "",
            idempotencyKey: values["_idem"].flatMap { $0.isEmpty ? nil : $0 } ?? UUID().uuidString)
    }
}
