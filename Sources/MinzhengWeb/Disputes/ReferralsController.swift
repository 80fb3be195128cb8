import Foundation
import MinzhengCore
import MinzhengPersistence
import Vapor

/// `/work/referrals`: the receiving body's inbox of referrals (三调联动, 民政+司法). It shows only what the referring
/// mediator shared for the referral, and takes the receiving body's answer through the engine (the `receivingBody`
/// check: only a member of the receiving unit may accept, decline or transfer).
struct ReferralsController: RouteCollection {
    static let answers: [(TransitionID, String)] = [("acceptReferral", "接收"), ("declineReferral", "不予接收，退回"), ("transferOut", "移交其他机构办理")]

    func boot(routes: any RoutesBuilder) throws {
        let referrals = routes.grouped(RequireLoginMiddleware()).grouped("work", "referrals")
        referrals.get(use: inbox)
        referrals.post(":matterID", ":transition", use: answer)
    }

    private func units(_ request: Request) throws -> Set<String> {
        Set(try request.requireUser().account.roles.filter { $0.role == .mediator }.map(\.orgUnitCode))
    }

    @Sendable
    func inbox(_ request: Request) async throws -> Response {
        try await request.authorize(.openWorkbench)
        return try await request.render(try await page(request, error: nil, form: [:]))
    }

    private func page(_ request: Request, error: String?, form: [String: String]) async throws -> ReferralsPage {
        let pending = try await ReferralInbox(db: request.database).pending(for: try units(request))
        return ReferralsPage(
            layout: Layout(title: "转介待接收", section: .work, request: request),
            rows: pending.map { .init(id: $0.matterID.description, reference: $0.reference, target: $0.target, scope: $0.scope,
                                      referred: ChineseTime.dateTime($0.referredAt)) },
            answers: Self.answers.map { Option(value: $0.0.rawValue, label: $0.1) }, error: error, form: form)
    }

    @Sendable
    func answer(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        guard let id = request.parameters.get("matterID").flatMap(UUID.init(uuidString:)).map(Matter.ID.init),
              let transition = request.parameters.get("transition").map(TransitionID.init(rawValue:)),
              Self.answers.contains(where: { $0.0 == transition }) else { throw Abort(.notFound) }
        guard try await ReferralInbox(db: request.database).pending(id, for: try units(request)) != nil else {
            throw AccessDenied(reason: "这件转介不是转给您所在机构的，或已答复。")
        }
        let reply = ((try? request.content.get(String.self, at: "referralReply")) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        do {
            _ = try await request.matters.perform(transition, on: id, by: user.principal, input: ["referralReply": reply],
                                                  context: request.journalContext())
            return request.redirect(to: "/work/referrals", flash: "已答复转介。")
        } catch let error as any DomainError {
            return try await request.render(try await page(request, error: error.message, form: ["matter": id.description, "reply": reply]),
                                            status: .unprocessableEntity)
        }
    }
}

struct ReferralsPage: Page {
    static let template = "disputes/referrals"
    struct Row: Encodable { var id: String; var reference: String; var target: String; var scope: String; var referred: String }
    var layout: Layout
    var rows: [Row]
    var answers: [Option]
    var error: String?
    var form: [String: String]
}
