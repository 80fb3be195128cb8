import FluentKit
import Foundation
import MinzhengCore

/// Reference data, not demo data: the official calendar 2024–2026 (rules.md §12).
struct SeedReferenceCalendar: AsyncMigration {
    var name: String { "2026-11-seed-reference-calendar-2024-2026" }

    func prepare(on database: any Database) async throws {
        let now = Date()
        for year in ReferenceCalendarData.years {
            let record = CalendarYearRecord()
            record.year = year.year
            record.region = year.region ?? ""
            record.documentRef = year.documentRef
            record.loadedAt = now
            try await record.create(on: database)
        }
        let records = ReferenceCalendarData.entries.map { entry in
            let record = CalendarDayRecord()
            record.date = entry.date.description
            record.region = entry.region ?? ""
            record.kind = entry.kind.rawValue
            record.name = entry.name
            record.documentRef = entry.documentRef
            return record
        }
        try await records.create(on: database)
    }

    func revert(on database: any Database) async throws {
        for year in ReferenceCalendarData.years {
            let first = "\(year.year)-01-01", last = "\(year.year)-12-31"
            try await CalendarDayRecord.query(on: database)
                .filter(\.$region == (year.region ?? ""))
                .filter(\.$date >= first).filter(\.$date <= last)
                .delete()
            try await CalendarYearRecord.query(on: database)
                .filter(\.$year == year.year).filter(\.$region == (year.region ?? ""))
                .delete()
        }
    }
}
