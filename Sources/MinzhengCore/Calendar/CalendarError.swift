import Foundation

public enum CalendarError: DomainError, Equatable {
    /// The national holiday arrangement of the year has not been imported; deadlines are never guessed.
    case yearNotLoaded(Int)
    /// A period runs longer than the calendar engine walks (ten years).
    case periodTooLong
    case unknownCalendar(String)

    public var code: String {
        switch self {
        case .yearNotLoaded: "calendar.yearNotLoaded"
        case .periodTooLong: "calendar.periodTooLong"
        case .unknownCalendar: "calendar.unknown"
        }
    }

    public var message: String {
        switch self {
        case .yearNotLoaded(let year): "\(year) 年节假日安排尚未导入，无法计算期限，请系统管理员导入该年度国务院办公厅节假日安排。"
        case .periodTooLong: "期限过长（超过十年），无法按日历计算。"
        case .unknownCalendar(let code): "没有名为「\(code)」的日历，可用日历：national（全国）、xinjiang（新疆）。"
        }
    }

    public var category: DomainErrorCategory {
        switch self {
        case .yearNotLoaded: .unavailable
        case .periodTooLong, .unknownCalendar: .invalidInput
        }
    }
}
