import MinzhengCore
import MinzhengPersistence
import Vapor

/// `/work/rulemaking`: normative documents (comments to answer, the yearly cleanup), the major-decision catalogue,
/// the 普法 responsibility list with progress and the year's themes, and the publicity and study figures.
/// `/rules`: the public register of documents (in force, with history), drafts open for comment, cleanup lists and
/// decision catalogues.
struct RuleMakingController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let work = routes.grouped(RequireLoginMiddleware()).grouped("work", "rulemaking")
        work.get(use: overview)
        work.get("comments", ":matterID", use: comments)
        work.post("comments", ":matterID", ":commentID", use: answer)
        work.post("cleanup", use: openCleanup)
        work.post("cleanup", ":year", ":matterID", use: decideCleanup)
        work.post("cleanup", ":year", "publish", use: publishCleanup)
        work.post("catalogue", ":year", "publish", use: publishCatalogue)
        work.post("duties", use: addDuty)
        work.post("themes", ":index", use: planTheme)
        let rules = routes.grouped("rules")
        rules.get(use: register)
        rules.get("documents", ":reference", use: document)
        rules.post("documents", ":reference", "comments", use: comment)
        rules.get("cleanup", ":year", use: cleanupLists)
        rules.get("catalogue", ":year", use: catalogue)
    }

    func service(_ request: Request) -> RuleMakingService { RuleMakingService(matters: request.matters) }
    func learning(_ request: Request) -> LearningService { LearningService(matters: request.matters) }

    func year(_ request: Request) throws -> Int { try request.yearQuery }

    @Sendable
    func overview(_ request: Request) async throws -> Response {
        try await request.authorize(.openWorkbench)
        return try await request.render(try await overviewPage(request))
    }

    private func overviewPage(_ request: Request) async throws -> RuleMakingPage {
        let year = try year(request)
        let service = service(request)
        let documents = try await service.documents()
        let drafts = try await MatterListing(request: request).queries.list(
            under: MatterScope.readable(by: try request.requireUser().principal, registry: request.minzheng.registry, table: request.minzheng.permissions),
            filter: MatterFilter(typeID: NormativeDocument.id, isOpen: true), today: request.today, dueSoonBy: request.today.adding(days: 7), page: Pagination(size: 50))
        let cleanup = try await service.cleanup(year)
        let figures = try await learning(request).figures(year: year)
        let units = try await OrgUnitRepository(db: request.database).all()
        return RuleMakingPage(
            layout: Layout(title: "规范性文件、重大决策与普法学法", section: .work, request: request), year: year,
            canManage: request.isAllowed(.manageEnforcement),
            documents: documents.map { DocumentRow($0, today: request.today) },
            drafts: drafts.items.map { .init(id: $0.id.description, reference: $0.reference, title: $0.title, state: request.minzheng.registry.type($0.typeID)?.stateName($0.state) ?? "") },
            cleanupOpen: cleanup != nil, cleanupPublished: cleanup?.publishedAt.map(ChineseTime.dateTime), cleanupUndecided: cleanup?.undecided ?? 0,
            cleanupRows: cleanup.map { campaign in campaign.documents.map { entry in
                .init(id: entry.id.description, title: entry.title, number: entry.number, decision: campaign.decisions[entry.id.rawValue]?.decision,
                      reason: campaign.decisions[entry.id.rawValue]?.reason)
            } } ?? [],
            cleanupDecisions: RuleMakingService.cleanupDecisions,
            catalogue: try await service.catalogue(year).map { .init(title: $0.title, category: $0.category, state: $0.stateName) },
            cataloguePublished: try await service.cataloguePublished(year).map(ChineseTime.dateTime),
            duties: try await learning(request).duties(year: year).map { .init(law: $0.law, unit: $0.unitName, target: $0.target, held: $0.held) },
            units: units.filter { $0.level == .divisionCity || $0.level == .agency || $0.level == .regimentTownOrSubdistrict }.map { Option(value: $0.code, label: $0.name) },
            themes: PublicityActivity.themes.enumerated().map { .init(index: $0.offset, name: $0.element.name, date: $0.element.date(in: year).chineseDescription,
                                                                     laws: $0.element.laws) },
            publicity: figures.publicityActivities, audience: figures.audience, visits: figures.householdVisitsWithPolicy,
            study: figures.studySessions, trainings: figures.trainings,
            attendance: figures.attendance.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(20).map { .init(name: $0.key, count: $0.value) })
    }

    private func act(_ request: Request, redirect: String, _ body: (Principal) async throws -> String) async throws -> Response {
        let user = try request.requireUser()
        do {
            return request.redirect(to: redirect, flash: try await body(user.principal))
        } catch let error as ValidationError {
            var page = try await overviewPage(request)
            page.error = error.message
            return try await request.render(page, status: .unprocessableEntity)
        } catch let error as AccessRefused {
            throw AccessDenied(reason: error.reason)
        }
    }

    @Sendable
    func openCleanup(_ request: Request) async throws -> Response {
        let year = try year(request)
        return try await act(request, redirect: "/work/rulemaking?year=\(year)") { principal in
            try await service(request).openCleanup(year: year, by: principal, context: request.journalContext())
            return "已开启 \(year) 年度规范性文件清理，请对每件现行有效文件作出清理决定。"
        }
    }

    @Sendable
    func decideCleanup(_ request: Request) async throws -> Response {
        guard let year = request.parameters.get("year", as: Int.self), let id = request.parameters.get("matterID").flatMap(Matter.ID.init) else { throw Abort(.notFound) }
        struct Form: Content { var decision: String?; var reason: String? }
        let form = try request.content.decode(Form.self)
        return try await act(request, redirect: "/work/rulemaking?year=\(year)") { principal in
            try await service(request).decide(year: year, matterID: id, decision: form.decision ?? "", reason: form.reason ?? "", by: principal,
                                              context: request.journalContext())
            return "清理决定已记录。"
        }
    }

    @Sendable
    func publishCleanup(_ request: Request) async throws -> Response {
        guard let year = request.parameters.get("year", as: Int.self) else { throw Abort(.notFound) }
        return try await act(request, redirect: "/work/rulemaking?year=\(year)") { principal in
            try await service(request).publishCleanup(year: year, by: principal, context: request.journalContext())
            return "\(year) 年度清理结果已公布；决定废止、宣布失效的文件已停止执行。"
        }
    }

    @Sendable
    func publishCatalogue(_ request: Request) async throws -> Response {
        guard let year = request.parameters.get("year", as: Int.self) else { throw Abort(.notFound) }
        return try await act(request, redirect: "/work/rulemaking?year=\(year)") { principal in
            try await service(request).publishCatalogue(year: year, by: principal, context: request.journalContext())
            return "\(year) 年度重大行政决策事项目录已公布。"
        }
    }

    @Sendable
    func addDuty(_ request: Request) async throws -> Response {
        struct Form: Content { var law: String?; var unit: String?; var target: String? }
        let form = try request.content.decode(Form.self)
        let year = try year(request)
        return try await act(request, redirect: "/work/rulemaking?year=\(year)") { principal in
            try await learning(request).addDuty(year: year, law: form.law ?? "", unitCode: form.unit ?? "", target: form.target.flatMap { Int($0) },
                                                by: principal, context: request.journalContext())
            return "已列入普法责任清单。"
        }
    }

    /// Plans this year's activity from a recurring theme.
    @Sendable
    func planTheme(_ request: Request) async throws -> Response {
        guard let index = request.parameters.get("index", as: Int.self), PublicityActivity.themes.indices.contains(index) else { throw Abort(.notFound) }
        let theme = PublicityActivity.themes[index]
        let year = try year(request)
        return try await act(request, redirect: "/work/rulemaking?year=\(year)") { principal in
            guard let unit = try await OrgUnitRepository(db: request.database).find(code: OrganizationRegistry.registryUnitCode) else { throw Abort(.notFound) }
            let id = try await request.matters.create(
                PublicityActivity.id, at: unit, applicant: nil, channel: "window", title: "\(year) 年\(theme.name)",
                fields: ["theme": theme.name, "laws": theme.laws, "plannedOn": theme.date(in: year).description, "place": "待定", "audienceKind": "社区居民"],
                by: principal, context: request.journalContext())
            return "已按模板安排「\(year) 年\(theme.name)」（办件 \(id)），开展后请上传照片并记录开展情况。"
        }
    }

    @Sendable
    func comments(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        guard let id = request.parameters.get("matterID").flatMap(Matter.ID.init) else { throw Abort(.notFound) }
        let (snapshot, _) = try await request.matters.read(id, by: user.principal, context: request.journalContext())
        return try await request.render(CommentsPage(
            layout: Layout(title: "公众意见答复", section: .work, request: request), matterID: id.description, title: snapshot.matter.fields["title"] ?? snapshot.matter.title,
            comments: try await service(request).comments(of: id).map {
                .init(id: $0.id.uuidString, content: $0.content, submitted: ChineseTime.dateTime($0.submittedAt), adopted: $0.adopted, answer: $0.answer)
            }))
    }

    @Sendable
    func answer(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        guard let id = request.parameters.get("matterID").flatMap(Matter.ID.init), let commentID = request.parameters.get("commentID", as: UUID.self) else { throw Abort(.notFound) }
        struct Form: Content { var adopted: String?; var answer: String? }
        let form = try request.content.decode(Form.self)
        do {
            try await service(request).answer(commentID, of: id, adopted: form.adopted ?? "", answer: form.answer ?? "", by: user.principal, context: request.journalContext())
            return request.redirect(to: "/work/rulemaking/comments/\(id)", flash: "答复已记录。")
        } catch let error as ValidationError {
            return request.redirect(to: "/work/rulemaking/comments/\(id)", flash: error.message)
        } catch let error as AccessRefused {
            throw AccessDenied(reason: error.reason)
        }
    }

    // MARK: Public

    @Sendable
    func register(_ request: Request) async throws -> Response {
        let service = service(request)
        let documents = try await service.documents()
        let type = NormativeDocument.type
        var open: [RulesPage.Open] = []
        for record in try await request.matters.openForComment() {
            let clock = record.clocks.last { $0.clockID == "comment" && $0.isRunning }
            open.append(.init(reference: record.matter.reference, title: record.matter.fields["title"] ?? record.matter.title,
                              until: clock?.dueDate.chineseDescription ?? "", state: type.stateName(record.matter.state)))
        }
        let cleanups = try await (2020...request.today.year).reversed().asyncCompactMap { year in try await service.cleanup(year).flatMap { $0.publishedAt == nil ? nil : year } }
        let catalogues = try await (2020...request.today.year + 1).reversed().asyncCompactMap { year in try await service.cataloguePublished(year).map { _ in year } }
        return try await request.render(RulesPage(
            layout: Layout(title: "行政规范性文件", section: .portal, request: request),
            inForce: documents.filter { $0.isInForce(on: request.today) }.map { DocumentRow($0, today: request.today) },
            others: documents.filter { !$0.isInForce(on: request.today) }.map { DocumentRow($0, today: request.today) },
            open: open, cleanups: cleanups, catalogues: catalogues))
    }

    @Sendable
    func document(_ request: Request) async throws -> Response {
        guard let reference = request.parameters.get("reference") else { throw Abort(.notFound) }
        let service = service(request)
        let all = try await service.documents()
        let snapshot = try await request.matters.snapshot(reference: reference)
        guard let snapshot, snapshot.matter.typeID == NormativeDocument.id else { throw Abort(.notFound) }
        let published = all.contains { $0.reference == reference }
        guard published || snapshot.matter.state == "publicComment" else { throw Abort(.notFound) }
        let clock = snapshot.clocks.last { $0.clockID == "comment" && $0.isRunning }
        return try await request.render(RuleDocumentPage(
            layout: Layout(title: snapshot.matter.fields["title"] ?? "规范性文件", section: .portal, request: request),
            reference: reference, title: snapshot.matter.fields["title"] ?? "", number: snapshot.matter.fields["documentNumber"] ?? "",
            kind: snapshot.matter.fields["docKind"] ?? "", issuer: snapshot.matter.fields["leadIssuer"] ?? "", basis: snapshot.matter.fields["legalBasis"] ?? "",
            text: snapshot.matter.fields["text"] ?? "", state: NormativeDocument.type.stateName(snapshot.matter.state),
            publishedOn: snapshot.matter.fields["publishedOn"], effectiveDate: snapshot.matter.fields["effectiveDate"], expiryDate: snapshot.matter.fields["expiryDate"],
            commentUntil: snapshot.matter.state == "publicComment" ? clock?.dueDate.chineseDescription : nil,
            history: service.history(of: reference, in: all).map { DocumentRow($0, today: request.today) }))
    }

    @Sendable
    func comment(_ request: Request) async throws -> Response {
        guard let reference = request.parameters.get("reference"), let snapshot = try await request.matters.snapshot(reference: reference) else { throw Abort(.notFound) }
        struct Form: Content { var content: String? }
        let form = try request.content.decode(Form.self)
        do {
            try await service(request).submitComment(to: snapshot.matter.id, content: form.content ?? "", context: request.journalContext())
            return request.redirect(to: "/rules/documents/\(reference)", flash: "您的意见已提交，起草单位将逐条研究答复。")
        } catch let error as ValidationError {
            return request.redirect(to: "/rules/documents/\(reference)", flash: error.message)
        }
    }

    @Sendable
    func cleanupLists(_ request: Request) async throws -> Response {
        guard let year = request.parameters.get("year", as: Int.self), let cleanup = try await service(request).cleanup(year), let published = cleanup.publishedAt else {
            throw Abort(.notFound)
        }
        let lists = RuleMakingService.cleanupDecisions.map { decision in
            CleanupListsPage.List(decision: decision, rows: cleanup.documents.filter { cleanup.decisions[$0.id.rawValue]?.decision == decision }.map {
                .init(title: $0.title, number: $0.number, reason: cleanup.decisions[$0.id.rawValue]?.reason ?? "")
            })
        }
        return try await request.render(CleanupListsPage(layout: Layout(title: "\(year) 年度规范性文件清理结果", section: .portal, request: request),
                                                         year: year, published: ChineseTime.dateTime(published), lists: lists))
    }

    @Sendable
    func catalogue(_ request: Request) async throws -> Response {
        guard let year = request.parameters.get("year", as: Int.self), let published = try await service(request).cataloguePublished(year) else { throw Abort(.notFound) }
        return try await request.render(CataloguePage(layout: Layout(title: "\(year) 年度重大行政决策事项目录", section: .portal, request: request), year: year,
                                                      published: ChineseTime.dateTime(published),
                                                      rows: try await service(request).catalogue(year).map { .init(title: $0.title, category: $0.category, state: $0.stateName) }))
    }
}

