import FluentKit
import Foundation
import MinzhengCore
import SQLKit

/// Normative documents around the engine: the public's comments and their answers, the register of documents in force
/// with each one's history, the yearly cleanup, and the published catalogue of major decisions.
public struct RuleMakingService: Sendable {
    let matters: MatterService

    public init(matters: MatterService) {
        self.matters = matters
    }

    var db: any Database { matters.db }
    var sql: any SQLDatabase { db as! any SQLDatabase }

    // MARK: Comments

    public struct Comment: Sendable, Hashable, Identifiable {
        public var id: UUID
        public var content: String
        public var submittedAt: Date
        public var adopted: String?
        public var answer: String?
        public var answeredBy: String?
    }

    static func unansweredComments(_ matterID: Matter.ID, on db: any Database) async throws -> Int {
        struct Count: Decodable { var n: Int }
        return try await (db as! any SQLDatabase).select().column(SQLFunction("count", args: SQLLiteral.all), as: "n").from("public_comment")
            .where("matter_id", .equal, matterID.rawValue).where("answered_at", .is, SQLLiteral.null).first(decoding: Count.self)?.n ?? 0
    }

    /// Anyone may comment while the document is out for comment (the period's clock running).
    public func submitComment(to matterID: Matter.ID, content: String, context: JournalContext, now: Date = Date()) async throws {
        let text = content.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (5...2000).contains(text.count) else { throw ValidationError(field: "意见", reason: "请写明意见和理由（5–2000 字）。") }
        let snapshot = try await matters.snapshot(matterID)
        guard snapshot.matter.typeID == NormativeDocument.id, snapshot.matter.state == "publicComment",
              let clock = snapshot.clocks.last(where: { $0.clockID == "comment" && $0.isRunning }), CivilDate(now) <= clock.dueDate
        else { throw ValidationError(field: "意见", reason: "此文件不在征求意见期内。") }
        try await matters.store.write(on: db) { db in
            try await (db as! any SQLDatabase).insert(into: "public_comment").columns("id", "matter_id", "content", "submitted_at")
                .values(SQLBind(UUID()), SQLBind(matterID.rawValue), SQLBind(text), SQLBind(now)).run()
            try await Journal(db: db).append(JournalEvent(action: "document.comment", objectType: "matter", objectID: matterID.description,
                                                          summary: "收到公众意见"), context: context, at: now)
        }
    }

    /// Answers a comment: adopted, partly adopted or not adopted, with the reason.
    public func answer(_ commentID: UUID, of matterID: Matter.ID, adopted: String, answer: String, by principal: Principal,
                       context: JournalContext, now: Date = Date()) async throws {
        let (snapshot, type) = try await matters.read(matterID, by: principal, context: context)
        _ = try AccessPolicy.require(principal, type.handleAction, on: snapshot.matter.accessTarget, table: matters.permissions)
        guard ["采纳", "部分采纳", "不采纳"].contains(adopted) else { throw ValidationError(field: "采纳情况", reason: "请选择采纳、部分采纳或不采纳。") }
        let reason = answer.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (2...1000).contains(reason.count) else { throw ValidationError(field: "答复", reason: "请写明答复和理由。") }
        try await matters.store.write(on: db) { db in
            try await (db as! any SQLDatabase).update("public_comment").set("adopted", to: adopted).set("answer", to: reason)
                .set("answered_by", to: principal.username).set("answered_at", to: now)
                .where("id", .equal, commentID).where("matter_id", .equal, matterID.rawValue).run()
            try await Journal(db: db).append(JournalEvent(action: "document.commentAnswered", objectType: "matter", objectID: matterID.description,
                                                          summary: "答复公众意见：\(adopted)"), context: context, at: now)
        }
    }

