import MinzhengCore
import MinzhengPersistence
import Vapor

/// `/work`: the staff workbench — the matters waiting for me by urgency, my posts, and for a 领导 the overdue and
/// due-soon counts per unit and matter type.
struct WorkController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let work = routes.grouped(RequireLoginMiddleware()).grouped("work")
        work.get(use: home)
        work.get("waiting", "export", ":format", use: exportWaiting)
    }

    /// What waits for me, every page.
    @Sendable
    func exportWaiting(_ request: Request) async throws -> Response {
        try await request.authorize(.openWorkbench)
        let user = try request.requireUser()
        let format = try await request.exportFormat()
        let listing = MatterListing(request: request)
        let table = try await listing.exportTable(title: "待我办理", dueSoonBy: try await listing.dueSoonBy()) { page in
            try await listing.queries.workbench(user.principal, page: page)
        }
        return try await request.export(table, as: format, list: "work.waiting")
    }

    @Sendable
    func home(_ request: Request) async throws -> Response {
        try await request.authorize(.openWorkbench)
        let user = try request.requireUser()
        let listing = MatterListing(request: request)
        let dueSoon = try await listing.dueSoonBy()
        let waiting = try await listing.queries.workbench(user.principal, page: try request.pagination)
        let units = try await OrgUnitRepository(db: request.database).all()
        let registry = request.minzheng.registry
        var counts: [WorkHomePage.Count] = []
        let leaderPaths = user.account.roles.filter { $0.role == .leader }.map(\.orgUnitPath)
        if !leaderPaths.isEmpty {
            counts = try await listing.queries.alertCounts(under: leaderPaths, today: request.today, dueSoonBy: dueSoon).map { count in
                let code = units.first { $0.id.rawValue == count.orgUnitID }?.code ?? ""
                return WorkHomePage.Count(unit: count.orgUnitName, typeName: registry.type(count.typeID)?.name ?? count.typeID.rawValue,
                                          overdue: count.overdue, dueSoon: count.dueSoon,
                                          overdueURL: "/work/matters?urgency=overdue&type=\(count.typeID)&unit=\(code)",
                                          dueSoonURL: "/work/matters?urgency=dueSoon&type=\(count.typeID)&unit=\(code)")
            }
        }
        let settings = try await SettingRepository(db: request.database).snapshot()
        let creatable = registry.types.filter { type in
            type.registeredThrough == nil && user.account.roles.contains { assignment in
                type.creatorRoles.contains(assignment.role)
                    && units.contains { assignment.covers(path: $0.path) && type.createdAt.allows($0, settings: settings) }
            }
        }
        let posts = user.account.roles.map { assignment in
            WorkHomePage.Post(role: assignment.role.chineseName,
                              unit: units.first { $0.id == assignment.orgUnitID }?.name ?? assignment.orgUnitCode,
                              coveredUnits: units.filter { assignment.covers(path: $0.path) }.count)
        }
        let page = WorkHomePage(
            layout: Layout(title: "工作台", section: .work, request: request), name: user.account.displayName,
            rows: listing.rows(waiting, dueSoonBy: dueSoon), pager: Pager(waiting, path: "/work", query: [], export: "/work/waiting/export"),
            isLeader: !leaderPaths.isEmpty, counts: counts,
            creatable: creatable.map { Option(value: $0.id.rawValue, label: $0.name) },
            posts: posts, isTOTPEnabled: user.account.isTOTPEnabled, lastLogin: user.account.lastLoginAt.map(ChineseTime.dateTime),
            managesOrganizations: request.isAllowed(.manageOrganizations, on: AccessTarget(orgUnitPath: units.first { $0.code == OrganizationRegistry.registryUnitCode }?.path ?? "/")),
            seesDashboard: request.isAllowed(.viewDashboard),
            managesAppointments: user.principal.roles.contains { !request.minzheng.permissions.scopes(of: $0.role, for: .manageAppointments).isEmpty })
        return try await request.render(page)
    }
}

struct WorkHomePage: Page {
    static let template = "work/home"

    struct Post: Encodable {
        var role: String
        var unit: String
        var coveredUnits: Int
    }

    struct Count: Encodable {
        var unit: String
        var typeName: String
        var overdue: Int
        var dueSoon: Int
        var overdueURL: String
        var dueSoonURL: String
    }

    var layout: Layout
    var name: String
    var rows: MatterRows
    var pager: Pager
    var isLeader: Bool
    var counts: [Count]
    var creatable: [Option]
    var posts: [Post]
    var isTOTPEnabled: Bool
    var lastLogin: String?
    var managesOrganizations: Bool
    var seesDashboard: Bool
    var managesAppointments: Bool
}
