import FluentKit
import Foundation
import MinzhengCore
import SQLKit

/// Service figures from the records (issue 5, item 9): online share, visits, on-time completion and satisfaction,
/// by matter type and unit, for matters registered in a year.
public struct ServiceFigureQueries: Sendable {
    let db: any Database

    public init(db: any Database) {
        self.db = db
    }

    public func figures(year: Int, under paths: [String]) async throws -> [ServiceFigures] {
        guard !paths.isEmpty else { return [] }
        let sql = db as! any SQLDatabase
        let start = CivilDate(year: year, month: 1, day: 1)!.startInstant
        let end = CivilDate(year: year + 1, month: 1, day: 1)!.startInstant
        func scoped(_ builder: SQLSelectBuilder) -> SQLSelectBuilder {
            builder.where(SQLColumn("created_at", table: "matter"), .greaterThanOrEqual, SQLBind(start))
                .where(SQLColumn("created_at", table: "matter"), .lessThan, SQLBind(end))
                .where { group in
                    for path in paths { group.orWhere(SQLColumn("org_unit_path", table: "matter"), .like, SQLBind(MatterQueries.prefixPattern(path))) }
                    return group
                }
        }
        func sumWhen(_ condition: String, _ bind: (any Encodable & Sendable)? = nil) -> SQLFunction {
            var parts: [any SQLExpression] = [SQLRaw("CASE WHEN \(condition)")]
            if let bind { parts.append(SQLBind(bind)) }
            parts.append(SQLRaw(" THEN 1 ELSE 0 END"))
            return SQLFunction("sum", args: SQLList(parts, separator: SQLRaw("")))
        }
        struct Base: Decodable { var type_id: String; var org_unit_id: UUID; var name: String; var total: Int; var online: Int?; var cross: Int?; var visits: Int? }
        let base = try await scoped(sql.select()
            .column(SQLColumn("type_id", table: "matter")).column(SQLColumn("org_unit_id", table: "matter")).column(SQLColumn("name", table: "org_unit"))
            .column(SQLFunction("count", args: SQLLiteral.all), as: "total")
            .column(sumWhen("matter.channel = ", "online"), as: "online")
            .column(sumWhen("matter.cross_province = ", true), as: "cross")
            .column(SQLList([SQLRaw("CAST(SUM(matter.visits) AS BIGINT)")]), as: "visits")
            .from("matter")
            .join("org_unit", on: SQLColumn("org_unit_id", table: "matter"), .equal, SQLColumn("id", table: "org_unit")))
            .groupBy(SQLColumn("type_id", table: "matter")).groupBy(SQLColumn("org_unit_id", table: "matter")).groupBy(SQLColumn("name", table: "org_unit"))
            .all(decoding: Base.self)
        struct Timely: Decodable { var type_id: String; var org_unit_id: UUID; var measured: Int; var on_time: Int? }
        let timely = try await scoped(sql.select()
            .column(SQLColumn("type_id", table: "matter")).column(SQLColumn("org_unit_id", table: "matter"))
            .column(SQLFunction("count", args: SQLLiteral.all), as: "measured")
            .column(sumWhen("matter_clock.stopped_on <= matter_clock.due_date"), as: "on_time")
            .from("matter")
            .join("matter_clock", on: SQLColumn("matter_id", table: "matter_clock"), .equal, SQLColumn("id", table: "matter"))
            .where(SQLColumn("clock_id", table: "matter_clock"), .equal, SQLBind("overall"))
            .where(SQLColumn("stopped_on", table: "matter_clock"), .isNot, SQLLiteral.null)
            .where(SQLColumn("closed_at", table: "matter"), .isNot, SQLLiteral.null))
            .groupBy(SQLColumn("type_id", table: "matter")).groupBy(SQLColumn("org_unit_id", table: "matter"))
            .all(decoding: Timely.self)
        struct Rated: Decodable { var type_id: String; var org_unit_id: UUID; var rated: Int; var satisfied: Int? }
        let rated = try await scoped(sql.select()
            .column(SQLColumn("type_id", table: "matter")).column(SQLColumn("org_unit_id", table: "matter"))
            .column(SQLFunction("count", args: SQLLiteral.all), as: "rated")
            .column(sumWhen("service_rating.score >= 4"), as: "satisfied")
            .from("service_rating")
            .join("matter", on: SQLColumn("matter_id", table: "service_rating"), .equal, SQLColumn("id", table: "matter")))
            .groupBy(SQLColumn("type_id", table: "matter")).groupBy(SQLColumn("org_unit_id", table: "matter"))
            .all(decoding: Rated.self)
        return base.map { row in
            let time = timely.first { $0.type_id == row.type_id && $0.org_unit_id == row.org_unit_id }
            let rating = rated.first { $0.type_id == row.type_id && $0.org_unit_id == row.org_unit_id }
            return ServiceFigures(typeID: MatterTypeID(rawValue: row.type_id), orgUnitName: row.name, total: row.total, online: row.online ?? 0,
                                  crossProvince: row.cross ?? 0, visits: row.visits ?? 0, measured: time?.measured ?? 0, onTime: time?.on_time ?? 0,
                                  rated: rating?.rated ?? 0, satisfied: rating?.satisfied ?? 0)
        }.sorted { ($0.typeID?.rawValue ?? "", $0.orgUnitName ?? "") < ($1.typeID?.rawValue ?? "", $1.orgUnitName ?? "") }
    }
}

extension MatterService {
    /// Records an in-person visit of the applicant (最多跑一次 counts them).
    public func recordVisit(_ matterID: Matter.ID, purpose: String, by principal: Principal, context: JournalContext, now: Date = Date()) async throws {
        let purpose = try Self.requireReason(purpose)
        try await clockAct(matterID, by: principal, action: { $0.handleAction }, context: context) { db, snapshot, _, role in
            guard let record = try await MatterRecord.find(matterID.rawValue, on: db) else { throw MatterError.notFound }
            record.visits += 1
            try await record.save(on: db)
            try await self.appendEvent(.note, on: snapshot, principal: principal, role: role, now: now, db: db,
                                       data: ["purpose": purpose, "visits": String(record.visits)],
                                       summary: "申请人到场办理（第 \(record.visits) 次）：\(purpose)", context: context)
        }
    }
}
