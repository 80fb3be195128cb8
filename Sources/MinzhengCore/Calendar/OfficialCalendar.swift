import Foundation

/// How one day is classified by one calendar.
public struct DayClassification: Hashable, Sendable {
    public let date: CivilDate
    public let kind: CalendarDayKind
    /// The holiday's name where the day is special (国庆节, 古尔邦节 …).
    public let name: String?

    public var isWorkday: Bool { kind.isWorkday }

    /// `法定节假日（国庆节）`, `周末`, `调休上班（国庆节）`.
    public var reason: String {
        if let name { return "\(kind.chineseName)（\(name)）" }
        return kind.chineseName
    }
}

/// A loaded calendar: the entries of its scopes and the years it holds.
///
/// A national year that is not loaded makes any computation touching it fail (`CalendarError.yearNotLoaded`); a
/// regional year that is not loaded is computed on the national days and flagged as unconfirmed (rules.md §12:
/// "until then every deadline it affects shows the ✘ flag").
public struct OfficialCalendar: Sendable {
    public let definition: CalendarDefinition
    public let nationalYears: Set<Int>
    /// Years for which every region of the definition has been loaded.
    public let regionalYears: Set<Int>
    private let entries: [CivilDate: CalendarEntry]

    public init(definition: CalendarDefinition, entries: [CalendarEntry], years: [CalendarYear]) {
        self.definition = definition
        let regions = Set(definition.regions)
        var byDate: [CivilDate: CalendarEntry] = [:]
        for entry in entries {
            if let region = entry.region {
                guard regions.contains(region) else { continue }
                // A regional day never overrides a national make-up working day.
                if let existing = byDate[entry.date], existing.kind == .makeUpWorkday { continue }
                if byDate[entry.date]?.kind == .holiday { continue }
                byDate[entry.date] = entry
            } else {
                byDate[entry.date] = entry
            }
        }
        self.entries = byDate
        self.nationalYears = Set(years.filter { $0.region == nil }.map(\.year))
        if regions.isEmpty {
            self.regionalYears = nationalYears
        } else {
            var perRegion: [String: Set<Int>] = [:]
            for year in years { if let region = year.region { perRegion[region, default: []].insert(year.year) } }
            self.regionalYears = regions.reduce(into: nationalYears) { result, region in
                result.formIntersection(perRegion[region] ?? [])
            }
        }
    }

    /// Whether the year can be computed at all (its national arrangement is loaded).
    public func holds(year: Int) -> Bool { nationalYears.contains(year) }

    /// Whether the year is complete: national and every regional scope loaded.
    public func isComplete(year: Int) -> Bool { nationalYears.contains(year) && regionalYears.contains(year) }

    public func classify(_ date: CivilDate) throws -> DayClassification {
        guard nationalYears.contains(date.year) else { throw CalendarError.yearNotLoaded(date.year) }
        if let entry = entries[date] {
            return DayClassification(date: date, kind: entry.kind, name: entry.name)
        }
        return DayClassification(date: date, kind: date.isWeekend ? .weekend : .workday, name: nil)
    }

    public func isWorkday(_ date: CivilDate) throws -> Bool { try classify(date).isWorkday }

    /// The first workday on or after `date`.
    public func workday(onOrAfter date: CivilDate) throws -> CivilDate {
        var current = date
        for _ in 0..<60 {
            if try isWorkday(current) { return current }
            current = current.adding(days: 1)
        }
        throw CalendarError.periodTooLong
    }

    /// The special days of a year in this calendar, in date order.
    public func entries(in year: Int) -> [CalendarEntry] {
        entries.values.filter { $0.date.year == year }.sorted { $0.date < $1.date }
    }
}
