import Foundation

/// The official calendar as published, 2024–2026 (rules.md §12): the 国务院办公厅 holiday notices and the
/// 新疆维吾尔自治区 regional days of 2025. This is reference data: a migration loads it, and an administrator adds
/// later years (`minzheng calendar import`, `/admin/calendar`).
///
/// Basis: 全国年节及纪念日放假办法 as revised by 国务院令第795号 (from 2025: 除夕 and 5月2日 added).
public enum ReferenceCalendarData {
    private struct Span {
        let name: String
        let days: [String]  // ISO dates or "first..last" ranges
    }

    private struct Notice {
        let year: Int
        let region: String?
        let documentRef: String
        let holidays: [Span]
        let makeUpWorkdays: [Span]
    }

    private static let notices: [Notice] = [
        Notice(
            year: 2024, region: nil,
            documentRef: "国务院办公厅关于2024年部分节假日安排的通知（2023年10月25日；文号未经核实）",
            holidays: [
                Span(name: "元旦", days: ["2024-01-01"]),
                Span(name: "春节", days: ["2024-02-10..2024-02-17"]),
                Span(name: "清明节", days: ["2024-04-04..2024-04-06"]),
                Span(name: "劳动节", days: ["2024-05-01..2024-05-05"]),
                Span(name: "端午节", days: ["2024-06-10"]),
                Span(name: "中秋节", days: ["2024-09-15..2024-09-17"]),
                Span(name: "国庆节", days: ["2024-10-01..2024-10-07"]),
            ],
            makeUpWorkdays: [
                Span(name: "春节", days: ["2024-02-04", "2024-02-18"]),
                Span(name: "清明节", days: ["2024-04-07"]),
                Span(name: "劳动节", days: ["2024-04-28", "2024-05-11"]),
                Span(name: "中秋节", days: ["2024-09-14"]),
                Span(name: "国庆节", days: ["2024-09-29", "2024-10-12"]),
            ]),
        Notice(
            year: 2025, region: nil,
            documentRef: "国办发明电〔2024〕12号（2024年11月12日）",
            holidays: [
                Span(name: "元旦", days: ["2025-01-01"]),
                Span(name: "春节", days: ["2025-01-28..2025-02-04"]),
                Span(name: "清明节", days: ["2025-04-04..2025-04-06"]),
                Span(name: "劳动节", days: ["2025-05-01..2025-05-05"]),
                Span(name: "端午节", days: ["2025-05-31..2025-06-02"]),
                Span(name: "国庆节、中秋节", days: ["2025-10-01..2025-10-08"]),
            ],
            makeUpWorkdays: [
                Span(name: "春节", days: ["2025-01-26", "2025-02-08"]),
                Span(name: "劳动节", days: ["2025-04-27"]),
                Span(name: "国庆节、中秋节", days: ["2025-09-28", "2025-10-11"]),
            ]),
        Notice(
            year: 2026, region: nil,
            documentRef: "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日；文号未经核实）",
            holidays: [
                Span(name: "元旦", days: ["2026-01-01..2026-01-03"]),
                Span(name: "春节", days: ["2026-02-15..2026-02-23"]),
                Span(name: "清明节", days: ["2026-04-04..2026-04-06"]),
                Span(name: "劳动节", days: ["2026-05-01..2026-05-05"]),
                Span(name: "端午节", days: ["2026-06-19..2026-06-21"]),
                Span(name: "中秋节", days: ["2026-09-25..2026-09-27"]),
                Span(name: "国庆节", days: ["2026-10-01..2026-10-07"]),
            ],
            makeUpWorkdays: [
                Span(name: "元旦", days: ["2026-01-04"]),
                Span(name: "春节", days: ["2026-02-14", "2026-02-28"]),
                Span(name: "劳动节", days: ["2026-05-09"]),
                Span(name: "国庆节", days: ["2026-09-20", "2026-10-10"]),
            ]),
        Notice(
            year: 2025, region: "xinjiang",
            documentRef: "新疆维吾尔自治区人民政府办公厅2025年节假日及冬夏季作息时间通知",
            holidays: [
                Span(name: "肉孜节", days: ["2025-03-29..2025-03-31"]),
                Span(name: "古尔邦节", days: ["2025-06-06..2025-06-10"]),
            ],
            makeUpWorkdays: []),
    ]

    /// Every reference entry.
    public static let entries: [CalendarEntry] = notices.flatMap { notice in
        let holidayKind: CalendarDayKind = notice.region == nil ? .holiday : .regionalHoliday
        let holidays = notice.holidays.flatMap { span in
            expand(span.days).map {
                CalendarEntry(date: $0, kind: holidayKind, name: span.name, region: notice.region,
                              documentRef: notice.documentRef)
            }
        }
        let makeUps = notice.makeUpWorkdays.flatMap { span in
            expand(span.days).map {
                CalendarEntry(date: $0, kind: .makeUpWorkday, name: span.name, region: notice.region,
                              documentRef: notice.documentRef)
            }
        }
        return holidays + makeUps
    }

    /// The years (per scope) the reference data holds.
    public static let years: [CalendarYear] = notices.map {
        CalendarYear(year: $0.year, region: $0.region, documentRef: $0.documentRef)
    }

    private static func expand(_ items: [String]) -> [CivilDate] {
        items.flatMap { item -> [CivilDate] in
            let parts = item.components(separatedBy: "..")
            let first = CivilDate(iso: parts[0])!
            let last = parts.count == 2 ? CivilDate(iso: parts[1])! : first
            return (first.dayNumber...last.dayNumber).map(CivilDate.init(dayNumber:))
        }
    }
}