extension Sequence {
    func asyncCompactMap<T>(_ transform: (Element) async throws -> T?) async rethrows -> [T] {
        var result: [T] = []
        for element in self { if let value = try await transform(element) { result.append(value) } }
        return result
    }
}

struct DocumentRow: Encodable {
    var reference: String
    var title: String
    var number: String
    var kind: String
    var relation: String
    var state: String
    var publishedOn: String?
    var effectiveDate: String?
    var expiryDate: String?
    var inForce: Bool

    init(_ entry: RuleMakingService.DocumentEntry, today: CivilDate) {
        reference = entry.reference
        title = entry.title
        number = entry.number
        kind = entry.kind
        relation = entry.relation
        inForce = entry.isInForce(on: today)
        state = inForce ? "现行有效" : entry.stateName
        publishedOn = entry.publishedOn?.chineseDescription
        effectiveDate = entry.effectiveDate?.chineseDescription
        expiryDate = entry.expiryDate?.chineseDescription
    }
}

struct RuleMakingPage: Page {
    static let template = "rulemaking/work"

    struct Draft: Encodable { var id: String; var reference: String; var title: String; var state: String }
    struct CleanupRow: Encodable { var id: String; var title: String; var number: String; var decision: String?; var reason: String? }
    struct CatalogueRow: Encodable { var title: String; var category: String; var state: String }
    struct DutyRow: Encodable { var law: String; var unit: String; var target: Int; var held: Int }
    struct ThemeRow: Encodable { var index: Int; var name: String; var date: String; var laws: String }
    struct Attendance: Encodable { var name: String; var count: Int }

