import MinzhengCore
import MinzhengPersistence
import Vapor

/// `/my`: the citizen's and the organisation's own area.
struct MyController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let my = routes.grouped(RequireLoginMiddleware()).grouped("my")
        my.get(use: home)
        my.get("matters", "export", ":format", use: exportMine)
        my.post("profile", "reveal", use: reveal)
    }

    @Sendable
    func home(_ request: Request) async throws -> Response {
        try await request.authorize(.openCitizenArea)
        return try await request.render(try await page(request, revealed: nil))
    }

    /// 「查看完整信息」: shows the person their own full ID number and mobile, and journals the view.
    @Sendable
    func reveal(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        try await request.authorize(.viewPersonalData, on: AccessTarget(ownerAccountID: user.account.id.rawValue),
                                    objectType: "account", objectID: user.account.id.description)
        let services = request.minzheng
        let revealed = try await request.write { db in
            let accounts = AccountRepository(db: db, cipher: services.cipher)
            let values = MyHomePage.Revealed(idNumber: try await accounts.revealIDNumber(user.account.id),
                                             mobile: try await accounts.revealMobile(user.account.id))
            try await Journal(db: db).append(
                JournalEvent(action: "personalData.view", objectType: "account", objectID: user.account.id.description,
                             summary: "查看本人完整身份证号和手机号", details: ["fields": "idNumber,mobile", "reason": "本人查看"]),
                context: request.journalContext())
            return values
        }
        return try await request.render(try await page(request, revealed: revealed))
    }

    private func page(_ request: Request, revealed: MyHomePage.Revealed?) async throws -> MyHomePage {
        let user = try request.requireUser()
        let listing = MatterListing(request: request)
        let list = if let organization = user.principal.organizationID, user.account.kind == .organization {
            try await listing.queries.organization(organization, page: try request.pagination)
        } else {
            try await listing.queries.applicant(user.account.id.rawValue, page: try request.pagination)
        }
        return MyHomePage(
            layout: Layout(title: "我的", section: .my, request: request),
            name: user.account.displayName, kind: user.account.kind.chineseName,
            maskedIDNumber: user.account.maskedIDNumber, maskedMobile: user.account.maskedMobile,
            revealed: revealed, isOrganization: user.account.kind == .organization,
            rows: listing.rows(list, dueSoonBy: request.today, linkBase: "/my/matters"), pager: Pager(list, path: "/my", query: [], export: "/my/matters/export"))
    }

    /// My own matters (or my organisation's), every page.
    @Sendable
    func exportMine(_ request: Request) async throws -> Response {
        try await request.authorize(.openCitizenArea)
        let user = try request.requireUser()
        let format = try await request.exportFormat()
        let listing = MatterListing(request: request)
        let table = try await listing.exportTable(title: "我的办件", dueSoonBy: request.today) { page in
            if let organization = user.principal.organizationID, user.account.kind == .organization {
                try await listing.queries.organization(organization, page: page)
            } else {
                try await listing.queries.applicant(user.account.id.rawValue, page: page)
            }
        }
        return try await request.export(table, as: format, list: "my.matters")
    }
}

struct MyHomePage: Page {
    static let template = "my/home"

    struct Revealed: Encodable, Sendable {
        var idNumber: String?
        var mobile: String?
    }

    var layout: Layout
    var name: String
    var kind: String
    var maskedIDNumber: String?
    var maskedMobile: String?
    var revealed: Revealed?
    var isOrganization: Bool
    var rows: MatterRows
    var pager: Pager
}
