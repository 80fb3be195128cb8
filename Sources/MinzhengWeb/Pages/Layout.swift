import Vapor

/// The part of the site a page belongs to; the navigation marks it.
enum SiteSection: String, Encodable {
    case portal, my, work, admin, none
}

/// What the layout of every page needs: title, section, the signed-in person, the CSRF token.
struct Layout: Encodable {
    var title: String
    var section: SiteSection
    var user: LayoutUser?
    var csrfToken: String
    var flash: String?
    /// Shown on screens that rely on an unconfirmed (✘) setting.
    var unconfirmedHint: String?
    /// Unread notifications of the signed-in person (the bell).
    var unread: Int
    /// The navigation entry of `section`, marked here rather than by a string comparison in the template for each
    /// entry on every page.
    var navCurrent: NavCurrent

    struct NavCurrent: Encodable {
        var portal = false, my = false, work = false, admin = false

        init(_ section: SiteSection) {
            switch section {
            case .portal: portal = true
            case .my: my = true
            case .work: work = true
            case .admin: admin = true
            case .none: break
            }
        }
    }

    init(title: String, section: SiteSection, request: Request, flash: String? = nil) {
        self.title = title
        self.section = section
        self.user = request.layoutUser
        self.csrfToken = request.csrfToken
        self.flash = flash ?? request.takeFlash()
        self.unread = request.storage[UnreadCountKey.self] ?? 0
        self.navCurrent = NavCurrent(section)
    }
}

/// The signed-in person as the header shows them.
struct LayoutUser: Encodable {
    var displayName: String
    var roleSummary: String
    var isStaff: Bool
    var isAdministrator: Bool
}

/// A page: one typed context rendered by one template.
protocol Page: Encodable {
    static var template: String { get }
    var layout: Layout { get }
}

extension Request {
    /// Renders `page` with `status` (422 for a form that comes back with errors).
    func render<P: Page>(_ page: P, status: HTTPResponseStatus = .ok) async throws -> Response {
        let view = try await self.view.render(P.template, page)
        var headers = HTTPHeaders()
        headers.contentType = .html
        return Response(status: status, headers: headers, body: .init(buffer: view.data))
    }
}

struct UnreadCountKey: StorageKey {
    typealias Value = Int
}
