import Foundation

/// One stored special day: a national day off, a make-up working day, or a regional day off.
public struct CalendarEntry: Hashable, Codable, Sendable {
    public var date: CivilDate
    public var kind: CalendarDayKind
    /// The holiday's name, e.g. 春节, 国庆节, 古尔邦节.
    public var name: String
    /// `nil` for national entries; the region code (e.g. `xinjiang`) for regional days off.
    public var region: String?
    /// The notice that sets the day, e.g. 国办发明电〔2024〕12号.
    public var documentRef: String?

    public init(date: CivilDate, kind: CalendarDayKind, name: String, region: String? = nil, documentRef: String? = nil) {
        self.date = date
        self.kind = kind
        self.name = name
        self.region = region
        self.documentRef = documentRef
    }
}

/// A year of one scope (national, or one region) that has been loaded into the calendar.
public struct CalendarYear: Hashable, Codable, Sendable {
    public var year: Int
    /// `nil` for the national entries of the year; the region code for regional days.
    public var region: String?
    public var documentRef: String?

    public init(year: Int, region: String? = nil, documentRef: String? = nil) {
        self.year = year
        self.region = region
        self.documentRef = documentRef
    }
}
