import MinzhengCore
import MinzhengPersistence
import Vapor

/// `/work/enforcement`: the officers' certificates, the discretion benchmarks (drafted, validated, published as new
/// versions) and the year's enforcement figures; `/enforcement`: what the public sees — the officer register, the
/// benchmarks in force and the register of decisions (行政执法公示).
struct EnforcementController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let work = routes.grouped(RequireLoginMiddleware()).grouped("work", "enforcement")
        work.get(use: overview)
        work.post("certificates", use: addCertificate)
        work.post("benchmarks", use: draftBenchmark)
        work.post("benchmarks", ":code", "publish", use: publishBenchmark)
        let public_ = routes.grouped("enforcement")
        public_.get(use: publicIndex)
        public_.get("decisions", use: decisions)
        public_.get("decisions", "export", ":format", use: exportDecisions)
        public_.get("decisions", ":decisionID", use: decision)
    }

    func repository(_ request: Request) -> EnforcementRepository {
        EnforcementRepository(store: request.minzheng.store, db: request.database, cipher: request.minzheng.cipher, permissions: request.minzheng.permissions)
    }

    @Sendable
    func overview(_ request: Request) async throws -> Response {
        try await request.authorize(.openWorkbench)
        return try await request.render(try await overviewPage(request, form: [:]))
    }

    private func act(_ request: Request, form: [String: String], _ body: (Principal) async throws -> String) async throws -> Response {
        let user = try request.requireUser()
        try await request.authorize(.manageEnforcement)
        do {
            return request.redirect(to: "/work/enforcement", flash: try await body(user.principal))
        } catch let error as ValidationError {
            var page = try await overviewPage(request, form: form)
            page.error = error.message
            return try await request.render(page, status: .unprocessableEntity)
        }
    }

    @Sendable
    func addCertificate(_ request: Request) async throws -> Response {
        let form = try request.content.decode([String: String].self)
        return try await act(request, form: form) { principal in
            try await repository(request).addCertificate(
                username: form["username"] ?? "", number: form["number"] ?? "", category: form["category"] ?? "",
                validFrom: form["validFrom"].flatMap(CivilDate.init(iso:)), validUntil: form["validUntil"].flatMap(CivilDate.init(iso:)),
                by: principal, context: request.journalContext())
            return "执法证已登记，并在门户公示。"
        }
    }

    @Sendable
    func draftBenchmark(_ request: Request) async throws -> Response {
        let form = try request.content.decode([String: String].self)
        return try await act(request, form: form) { principal in
            func fen(_ key: String) throws -> Int? {
                guard let text = form[key]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
                guard let value = Money.parseYuan(text) else { throw ValidationError(field: "金额", reason: "「\(text)」不是有效的金额。") }
                return value
            }
            var tiers: [BenchmarkTier] = []
            for tier in PenaltyTier.allCases {
                let conditions = (form["\(tier.rawValue).conditions"] ?? "").trimmingCharacters(in: .whitespaces)
                guard !conditions.isEmpty else { continue }
                tiers.append(BenchmarkTier(tier: tier, conditions: conditions, minimumFen: try fen("\(tier.rawValue).min") ?? 0,
                                           maximumFen: try fen("\(tier.rawValue).max") ?? 0))
            }
            guard let from = form["effectiveFrom"].flatMap(CivilDate.init(iso:)) else {
                throw ValidationError(field: "施行日期", reason: "应为 YYYY-MM-DD 格式的真实日期。")
            }
            let draft = DiscretionBenchmark(code: (form["code"] ?? "").trimmingCharacters(in: .whitespaces), powerItemCode: form["powerItemCode"] ?? "",
                                            violation: form["violation"] ?? "", basisClause: form["basisClause"] ?? "", penaltyClause: form["penaltyClause"] ?? "",
                                            legalMinimumFen: try fen("legalMinimum") ?? 0, legalMaximumFen: try fen("legalMaximum") ?? 0, tiers: tiers,
                                            effectiveFrom: from)
            let saved = try await repository(request).saveDraft(draft, by: principal, context: request.journalContext())
            return "裁量基准 \(saved.code) 第 \(saved.version) 版草稿已通过校验，公布后施行。"
        }
    }

    @Sendable
    func publishBenchmark(_ request: Request) async throws -> Response {
        guard let code = request.parameters.get("code") else { throw Abort(.notFound) }
        return try await act(request, form: [:]) { principal in
            try await repository(request).publish(code: code, by: principal, context: request.journalContext())
            return "裁量基准 \(code) 已公布施行，此前版本保留为历史版本。"
        }
    }

    private func overviewPage(_ request: Request, form: [String: String]) async throws -> EnforcementPage {
        let repository = repository(request)
        let year = try request.yearQuery
        let figures = EnforcementFigureQueries(db: request.database, registry: request.minzheng.registry, cipher: request.minzheng.cipher)
        let correction = try await figures.correction(year: year)
        let decisions = try await figures.decisions(year: year)
        let penaltyItems = try await PowerListRepository(db: request.database).published(type: .penalty, text: nil, page: Pagination(size: 100)).items.items
        let officers = try await AccountRepository(db: request.database, cipher: request.minzheng.cipher)
            .list(AccountFilter(role: .enforcementOfficer), page: Pagination(size: 100)).items
        return EnforcementPage(
            layout: Layout(title: "行政执法", section: .work, request: request),
            canManage: request.isAllowed(.manageEnforcement),
            certificates: try await repository.certificates().map { CertificateView($0, today: request.today) },
            officers: officers.compactMap { officer in officer.username.map { Option(value: $0, label: "\(officer.displayName)（\($0)）") } },
            published: try await repository.published().map { BenchmarkView($0) },
            drafts: try await repository.drafts().map { BenchmarkView($0) },
            penaltyItems: penaltyItems.map { Option(value: $0.code, label: "\($0.code) \($0.name)") },
            tiers: PenaltyTier.allCases.map { Option(value: $0.rawValue, label: $0.chineseName) },
            year: year, decided: correction.decided, corrected: correction.corrected,
            directRate: SupervisionFigures.percent(correction.directRate), comprehensiveRate: SupervisionFigures.percent(correction.comprehensiveRate),
            headRate: SupervisionFigures.percent(correction.headAttendanceRate),
            penalties: decisions.penalties, licences: decisions.licences, publishedCount: decisions.published, onTime: decisions.publishedOnTime,
            withdrawn: decisions.withdrawn, form: form)
    }

    // MARK: Public

    @Sendable
    func publicIndex(_ request: Request) async throws -> Response {
        let repository = repository(request)
        return try await request.render(PublicEnforcementPage(
            layout: Layout(title: "行政执法公示", section: .portal, request: request),
            certificates: try await repository.certificates().filter { $0.isValid(on: request.today) }.map { CertificateView($0, today: request.today) },
            benchmarks: try await repository.published().map { BenchmarkView($0) }))
    }

    @Sendable
    func decisions(_ request: Request) async throws -> Response {
        struct Filter: Content { var q: String?; var kind: String? }
        let filter = try request.query.decode(Filter.self)
        let settings = try await SettingRepository(db: request.database).snapshot()
        let list = try await DisclosureRegister(db: request.database).list(text: filter.q, kind: filter.kind, settings: settings, page: try request.pagination)
        return try await request.render(PublicDecisionsPage(
            layout: Layout(title: "行政执法决定公示", section: .portal, request: request),
            rows: list.items.map(DecisionView.init),
            pager: Pager(list, path: "/enforcement/decisions", query: [("q", filter.q), ("kind", filter.kind)], export: "/enforcement/decisions/export"),
            query: filter.q ?? "", kind: filter.kind ?? ""))
    }

    /// The register of decisions as the page shows it (same search), every page — what was disclosed, no more.
    @Sendable
    func exportDecisions(_ request: Request) async throws -> Response {
        struct Filter: Content { var q: String?; var kind: String? }
        let format = try await request.exportFormat()
        let filter = try request.query.decode(Filter.self)
        let settings = try await SettingRepository(db: request.database).snapshot()
        let register = DisclosureRegister(db: request.database)
        let decisions = try await allPages { page in try await register.list(text: filter.q, kind: filter.kind, settings: settings, page: page) }
        let table = ExportTable(title: "行政执法决定公示", columns: ["类别", "文号", "标题", "决定日期", "公示时间", "公示内容", "撤回"],
                                rows: decisions.map { decision in
                                    [.text(decision.kind), .text(decision.reference), .text(decision.title), .date(decision.decidedOn),
                                     .text(ChineseTime.dateTime(decision.publishedAt)),
                                     .text(decision.fields.map { "\($0.label)：\($0.value)" }.joined(separator: "；")),
                                     .text(decision.withdrawnAt.map { "已于\(ChineseTime.dateTime($0))撤回" + (decision.withdrawalNote.map { "：\($0)" } ?? "") } ?? "")]
                                })
        return try await request.export(table, as: format, list: "enforcement.decisions",
                                        filters: ["kind": filter.kind ?? "", "q": (filter.q ?? "").isEmpty ? "" : "（有检索词）"])
    }

    @Sendable
    func decision(_ request: Request) async throws -> Response {
        guard let id = request.parameters.get("decisionID", as: UUID.self), let decision = try await DisclosureRegister(db: request.database).find(id) else {
            throw Abort(.notFound)
        }
        return try await request.render(PublicDecisionPage(layout: Layout(title: decision.title, section: .portal, request: request), decision: DecisionView(decision)))
    }
}