    public func comments(of matterID: Matter.ID) async throws -> [Comment] {
        struct Row: Decodable { var id: UUID; var content: String; var submitted_at: Date; var adopted: String?; var answer: String?; var answered_by: String? }
        return try await sql.select().columns("id", "content", "submitted_at", "adopted", "answer", "answered_by").from("public_comment")
            .where("matter_id", .equal, matterID.rawValue).orderBy("submitted_at").all(decoding: Row.self)
            .map { Comment(id: $0.id, content: $0.content, submittedAt: $0.submitted_at, adopted: $0.adopted, answer: $0.answer, answeredBy: $0.answered_by) }
    }

    // MARK: The register

    public struct DocumentEntry: Sendable, Hashable {
        public var id: Matter.ID
        public var reference: String
        public var title: String
        public var number: String
        public var kind: String
        public var relation: String
        public var supersedes: String?
        public var state: StateID
        public var stateName: String
        public var publishedOn: CivilDate?
        public var effectiveDate: CivilDate?
        public var expiryDate: CivilDate?

        public func isInForce(on day: CivilDate) -> Bool {
            ["published", "filed"].contains(state.rawValue) && (effectiveDate.map { $0 <= day } ?? false) && (expiryDate.map { day <= $0 } ?? true)
        }
    }

    /// Every published document (in force or not), newest first.
    public func documents() async throws -> [DocumentEntry] {
        let type = try matters.registry.require(NormativeDocument.id)
        let published: Set<String> = ["published", "filed", "superseded", "repealed", "expired", "invalid"]
        var entries: [DocumentEntry] = []
        for record in try await MatterRecord.query(on: db).filter(\.$typeID == NormativeDocument.id.rawValue).all() where published.contains(record.state) {
            let matter = try record.toDomain(cipher: matters.cipher, type: type, orgUnitCode: "")
            entries.append(DocumentEntry(id: matter.id, reference: matter.reference, title: matter.fields["title"] ?? matter.title,
                                         number: matter.fields["documentNumber"] ?? "", kind: matter.fields["docKind"] ?? "",
                                         relation: matter.fields["relation"] ?? "新制定", supersedes: matter.fields["supersedes"], state: matter.state,
                                         stateName: type.stateName(matter.state), publishedOn: matter.fields["publishedOn"].flatMap(CivilDate.init(iso:)),
                                         effectiveDate: matter.fields["effectiveDate"].flatMap(CivilDate.init(iso:)),
                                         expiryDate: matter.fields["expiryDate"].flatMap(CivilDate.init(iso:))))
        }
        return entries.sorted { ($0.publishedOn ?? CivilDate(dayNumber: 0), $0.reference) > ($1.publishedOn ?? CivilDate(dayNumber: 0), $1.reference) }
    }

    /// A document's line: the documents it amends or renews back to the first, and those that amend, repeal or
    /// interpret it.
    public func history(of reference: String, in all: [DocumentEntry]) -> [DocumentEntry] {
        var chain: [DocumentEntry] = []
        var seen = Set<String>()
        var queue = [reference]
        while let next = queue.popLast(), seen.insert(next).inserted {
            if let entry = all.first(where: { $0.reference == next }) {
                chain.append(entry)
                if let older = entry.supersedes, !older.isEmpty { queue.append(older) }
            }
            queue += all.filter { $0.supersedes == next }.map(\.reference)
        }
        return chain.sorted { ($0.publishedOn ?? CivilDate(dayNumber: 0)) < ($1.publishedOn ?? CivilDate(dayNumber: 0)) }
    }

    // MARK: Cleanup

    public static let cleanupDecisions = ["继续有效", "修改", "废止", "宣布失效"]

    public struct Cleanup: Sendable, Hashable {
        public var year: Int
        public var openedAt: Date
        public var publishedAt: Date?
        public var documents: [DocumentEntry]
        public var decisions: [UUID: (decision: String, reason: String)]

        public static func == (lhs: Cleanup, rhs: Cleanup) -> Bool { lhs.year == rhs.year && lhs.publishedAt == rhs.publishedAt }
        public func hash(into hasher: inout Hasher) { hasher.combine(year) }

        public var undecided: Int { documents.filter { decisions[$0.id.rawValue] == nil }.count }
    }

