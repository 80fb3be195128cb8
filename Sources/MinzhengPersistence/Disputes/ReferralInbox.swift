import FluentKit
import Foundation
import MinzhengCore
import SQLKit

/// What a receiving body sees of a referral (issue 9, item 2): the referring case's number, the kind of referral and
/// the facts the referring mediator chose to share — nothing else of the case (no parties, no sessions).
public struct ReferralInbox: Sendable {
    let db: any Database

    public init(db: any Database) {
        self.db = db
    }

    public struct Referral: Sendable, Hashable {
        public var matterID: Matter.ID
        public var reference: String
        public var target: String
        public var scope: String
        public var referredAt: Date
    }

    /// Referrals waiting for one of `unitCodes`.
    public func pending(for unitCodes: Set<String>) async throws -> [Referral] {
        guard !unitCodes.isEmpty else { return [] }
        struct Row: Decodable { var id: UUID; var reference: String; var fields: String; var updated_at: Date }
        let rows = try await (db as! any SQLDatabase).select().columns("id", "reference", "fields", "updated_at").from("matter")
            .where("type_id", .equal, MediationCase.id.rawValue).where("state", .equal, "referred")
            .orderBy("updated_at").all(decoding: Row.self)
        var referrals: [Referral] = []
        for row in rows {
                let fields = JSONText.decode([String: String].self, row.fields) ?? [:]
                guard let code = fields["routedTo"], unitCodes.contains(code) else { continue }
                // What the referring mediator entered with the referral act.
                struct Event: Decodable { var data: String }
                let event = try await (db as! any SQLDatabase).select().column("data").from("matter_event")
                    .where("matter_id", .equal, row.id).where("transition_id", .equal, "refer").orderBy("seq", .descending).limit(1)
                    .first(decoding: Event.self)
                let data = event.flatMap { JSONText.decode([String: String].self, $0.data) } ?? [:]
                referrals.append(Referral(matterID: .init(row.id), reference: row.reference, target: data["referralTarget"] ?? "",
                                          scope: data["referralScope"] ?? "", referredAt: row.updated_at))
        }
        return referrals
    }

    /// The one referral, if it waits for one of `unitCodes`.
    public func pending(_ id: Matter.ID, for unitCodes: Set<String>) async throws -> Referral? {
        try await pending(for: unitCodes).first { $0.matterID == id }
    }
}