struct CertificateView: Encodable {
    var name: String
    var number: String
    var category: String
    var validity: String
    var valid: Bool

    init(_ certificate: OfficerCertificate, today: CivilDate) {
        name = certificate.name
        number = certificate.number
        category = certificate.category
        validity = "\(certificate.validFrom.chineseDescription)至\(certificate.validUntil.chineseDescription)"
        valid = certificate.isValid(on: today)
    }
}

struct BenchmarkView: Encodable {
    struct Tier: Encodable {
        var name: String
        var conditions: String
        var range: String
    }

    var code: String
    var version: Int
    var status: String
    var powerItemCode: String
    var violation: String
    var basisClause: String
    var penaltyClause: String
    var legalRange: String
    var effectiveFrom: String
    var tiers: [Tier]

    init(_ record: EnforcementRepository.BenchmarkRecord) {
        let benchmark = record.benchmark
        code = benchmark.code
        version = benchmark.version
        status = record.status.chineseName
        powerItemCode = benchmark.powerItemCode
        violation = benchmark.violation
        basisClause = benchmark.basisClause
        penaltyClause = benchmark.penaltyClause
        legalRange = "\(Money.formatYuan(benchmark.legalMinimumFen)) 元至 \(Money.formatYuan(benchmark.legalMaximumFen)) 元"
        effectiveFrom = benchmark.effectiveFrom.chineseDescription
        tiers = benchmark.tiers.map { Tier(name: $0.tier.chineseName, conditions: $0.conditions, range: $0.rangeDescription) }
    }
}

