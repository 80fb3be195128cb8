import Foundation
import MinzhengCore
import Testing

@Suite struct CivilDateTests {
    @Test(arguments: [
        ("1970-01-01", 0, Weekday.thursday),
        ("2025-09-26", 20357, Weekday.friday),
        ("2024-02-29", 19782, Weekday.thursday),
        ("2000-01-01", 10957, Weekday.saturday),
    ])
    func dayNumberAndWeekdayMatchTheCalendar(_ text: String, _ dayNumber: Int, _ weekday: Weekday) throws {
        let date = try #require(CivilDate(iso: text))
        #expect(date.dayNumber == dayNumber)
        #expect(CivilDate(dayNumber: dayNumber) == date)
        #expect(date.weekday == weekday)
        #expect(date.description == text)
    }

    @Test(arguments: ["2025-02-29", "2025-13-01", "2025-00-10", "2025-1-01", "25-01-01", "2025/01/01", "", "2025-01-32"])
    func impossibleOrMalformedDatesAreRefused(_ text: String) {
        #expect(CivilDate(iso: text) == nil)
    }

    @Test func monthPeriodEndsOnTheSameNumberedDayOrTheMonthsLastDay() throws {
        // 民法典 第二百零二条
        #expect(CivilDate(year: 2025, month: 1, day: 31)!.adding(months: 1) == CivilDate(year: 2025, month: 2, day: 28))
        #expect(CivilDate(year: 2024, month: 1, day: 31)!.adding(months: 1) == CivilDate(year: 2024, month: 2, day: 29))
        #expect(CivilDate(year: 2025, month: 3, day: 15)!.adding(months: 3) == CivilDate(year: 2025, month: 6, day: 15))
        #expect(CivilDate(year: 2024, month: 2, day: 29)!.adding(years: 1) == CivilDate(year: 2025, month: 2, day: 28))
        #expect(CivilDate(year: 2025, month: 11, day: 30)!.adding(months: 3) == CivilDate(year: 2026, month: 2, day: 28))
    }

    @Test func instantIsReadInChinaStandardTime() {
        // 2026-11-26T22:45:00Z is already 27 November in Beijing.
        let instant = Date(timeIntervalSince1970: 1_795_733_100)
        #expect(CivilDate(instant) == CivilDate(year: 2026, month: 11, day: 27))
        #expect(CivilDate(CivilDate(year: 2025, month: 10, day: 1)!.startInstant) == CivilDate(year: 2025, month: 10, day: 1))
    }

    @Test func encodesAsISOText() throws {
        let date = CivilDate(year: 2025, month: 3, day: 7)!
        let data = try JSONEncoder().encode([date])
        #expect(String(decoding: data, as: UTF8.self) == "[\"2025-03-07\"]")
        #expect(try JSONDecoder().decode([CivilDate].self, from: data) == [date])
    }
}
