import FluentKit
import Foundation
import MinzhengCore
import SQLKit

/// Rectification items with their deadlines and closure: problems found in a drill, and major hazards on the risk
/// ledger until each is cleared.
public struct RectificationItems: Sendable {
    let db: any Database

    public init(db: any Database) {
        self.db = db
    }

    public struct Item: Sendable, Hashable, Identifiable {
        public var id: UUID
        public var matterID: UUID
        public var description: String
        public var deadline: CivilDate
        public var closedOn: CivilDate?
        public var closureNote: String?

        public func isOverdue(on day: CivilDate) -> Bool { closedOn == nil && day > deadline }
    }

    static func add(to matterID: Matter.ID, description: String, deadline: CivilDate, on db: any Database, now: Date) async throws {
        try await (db as! any SQLDatabase).insert(into: "rectification_item").columns("id", "matter_id", "description", "deadline", "created_at")
            .values(SQLBind(UUID()), SQLBind(matterID.rawValue), SQLBind(String(description.prefix(300))), SQLBind(deadline.description), SQLBind(now)).run()
    }

    private struct Row: Decodable {
        var id: UUID; var matter_id: UUID; var description: String; var deadline: String; var closed_on: String?; var closure_note: String?
        var item: Item {
            Item(id: id, matterID: matter_id, description: description, deadline: CivilDate(iso: deadline) ?? CivilDate(dayNumber: 0),
                 closedOn: closed_on.flatMap(CivilDate.init(iso:)), closureNote: closure_note)
        }
    }

    public func items(of matterID: Matter.ID) async throws -> [Item] {
        try await (db as! any SQLDatabase).select().columns("id", "matter_id", "description", "deadline", "closed_on", "closure_note").from("rectification_item")
            .where("matter_id", .equal, matterID.rawValue).orderBy("deadline").all(decoding: Row.self).map(\.item)
    }

    public func open(of matterID: Matter.ID) async throws -> [Item] { try await items(of: matterID).filter { $0.closedOn == nil } }

    /// Every open item of hazard inspections: the risk ledger.
    public func riskLedger() async throws -> [(item: Item, reference: String, institution: String)] {
        struct Row: Decodable { var id: UUID; var matter_id: UUID; var description: String; var deadline: String; var reference: String; var title: String }
        return try await (db as! any SQLDatabase).select()
            .column(SQLColumn("id", table: "rectification_item")).column(SQLColumn("matter_id", table: "rectification_item"))
            .column(SQLColumn("description", table: "rectification_item")).column(SQLColumn("deadline", table: "rectification_item"))
            .column(SQLColumn("reference", table: "matter")).column(SQLColumn("title", table: "matter"))
            .from("rectification_item")
            .join("matter", on: SQLColumn("matter_id", table: "rectification_item"), .equal, SQLColumn("id", table: "matter"))
            .where(SQLColumn("type_id", table: "matter"), .equal, SQLBind(CareInstitutionMatters.hazardInspection.id.rawValue))
            .where(SQLColumn("closed_on", table: "rectification_item"), .is, SQLLiteral.null)
            .orderBy(SQLColumn("deadline", table: "rectification_item"))
            .all(decoding: Row.self)
            .map { (Item(id: $0.id, matterID: $0.matter_id, description: $0.description, deadline: CivilDate(iso: $0.deadline) ?? CivilDate(dayNumber: 0),
                         closedOn: nil, closureNote: nil), $0.reference, $0.title) }
    }
}

extension MatterService {
    /// Adds a rectification item to a drill (problems found), by someone who handles the matter.
    public func addRectification(to matterID: Matter.ID, description: String, deadline: CivilDate?, by principal: Principal,
                                 context: JournalContext, now: Date = Date()) async throws {
        let text = description.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (2...300).contains(text.count) else { throw ValidationError(field: "整改事项", reason: "请写明整改事项（2–300 字）。") }
        guard let deadline, deadline >= CivilDate(now) else { throw ValidationError(field: "整改期限", reason: "请填写不早于今天的整改期限。") }
        try await clockAct(matterID, by: principal, action: { $0.handleAction }, context: context) { db, snapshot, _, role in
            try await RectificationItems.add(to: matterID, description: text, deadline: deadline, on: db, now: now)
            try await self.appendEvent(.note, on: snapshot, principal: principal, role: role, now: now, db: db,
                                       data: ["rectification": text, "deadline": deadline.description],
                                       summary: "登记整改事项：\(text)（期限 \(deadline.chineseDescription)）", context: context)
        }
    }

    /// Closes a rectification item with what was done.
    public func closeRectification(_ itemID: UUID, of matterID: Matter.ID, note: String, by principal: Principal,
                                   context: JournalContext, now: Date = Date()) async throws {
        let text = note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.count >= 2 else { throw ValidationError(field: "整改情况", reason: "请写明整改完成情况。") }
        try await clockAct(matterID, by: principal, action: { $0.handleAction }, context: context) { db, snapshot, _, role in
            try await (db as! any SQLDatabase).update("rectification_item").set("closed_on", to: CivilDate(now).description).set("closure_note", to: text)
                .where("id", .equal, itemID).where("matter_id", .equal, matterID.rawValue).where("closed_on", .is, SQLLiteral.null).run()
            try await self.appendEvent(.note, on: snapshot, principal: principal, role: role, now: now, db: db,
                                       data: ["rectificationClosed": itemID.uuidString.lowercased()], summary: "整改事项销号：\(text)", context: context)
        }
    }
}

extension MatterService {
    /// The newest matters of a type.
    public func recentMatters(_ typeID: MatterTypeID, limit: Int) async throws -> [MatterSnapshot] {
        var result: [MatterSnapshot] = []
        for record in try await MatterRecord.query(on: db).filter(\.$typeID == typeID.rawValue).sort(\.$createdAt, .descending).limit(limit).all() {
            result.append(try await snapshot(Matter.ID(record.id!)))
        }
        return result
    }
}