    func authorizeLegal(_ principal: Principal) throws {
        _ = try AccessPolicy.require(principal, .manageEnforcement, on: .system, table: matters.permissions)
    }

    /// Opens the year's cleanup over every live document (published or filed).
    public func openCleanup(year: Int, by principal: Principal, context: JournalContext, now: Date = Date()) async throws {
        try authorizeLegal(principal)
        if try await cleanup(year) != nil { throw ValidationError(field: "年度", reason: "\(year) 年度清理已开启。") }
        try await matters.store.write(on: db) { db in
            try await (db as! any SQLDatabase).insert(into: "cleanup_campaign").columns("id", "year", "opened_by", "opened_at")
                .values(SQLBind(UUID()), SQLBind(year), SQLBind(principal.username), SQLBind(now)).run()
            try await Journal(db: db).append(JournalEvent(action: "cleanup.open", objectType: "cleanup_campaign", objectID: String(year),
                                                          summary: "开启 \(year) 年度规范性文件清理"), context: context, at: now)
        }
    }

    public func cleanup(_ year: Int) async throws -> Cleanup? {
        struct Row: Decodable { var opened_at: Date; var published_at: Date? }
        guard let campaign = try await sql.select().columns("opened_at", "published_at").from("cleanup_campaign").where("year", .equal, year)
            .first(decoding: Row.self) else { return nil }
        struct Decision: Decodable { var matter_id: UUID; var decision: String; var reason: String }
        let decided = try await sql.select().columns("matter_id", "decision", "reason").from("cleanup_decision").where("year", .equal, year).all(decoding: Decision.self)
        var decisions: [UUID: (decision: String, reason: String)] = [:]
        for row in decided { decisions[row.matter_id] = (row.decision, row.reason) }
        let live = try await documents().filter { ["published", "filed"].contains($0.state.rawValue) || decisions[$0.id.rawValue] != nil }
        return Cleanup(year: year, openedAt: campaign.opened_at, publishedAt: campaign.published_at, documents: live, decisions: decisions)
    }

    public func decide(year: Int, matterID: Matter.ID, decision: String, reason: String, by principal: Principal, context: JournalContext, now: Date = Date()) async throws {
        try authorizeLegal(principal)
        guard let cleanup = try await cleanup(year), cleanup.publishedAt == nil else { throw ValidationError(field: "清理", reason: "清理未开启或已公布。") }
        guard Self.cleanupDecisions.contains(decision) else { throw ValidationError(field: "清理意见", reason: "请选择继续有效、修改、废止或宣布失效。") }
        let text = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.count >= 2 else { throw ValidationError(field: "理由", reason: "请写明理由。") }
        guard cleanup.documents.contains(where: { $0.id == matterID }) else { throw ValidationError(field: "文件", reason: "此文件不在清理范围内。") }
        try await matters.store.write(on: db) { db in
            let sql = db as! any SQLDatabase
            try await sql.delete(from: "cleanup_decision").where("year", .equal, year).where("matter_id", .equal, matterID.rawValue).run()
            try await sql.insert(into: "cleanup_decision").columns("id", "year", "matter_id", "decision", "reason", "decided_by", "decided_at")
                .values(SQLBind(UUID()), SQLBind(year), SQLBind(matterID.rawValue), SQLBind(decision), SQLBind(text), SQLBind(principal.username), SQLBind(now)).run()
            try await Journal(db: db).append(JournalEvent(action: "cleanup.decide", objectType: "matter", objectID: matterID.description,
                                                          summary: "\(year) 年度清理：\(decision)"), context: context, at: now)
        }
    }

