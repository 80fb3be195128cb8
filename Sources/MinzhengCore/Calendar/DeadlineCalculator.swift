import Foundation

/// Counts statutory periods on an official calendar (rules.md §1).
///
/// * D1: counting starts the day after the triggering event.
/// * Workday periods: the due date is the N-th workday after the start; it is always a workday.
/// * Calendar-day periods: the N-th day; a rest day rolls forward to the next workday (D3) unless `rollsForward`
///   is off (D12 for fixed dates, D13 for notices are settings).
/// * Month and year periods: the same-numbered day of the last month, or its last day (D2), then D3.
/// * Suspended days are not counted; an extension is a further period counted from the due date it extends.
public struct DeadlineCalculator: Sendable {
    public let calendar: OfficialCalendar
    /// The longest span the calculator walks, in days.
    public static let maximumSpan = 3660

    public init(calendar: OfficialCalendar) {
        self.calendar = calendar
    }

    public func compute(
        from start: CivilDate,
        period: Period,
        suspensions: [DeadlineSuspension] = [],
        extensions: [DeadlineExtension] = [],
        rollsForward: Bool = true
    ) throws -> DeadlineCalculation {
        guard period.length >= 0 else { throw CalendarError.periodTooLong }
        var steps: [DeadlineStep] = []
        var touched = Set<Int>()
        var due = try count(period, after: start, phase: 0, suspensions: suspensions, rollsForward: rollsForward,
                            steps: &steps, touched: &touched)
        let original = due
        for (index, extension_) in extensions.enumerated() {
            due = try count(extension_.period, after: due, phase: index + 1, suspensions: suspensions,
                            rollsForward: rollsForward, steps: &steps, touched: &touched)
        }
        let unconfirmed = touched.filter { !calendar.isComplete(year: $0) }.sorted()
        return DeadlineCalculation(
            startDate: start, period: period, originalDueDate: original, dueDate: due, steps: steps,
            suspensions: suspensions, extensions: extensions, calendarCode: calendar.definition.code,
            unconfirmedYears: unconfirmed)
    }

    private func count(
        _ period: Period, after start: CivilDate, phase: Int, suspensions: [DeadlineSuspension], rollsForward: Bool,
        steps: inout [DeadlineStep], touched: inout Set<Int>
    ) throws -> CivilDate {
        switch period.unit {
        case .workday:
            return try countWorkdays(period.length, after: start, phase: phase, suspensions: suspensions,
                                     steps: &steps, touched: &touched)
        case .calendarDay:
            return try countDays(period.length, after: start, phase: phase, suspensions: suspensions,
                                 rollsForward: rollsForward, steps: &steps, touched: &touched)
        case .month, .year:
            let months = period.unit == .month ? period.length : period.length * 12
            return try countMonths(months, after: start, phase: phase, suspensions: suspensions,
                                   rollsForward: rollsForward, steps: &steps, touched: &touched)
        }
    }

    private func countWorkdays(
        _ length: Int, after start: CivilDate, phase: Int, suspensions: [DeadlineSuspension],
        steps: inout [DeadlineStep], touched: inout Set<Int>
    ) throws -> CivilDate {
        var current = start
        var counted = 0
        var walked = 0
        while counted < length {
            current = current.adding(days: 1)
            walked += 1
            guard walked <= Self.maximumSpan else { throw CalendarError.periodTooLong }
            let day = try calendar.classify(current)
            touched.insert(current.year)
            if let suspension = suspensions.first(where: { $0.contains(current) }) {
                steps.append(.init(date: current, role: .suspended, ordinal: nil, dayKind: day.kind,
                                   reason: "中止期间不计入（\(suspension.reason)）", phase: phase))
            } else if day.isWorkday {
                counted += 1
                let reason = day.kind == .makeUpWorkday ? "第\(counted)个工作日（\(day.reason)）" : "第\(counted)个工作日"
                steps.append(.init(date: current, role: .counted, ordinal: counted, dayKind: day.kind,
                                   reason: reason, phase: phase))
            } else {
                steps.append(.init(date: current, role: .skipped, ordinal: nil, dayKind: day.kind,
                                   reason: day.reason, phase: phase))
            }
        }
        return current
    }

