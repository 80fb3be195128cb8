import FluentKit
import Foundation
import MinzhengCore
import SQLKit

/// Officers' enforcement certificates and the versioned discretion benchmarks.
public struct EnforcementRepository: Sendable {
    let store: Store
    let db: any Database
    let cipher: FieldCipher
    let permissions: PermissionTable

    public init(store: Store, db: any Database, cipher: FieldCipher, permissions: PermissionTable = .standard) {
        self.store = store
        self.db = db
        self.cipher = cipher
        self.permissions = permissions
    }

    var sql: any SQLDatabase { db as! any SQLDatabase }

    func authorize(_ principal: Principal) throws {
        _ = try AccessPolicy.require(principal, .manageEnforcement, on: .system, table: permissions)
    }

    // MARK: Certificates

    /// Records an officer's certificate: the account must hold the 执法人员 post.
    public func addCertificate(username: String, number: String, category: String, validFrom: CivilDate?, validUntil: CivilDate?,
                               by principal: Principal, context: JournalContext, now: Date = Date()) async throws {
        try authorize(principal)
        let (from, until) = try OfficerCertificate.validate(number: number, validFrom: validFrom, validUntil: validUntil)
        guard let account = try await AccountRepository(db: db, cipher: cipher).find(username: username) else {
            throw ValidationError(field: "执法人员", reason: "账户 \(username) 不存在。")
        }
        guard account.roles.contains(where: { $0.role == .enforcementOfficer }) else {
            throw ValidationError(field: "执法人员", reason: "\(account.displayName)没有执法人员岗位。")
        }
        let category = category.trimmingCharacters(in: .whitespaces)
        guard !category.isEmpty else { throw ValidationError(field: "执法类别", reason: "必须填写。") }
        if try await certificates().contains(where: { $0.number == number.trimmingCharacters(in: .whitespaces) }) {
            throw ValidationError(field: "执法证号", reason: "此执法证号已登记。")
        }
        try await store.write(on: db) { db in
            try await (db as! any SQLDatabase).insert(into: "officer_certificate")
                .columns("id", "account_id", "number", "category", "valid_from", "valid_until", "created_at")
                .values(SQLBind(UUID()), SQLBind(account.id.rawValue), SQLBind(number.trimmingCharacters(in: .whitespaces)), SQLBind(category),
                        SQLBind(from.description), SQLBind(until.description), SQLBind(now))
                .run()
            try await Journal(db: db).append(JournalEvent(action: "certificate.add", objectType: "account", objectID: account.id.description,
                                                          summary: "登记执法证：\(account.displayName)，有效期至 \(until)"), context: context, at: now)
        }
    }

    public func certificates() async throws -> [OfficerCertificate] {
        struct Row: Decodable { var account_id: UUID; var username: String?; var display_name: String; var number: String; var category: String; var valid_from: String; var valid_until: String }
        return try await sql.select()
            .column(SQLColumn("account_id", table: "officer_certificate")).column(SQLColumn("username", table: "account"))
            .column(SQLColumn("display_name", table: "account")).column(SQLColumn("number", table: "officer_certificate"))
            .column(SQLColumn("category", table: "officer_certificate")).column(SQLColumn("valid_from", table: "officer_certificate"))
            .column(SQLColumn("valid_until", table: "officer_certificate"))
            .from("officer_certificate")
            .join("account", on: SQLColumn("account_id", table: "officer_certificate"), .equal, SQLColumn("id", table: "account"))
            .orderBy(SQLColumn("number", table: "officer_certificate"))
            .all(decoding: Row.self)
            .map { OfficerCertificate(accountID: $0.account_id, username: $0.username ?? "", name: $0.display_name, number: $0.number, category: $0.category,
                                      validFrom: CivilDate(iso: $0.valid_from) ?? CivilDate(dayNumber: 0), validUntil: CivilDate(iso: $0.valid_until) ?? CivilDate(dayNumber: 0)) }
    }

    /// `certificate.<username>` = `number|validUntil` for the checks, the latest-expiring certificate of each officer.
    public func certificateFacts(today: CivilDate) async throws -> [String: String] {
        var facts: [String: String] = [:]
        for certificate in try await certificates().sorted(by: { $0.validUntil < $1.validUntil }) where certificate.validFrom <= today {
            facts["certificate.\(certificate.username)"] = "\(certificate.number)|\(certificate.validUntil)"
        }
        return facts
    }

    // MARK: Benchmarks

    public enum BenchmarkStatus: String, Sendable {
        case draft, published, superseded

        public var chineseName: String {
            switch self {
            case .draft: "草稿"
            case .published: "已公布施行"
            case .superseded: "已被新版本替代"
            }
        }
    }

    public struct BenchmarkRecord: Sendable, Hashable {
        public var benchmark: DiscretionBenchmark
        public var status: BenchmarkStatus
        public var publishedAt: Date?
    }

