import MinzhengCore
import PropertyBased
import Testing

@Suite struct DeadlineCalculatorTests {
    static let national = DeadlineCalculator(calendar: ReferenceCalendarTests.national)
    static let xinjiang = DeadlineCalculator(calendar: ReferenceCalendarTests.xinjiang)

    static func date(_ text: String) -> CivilDate { CivilDate(iso: text)! }

    /// rules.md §1 test vectors: (input start, period, due with 新疆 days, due national only).
    @Test(arguments: [
        ("2025-09-26", Period.workdays(5), "2025-10-10", "2025-10-10"),
        ("2025-03-27", Period.workdays(3), "2025-04-02", "2025-04-01"),
        ("2025-06-04", Period.workdays(10), "2025-06-23", "2025-06-18"),
        ("2025-01-20", Period.workdays(30), "2025-03-07", "2025-03-07"),
        ("2025-09-05", Period.days(30), "2025-10-09", "2025-10-09"),
    ])
    func rulebookVectorsHoldOnBothCalendars(_ start: String, _ period: Period, _ withXinjiang: String, _ nationalOnly: String) throws {
        #expect(try Self.xinjiang.compute(from: Self.date(start), period: period).dueDate == Self.date(withXinjiang))
        #expect(try Self.national.compute(from: Self.date(start), period: period).dueDate == Self.date(nationalOnly))
    }

    @Test func eventDayIsNotCountedAndMakeUpSundayIs() throws {
        let result = try Self.national.compute(from: Self.date("2025-09-26"), period: .workdays(5))
        let counted = result.steps.filter { $0.role == .counted }.map(\.date.description)
        #expect(counted == ["2025-09-28", "2025-09-29", "2025-09-30", "2025-10-09", "2025-10-10"])
        #expect(result.steps.first?.date == Self.date("2025-09-27"))
        #expect(result.steps.contains { $0.date == Self.date("2025-10-01") && $0.role == .skipped && $0.reason.contains("国庆节") })
    }

    @Test func skippedRegionalDaysCarryTheirReason() throws {
        let result = try Self.xinjiang.compute(from: Self.date("2025-06-04"), period: .workdays(10))
        let skipped = result.steps.first { $0.date == Self.date("2025-06-09") }
        #expect(skipped?.role == .skipped)
        #expect(skipped?.reason == "新疆地方节日（古尔邦节）")
    }

    @Test func calendarDayPeriodRollsForwardOverTheHoliday() throws {
        let result = try Self.national.compute(from: Self.date("2025-09-05"), period: .days(30))
        #expect(result.originalDueDate == Self.date("2025-10-09"))
        let rolled = result.steps.filter { $0.role == .rolledOver }.map(\.date.description)
        #expect(rolled == ["2025-10-05", "2025-10-06", "2025-10-07", "2025-10-08"])
    }

    @Test func calendarDayPeriodCanBeLeftWithoutRollForward() throws {
        let result = try Self.national.compute(from: Self.date("2025-09-05"), period: .days(30), rollsForward: false)
        #expect(result.dueDate == Self.date("2025-10-05"))
    }

    @Test func monthPeriodEndsOnTheCorrespondingDayThenRollsForward() throws {
        // 2025-01-04 + 1 month = 2025-02-04, last day of 春节 → next workday 2025-02-05.
        let result = try Self.national.compute(from: Self.date("2025-01-04"), period: .months(1))
        #expect(result.dueDate == Self.date("2025-02-05"))
        #expect(try Self.national.compute(from: Self.date("2025-01-31"), period: .months(1)).dueDate == Self.date("2025-02-28"))
    }

    @Test func suspendedDaysAreNotCounted() throws {
        let suspension = DeadlineSuspension(from: Self.date("2025-03-10"), through: Self.date("2025-03-14"), reason: "补正材料")
        let plain = try Self.national.compute(from: Self.date("2025-03-06"), period: .workdays(5))
        let suspended = try Self.national.compute(from: Self.date("2025-03-06"), period: .workdays(5), suspensions: [suspension])
        #expect(plain.dueDate == Self.date("2025-03-13"))
        #expect(suspended.dueDate == Self.date("2025-03-20"))
        #expect(suspended.steps.filter { $0.role == .suspended }.count == 5)
    }

    @Test func suspensionPushesACalendarDayPeriodBackByItsLength() throws {
        let suspension = DeadlineSuspension(from: Self.date("2025-03-10"), through: Self.date("2025-03-12"), reason: "听证")
        let result = try Self.national.compute(from: Self.date("2025-03-01"), period: .days(15), suspensions: [suspension])
        #expect(result.dueDate == Self.date("2025-03-19"))
    }

    @Test func extensionIsCountedFromTheDueDateItExtends() throws {
        // 信访 60 d + 30 d with approval (信访工作条例 第三十四条).
        let extended = try Self.national.compute(
            from: Self.date("2025-01-02"), period: .days(60),
            extensions: [DeadlineExtension(period: .days(30), reason: "情况复杂，经负责人批准")])
        #expect(extended.originalDueDate == Self.date("2025-03-03"))
        #expect(extended.dueDate == Self.date("2025-04-02"))
        #expect(extended.steps.contains { $0.phase == 1 })
    }

    @Test func aComputationReachingAMissingYearIsRefused() {
        #expect(throws: CalendarError.yearNotLoaded(2027)) {
            try Self.national.compute(from: Self.date("2026-12-20"), period: .workdays(10))
        }
    }

    @Test func touchingAYearWithoutRegionalDaysIsFlaggedUnconfirmed() throws {
        let result = try Self.xinjiang.compute(from: Self.date("2026-03-02"), period: .workdays(5))
        #expect(result.unconfirmedYears == [2026])
        #expect(!result.isConfirmed)
        #expect(try Self.xinjiang.compute(from: Self.date("2025-03-02"), period: .workdays(5)).isConfirmed)
    }

    @Test func workdayDueDateIsAlwaysAWorkdayAndCountsExactlyTheLength() async {
        let starts = Gen.int(in: CivilDate(iso: "2024-01-01")!.dayNumber...CivilDate(iso: "2026-09-30")!.dayNumber)
        await propertyCheck(count: 300, input: starts, Gen.int(in: 0...40)) { dayNumber, length in
            let start = CivilDate(dayNumber: dayNumber)
            let result = try Self.xinjiang.compute(from: start, period: .workdays(length))
            #expect(result.steps.filter { $0.role == .counted }.count == length)
            if length > 0 { #expect(try Self.xinjiang.calendar.isWorkday(result.dueDate)) } else { #expect(result.dueDate == start) }
            #expect(result.dueDate >= start)
        }
    }

    @Test func calendarDayDueDateIsAWorkdayNoEarlierThanTheNominalEnd() async {
        let starts = Gen.int(in: CivilDate(iso: "2024-01-01")!.dayNumber...CivilDate(iso: "2026-09-30")!.dayNumber)
        await propertyCheck(count: 300, input: starts, Gen.int(in: 1...60)) { dayNumber, length in
            let start = CivilDate(dayNumber: dayNumber)
            let result = try Self.national.compute(from: start, period: .days(length))
            #expect(try Self.national.calendar.isWorkday(result.dueDate))
            #expect(result.dueDate >= start.adding(days: length))
        }
    }
}