    private func countDays(
        _ length: Int, after start: CivilDate, phase: Int, suspensions: [DeadlineSuspension], rollsForward: Bool,
        steps: inout [DeadlineStep], touched: inout Set<Int>
    ) throws -> CivilDate {
        var current = start
        var counted = 0
        var walked = 0
        while counted < length {
            current = current.adding(days: 1)
            walked += 1
            guard walked <= Self.maximumSpan else { throw CalendarError.periodTooLong }
            // Without roll-forward a calendar-day period needs no calendar (a validity of five years runs past the years
            // loaded); the day's kind is then only described.
            let day = rollsForward ? try calendar.classify(current)
                : (try? calendar.classify(current)) ?? DayClassification(date: current, kind: current.isWeekend ? .weekend : .workday, name: nil)
            if rollsForward || calendar.holds(year: current.year) { touched.insert(current.year) }
            if let suspension = suspensions.first(where: { $0.contains(current) }) {
                steps.append(.init(date: current, role: .suspended, ordinal: nil, dayKind: day.kind,
                                   reason: "中止期间不计入（\(suspension.reason)）", phase: phase))
            } else {
                counted += 1
                steps.append(.init(date: current, role: .counted, ordinal: counted, dayKind: day.kind,
                                   reason: "第\(counted)日（\(day.reason)）", phase: phase))
            }
        }
        return try rollForward(from: current, enabled: rollsForward, phase: phase, steps: &steps, touched: &touched)
    }

    private func countMonths(
        _ months: Int, after start: CivilDate, phase: Int, suspensions: [DeadlineSuspension], rollsForward: Bool,
        steps: inout [DeadlineStep], touched: inout Set<Int>
    ) throws -> CivilDate {
        var end = start.adding(months: months)
        // Suspended days push the end back by as many days as they cover inside the period.
        var counted = Set<CivilDate>()
        var changed = true
        while changed {
            changed = false
            for suspension in suspensions {
                var day = max(suspension.from, start.adding(days: 1))
                while day <= suspension.through && day <= end {
                    if counted.insert(day).inserted {
                        end = end.adding(days: 1)
                        changed = true
                    }
                    day = day.adding(days: 1)
                }
            }
        }
        guard start.days(until: end) <= Self.maximumSpan else { throw CalendarError.periodTooLong }
        for day in counted.sorted() {
            let kind = try calendar.classify(day).kind
            let reason = suspensions.first { $0.contains(day) }?.reason ?? ""
            steps.append(.init(date: day, role: .suspended, ordinal: nil, dayKind: kind,
                               reason: "中止期间不计入（\(reason)）", phase: phase))
        }
        let endDay = try calendar.classify(end)
        touched.insert(end.year)
        let sameDay = end.day == start.day ? "期间届满日（对应日）" : "期间届满日（该月最后一日）"
        steps.append(.init(date: end, role: .periodEnd, ordinal: nil, dayKind: endDay.kind,
                           reason: "\(sameDay)，\(endDay.reason)", phase: phase))
        guard rollsForward, !endDay.isWorkday else { return end }
        steps[steps.count - 1].role = .rolledOver
        steps[steps.count - 1].reason = "\(sameDay)为\(endDay.reason)，顺延"
        return try rollForward(from: end, enabled: true, phase: phase, steps: &steps, touched: &touched,
                               alreadyRecorded: true)
    }

    /// D3: a last day that is a rest day moves to the first workday after it.
    private func rollForward(
        from date: CivilDate, enabled: Bool, phase: Int, steps: inout [DeadlineStep], touched: inout Set<Int>,
        alreadyRecorded: Bool = false
    ) throws -> CivilDate {
        guard enabled else { return date }
        var current = date
        var day = try calendar.classify(current)
        var first = true
        while !day.isWorkday {
            if !(first && alreadyRecorded) {
                if first, let last = steps.indices.last, steps[last].date == current {
                    steps[last].role = .rolledOver
                    steps[last].reason = "最后一日为\(day.reason)，顺延"
                } else {
                    steps.append(.init(date: current, role: .rolledOver, ordinal: nil, dayKind: day.kind,
                                       reason: "\(day.reason)，顺延", phase: phase))
                }
            }
            first = false
            current = current.adding(days: 1)
            touched.insert(current.year)
            day = try calendar.classify(current)
            guard date.days(until: current) < 60 else { throw CalendarError.periodTooLong }
        }
        if current != date {
            steps.append(.init(date: current, role: .counted, ordinal: nil, dayKind: day.kind,
                               reason: "顺延至此日（\(day.reason)）", phase: phase))
        }
        return current
    }
}
