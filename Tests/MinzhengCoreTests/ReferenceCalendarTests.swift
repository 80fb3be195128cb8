import MinzhengCore
import Testing

/// Every national day off and every make-up working day of 2024–2026 exactly as rules.md §12 lists them, typed
/// here independently of `ReferenceCalendarData`.
@Suite struct ReferenceCalendarTests {
    static let national = OfficialCalendar(
        definition: .national, entries: ReferenceCalendarData.entries, years: ReferenceCalendarData.years)
    static let xinjiang = OfficialCalendar(
        definition: .xinjiang, entries: ReferenceCalendarData.entries, years: ReferenceCalendarData.years)

    static func expand(_ items: [String]) -> [CivilDate] {
        items.flatMap { item -> [CivilDate] in
            let parts = item.split(separator: "..").map(String.init)
            let first = CivilDate(iso: parts[0])!
            let last = parts.count == 2 ? CivilDate(iso: parts[1])! : first
            return (first.dayNumber...last.dayNumber).map(CivilDate.init(dayNumber:))
        }
    }

    static let holidays = expand([
        "2024-01-01", "2024-02-10..2024-02-17", "2024-04-04..2024-04-06", "2024-05-01..2024-05-05", "2024-06-10",
        "2024-09-15..2024-09-17", "2024-10-01..2024-10-07",
        "2025-01-01", "2025-01-28..2025-02-04", "2025-04-04..2025-04-06", "2025-05-01..2025-05-05",
        "2025-05-31..2025-06-02", "2025-10-01..2025-10-08",
        "2026-01-01..2026-01-03", "2026-02-15..2026-02-23", "2026-04-04..2026-04-06", "2026-05-01..2026-05-05",
        "2026-06-19..2026-06-21", "2026-09-25..2026-09-27", "2026-10-01..2026-10-07",
    ])

    static let makeUpWorkdays = expand([
        "2024-02-04", "2024-02-18", "2024-04-07", "2024-04-28", "2024-05-11", "2024-09-14", "2024-09-29", "2024-10-12",
        "2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11",
        "2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10",
    ])

    @Test(arguments: holidays)
    func everyNationalDayOffIsARestDay(_ date: CivilDate) throws {
        let day = try Self.national.classify(date)
        #expect(day.kind == .holiday)
        #expect(!day.isWorkday)
        #expect(try Self.xinjiang.classify(date).kind == .holiday)
    }

    @Test(arguments: makeUpWorkdays)
    func everyMakeUpDayIsAWeekendWorkday(_ date: CivilDate) throws {
        #expect(date.isWeekend)
        let day = try Self.national.classify(date)
        #expect(day.kind == .makeUpWorkday)
        #expect(day.isWorkday)
    }

    @Test func nationalEntriesAreExactlyTheNoticesDays() {
        let stored = Set(ReferenceCalendarData.entries.filter { $0.region == nil && $0.kind == .holiday }.map(\.date))
        #expect(stored == Set(Self.holidays))
        let storedMakeUps = Set(ReferenceCalendarData.entries.filter { $0.kind == .makeUpWorkday }.map(\.date))
        #expect(storedMakeUps == Set(Self.makeUpWorkdays))
    }

    @Test(arguments: expand(["2025-03-29..2025-03-31", "2025-06-06..2025-06-10"]))
    func xinjiangRegionalDaysAreRestDaysOnlyInTheXinjiangCalendar(_ date: CivilDate) throws {
        #expect(try Self.xinjiang.classify(date).kind == .regionalHoliday)
        #expect(try !Self.xinjiang.isWorkday(date))
        #expect(try Self.national.classify(date).kind == (date.isWeekend ? .weekend : .workday))
    }

    @Test func ordinaryDaysFollowTheWeekday() throws {
        #expect(try Self.national.classify(CivilDate(iso: "2025-03-12")!).kind == .workday)
        #expect(try Self.national.classify(CivilDate(iso: "2025-03-15")!).kind == .weekend)
    }

    @Test func aYearNotLoadedIsRefusedNeverGuessed() {
        #expect(throws: CalendarError.yearNotLoaded(2027)) {
            try Self.national.classify(CivilDate(iso: "2027-03-01")!)
        }
        #expect(CalendarError.yearNotLoaded(2027).message.hasPrefix("2027 年节假日安排尚未导入"))
    }

    @Test func yearsWithoutRegionalDaysAreHeldButIncompleteInXinjiang() {
        #expect(Self.xinjiang.holds(year: 2026))
        #expect(!Self.xinjiang.isComplete(year: 2026))
        #expect(Self.xinjiang.isComplete(year: 2025))
        #expect(Self.national.isComplete(year: 2026))
    }
}
