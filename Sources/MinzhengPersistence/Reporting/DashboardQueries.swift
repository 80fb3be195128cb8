import FluentKit
import Foundation
import MinzhengCore
import SQLKit

/// The leaders' dashboard by month: matters registered, registered online, and closed on time or late against their
/// overall statutory clock, for the units under `paths`.
public struct DashboardQueries: Sendable {
    let db: any Database

    public init(db: any Database) {
        self.db = db
    }

    public struct Month: Sendable, Hashable {
        public var registered = 0
        public var online = 0
        public var closedOnTime = 0
        public var closedLate = 0

        public init() {}

        public var onTimeRate: Double? { closedOnTime + closedLate == 0 ? nil : Double(closedOnTime) / Double(closedOnTime + closedLate) }
        public var onlineShare: Double? { registered == 0 ? nil : Double(online) / Double(registered) }
    }

    /// Twelve months of `year`: registrations counted over the application types (what people apply for), on-time
    /// closure over every matter with an overall statutory clock.
    public func months(year: Int, under paths: [String], applicationTypes: [MatterTypeID]) async throws -> [Month] {
        var months = Array(repeating: Month(), count: 12)
        guard !paths.isEmpty else { return months }
        let sql = db as! any SQLDatabase
        let start = CivilDate(year: year, month: 1, day: 1)!.startInstant, end = CivilDate(year: year + 1, month: 1, day: 1)!.startInstant
        func scoped(_ builder: SQLSelectBuilder) -> SQLSelectBuilder {
            builder.where { group in
                for path in paths { group.orWhere(SQLColumn("org_unit_path", table: "matter"), .like, SQLBind(MatterQueries.prefixPattern(path))) }
                return group
            }
        }
        struct Registered: Decodable { var created_at: Date; var channel: String }
        for row in try await scoped(sql.select().column(SQLColumn("created_at", table: "matter")).column(SQLColumn("channel", table: "matter")).from("matter")
            .where(SQLColumn("created_at", table: "matter"), .greaterThanOrEqual, SQLBind(start)).where(SQLColumn("created_at", table: "matter"), .lessThan, SQLBind(end))
            .where(SQLColumn("type_id", table: "matter"), .in, SQLBind.group(applicationTypes.map(\.rawValue))))
            .all(decoding: Registered.self) {
            let month = CivilDate(row.created_at).month - 1
            months[month].registered += 1
            if row.channel == "online" { months[month].online += 1 }
        }
        struct Closed: Decodable { var stopped_on: String; var due_date: String }
        for row in try await scoped(sql.select().column(SQLColumn("stopped_on", table: "matter_clock")).column(SQLColumn("due_date", table: "matter_clock"))
            .from("matter")
            .join("matter_clock", on: SQLColumn("matter_id", table: "matter_clock"), .equal, SQLColumn("id", table: "matter"))
            .where(SQLColumn("clock_id", table: "matter_clock"), .equal, SQLBind("overall"))
            .where(SQLColumn("stopped_on", table: "matter_clock"), .greaterThanOrEqual, SQLBind("\(year)-01-01"))
            .where(SQLColumn("stopped_on", table: "matter_clock"), .lessThanOrEqual, SQLBind("\(year)-12-31")))
            .all(decoding: Closed.self) {
            guard let stopped = CivilDate(iso: row.stopped_on), let due = CivilDate(iso: row.due_date) else { continue }
            if stopped <= due { months[stopped.month - 1].closedOnTime += 1 } else { months[stopped.month - 1].closedLate += 1 }
        }
        return months
    }
}
