import MinzhengCore
import MinzhengPersistence
import Vapor

/// `/powers`: the published power list (权责清单), by type with counts, searchable; each item with its flow and its
/// change history.
struct PowerListController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("powers", use: list)
        routes.get("powers", "export", ":format", use: export)
        routes.get("powers", ":code", use: show)
    }

    @Sendable
    func list(_ request: Request) async throws -> Response {
        let type = (try? request.query.get(String.self, at: "type")).flatMap(PowerType.init(rawValue:))
        let text = try? request.query.get(String.self, at: "q")
        let listing = try await PowerListRepository(db: request.database).published(type: type, text: text, page: try request.pagination)
        let total = listing.countsByType.values.reduce(0, +)
        let page = PowerListPage(
            layout: Layout(title: "权责清单", section: .portal, request: request),
            total: total, authorizedPowers: listing.authorizedPowers,
            types: PowerType.allCases.map { .init(code: $0.rawValue, name: $0.chineseName, count: listing.countsByType[$0] ?? 0) }.filter { $0.count > 0 },
            selectedType: type?.rawValue ?? "", query: text ?? "",
            rows: listing.items.items.map { .init(code: $0.code, name: $0.name, type: $0.type.chineseName, basis: $0.bases.map(\.text).joined(separator: "；")) },
            pager: Pager(listing.items, path: "/powers", query: [("type", type?.rawValue), ("q", text)], export: "/powers/export"))
        return try await request.render(page)
    }

    /// The published list as the page shows it (same type and search), every page — for anyone.
    @Sendable
    func export(_ request: Request) async throws -> Response {
        let format = try await request.exportFormat()
        let type = (try? request.query.get(String.self, at: "type")).flatMap(PowerType.init(rawValue:))
        let text = try? request.query.get(String.self, at: "q")
        let repository = PowerListRepository(db: request.database)
        let items = try await allPages { page in try await repository.published(type: type, text: text, page: page).items }
        let table = ExportTable(title: "权责清单", columns: ["编码", "名称", "类型", "所属职权", "实施依据", "实施主体", "监督电话"],
                                rows: items.map { [.text($0.code), .text($0.name), .text($0.type.chineseName), .text($0.authorizedPower),
                                                   .text($0.bases.map(\.text).joined(separator: "；")), .text($0.handlingUnit), .text($0.complaintPhone)] })
        return try await request.export(table, as: format, list: "powers", filters: ["type": type?.rawValue ?? "", "q": (text ?? "").isEmpty ? "" : "（有检索词）"])
    }

    @Sendable
    func show(_ request: Request) async throws -> Response {
        let code = request.parameters.get("code") ?? ""
        let repository = PowerListRepository(db: request.database)
        let versions = try await repository.versions(of: code).filter { $0.publishedAt != nil }
        guard let current = versions.last else { throw Abort(.notFound) }
        var history: [PowerItemPage.Change] = []
        for (index, version) in versions.enumerated() {
            let changes = index == 0 ? ["首次公布"] : version.item.changes(from: versions[index - 1].item)
            history.append(.init(version: version.item.version, date: version.publishedAt.map(ChineseTime.dateTime) ?? "",
                                 changes: changes.isEmpty ? ["内容无实质变化"] : changes, reference: version.item.approvalReference ?? ""))
            if let repealed = version.repealedAt { history.append(.init(version: version.item.version, date: ChineseTime.dateTime(repealed), changes: ["废止"], reference: "")) }
        }
        let item = current.item
        let page = PowerItemPage(
            layout: Layout(title: item.name, section: .portal, request: request), code: item.code, name: item.name,
            type: item.type.chineseName, status: current.repealedAt != nil ? "已废止" : "现行有效", isRepealed: current.repealedAt != nil,
            version: item.version, authorizedPower: item.authorizedPower, bases: item.bases.map(\.text), body: item.body,
            handlingUnit: item.handlingUnit, level: item.level,
            responsibilities: item.responsibilities.map { .init(stage: $0.stage, content: $0.content, basis: $0.basis) },
            accountability: item.accountability, complaintPhone: item.complaintPhone, flow: item.flow, riskPoints: item.riskPoints,
            remarks: item.remarks, claimedBy: try await repository.claimingUnits(of: item.code), isSupervisionItem: item.isSupervisionItem,
            history: history.reversed())
        return try await request.render(page)
    }
}

struct PowerListPage: Page {
    static let template = "powers/list"

    struct TypeCount: Encodable {
        var code: String
        var name: String
        var count: Int
    }

    struct Row: Encodable {
        var code: String
        var name: String
        var type: String
        var basis: String
    }

    var layout: Layout
    var total: Int
    var authorizedPowers: Int
    var types: [TypeCount]
    var selectedType: String
    var query: String
    var rows: [Row]
    var pager: Pager
}

struct PowerItemPage: Page {
    static let template = "powers/item"

    struct Responsibility: Encodable {
        var stage: String
        var content: String
        var basis: String
    }

    struct Change: Encodable {
        var version: Int
        var date: String
        var changes: [String]
        var reference: String
    }

    var layout: Layout
    var code: String
    var name: String
    var type: String
    var status: String
    var isRepealed: Bool
    var version: Int
    var authorizedPower: String
    var bases: [String]
    var body: String
    var handlingUnit: String
    var level: String
    var responsibilities: [Responsibility]
    var accountability: [String]
    var complaintPhone: String
    var flow: [String]
    var riskPoints: [String]
    var remarks: String
    var claimedBy: [String]
    var isSupervisionItem: Bool
    var history: [Change]
}
