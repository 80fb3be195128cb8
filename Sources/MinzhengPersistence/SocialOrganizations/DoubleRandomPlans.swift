import FluentKit
import Foundation
import MinzhengCore
import SQLKit

/// 双随机、一公开 in the records: the check list (随机抽查事项清单), the inspectors with their 执法证 and declared
/// interests, and the plans — frozen (pools fingerprinted and published), drawn (witness seed, result, exclusions),
/// and each drawn check opened as an inspection matter.
public struct DoubleRandomPlans: Sendable {
    let matters: MatterService
    let registry: OrganizationRegistry

    public init(matters: MatterService, registry: OrganizationRegistry) {
        self.matters = matters
        self.registry = registry
    }

    var db: any Database { matters.db }
    var sql: any SQLDatabase { db as! any SQLDatabase }

    func authorize(_ principal: Principal) async throws {
        _ = try AccessPolicy.require(principal, .manageOrganizations, on: try await registry.registryTarget(), table: registry.permissions)
    }

    // MARK: Check list

    public struct CheckItem: Sendable, Hashable, Codable {
        public var code: String
        public var name: String
        public var basis: String
        public var body: String
        public var content: String
        public var method: String
        /// general (一般检查事项) or key (重点检查事项).
        public var kind: String
        public var powerItemCode: String

        public init(code: String, name: String, basis: String, body: String, content: String, method: String, kind: String, powerItemCode: String) {
            self.code = code
            self.name = name
            self.basis = basis
            self.body = body
            self.content = content
            self.method = method
            self.kind = kind
            self.powerItemCode = powerItemCode
        }
    }