    /// Publishes the year's lists once every document has its decision; repeals and declarations of invalidity take
    /// effect on the documents in the same transaction.
    public func publishCleanup(year: Int, by principal: Principal, context: JournalContext, now: Date = Date()) async throws {
        try authorizeLegal(principal)
        guard let cleanup = try await cleanup(year), cleanup.publishedAt == nil else { throw ValidationError(field: "清理", reason: "清理未开启或已公布。") }
        guard cleanup.undecided == 0 else { throw ValidationError(field: "清理", reason: "尚有 \(cleanup.undecided) 件文件未作出清理决定。") }
        try await matters.store.write(on: db) { db in
            for document in cleanup.documents {
                switch cleanup.decisions[document.id.rawValue]?.decision {
                case "废止": _ = try await self.matters.performAutomatic("repealedByCleanup", on: document.id, now: now)
                case "宣布失效": _ = try await self.matters.performAutomatic("invalidatedByCleanup", on: document.id, now: now)
                default: break
                }
            }
            try await (db as! any SQLDatabase).update("cleanup_campaign").set("published_at", to: now).where("year", .equal, year).run()
            try await Journal(db: db).append(JournalEvent(action: "cleanup.publish", objectType: "cleanup_campaign", objectID: String(year),
                                                          summary: "公布 \(year) 年度规范性文件清理结果"), context: context, at: now)
        }
    }

    // MARK: Decision catalogue

    public func publishCatalogue(year: Int, by principal: Principal, context: JournalContext, now: Date = Date()) async throws {
        _ = try AccessPolicy.require(principal, .manageEnforcement, on: .system, table: matters.permissions)
        let planned = try await MatterRecord.query(on: db).filter(\.$typeID == MajorDecision.id.rawValue).all()
            .filter { record in (try? record.toDomain(cipher: matters.cipher, type: MajorDecision.type, orgUnitCode: ""))?.fields["catalogueYear"] == String(year) }
        guard !planned.isEmpty else { throw ValidationError(field: "目录", reason: "\(year) 年度尚无列入目录的决策事项。") }
        if try await cataloguePublished(year) != nil { throw ValidationError(field: "目录", reason: "\(year) 年度目录已公布。") }
        try await matters.store.write(on: db) { db in
            try await (db as! any SQLDatabase).insert(into: "decision_catalogue").columns("id", "year", "published_at", "published_by")
                .values(SQLBind(UUID()), SQLBind(year), SQLBind(now), SQLBind(principal.username)).run()
            try await Journal(db: db).append(JournalEvent(action: "catalogue.publish", objectType: "decision_catalogue", objectID: String(year),
                                                          summary: "公布 \(year) 年度重大行政决策事项目录（\(planned.count) 项）"), context: context, at: now)
        }
    }

    public func cataloguePublished(_ year: Int) async throws -> Date? {
        struct Row: Decodable { var published_at: Date }
        return try await sql.select().column("published_at").from("decision_catalogue").where("year", .equal, year).first(decoding: Row.self)?.published_at
    }

    public struct CatalogueEntry: Sendable, Hashable {
        public var id: Matter.ID
        public var title: String
        public var category: String
        public var stateName: String
    }

    public func catalogue(_ year: Int) async throws -> [CatalogueEntry] {
        let type = try matters.registry.require(MajorDecision.id)
        return try await MatterRecord.query(on: db).filter(\.$typeID == MajorDecision.id.rawValue).sort(\.$reference).all().compactMap { record in
            let matter = try record.toDomain(cipher: matters.cipher, type: type, orgUnitCode: "")
            guard matter.fields["catalogueYear"] == String(year) else { return nil }
            return CatalogueEntry(id: matter.id, title: matter.fields["title"] ?? matter.title, category: matter.fields["category"] ?? "",
                                  stateName: type.stateName(matter.state))
        }
    }
}


extension MatterService {
    /// A matter by its reference (for the public pages of published records).
    public func snapshot(reference: String) async throws -> MatterSnapshot? {
        guard let record = try await MatterRecord.query(on: db).filter(\.$reference == reference).first() else { return nil }
        return try await snapshot(Matter.ID(record.id!))
    }

    /// Draft normative documents out for public comment.
    public func openForComment() async throws -> [MatterSnapshot] {
        var result: [MatterSnapshot] = []
        for record in try await MatterRecord.query(on: db).filter(\.$typeID == NormativeDocument.id.rawValue).filter(\.$state == "publicComment").all() {
            result.append(try await snapshot(Matter.ID(record.id!)))
        }
        return result
    }
}
