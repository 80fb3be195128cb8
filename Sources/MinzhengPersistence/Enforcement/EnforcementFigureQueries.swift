import FluentKit
import Foundation
import MinzhengCore
import SQLKit

/// The year's enforcement figures from the records: decisions made and published on time, and the reconsideration
/// and litigation outcomes with the correction rate (rules.md §6.4).
public struct EnforcementFigureQueries: Sendable {
    let db: any Database
    let registry: MatterTypeRegistry
    let cipher: FieldCipher

    public init(db: any Database, registry: MatterTypeRegistry = .standard, cipher: FieldCipher) {
        self.db = db
        self.registry = registry
        self.cipher = cipher
    }

    /// Challenges whose outcome (or withdrawal) falls in `year`, counted by the definitions of `CorrectionFigures`.
    public func correction(year: Int) async throws -> CorrectionFigures {
        let type = try registry.require(LegalChallenge.id)
        var figures = CorrectionFigures()
        for record in try await MatterRecord.query(on: db).filter(\.$typeID == LegalChallenge.id.rawValue).all() {
            let matter = try record.toDomain(cipher: cipher, type: type, orgUnitCode: "")
            if matter.fields["headAttended"] == "yes" || !(matter.fields["hearingDate"] ?? "").isEmpty {
                if let day = matter.fields["hearingDate"].flatMap(CivilDate.init(iso:)), day.year == year {
                    figures.hearings += 1
                    if matter.fields["headAttended"] == "yes" { figures.headAttended += 1 }
                }
            }
            switch record.state {
            case "decided":
                guard let day = matter.fields["outcomeDate"].flatMap(CivilDate.init(iso:)), day.year == year else { continue }
                if matter.fields["outcome"] == "调解结案" { figures.mediated += 1 } else { figures.decided += 1 }
                if matter.fields["corrected"] == "yes" { figures.corrected += 1 }
            case "withdrawn":
                guard let closed = record.closedAt, CivilDate(closed).year == year, matter.fields["withdrawnAfterSelfCorrection"] == "yes" else { continue }
                figures.withdrawnAfterSelfCorrection += 1
            default:
                continue
            }
        }
        return figures
    }

    public struct DecisionFigures: Sendable, Hashable {
        public var penalties: Int
        public var licences: Int
        public var published: Int
        public var publishedOnTime: Int
        public var withdrawn: Int
    }

    /// Decisions published in `year`, and how many within their deadline.
    public func decisions(year: Int) async throws -> DecisionFigures {
        struct Row: Decodable { var kind: String; var due_by: String; var published_at: Date; var withdrawn_at: Date? }
        let rows = try await (db as! any SQLDatabase).select().columns("kind", "due_by", "published_at", "withdrawn_at").from("disclosure")
            .where("decided_on", .like, "\(year)-%").all(decoding: Row.self)
        return DecisionFigures(penalties: rows.filter { $0.kind == "行政处罚" }.count, licences: rows.filter { $0.kind == "行政许可" }.count,
                               published: rows.count,
                               publishedOnTime: rows.filter { row in CivilDate(iso: row.due_by).map { CivilDate(row.published_at) <= $0 } ?? false }.count,
                               withdrawn: rows.filter { $0.withdrawn_at != nil }.count)
    }
}
