import FluentKit
import Foundation
import MinzhengCore
import SQLKit

/// Assistance standards, set by an administrator per scheme, year and area.
public struct AssistanceStandardRepository: Sendable {
    let db: any Database

    public init(db: any Database) {
        self.db = db
    }

    private var sql: any SQLDatabase { db as! any SQLDatabase }

    public func all(year: Int? = nil) async throws -> [AssistanceStandard] {
        struct Row: Decodable { var scheme: String; var year: Int; var org_unit_id: UUID; var path: String; var monthly_fen: Int }
        var query = sql.select()
            .column(SQLColumn("scheme", table: "assistance_standard")).column(SQLColumn("year", table: "assistance_standard"))
            .column(SQLColumn("org_unit_id", table: "assistance_standard")).column(SQLColumn("path", table: "org_unit"))
            .column(SQLColumn("monthly_fen", table: "assistance_standard"))
            .from("assistance_standard")
            .join("org_unit", on: SQLColumn("org_unit_id", table: "assistance_standard"), .equal, SQLColumn("id", table: "org_unit"))
        if let year { query = query.where(SQLColumn("year", table: "assistance_standard"), .equal, SQLBind(year)) }
        return try await query.orderBy(SQLColumn("year", table: "assistance_standard") as any SQLExpression, SQLDirection.descending).all(decoding: Row.self).compactMap { row in
            AssistanceScheme(rawValue: row.scheme).map {
                AssistanceStandard(scheme: $0, year: row.year, orgUnitID: .init(row.org_unit_id), orgUnitPath: row.path, monthlyFen: row.monthly_fen)
            }
        }
    }

    /// Sets (or replaces) the standard of a scheme for a year and unit.
    public func set(_ scheme: AssistanceScheme, year: Int, unit: OrgUnit, monthlyFen: Int, at now: Date) async throws {
        guard CivilDate.recordYears.contains(year) else { throw ValidationError(field: "年度", reason: "请填写四位年份。") }
        guard monthlyFen > 0, monthlyFen < 10_000_000 else { throw ValidationError(field: "标准", reason: "应为大于 0 的月标准（元）。") }
        try await sql.delete(from: "assistance_standard").where("scheme", .equal, scheme.rawValue).where("year", .equal, year)
            .where("org_unit_id", .equal, unit.id.rawValue).run()
        try await sql.insert(into: "assistance_standard").columns("id", "scheme", "year", "org_unit_id", "monthly_fen", "updated_at")
            .values(SQLBind(UUID()), SQLBind(scheme.rawValue), SQLBind(year), SQLBind(unit.id.rawValue), SQLBind(monthlyFen), SQLBind(now)).run()
    }

    /// The facts a matter's checks may use: each scheme's standard for its place and year, in fen.
    public func facts(path: String, year: Int) async throws -> [String: String] {
        let standards = try await all(year: year)
        var facts: [String: String] = [:]
        for scheme in AssistanceScheme.allCases {
            if let standard = AssistanceStandard.applicable(standards, scheme: scheme, year: year, path: path) {
                facts[scheme.factKey] = String(standard.monthlyFen)
            }
        }
        return facts
    }
}
