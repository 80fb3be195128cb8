import FluentKit
import Foundation
import MinzhengCore
import SQLKit

/// A published enforcement decision (行政执法公示): only the whitelisted fields, the party masked when a natural person.
public struct PublishedDecision: Sendable, Hashable, Identifiable {
    public var id: UUID
    public var matterID: UUID
    public var kind: String
    public var reference: String
    public var title: String
    public var fields: [Field]
    public var naturalPerson: Bool
    public var decidedOn: CivilDate
    public var dueBy: CivilDate
    public var publishedAt: Date
    public var withdrawnAt: Date?
    public var withdrawalNote: String?

    public struct Field: Sendable, Hashable, Codable {
        public var label: String
        public var value: String
    }

    /// Published within the deadline (7 working days for penalties and licences).
    public var wasOnTime: Bool { CivilDate(publishedAt) <= dueBy }
}

/// The public register of decisions: publication as part of the act that makes a decision public, withdrawal with a
/// notice when the decision is revoked or corrected, and the search the portal offers.
public struct DisclosureRegister: Sendable {
    let db: any Database

    public init(db: any Database) {
        self.db = db
    }

    var sql: any SQLDatabase { db as! any SQLDatabase }

    static func publish(_ matter: Matter, type: MatterType, spec: PublicDecisionSpec, decidedOn: CivilDate, dueBy: CivilDate, on db: any Database, now: Date) async throws {
        let fields = spec.published(matter, type: type).map { PublishedDecision.Field(label: $0.label, value: $0.value) }
        let body = String(decoding: try JSONEncoder().encode(fields), as: UTF8.self)
        let natural = spec.naturalPersonField.map { matter.fields[$0] == spec.naturalPersonValue } ?? false
        let party = matter.fields[spec.partyNameField].map { natural ? Masking.name($0) : $0 } ?? ""
        let sql = db as! any SQLDatabase
        try await sql.delete(from: "disclosure").where("matter_id", .equal, matter.id.rawValue).run()
        try await sql.insert(into: "disclosure")
            .columns("id", "matter_id", "kind", "reference", "title", "body", "natural_person", "decided_on", "due_by", "published_at")
            .values(SQLBind(UUID()), SQLBind(matter.id.rawValue), SQLBind(spec.kind), SQLBind(matter.reference),
                    SQLBind("\(party)\(spec.kind)决定"), SQLBind(body), SQLBind(natural), SQLBind(decidedOn.description), SQLBind(dueBy.description),
                    SQLBind(now))
            .run()
    }

    /// Takes a decision down with the reason (行政处罚法 第四十八条: within 3 working days of the change).
    static func withdraw(matterID: UUID, note: String, on db: any Database, now: Date) async throws -> Bool {
        let sql = db as! any SQLDatabase
        struct Row: Decodable { var id: UUID }
        guard try await sql.select().column("id").from("disclosure").where("matter_id", .equal, matterID).where("withdrawn_at", .is, SQLLiteral.null)
            .first(decoding: Row.self) != nil else { return false }
        try await sql.update("disclosure").set("withdrawn_at", to: now).set("withdrawal_note", to: String(note.prefix(500)))
            .where("matter_id", .equal, matterID).run()
        return true
    }

    private struct Row: Decodable {
        var id: UUID
        var matter_id: UUID
        var kind: String
        var reference: String
        var title: String
        var body: String
        var natural_person: Bool
        var decided_on: String
        var due_by: String
        var published_at: Date
        var withdrawn_at: Date?
        var withdrawal_note: String?

        var decision: PublishedDecision {
            PublishedDecision(id: id, matterID: matter_id, kind: kind, reference: reference, title: title,
                              fields: (try? JSONDecoder().decode([PublishedDecision.Field].self, from: Data(body.utf8))) ?? [],
                              naturalPerson: natural_person, decidedOn: CivilDate(iso: decided_on) ?? CivilDate(dayNumber: 0),
                              dueBy: CivilDate(iso: due_by) ?? CivilDate(dayNumber: 0), publishedAt: published_at, withdrawnAt: withdrawn_at,
                              withdrawalNote: withdrawal_note)
        }
    }

    static let columns = ["id", "matter_id", "kind", "reference", "title", "body", "natural_person", "decided_on", "due_by", "published_at",
                          "withdrawn_at", "withdrawal_note"]

    /// What the portal shows: decisions within their retention (✘ 5 years, 2 for natural persons), newest first;
    /// withdrawn ones stay listed with their withdrawal notice.
    public func list(text: String?, kind: String?, now: Date = Date(), settings: SettingsSnapshot, page: Pagination) async throws -> PagedList<PublishedDecision> {
        let today = CivilDate(now)
        let entityCutoff = today.adding(years: -settings.int("disclosure.retentionYears")).startInstant
        let personCutoff = today.adding(years: -settings.int("disclosure.retentionYearsNaturalPerson")).startInstant
        func apply(_ builder: SQLSelectBuilder) -> SQLSelectBuilder {
            var builder = builder.where { group in
                group.where { $0.where("natural_person", .equal, true).where("published_at", .greaterThanOrEqual, personCutoff) }
                    .orWhere { $0.where("natural_person", .equal, false).where("published_at", .greaterThanOrEqual, entityCutoff) }
            }
            if let kind, !kind.isEmpty { builder = builder.where("kind", .equal, kind) }
            if let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
                let pattern = "%" + text.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "") + "%"
                builder = builder.where { $0.where("title", .like, pattern).orWhere("reference", .like, pattern).orWhere("body", .like, pattern) }
            }
            return builder
        }
        struct Count: Decodable { var n: Int }
        let total = try await apply(sql.select().column(SQLFunction("count", args: SQLLiteral.all), as: "n").from("disclosure")).first(decoding: Count.self)?.n ?? 0
        let rows = try await apply(sql.select().columns(Self.columns.map { SQLIdentifier($0) }).from("disclosure"))
            .orderBy("published_at", .descending).limit(page.size).offset(page.offset).all(decoding: Row.self)
        return PagedList(items: rows.map(\.decision), request: page, total: total)
    }

    public func find(_ id: UUID) async throws -> PublishedDecision? {
        try await sql.select().columns(Self.columns.map { SQLIdentifier($0) }).from("disclosure").where("id", .equal, id).first(decoding: Row.self)?.decision
    }

    public func find(matter matterID: UUID) async throws -> PublishedDecision? {
        try await sql.select().columns(Self.columns.map { SQLIdentifier($0) }).from("disclosure").where("matter_id", .equal, matterID).first(decoding: Row.self)?.decision
    }
}
