import MinzhengCore
import MinzhengPersistence
import Vapor

/// `/work`: the staff workbench.
struct WorkController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let work = routes.grouped(RequireLoginMiddleware()).grouped("work")
        work.get(use: home)
    }

    @Sendable
    func home(_ request: Request) async throws -> Response {
        try await request.authorize(.openWorkbench)
        let user = try request.requireUser()
        let units = try await OrgUnitRepository(db: request.database).all()
        let posts = user.account.roles.map { assignment in
            WorkHomePage.Post(role: assignment.role.chineseName,
                              unit: units.first { $0.id == assignment.orgUnitID }?.name ?? assignment.orgUnitCode,
                              coveredUnits: units.filter { assignment.covers(path: $0.path) }.count)
        }
        let page = WorkHomePage(
            layout: Layout(title: "工作台", section: .work, request: request), name: user.account.displayName,
            posts: posts, isTOTPEnabled: user.account.isTOTPEnabled,
            lastLogin: user.account.lastLoginAt.map(ChineseTime.dateTime))
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

    var layout: Layout
    var name: String
    var posts: [Post]
    var isTOTPEnabled: Bool
    var lastLogin: String?
}
