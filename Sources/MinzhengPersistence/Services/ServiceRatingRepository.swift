import FluentKit
import Foundation
import MinzhengCore
import SQLKit

/// 好差评: one rating per applicant and matter, after completion; a poor one opens a follow-up matter at the unit.
public struct ServiceRatingService: Sendable {
    let matters: MatterService

    public init(matters: MatterService) {
        self.matters = matters
    }

    public struct Rating: Sendable, Hashable {
        public var score: Int
        public var comment: String?
        public var followUpID: Matter.ID?
    }

    public func rating(of matterID: Matter.ID, by accountID: UUID) async throws -> Rating? {
        struct Row: Decodable { var score: Int; var comment: String?; var follow_up_matter_id: UUID? }
        let sql = matters.db as! any SQLDatabase
        return try await sql.select().columns("score", "comment", "follow_up_matter_id").from("service_rating")
            .where("matter_id", .equal, matterID.rawValue).where("account_id", .equal, accountID).first(decoding: Row.self)
            .map { Rating(score: $0.score, comment: $0.comment, followUpID: $0.follow_up_matter_id.map(Matter.ID.init)) }
    }

    /// Rates a completed matter; a score of 1–2 opens a 差评整改 matter at the matter's unit.
    @discardableResult
    public func rate(_ matterID: Matter.ID, score: Int, comment: String?, by principal: Principal, context: JournalContext,
                     now: Date = Date()) async throws -> Rating {
        let (snapshot, _) = try await matters.read(matterID, by: principal, context: context)
        guard snapshot.matter.applicantAccountID == principal.accountID else {
            throw AccessRefused(reason: "只有申请人本人可以评价。")
        }
        guard snapshot.matter.closedAt != nil else { throw ValidationError(field: "评价", reason: "办结后才能评价。") }
        let text = try ServiceRating.validate(score: score, comment: comment)
        if try await rating(of: matterID, by: principal.accountID) != nil {
            throw ValidationError(field: "评价", reason: "您已评价过此办件。")
        }
        var followUp: Matter.ID?
        if ServiceRating.isPoor(score), let unit = try await OrgUnitRepository(db: matters.db).find(snapshot.matter.orgUnitID) {
            followUp = try await matters.create(
                ServiceFollowUp.id, at: unit, applicant: principal.accountID, channel: "online", title: "差评核实整改：\(snapshot.matter.reference)",
                fields: ["ratedMatter": snapshot.matter.reference, "score": String(score), "comment": text ?? ""], by: principal, context: context, now: now)
        }
        let followUpID = followUp
        try await matters.store.write(on: matters.db) { db in
            try await (db as! any SQLDatabase).insert(into: "service_rating")
                .columns("id", "matter_id", "account_id", "score", "comment", "follow_up_matter_id", "created_at")
                .values(SQLBind(UUID()), SQLBind(matterID.rawValue), SQLBind(principal.accountID), SQLBind(score), SQLBind(text),
                        SQLBind(followUpID?.rawValue), SQLBind(now))
                .run()
            try await Journal(db: db).append(
                JournalEvent(action: "matter.rated", objectType: "matter", objectID: matterID.description,
                             summary: "\(snapshot.matter.reference) 服务评价 \(score) 分" + (followUpID == nil ? "" : "，已转差评整改"),
                             details: ["score": String(score)]),
                context: context, at: now)
        }
        return Rating(score: score, comment: text, followUpID: followUp)
    }
}
