import FluentKit
import Foundation
import MinzhengCore
import SQLKit

/// 互联网+监管 figures of a year from the records, with the definitions of `SupervisionFigures`.
public struct SupervisionFigureQueries: Sendable {
    let db: any Database

    public init(db: any Database) {
        self.db = db
    }

    static let annualDone = ["passed", "rectifying", "rectificationReview", "rectified", "rectificationFailed"]
    static let checkDone = ["resultRecorded", "published", "followUp", "closed"]
    static let checkPublished = ["published", "followUp", "closed"]

    public func figures(year: Int) async throws -> SupervisionFigures {
        let sql = db as! any SQLDatabase
        let claims = try await PowerListRepository(db: db).claimRate()
        struct Row: Decodable { var type_id: String; var state: String; var n: Int }
        let campaigns = SQLSubquery.select { $0.column("id").from("inspection_campaign").where("year", .equal, year) }
        let plans = SQLSubquery.select { $0.column("id").from("inspection_plan").where("year", .equal, year) }
        let rows = try await sql.select().column("type_id").column("state").column(SQLFunction("count", args: SQLLiteral.all), as: "n")
            .from("matter")
            .where { group in
                group.where(SQLColumn("batch_id"), .in, campaigns).orWhere(SQLColumn("batch_id"), .in, plans)
            }
            .groupBy("type_id").groupBy("state").all(decoding: Row.self)
        func count(_ type: MatterTypeID, _ states: [String]? = nil) -> Int {
            rows.filter { $0.type_id == type.rawValue && (states?.contains($0.state) ?? true) }.map(\.n).reduce(0, +)
        }
        return SupervisionFigures(
            year: year, supervisionItems: claims.total, claimedItems: claims.claimed,
            inspectionsDue: count(AnnualInspection.id) + count(RandomInspection.id),
            inspectionsDone: count(AnnualInspection.id, Self.annualDone) + count(RandomInspection.id, Self.checkDone),
            checksDrawn: count(RandomInspection.id), checksPublished: count(RandomInspection.id, Self.checkPublished))
    }
}