    var layout: Layout
    var year: Int
    var canManage: Bool
    var documents: [DocumentRow]
    var drafts: [Draft]
    var cleanupOpen: Bool
    var cleanupPublished: String?
    var cleanupUndecided: Int
    var cleanupRows: [CleanupRow]
    var cleanupDecisions: [String]
    var catalogue: [CatalogueRow]
    var cataloguePublished: String?
    var duties: [DutyRow]
    var units: [Option]
    var themes: [ThemeRow]
    var publicity: Int
    var audience: Int
    var visits: Int
    var study: Int
    var trainings: Int
    var attendance: [Attendance]
    var error: String?
}

struct CommentsPage: Page {
    static let template = "rulemaking/comments"

    struct Comment: Encodable { var id: String; var content: String; var submitted: String; var adopted: String?; var answer: String? }

    var layout: Layout
    var matterID: String
    var title: String
    var comments: [Comment]
}

struct RulesPage: Page {
    static let template = "rulemaking/public"

    struct Open: Encodable { var reference: String; var title: String; var until: String; var state: String }

    var layout: Layout
    var inForce: [DocumentRow]
    var others: [DocumentRow]
    var open: [Open]
    var cleanups: [Int]
    var catalogues: [Int]
}

struct RuleDocumentPage: Page {
    static let template = "rulemaking/document"

    var layout: Layout
    var reference: String
    var title: String
    var number: String
    var kind: String
    var issuer: String
    var basis: String
    var text: String
    var state: String
    var publishedOn: String?
    var effectiveDate: String?
    var expiryDate: String?
    var commentUntil: String?
    var history: [DocumentRow]
}

struct CleanupListsPage: Page {
    static let template = "rulemaking/cleanup"

    struct List: Encodable {
        struct Row: Encodable { var title: String; var number: String; var reason: String }
        var decision: String
        var rows: [Row]
    }

    var layout: Layout
    var year: Int
    var published: String
    var lists: [List]
}

struct CataloguePage: Page {
    static let template = "rulemaking/catalogue"

    var layout: Layout
    var year: Int
    var published: String
    var rows: [RuleMakingPage.CatalogueRow]
}
