import Foundation

/// The unit a statutory period is stated in (rules.md §1).
public enum DeadlineUnit: String, Codable, CaseIterable, Sendable {
    /// 工作日: Mon–Fri minus days off, plus make-up working days (D10).
    case workday
    /// 日/天: every day counts; a last day that is a rest day rolls forward (D3).
    case calendarDay
    /// 月: ends on the same-numbered day of the last month (D2).
    case month
    /// 年: as months × 12 (D2).
    case year

    public var chineseName: String {
        switch self {
        case .workday: "工作日"
        case .calendarDay: "日"
        case .month: "个月"
        case .year: "年"
        }
    }
}

/// A length of time in one unit: `5个工作日`, `30日`, `3个月`.
public struct Period: Hashable, Codable, Sendable, CustomStringConvertible {
    public var unit: DeadlineUnit
    public var length: Int

    public init(_ length: Int, _ unit: DeadlineUnit) {
        self.length = length
        self.unit = unit
    }

    public static func workdays(_ n: Int) -> Period { Period(n, .workday) }
    public static func days(_ n: Int) -> Period { Period(n, .calendarDay) }
    public static func months(_ n: Int) -> Period { Period(n, .month) }
    public static func years(_ n: Int) -> Period { Period(n, .year) }

    public var description: String { "\(length)\(unit.chineseName)" }
}

/// A span the law excludes from a time limit (不计入期限): 补正材料, 鉴定, hearing time in a 信访 复核 …
public struct DeadlineSuspension: Hashable, Codable, Sendable {
    /// The first day not counted.
    public var from: CivilDate
    /// The last day not counted.
    public var through: CivilDate
    public var reason: String
    public var legalBasis: String?

    public init(from: CivilDate, through: CivilDate, reason: String, legalBasis: String? = nil) {
        self.from = from
        self.through = through
        self.reason = reason
        self.legalBasis = legalBasis
    }

    public func contains(_ date: CivilDate) -> Bool { from <= date && date <= through }
}

/// A statutory extension (延长): a further period counted from the due date it extends.
public struct DeadlineExtension: Hashable, Codable, Sendable {
    public var period: Period
    public var reason: String
    public var legalBasis: String?

    public init(period: Period, reason: String, legalBasis: String? = nil) {
        self.period = period
        self.reason = reason
        self.legalBasis = legalBasis
    }
}
