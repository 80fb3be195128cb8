import FluentKit
import Foundation
import MinzhengCore
import SQLKit

/// A loaded year of one scope, as the admin screen lists it.
public struct CalendarYearSummary: Sendable, Hashable {
    public var year: CalendarYear
    public var entryCount: Int
    public var loadedAt: Date
}

/// Reads and replaces the official calendar.
public struct CalendarRepository: Sendable {
    let db: any Database

    public init(db: any Database) {
        self.db = db
    }

    private var sql: any SQLDatabase { db as! any SQLDatabase }

    public func calendar(code: String) async throws -> OfficialCalendar {
        guard let definition = CalendarDefinition.named(code) else { throw CalendarError.unknownCalendar(code) }
        return try await calendar(definition)
    }

    /// The loaded calendar's version stamp (below), read on every page that shows a deadline.
    private static let stamp = FixedStatement(select: {
        $0.column(SQLSubquery.select { $0.column(SQLFunction("count", args: SQLLiteral.all)).from("calendar_year") }, as: "years")
            .column(SQLSubquery.select { $0.column(SQLFunction("count", args: SQLLiteral.all)).from("calendar_day") }, as: "days")
            .column(SQLSubquery.select { $0.column(SQLFunction("max", args: SQLColumn("loaded_at"))).from("calendar_year") }, as: "latest")
            .limit(1)
    })

    /// The calendar, from a process-wide cache that a one-row version check keeps true: any import (here or on
    /// another instance) rewrites `calendar_year.loaded_at`, and the next read sees the new stamp and reloads.
    /// Reading the few hundred day rows on every page was a fifth of the portal's CPU (bench/results.md).
    public func calendar(_ definition: CalendarDefinition) async throws -> OfficialCalendar {
        struct Stamp: Decodable { var years: Int; var days: Int; var latest: Date? }
        let stamp = try await sql.first(Self.stamp, decoding: Stamp.self)
        let key = "\(definition.code)|\(stamp?.years ?? 0)|\(stamp?.days ?? 0)|\(stamp?.latest?.timeIntervalSince1970 ?? 0)"
        if let cached = CalendarCache.shared.get(key) { return cached }
        let calendar = try await load(definition)
        CalendarCache.shared.set(key, calendar)
        return calendar
    }

    private func load(_ definition: CalendarDefinition) async throws -> OfficialCalendar {
        struct DayRow: Decodable { var date: String; var region: String; var kind: String; var name: String; var document_ref: String? }
        struct YearRow: Decodable { var year: Int; var region: String; var document_ref: String? }
        let regions = [""] + definition.regions
        let days = try await sql.select()
            .columns("date", "region", "kind", "name", "document_ref")
            .from("calendar_day")
            .where("region", .in, regions)
            .all(decoding: DayRow.self)
        let years = try await sql.select()
            .columns("year", "region", "document_ref")
            .from("calendar_year")
            .where("region", .in, regions)
            .all(decoding: YearRow.self)
        let entries = days.compactMap { row -> CalendarEntry? in
            guard let date = CivilDate(iso: row.date), let kind = CalendarDayKind(rawValue: row.kind) else { return nil }
            return CalendarEntry(date: date, kind: kind, name: row.name, region: row.region.isEmpty ? nil : row.region,
                                 documentRef: row.document_ref)
        }
        return OfficialCalendar(
            definition: definition, entries: entries,
            years: years.map { CalendarYear(year: $0.year, region: $0.region.isEmpty ? nil : $0.region, documentRef: $0.document_ref) })
    }

    public func loadedYears() async throws -> [CalendarYearSummary] {
        struct Row: Decodable { var year: Int; var region: String; var document_ref: String?; var loaded_at: Date }
        struct Count: Decodable { var region: String; var year: String; var n: Int }
        let rows = try await sql.select()
            .columns("year", "region", "document_ref", "loaded_at")
            .from("calendar_year")
            .orderBy("year", .descending).orderBy("region")
            .all(decoding: Row.self)
        let counts = try await sql.select()
            .column("region")
            .column(SQLFunction("substr", args: SQLIdentifier("date"), SQLLiteral.numeric("1"), SQLLiteral.numeric("4")), as: "year")
            .column(SQLFunction("count", args: SQLLiteral.all), as: "n")
            .from("calendar_day")
            .groupBy("region").groupBy(SQLFunction("substr", args: SQLIdentifier("date"), SQLLiteral.numeric("1"), SQLLiteral.numeric("4")))
            .all(decoding: Count.self)
        return rows.map { row in
            let count = counts.first { $0.region == row.region && $0.year == String(row.year) }?.n ?? 0
            return CalendarYearSummary(
                year: CalendarYear(year: row.year, region: row.region.isEmpty ? nil : row.region, documentRef: row.document_ref),
                entryCount: count, loadedAt: row.loaded_at)
        }
    }

    /// Replaces each (year, scope) of the import wholesale. Call inside `Store.write`: a file is stored entirely or
    /// not at all.
    public func replace(with file: CalendarImport, at now: Date) async throws {
        for group in file.groups {
            let region = group.year.region ?? ""
            let first = "\(group.year.year)-01-01", last = "\(group.year.year)-12-31"
            try await sql.delete(from: "calendar_day")
                .where("region", .equal, region)
                .where("date", .greaterThanOrEqual, first)
                .where("date", .lessThanOrEqual, last)
                .run()
            try await sql.delete(from: "calendar_year")
                .where("region", .equal, region)
                .where("year", .equal, group.year.year)
                .run()
            let year = CalendarYearRecord()
            year.year = group.year.year
            year.region = region
            year.documentRef = group.year.documentRef
            year.loadedAt = now
            try await year.create(on: db)
            let records = group.entries.map { entry in
                let record = CalendarDayRecord()
                record.date = entry.date.description
                record.region = region
                record.kind = entry.kind.rawValue
                record.name = entry.name
                record.documentRef = entry.documentRef
                return record
            }
            try await records.create(on: db)
        }
    }
}

/// The loaded calendars by version stamp (a handful of entries: one per calendar definition and import).
final class CalendarCache: @unchecked Sendable {
    static let shared = CalendarCache()
    private let lock = NSLock()
    private var entries: [String: OfficialCalendar] = [:]

    func get(_ key: String) -> OfficialCalendar? {
        lock.lock(); defer { lock.unlock() }
        return entries[key]
    }

    func set(_ key: String, _ calendar: OfficialCalendar) {
        lock.lock(); defer { lock.unlock() }
        if entries.count > 64 { entries.removeAll() }
        entries[key] = calendar
    }
}