struct DecisionView: Encodable {
    struct Field: Encodable {
        var label: String
        var value: String
    }

    var id: String
    var kind: String
    var reference: String
    var title: String
    var decidedOn: String
    var publishedAt: String
    var fields: [Field]
    var withdrawn: String?
    var withdrawalNote: String?

    init(_ decision: PublishedDecision) {
        id = decision.id.uuidString
        kind = decision.kind
        reference = decision.reference
        title = decision.title
        decidedOn = decision.decidedOn.chineseDescription
        publishedAt = ChineseTime.dateTime(decision.publishedAt)
        fields = decision.fields.map { Field(label: $0.label, value: $0.value) }
        withdrawn = decision.withdrawnAt.map(ChineseTime.dateTime)
        withdrawalNote = decision.withdrawalNote
    }
}

struct EnforcementPage: Page {
    static let template = "enforcement/work"

    var layout: Layout
    var canManage: Bool
    var certificates: [CertificateView]
    var officers: [Option]
    var published: [BenchmarkView]
    var drafts: [BenchmarkView]
    var penaltyItems: [Option]
    var tiers: [Option]
    var year: Int
    var decided: Int
    var corrected: Int
    var directRate: String
    var comprehensiveRate: String
    var headRate: String
    var penalties: Int
    var licences: Int
    var publishedCount: Int
    var onTime: Int
    var withdrawn: Int
    var form: [String: String]
    var error: String?
}

struct PublicEnforcementPage: Page {
    static let template = "enforcement/public"

    var layout: Layout
    var certificates: [CertificateView]
    var benchmarks: [BenchmarkView]
}

struct PublicDecisionsPage: Page {
    static let template = "enforcement/decisions"

    var layout: Layout
    var rows: [DecisionView]
    var pager: Pager
    var query: String
    var kind: String
}

struct PublicDecisionPage: Page {
    static let template = "enforcement/decision"

    var layout: Layout
    var decision: DecisionView
}
