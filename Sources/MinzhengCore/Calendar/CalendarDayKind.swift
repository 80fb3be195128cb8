import Foundation

/// How the official calendar classifies a day (rules.md §12, table `CalendarDay`).
public enum CalendarDayKind: String, Codable, CaseIterable, Sendable {
    /// A national day off from the 国务院办公厅 notice (法定节假日).
    case holiday
    /// A weekend day made a working day by the notice (调休上班).
    case makeUpWorkday
    /// A 新疆 regional day off (肉孜节, 古尔邦节).
    case regionalHoliday
    /// Saturday or Sunday with no special status.
    case weekend
    /// Monday to Friday with no special status.
    case workday

    public var isWorkday: Bool { self == .workday || self == .makeUpWorkday }

    /// The reason shown next to a day in a deadline calculation.
    public var chineseName: String {
        switch self {
        case .holiday: "法定节假日"
        case .makeUpWorkday: "调休上班"
        case .regionalHoliday: "新疆地方节日"
        case .weekend: "周末"
        case .workday: "工作日"
        }
    }

    /// Kinds that are stored as calendar entries; weekends and ordinary workdays follow from the weekday.
    public static let storedKinds: [CalendarDayKind] = [.holiday, .makeUpWorkday, .regionalHoliday]
}