    /// Adds an item to the published check list; an item needs a legal basis and a citable power item (no inspection
    /// without a legal basis).
    public func addCheckItem(_ item: CheckItem, by principal: Principal, context: JournalContext, now: Date = Date()) async throws {
        try await authorize(principal)
        for (value, field) in [(item.code, "事项编码"), (item.name, "事项名称"), (item.basis, "检查依据"), (item.body, "检查主体"),
                               (item.content, "检查内容"), (item.method, "检查方式")] where value.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError(field: field, reason: "必须填写（无法律依据不得检查）。")
        }
        guard ["general", "key"].contains(item.kind) else { throw ValidationError(field: "事项类别", reason: "应为一般检查事项或重点检查事项。") }
        guard try await PowerListRepository(db: db).isCitable(item.powerItemCode) else {
            throw ValidationError(field: "权责事项", reason: "权责事项 \(item.powerItemCode) 未公布或已废止，不能作为检查依据。")
        }
        if try await checkItems().contains(where: { $0.code == item.code }) { throw ValidationError(field: "事项编码", reason: "编码已存在。") }
        try await matters.store.write(on: db) { db in
            try await (db as! any SQLDatabase).insert(into: "check_item")
                .columns("id", "code", "name", "basis", "body", "content", "method", "kind", "power_item_code")
                .values(SQLBind(UUID()), SQLBind(item.code), SQLBind(item.name), SQLBind(item.basis), SQLBind(item.body), SQLBind(item.content),
                        SQLBind(item.method), SQLBind(item.kind), SQLBind(item.powerItemCode))
                .run()
            try await Journal(db: db).append(JournalEvent(action: "checkItem.add", objectType: "check_item", objectID: item.code,
                                                          summary: "随机抽查事项清单新增：\(item.name)"), context: context, at: now)
        }
    }

    public func checkItems() async throws -> [CheckItem] {
        struct Row: Decodable { var code: String; var name: String; var basis: String; var body: String; var content: String; var method: String; var kind: String; var power_item_code: String }
        return try await sql.select().columns("code", "name", "basis", "body", "content", "method", "kind", "power_item_code").from("check_item")
            .orderBy("code").all(decoding: Row.self)
            .map { CheckItem(code: $0.code, name: $0.name, basis: $0.basis, body: $0.body, content: $0.content, method: $0.method, kind: $0.kind, powerItemCode: $0.power_item_code) }
    }

    // MARK: Inspectors

    public struct InspectorRecord: Sendable, Hashable {
        public var id: UUID
        public var accountID: UUID
        public var name: String
        public var certificateNumber: String
        public var unitCode: String
        public var certified: Bool
    }

    /// Enters an 执法人员 account in the inspector pool with the number of the 执法证.
    public func registerInspector(username: String, certificateNumber: String, certified: Bool, by principal: Principal,
                                  context: JournalContext, now: Date = Date()) async throws -> InspectorRecord {
        try await authorize(principal)
        let number = certificateNumber.trimmingCharacters(in: .whitespaces)
        guard (6...30).contains(number.count), number.allSatisfy({ $0.isASCII && ($0.isNumber || $0.isLetter) }) else {
            throw ValidationError(field: "执法证号", reason: "应为 6–30 位数字或字母。")
        }
        let accounts = AccountRepository(db: db, cipher: matters.cipher)
        guard let account = try await accounts.find(username: username) else { throw ValidationError(field: "账户", reason: "账户 \(username) 不存在。") }
        guard let post = account.roles.first(where: { $0.role == .enforcementOfficer }) else {
            throw ValidationError(field: "账户", reason: "\(account.displayName)没有执法人员岗位，不能列入执法检查人员名录库。")
        }
        if try await inspectors().contains(where: { $0.accountID == account.id.rawValue || $0.certificateNumber == number }) {
            throw ValidationError(field: "执法检查人员", reason: "此人或此执法证号已在名录库中。")
        }
        let record = InspectorRecord(id: UUID(), accountID: account.id.rawValue, name: account.displayName, certificateNumber: number,
                                     unitCode: post.orgUnitCode, certified: certified)
        try await matters.store.write(on: db) { db in
            try await (db as! any SQLDatabase).insert(into: "inspector")
                .columns("id", "account_id", "name", "certificate_number", "unit_code", "certified", "created_at")
                .values(SQLBind(record.id), SQLBind(record.accountID), SQLBind(record.name), SQLBind(record.certificateNumber),
                        SQLBind(record.unitCode), SQLBind(record.certified), SQLBind(now))
                .run()
            try await Journal(db: db).append(JournalEvent(action: "inspector.register", objectType: "inspector", objectID: record.id.uuidString.lowercased(),
                                                          summary: "执法检查人员名录库新增：\(record.name)"), context: context, at: now)
        }
        return record
    }

    public func inspectors() async throws -> [InspectorRecord] {
        struct Row: Decodable { var id: UUID; var account_id: UUID; var name: String; var certificate_number: String; var unit_code: String; var certified: Bool }
        return try await sql.select().columns("id", "account_id", "name", "certificate_number", "unit_code", "certified").from("inspector")
            .orderBy("certificate_number").all(decoding: Row.self)
            .map { InspectorRecord(id: $0.id, accountID: $0.account_id, name: $0.name, certificateNumber: $0.certificate_number, unitCode: $0.unit_code, certified: $0.certified) }
    }

    /// An inspector declares an interest in an organisation (行政处罚法 第四十三条: 回避).
    public func declareInterest(inspector inspectorID: UUID, creditCode: String, reason: String, by principal: Principal,
                                context: JournalContext, now: Date = Date()) async throws {
        guard let inspector = try await inspectors().first(where: { $0.id == inspectorID }) else {
            throw ValidationError(field: "执法检查人员", reason: "不在名录库中。")
        }
        if inspector.accountID != principal.accountID { try await authorize(principal) }
        guard try await registry.find(creditCode: creditCode.uppercased()) != nil else {
            throw ValidationError(field: "统一社会信用代码", reason: "登记的社会组织中没有 \(creditCode)。")
        }
        let text = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (2...200).contains(text.count) else { throw ValidationError(field: "利害关系", reason: "请写明利害关系（2–200 字）。") }
        try await matters.store.write(on: db) { db in
            try await (db as! any SQLDatabase).insert(into: "inspector_interest").columns("id", "inspector_id", "credit_code", "reason", "declared_at")
                .values(SQLBind(UUID()), SQLBind(inspectorID), SQLBind(creditCode.uppercased()), SQLBind("声明利害关系：" + text), SQLBind(now))
                .run()
            try await Journal(db: db).append(JournalEvent(action: "inspector.interest", objectType: "inspector", objectID: inspectorID.uuidString.lowercased(),
                                                          summary: "执法检查人员声明利害关系"), context: context, at: now)
        }
    }

    /// Declared interests, and each organisation's last inspectors (they do not inspect it again next time).
    func interests() async throws -> [DoubleRandomDraw.Interest] {
        struct Declared: Decodable { var certificate_number: String; var credit_code: String; var reason: String }
        var result = try await sql.select().column(SQLColumn("certificate_number", table: "inspector"))
            .column(SQLColumn("credit_code", table: "inspector_interest")).column(SQLColumn("reason", table: "inspector_interest"))
            .from("inspector_interest")
            .join("inspector", on: SQLColumn("inspector_id", table: "inspector_interest"), .equal, SQLColumn("id", table: "inspector"))
            .all(decoding: Declared.self)
            .map { DoubleRandomDraw.Interest(inspectorID: $0.certificate_number, targetID: $0.credit_code, reason: $0.reason) }
        let type = try matters.registry.require(RandomInspection.id)
        let previous = try await MatterRecord.query(on: db).filter(\.$typeID == RandomInspection.id.rawValue).sort(\.$createdAt, .descending).all()
        let inspectors = try await inspectors()
        var seen = Set<String>()
        for record in previous {
            let matter = try record.toDomain(cipher: matters.cipher, type: type, orgUnitCode: "")
            guard let code = matter.fields["creditCode"], seen.insert(code).inserted else { continue }
            for account in (matter.fields["inspectorAccountIDs"] ?? "").split(separator: ",") {
                if let inspector = inspectors.first(where: { $0.accountID.uuidString.lowercased() == account }) {
                    result.append(DoubleRandomDraw.Interest(inspectorID: inspector.certificateNumber, targetID: code, reason: "上次检查过该对象"))
                }
            }
        }
        var unique = Set<DoubleRandomDraw.Interest>()
        return result.filter { unique.insert($0).inserted }
    }

    // MARK: Plans

    public enum PlanStatus: String, Sendable {
        case planned, frozen, drawn

        public var chineseName: String {
            switch self {
            case .planned: "已制定，待冻结名录库"
            case .frozen: "名录库已冻结并公示，待抽取"
            case .drawn: "已抽取并公示"
            }
        }
    }

    public struct PlanRecord: Sendable, Hashable {
        public var id: UUID
        public var plan: DoubleRandomDraw.Plan
        public var status: PlanStatus
        public var createdBy: String
        public var frozenAt: Date?
        public var commitment: String?
        public var targetPoolHash: String?
        public var inspectorPoolHash: String?
        public var targetCount: Int
        public var inspectorCount: Int
        public var witnessValue: String?
        public var witnesses: [String]
        public var operatorName: String?
        public var drawnAt: Date?
        public var seed: String?
        public var outcome: DoubleRandomDraw.Outcome?
    }

    public func createPlan(year: Int, title: String, checkItemCode: String, ratePerMille: Int?, minimumOnePerCategory: Bool, prioritizeRisk: Bool,
                           by principal: Principal, context: JournalContext, now: Date = Date()) async throws -> UUID {
        try await authorize(principal)
        let name = title.trimmingCharacters(in: .whitespaces)
        guard (2...100).contains(name.count) else { throw ValidationError(field: "计划名称", reason: "2–100 个字。") }
        guard CivilDate.recordYears.contains(year) else { throw ValidationError(field: "年度", reason: "年度无效。") }
        guard try await checkItems().contains(where: { $0.code == checkItemCode }) else {
            throw ValidationError(field: "抽查事项", reason: "请从随机抽查事项清单中选择（无法律依据不得检查）。")
        }
        let minimum = try await SettingRepository(db: db).snapshot().int("inspection.socialOrganizationMinRate")
        guard let rate = ratePerMille, (minimum...1000).contains(rate) else {
            throw ValidationError(field: "抽查比例", reason: "应不低于 \(Double(minimum) / 10)%（社会组织抽查暂行办法），不超过 100%。")
        }
        let id = UUID()
        try await matters.store.write(on: db) { db in
            try await (db as! any SQLDatabase).insert(into: "inspection_plan")
                .columns("id", "year", "title", "check_item_code", "rate_per_mille", "minimum_one_per_category", "prioritize_risk",
                         "inspectors_per_target", "status", "created_by", "created_at")
                .values(SQLBind(id), SQLBind(year), SQLBind(name), SQLBind(checkItemCode), SQLBind(rate), SQLBind(minimumOnePerCategory),
                        SQLBind(prioritizeRisk), SQLBind(2), SQLBind(PlanStatus.planned.rawValue), SQLBind(principal.username), SQLBind(now))
                .run()
            try await Journal(db: db).append(JournalEvent(action: "plan.create", objectType: "inspection_plan", objectID: id.uuidString.lowercased(),
                                                          summary: "制定双随机抽查计划：\(name)"), context: context, at: now)
        }
        return id
    }

    /// Freezes both pools: snapshots, fingerprints and a commitment value, published before anyone can know the seed.
    public func freeze(_ id: UUID, by principal: Principal, context: JournalContext, now: Date = Date()) async throws {
        try await authorize(principal)
        guard let record = try await plan(id) else { throw ValidationError(field: "抽查计划", reason: "计划不存在。") }
        guard record.status == .planned else { throw ValidationError(field: "抽查计划", reason: "名录库已冻结，不能重复冻结。") }
        let targets = try await registry.all().map { organization in
            DoubleRandomDraw.Target(id: organization.creditCode, name: organization.name, category: organization.kind.chineseName,
                                    riskFlags: organization.status == .normal ? [] : [organization.status.chineseName])
        }
        guard !targets.isEmpty else { throw ValidationError(field: "检查对象名录库", reason: "没有登记的社会组织。") }
        let inspectors = try await inspectors().map {
            DoubleRandomDraw.Inspector(id: $0.certificateNumber, name: $0.name, unit: $0.unitCode, certified: $0.certified)
        }
        guard inspectors.filter(\.certified).count >= record.plan.inspectorsPerTarget else {
            throw ValidationError(field: "执法检查人员名录库", reason: "持证检查人员不足 \(record.plan.inspectorsPerTarget) 人。")
        }
        let interests = try await interests()
        var generator = SystemRandomNumberGenerator()
        let commitment = (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try await matters.store.write(on: db) { db in
            try await (db as! any SQLDatabase).update("inspection_plan")
                .set("status", to: PlanStatus.frozen.rawValue).set("frozen_at", to: now).set("commitment", to: commitment)
                .set("target_pool", to: String(decoding: try encoder.encode(targets), as: UTF8.self))
                .set("inspector_pool", to: String(decoding: try encoder.encode(inspectors), as: UTF8.self))
                .set("interests", to: String(decoding: try encoder.encode(interests), as: UTF8.self))
                .set("target_pool_hash", to: DoubleRandomDraw.targetPoolHash(targets))
                .set("inspector_pool_hash", to: DoubleRandomDraw.inspectorPoolHash(inspectors, interests: interests))
                .where("id", .equal, id).where("status", .equal, PlanStatus.planned.rawValue).run()
            try await Journal(db: db).append(JournalEvent(action: "plan.freeze", objectType: "inspection_plan", objectID: id.uuidString.lowercased(),
                                                          summary: "冻结名录库并公示指纹：对象 \(targets.count) 个，检查人员 \(inspectors.count) 人"),
                                             context: context, at: now)
        }
    }

    /// Draws with the witness value: the seed, the result and the exclusions are stored and published, and every drawn
    /// check becomes an inspection matter for its two inspectors.
    public func draw(_ id: UUID, witnessValue: String, witnesses: [String], by principal: Principal, context: JournalContext,
                     now: Date = Date()) async throws -> DoubleRandomDraw.Outcome {
        try await authorize(principal)
        let witness = witnessValue.trimmingCharacters(in: .whitespaces)
        guard (1...64).contains(witness.count) else { throw ValidationError(field: "见证值", reason: "请由见证人当场输入（1–64 个字符）。") }
        let names = witnesses.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !names.isEmpty else { throw ValidationError(field: "见证人", reason: "至少一名见证人。") }
        guard let record = try await plan(id), record.status == .frozen, let commitment = record.commitment else {
            throw ValidationError(field: "抽查计划", reason: "须先冻结名录库并公示，且不能重复抽取。")
        }
        let pools = try await frozenPools(id)
        let seed = DoubleRandomDraw.seed(commitment: commitment, witness: witness)
        let outcome = try DoubleRandomDraw.run(plan: record.plan, targets: pools.targets, inspectors: pools.inspectors, interests: pools.interests, seed: seed)
        let unit = try await OrgUnitRepository(db: db).find(code: OrganizationRegistry.registryUnitCode)!
        let inspectors = try await inspectors()
        let items = try await checkItems()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let registry = self.registry
        try await matters.store.write(on: db) { db in
            let sql = db as! any SQLDatabase
            try await sql.update("inspection_plan")
                .set("status", to: PlanStatus.drawn.rawValue).set("witness_value", to: witness).set("witnesses", to: names.joined(separator: "、"))
                .set("operator", to: principal.username).set("drawn_at", to: now).set("seed", to: seed)
                .set("outcome", to: String(decoding: try encoder.encode(outcome), as: UTF8.self))
                .where("id", .equal, id).where("status", .equal, PlanStatus.frozen.rawValue).run()
            for assignment in outcome.assignments {
                guard let organization = try await OrganizationRegistry(store: registry.store, db: db, cipher: registry.cipher).find(creditCode: assignment.targetID)
                else { continue }
                let drawn = assignment.inspectorIDs.compactMap { number in inspectors.first { $0.certificateNumber == number } }
                let matterID = try await self.matters.create(
                    RandomInspection.id, at: unit, applicant: nil, organizationID: organization.id, channel: "window",
                    title: "\(organization.name) 双随机抽查（\(record.plan.year)）",
                    fields: ["organizationName": organization.name, "creditCode": organization.creditCode, "planTitle": record.plan.title,
                             "checkItem": items.first { $0.code == record.plan.checkItemCode }?.name ?? record.plan.checkItemCode,
                             "inspectorNames": drawn.map { "\($0.name)（执法证号 \($0.certificateNumber)）" }.joined(separator: "、"),
                             "inspectorAccountIDs": drawn.map { $0.accountID.uuidString.lowercased() }.joined(separator: ",")],
                    by: principal, context: context, now: now)
                try await MatterRecord.query(on: db).filter(\.$id == matterID.rawValue).set(\.$batchID, to: id).update()
                try await NotificationService(db: db).notify(drawn.map(\.accountID), title: "您被随机抽取为检查人员",
                                                             body: "\(record.plan.title)：检查对象 \(organization.name)。", link: "/work/matters/\(matterID)", at: now)
            }
            try await Journal(db: db).append(JournalEvent(action: "plan.draw", objectType: "inspection_plan", objectID: id.uuidString.lowercased(),
                                                          summary: "双随机抽取：抽中 \(outcome.assignments.count) 个对象，回避排除 \(outcome.exclusions.count) 次",
                                                          details: ["seed": seed]),
                                             context: context, at: now)
        }
        return outcome
    }

    func frozenPools(_ id: UUID) async throws -> (targets: [DoubleRandomDraw.Target], inspectors: [DoubleRandomDraw.Inspector], interests: [DoubleRandomDraw.Interest]) {
        struct Row: Decodable { var target_pool: String?; var inspector_pool: String?; var interests: String? }
        guard let row = try await sql.select().columns("target_pool", "inspector_pool", "interests").from("inspection_plan").where("id", .equal, id)
            .first(decoding: Row.self), let targets = row.target_pool, let inspectors = row.inspector_pool, let interests = row.interests
        else { throw ValidationError(field: "抽查计划", reason: "名录库尚未冻结。") }
        let decoder = JSONDecoder()
        return (try decoder.decode([DoubleRandomDraw.Target].self, from: Data(targets.utf8)),
                try decoder.decode([DoubleRandomDraw.Inspector].self, from: Data(inspectors.utf8)),
                try decoder.decode([DoubleRandomDraw.Interest].self, from: Data(interests.utf8)))
    }

    private struct PlanRow: Decodable {
        var id: UUID
        var year: Int
        var title: String
        var check_item_code: String
        var rate_per_mille: Int
        var minimum_one_per_category: Bool
        var prioritize_risk: Bool
        var inspectors_per_target: Int
        var status: String
        var created_by: String
        var frozen_at: Date?
        var commitment: String?
        var target_pool_hash: String?
        var inspector_pool_hash: String?
        var witness_value: String?
        var witnesses: String?
        var `operator`: String?
        var drawn_at: Date?
        var seed: String?
        var outcome: String?
    }

    private static let planColumns = ["id", "year", "title", "check_item_code", "rate_per_mille", "minimum_one_per_category", "prioritize_risk",
                                      "inspectors_per_target", "status", "created_by", "frozen_at", "commitment", "target_pool_hash",
                                      "inspector_pool_hash", "witness_value", "witnesses", "operator", "drawn_at", "seed", "outcome"]

    private func record(_ row: PlanRow, items: [CheckItem]) throws -> PlanRecord {
        let plan = DoubleRandomDraw.Plan(id: row.id.uuidString.lowercased(), title: row.title, year: row.year, checkItemCode: row.check_item_code,
                                         checkItemName: items.first { $0.code == row.check_item_code }?.name ?? row.check_item_code,
                                         ratePerMille: row.rate_per_mille, minimumOnePerCategory: row.minimum_one_per_category,
                                         prioritizeRisk: row.prioritize_risk, inspectorsPerTarget: row.inspectors_per_target)
        let outcome = try row.outcome.map { try JSONDecoder().decode(DoubleRandomDraw.Outcome.self, from: Data($0.utf8)) }
        return PlanRecord(id: row.id, plan: plan, status: PlanStatus(rawValue: row.status) ?? .planned, createdBy: row.created_by,
                          frozenAt: row.frozen_at, commitment: row.commitment, targetPoolHash: row.target_pool_hash,
                          inspectorPoolHash: row.inspector_pool_hash, targetCount: 0, inspectorCount: 0, witnessValue: row.witness_value,
                          witnesses: (row.witnesses ?? "").split(separator: "、").map(String.init), operatorName: row.`operator`,
                          drawnAt: row.drawn_at, seed: row.seed, outcome: outcome)
    }

    public func plan(_ id: UUID) async throws -> PlanRecord? {
        guard let row = try await sql.select().columns(Self.planColumns.map { SQLIdentifier($0) }).from("inspection_plan").where("id", .equal, id)
            .first(decoding: PlanRow.self) else { return nil }
        var result = try record(row, items: try await checkItems())
        if result.status != .planned, let pools = try? await frozenPools(id) {
            result.targetCount = pools.targets.count
            result.inspectorCount = pools.inspectors.count
        }
        return result
    }

    /// The plans, newest first; `publishedOnly` leaves out those not yet frozen (a plan is public from its freezing),
    /// in the query, so that the portal's pages and count hold only what it shows.
    public func plans(publishedOnly: Bool = false, page: Pagination) async throws -> PagedList<PlanRecord> {
        struct Count: Decodable { var n: Int }
        func scoped(_ builder: SQLSelectBuilder) -> SQLSelectBuilder {
            publishedOnly ? builder.where("status", .notEqual, PlanStatus.planned.rawValue) : builder
        }
        let total = try await scoped(sql.select().column(SQLFunction("count", args: SQLLiteral.all), as: "n").from("inspection_plan"))
            .first(decoding: Count.self)?.n ?? 0
        let items = try await checkItems()
        let rows = try await scoped(sql.select().columns(Self.planColumns.map { SQLIdentifier($0) }).from("inspection_plan"))
            .orderBy("created_at", .descending).limit(page.size).offset(page.offset).all(decoding: PlanRow.self)
        return PagedList(items: try rows.map { try record($0, items: items) }, request: page, total: total)
    }

    /// The published file of a drawn plan: everything `minzheng draw verify` needs.
    public func file(_ id: UUID) async throws -> DoubleRandomDraw.File {
        guard let record = try await plan(id), record.status == .drawn, let outcome = record.outcome, let seed = record.seed,
              let commitment = record.commitment, let frozenAt = record.frozenAt, let drawnAt = record.drawnAt
        else { throw ValidationError(field: "抽查计划", reason: "计划尚未抽取。") }
        let pools = try await frozenPools(id)
        let time = ISO8601DateFormatter()
        return DoubleRandomDraw.File(
            format: DoubleRandomDraw.format, algorithm: DoubleRandomDraw.algorithm, plan: record.plan, targets: pools.targets,
            inspectors: pools.inspectors, interests: pools.interests, targetPoolHash: record.targetPoolHash ?? "",
            inspectorPoolHash: record.inspectorPoolHash ?? "", commitment: commitment, frozenAt: time.string(from: frozenAt),
            witnessValue: record.witnessValue ?? "", witnesses: record.witnesses, operatorName: record.operatorName ?? "",
            drawnAt: time.string(from: drawnAt), seed: seed, outcome: outcome)
    }
}
