import Foundation

/// One line of the visible calculation: a day that was counted, skipped, suspended, or rolled over.
public struct DeadlineStep: Hashable, Codable, Sendable {
    public enum Role: String, Codable, Sendable {
        /// The day counts toward the period; `ordinal` says which.
        case counted
        /// A rest day that does not count toward a workday period.
        case skipped
        /// A day inside a suspension.
        case suspended
        /// The nominal end of a calendar, month or year period (the same-numbered day for months).
        case periodEnd
        /// A rest day the due date rolls over (民法典 第二百零三条).
        case rolledOver
    }

    public var date: CivilDate
    public var role: Role
    public var ordinal: Int?
    public var dayKind: CalendarDayKind
    /// Why the day was treated so, in Chinese.
    public var reason: String
    /// 0 for the main period, 1… for each extension.
    public var phase: Int
}

/// The result of counting a period on the official calendar, with every day that mattered.
public struct DeadlineCalculation: Hashable, Codable, Sendable {
    /// The triggering event's day (not counted, 民法典 第二百零一条).
    public var startDate: CivilDate
    public var period: Period
    /// The due date of the main period, before extensions.
    public var originalDueDate: CivilDate
    /// The due date after all extensions.
    public var dueDate: CivilDate
    public var steps: [DeadlineStep]
    public var suspensions: [DeadlineSuspension]
    public var extensions: [DeadlineExtension]
    public var calendarCode: String
    /// Years the computation touched whose regional days are not loaded: the result is flagged ✘.
    public var unconfirmedYears: [Int]

    public var isConfirmed: Bool { unconfirmedYears.isEmpty }
}