    /// Saves a new draft version after validating it; the published version stays in force until the draft is published.
    public func saveDraft(_ draft: DiscretionBenchmark, by principal: Principal, context: JournalContext, now: Date = Date()) async throws -> DiscretionBenchmark {
        try authorize(principal)
        try draft.validate()
        guard try await PowerListRepository(db: db).isCitable(draft.powerItemCode) else {
            throw ValidationError(field: "权责事项", reason: "权责事项 \(draft.powerItemCode) 未公布或已废止。")
        }
        guard try await PowerListRepository(db: db).current(draft.powerItemCode)?.type == .penalty else {
            throw ValidationError(field: "权责事项", reason: "裁量基准应对应行政处罚类权责事项。")
        }
        var numbered = draft
        let versions = try await history(code: draft.code)
        if versions.contains(where: { $0.status == .draft }) { throw ValidationError(field: "裁量基准", reason: "此违法行为已有未公布的草稿，请先公布或修改该草稿。") }
        numbered.version = (versions.map(\.benchmark.version).max() ?? 0) + 1
        numbered.id = UUID()
        let benchmark = numbered
        let body = String(decoding: try JSONEncoder().encode(benchmark), as: UTF8.self)
        try await store.write(on: db) { db in
            try await (db as! any SQLDatabase).insert(into: "discretion_benchmark")
                .columns("id", "code", "version", "power_item_code", "status", "body", "created_by", "created_at")
                .values(SQLBind(benchmark.id), SQLBind(benchmark.code), SQLBind(benchmark.version), SQLBind(benchmark.powerItemCode),
                        SQLBind(BenchmarkStatus.draft.rawValue), SQLBind(body), SQLBind(principal.username), SQLBind(now))
                .run()
            try await Journal(db: db).append(JournalEvent(action: "benchmark.draft", objectType: "discretion_benchmark", objectID: benchmark.code,
                                                          summary: "拟定裁量基准 \(benchmark.code) 第 \(benchmark.version) 版"), context: context, at: now)
        }
        return benchmark
    }

    /// Publishes the draft: it comes into force and the previous version is kept as superseded.
    public func publish(code: String, by principal: Principal, context: JournalContext, now: Date = Date()) async throws {
        try authorize(principal)
        guard let draft = try await history(code: code).first(where: { $0.status == .draft }) else {
            throw ValidationError(field: "裁量基准", reason: "没有待公布的草稿。")
        }
        try await store.write(on: db) { db in
            let sql = db as! any SQLDatabase
            try await sql.update("discretion_benchmark").set("status", to: BenchmarkStatus.superseded.rawValue)
                .where("code", .equal, code).where("status", .equal, BenchmarkStatus.published.rawValue).run()
            try await sql.update("discretion_benchmark").set("status", to: BenchmarkStatus.published.rawValue).set("published_at", to: now)
                .where("id", .equal, draft.benchmark.id).run()
            try await Journal(db: db).append(JournalEvent(action: "benchmark.publish", objectType: "discretion_benchmark", objectID: code,
                                                          summary: "公布裁量基准 \(code) 第 \(draft.benchmark.version) 版"), context: context, at: now)
        }
    }

    private struct BenchmarkRow: Decodable { var body: String; var status: String; var published_at: Date? }

    private func records(_ rows: [BenchmarkRow]) -> [BenchmarkRecord] {
        rows.compactMap { row in
            guard let benchmark = try? JSONDecoder().decode(DiscretionBenchmark.self, from: Data(row.body.utf8)) else { return nil }
            return BenchmarkRecord(benchmark: benchmark, status: BenchmarkStatus(rawValue: row.status) ?? .draft, publishedAt: row.published_at)
        }
    }

    public func history(code: String) async throws -> [BenchmarkRecord] {
        records(try await sql.select().columns("body", "status", "published_at").from("discretion_benchmark").where("code", .equal, code)
            .orderBy("version", .descending).all(decoding: BenchmarkRow.self))
    }

    /// The version in force of every benchmark, by code.
    public func published() async throws -> [BenchmarkRecord] {
        records(try await sql.select().columns("body", "status", "published_at").from("discretion_benchmark")
            .where("status", .equal, BenchmarkStatus.published.rawValue).orderBy("code").all(decoding: BenchmarkRow.self))
    }

    public func drafts() async throws -> [BenchmarkRecord] {
        records(try await sql.select().columns("body", "status", "published_at").from("discretion_benchmark")
            .where("status", .equal, BenchmarkStatus.draft.rawValue).orderBy("code").all(decoding: BenchmarkRow.self))
    }

    public func current(code: String) async throws -> DiscretionBenchmark? {
        try await history(code: code).first { $0.status == .published }?.benchmark
    }
}
