import Crypto
import FluentKit
import Foundation
import MinzhengCore
import SQLKit

/// The hash-chained journal (全过程记录). Every change of state, every login and refusal, every view of unmasked
/// personal data is appended here in the same transaction as the act it records.
public struct Journal: Sendable {
    let db: any Database

    public init(db: any Database) {
        self.db = db
    }

    private var sql: any SQLDatabase { db as! any SQLDatabase }

    /// Appends one entry. Must run inside `Store.write` so that the entry commits with the act.
    @discardableResult
    public func append(_ event: JournalEvent, context: JournalContext, at now: Date = Date()) async throws -> JournalEntry {
        try await append([(event, context, now)])[0]
    }

    /// Appends entries in order under one hold of the chain's head: one read of the head, one insert, one update.
    @discardableResult
    public func append(_ events: [(event: JournalEvent, context: JournalContext, at: Date)]) async throws -> [JournalEntry] {
        guard !events.isEmpty else { return [] }
        struct Head: Decodable { var seq: Int64; var hash: String }
        guard let head = try await sql.select().columns("seq", "hash").from("journal_head")
            .where("id", .equal, 1).for(.update).first(decoding: Head.self)
        else { throw JournalFailure.headMissing }
        var entries: [JournalEntry] = []
        entries.reserveCapacity(events.count)
        var previous = (sequence: head.seq, hash: head.hash)
        for (event, context, now) in events {
            var entry = JournalEntry(
                sequence: previous.sequence + 1, timestampMilliseconds: Int64((now.timeIntervalSince1970 * 1000).rounded()),
                actor: context.actor, event: event, clientAddress: context.clientAddress, requestID: context.requestID,
                previousHash: previous.hash, hash: "")
            entry.hash = Self.hash(of: entry)
            entries.append(entry)
            previous = (entry.sequence, entry.hash)
        }
        var insert = sql.insert(into: "journal_entry").columns(JournalRow.columns)
        for entry in entries { insert = insert.values(JournalRow(entry).binds) }
        try await insert.run()
        try await sql.update("journal_head")
            .set("seq", to: previous.sequence).set("hash", to: previous.hash)
            .where("id", .equal, 1)
            .run()
        return entries
    }

    public static func hash(of entry: JournalEntry) -> String {
        Digest.sha256Hex(entry.canonicalBytes)
    }

    public func head() async throws -> (sequence: Int64, hash: String) {
        struct Head: Decodable { var seq: Int64; var hash: String }
        guard let head = try await sql.select().columns("seq", "hash").from("journal_head").where("id", .equal, 1)
            .first(decoding: Head.self)
        else { throw JournalFailure.headMissing }
        return (head.seq, head.hash)
    }
}

public enum JournalFailure: Error, CustomStringConvertible {
    case headMissing

    public var description: String { "审计日志链头缺失，数据库可能未迁移。" }
}

/// The columns of `journal_entry`, shared by the writer, the verifier and the queries.
struct JournalRow: Decodable {
    static let columns = [
        "seq", "at_ms", "actor_kind", "actor_account_id", "actor_name", "actor_role", "actor_org", "action",
        "object_type", "object_id", "summary", "outcome", "details", "client_address", "request_id", "previous_hash",
        "hash",
    ]

    var seq: Int64
    var at_ms: Int64
    var actor_kind: String
    var actor_account_id: String?
    var actor_name: String
    var actor_role: String?
    var actor_org: String?
    var action: String
    var object_type: String
    var object_id: String?
    var summary: String
    var outcome: String
    var details: String
    var client_address: String?
    var request_id: String?
    var previous_hash: String
    var hash: String

    init(_ entry: JournalEntry) {
        seq = entry.sequence
        at_ms = entry.timestampMilliseconds
        actor_kind = entry.actor.kind.rawValue
        actor_account_id = entry.actor.accountID?.uuidString.lowercased()
        actor_name = entry.actor.name
        actor_role = entry.actor.role
        actor_org = entry.actor.orgUnitCode
        action = entry.event.action
        object_type = entry.event.objectType
        object_id = entry.event.objectID
        summary = entry.event.summary
        outcome = entry.event.outcome.rawValue
        details = Self.encodeDetails(entry.event.details)
        client_address = entry.clientAddress
        request_id = entry.requestID
        previous_hash = entry.previousHash
        hash = entry.hash
    }

    var binds: [any Encodable & Sendable] {
        [seq, at_ms, actor_kind, actor_account_id, actor_name, actor_role, actor_org, action, object_type, object_id,
         summary, outcome, details, client_address, request_id, previous_hash, hash]
    }

    var entry: JournalEntry {
        JournalEntry(
            sequence: seq, timestampMilliseconds: at_ms,
            actor: JournalActor(kind: JournalActor.Kind(rawValue: actor_kind) ?? .anonymous,
                                accountID: actor_account_id.flatMap(UUID.init(uuidString:)), name: actor_name,
                                role: actor_role, orgUnitCode: actor_org),
            event: JournalEvent(action: action, objectType: object_type, objectID: object_id, summary: summary,
                                outcome: JournalEvent.Outcome(rawValue: outcome) ?? .failure,
                                details: Self.decodeDetails(details)),
            clientAddress: client_address, requestID: request_id, previousHash: previous_hash, hash: hash)
    }

    static func encodeDetails(_ details: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(details), as: UTF8.self)) ?? "{}"
    }

    static func decodeDetails(_ text: String) -> [String: String] {
        JSONText.decode([String: String].self, text) ?? ["_unreadable": text]
    }
}
