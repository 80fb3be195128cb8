import MinzhengCore
import MinzhengPersistence
import Vapor

/// `/my/matters/:id`: the applicant's view of their own matter — status, each step with its date, due dates,
/// documents, and uploading further materials.
struct MyMattersController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let matters = routes.grouped(RequireLoginMiddleware()).grouped("my", "matters")
        matters.get(":matterID", use: show)
        matters.post(":matterID", "acts", ":transition", use: act)
        matters.post(":matterID", "rating", use: rate)
        matters.on(.POST, ":matterID", "materials", body: .collect(maxSize: ByteCount(value: MaterialRules.maximumBytes + 64_000)), use: upload)
    }

    @Sendable
    func show(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        guard let id = request.parameters.get("matterID").flatMap(Matter.ID.init) else { throw Abort(.notFound) }
        return try await request.render(try await page(request, id: id, user: user))
    }

    func page(_ request: Request, id: Matter.ID, user: CurrentUser, error: String? = nil) async throws -> MyMatterPage {
        let (snapshot, type) = try await request.matters.read(id, by: user.principal, context: request.journalContext())
        var page = MyMatterPage(request: request, snapshot: snapshot, type: type)
        page.acts = try await request.matters.availableActs(snapshot, type: type, principal: user.principal, today: request.today)
            .filter { $0.isAllowed && $0.transition.roles.contains(.citizen) }
            .map { .init(id: $0.transition.id.rawValue, name: $0.transition.name) }
        if snapshot.matter.closedAt != nil, snapshot.matter.applicantAccountID == user.account.id.rawValue {
            let rating = try await ServiceRatingService(matters: request.matters).rating(of: id, by: user.account.id.rawValue)
            page.canRate = rating == nil
            page.rating = rating.map { "您的评价：\($0.score) 分" + ($0.comment.map { "，\($0)" } ?? "") + ($0.followUpID == nil ? "" : "（已转交承办单位核实整改）") }
        }
        page.error = error
        return page
    }

    @Sendable
    func act(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        guard let id = request.parameters.get("matterID").flatMap(Matter.ID.init) else { throw Abort(.notFound) }
        let transition = TransitionID(rawValue: request.parameters.get("transition") ?? "")
        do {
            try await request.matters.perform(transition, on: id, by: user.principal, input: [:], context: request.journalContext())
            return request.redirect(to: "/my/matters/\(id)", flash: "已办理。")
        } catch let error as MatterError {
            return try await request.render(try await page(request, id: id, user: user, error: error.message), status: .conflict)
        }
    }

    struct RatingForm: Content {
        var score: Int?
        var comment: String?
    }

    @Sendable
    func rate(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        guard let id = request.parameters.get("matterID").flatMap(Matter.ID.init) else { throw Abort(.notFound) }
        let form = try request.content.decode(RatingForm.self)
        do {
            let rating = try await ServiceRatingService(matters: request.matters)
                .rate(id, score: form.score ?? 0, comment: form.comment, by: user.principal, context: request.journalContext())
            return request.redirect(to: "/my/matters/\(id)", flash: rating.followUpID == nil ? "感谢您的评价。" : "感谢您的评价，已转交承办单位核实整改，结果将在「我的」中反馈。")
        } catch let error as ValidationError {
            return try await request.render(try await page(request, id: id, user: user, error: error.message), status: .unprocessableEntity)
        }
    }

    struct Upload: Content {
        var kind: String?
        var file: File?
    }

    @Sendable
    func upload(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        guard let id = request.parameters.get("matterID").flatMap(Matter.ID.init) else { throw Abort(.notFound) }
        let upload = try request.content.decode(Upload.self)
        do {
            guard let file = upload.file else { throw ValidationError(field: "材料", reason: "请选择文件。") }
            try await request.matters.addMaterial(
                to: id, kind: upload.kind ?? "", filename: file.filename, contentType: file.contentType?.serialize() ?? "",
                data: Data(buffer: file.data), by: user.principal, context: request.journalContext())
            return request.redirect(to: "/my/matters/\(id)", flash: "材料已上传。")
        } catch let error as ValidationError {
            return try await request.render(try await page(request, id: id, user: user, error: error.message), status: .unprocessableEntity)
        }
    }
}

struct MyMatterPage: Page {
    static let template = "my/matter"

    struct Step: Encodable {
        var time: String
        var summary: String
    }

    struct Clock: Encodable {
        var name: String
        var due: String
        var state: String
    }

    var layout: Layout
    var matterID: String
    var reference: String
    var typeName: String
    var state: String
    var isClosed: Bool
    var fields: [MatterPage.Field]
    var steps: [Step]
    var clocks: [Clock]
    var documents: [MatterPage.Document]
    var materials: [MatterPage.Material]
    var csrfToken: String
    var error: String?
    var acts: [Option] = []
    var canRate = false
    var rating: String?

    struct Option: Encodable {
        var id: String
        var name: String
    }

    init(request: Request, snapshot: MatterSnapshot, type: MatterType) {
        layout = Layout(title: type.name, section: .my, request: request)
        matterID = snapshot.matter.id.description
        reference = snapshot.matter.reference
        typeName = type.name
        state = type.stateName(snapshot.matter.state)
        isClosed = snapshot.matter.closedAt != nil
        fields = snapshot.displayFields(type).map { .init(label: $0.label, value: $0.value) }
        steps = snapshot.events.filter { $0.kind != .objection }.reversed().map { .init(time: ChineseTime.dateTime($0.at), summary: $0.summary) }
        clocks = snapshot.clocks.filter { $0.kind != .stage }.map {
            .init(name: $0.name, due: $0.pendingYear.map { "待定（\($0) 年节假日安排尚未导入）" } ?? $0.dueDate.chineseDescription,
                  state: $0.isRunning ? ($0.isSuspended ? "中止中" : "计算中") : "已结束")
        }
        documents = snapshot.documents.map {
            .init(id: $0.id.uuidString.lowercased(), number: $0.number, title: $0.title, issuedAt: ChineseTime.dateTime($0.issuedAt), sha256: String($0.sha256.prefix(16)))
        }
        materials = snapshot.materials.map {
            .init(id: $0.id.uuidString.lowercased(), kind: $0.kind, filename: $0.filename, size: "\(max(1, $0.size / 1024)) KB",
                  sha256: String($0.sha256.prefix(16)), uploadedAt: ChineseTime.dateTime($0.uploadedAt))
        }
        csrfToken = request.csrfToken
    }
}
