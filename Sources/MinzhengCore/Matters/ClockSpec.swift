import Foundation

public struct ClockID: Hashable, Codable, Sendable, RawRepresentable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }

    /// The stage clock of a state.
    public static func stage(_ state: StateID) -> ClockID { ClockID(rawValue: "stage:\(state.rawValue)") }
    /// The public-notice period opened by a transition.
    public static let notice: ClockID = "notice"
}

public enum ClockKind: String, Codable, Sendable {
    /// The overall statutory clock, running until the case ends except during suspensions.
    case overall
    /// A stage clock, restarting with each state.
    case stage
    /// A public-notice (公示) period.
    case notice
}

/// How a clock may be extended (延长): by whom, by at most how much, and whether the party must be told.
public struct ExtensionRule: Sendable, Hashable {
    public var maximum: Period
    public var approverRoles: [Role]
    public var requiresNoticeToParty: Bool
    public var legalBasis: String

    public init(maximum: Period, approverRoles: [Role] = [.leader], requiresNoticeToParty: Bool, legalBasis: String) {
        self.maximum = maximum
        self.approverRoles = approverRoles
        self.requiresNoticeToParty = requiresNoticeToParty
        self.legalBasis = legalBasis
    }
}

/// A statutory clock as declared (rules.md §1): unit and length, start event, legal basis, extension.
public struct ClockSpec: Sendable, Hashable {
    public var id: ClockID
    public var name: String
    public var kind: ClockKind
    public var period: Period
    public var legalBasis: String
    /// The clock starts when any of these happen (the event day is not counted).
    public var startsOn: [TransitionID]
    /// The clock stops when any of these happen, and when the matter reaches a terminal state.
    public var stopsOn: [TransitionID]
    public var extensionRule: ExtensionRule?
    public var rollsForward: Bool
    /// A field whose value (a number of months) replaces the period, e.g. a review every 12 or 6 months.
    public var monthsField: String?
    /// A setting whose integer value replaces the length (✘ local limits such as `disabilitySubsidy.stageLimits`).
    public var lengthSetting: String?
    /// The clock runs on from the due date of another clock rather than from the act's day (the divorce issue window
    /// is "the next 30 days" after the cooling-off, whenever the act that opens it is recorded).
    public var startsAfter: ClockID?
    /// The act the system takes by itself when the clock runs out (视为撤回 at the end of the issue window).
    public var onExpiry: TransitionID?
    /// A field holding a fixed calendar date the clock runs to (年检: 3月31日 / 5月31日); whether such a date rolls over
    /// a rest day is ✘ `deadline.fixedDateRollForward` (D12).
    public var dueDateField: String?
    /// A field whose value picks the period (复议 answer 10 working days, 诉讼 15 days).
    public var periodField: String?
    public var periodChoices: [String: Period]

    public init(_ id: ClockID, _ name: String, kind: ClockKind = .overall, period: Period, legalBasis: String,
                startsOn: [TransitionID], stopsOn: [TransitionID] = [], extensionRule: ExtensionRule? = nil, rollsForward: Bool = true,
                monthsField: String? = nil, lengthSetting: String? = nil, startsAfter: ClockID? = nil, onExpiry: TransitionID? = nil,
                dueDateField: String? = nil, periodField: String? = nil, periodChoices: [String: Period] = [:]) {
        self.id = id
        self.name = name
        self.kind = kind
        self.period = period
        self.legalBasis = legalBasis
        self.startsOn = startsOn
        self.stopsOn = stopsOn
        self.extensionRule = extensionRule
        self.rollsForward = rollsForward
        self.monthsField = monthsField
        self.lengthSetting = lengthSetting
        self.startsAfter = startsAfter
        self.onExpiry = onExpiry
        self.dueDateField = dueDateField
        self.periodField = periodField
        self.periodChoices = periodChoices
    }

    /// The clock as it starts for this matter on `day`: lengths from a field (months), a setting, or a fixed date.
    public func adjusted(value: (String) -> String?, settings: SettingsSnapshot, startingOn day: CivilDate) -> ClockSpec {
        var adjusted = self
        if let field = monthsField, let months = value(field).flatMap(Int.init), months > 0 { adjusted.period = .months(months) }
        if let key = lengthSetting, settings.int(key) > 0 { adjusted.period.length = settings.int(key) }
        if let field = periodField, let chosen = value(field).flatMap({ periodChoices[$0] }) { adjusted.period = chosen }
        if let field = dueDateField, let due = value(field).flatMap(CivilDate.init(iso:)) {
            adjusted.period = .days(max(0, due.dayNumber - day.dayNumber))
            adjusted.rollsForward = settings.bool("deadline.fixedDateRollForward")
        }
        return adjusted
    }
}

/// A running or stopped clock of one matter.
public struct MatterClock: Sendable, Hashable, Codable {
    public var id: UUID
    public var clockID: ClockID
    public var name: String
    public var kind: ClockKind
    public var period: Period
    public var legalBasis: String
    public var calendarCode: String
    /// The triggering event's day (not counted).
    public var startDate: CivilDate
    public var dueDate: CivilDate
    public var originalDueDate: CivilDate
    public var suspensions: [DeadlineSuspension]
    /// An open suspension: since when, and why.
    public var suspendedSince: CivilDate?
    public var suspensionReason: String?
    public var extensions: [DeadlineExtension]
    public var stoppedOn: CivilDate?
    public var rollsForward: Bool
    /// The computation touched a year without its regional days (✘).
    public var isUnconfirmed: Bool
    /// The year whose national arrangement is missing: the due date cannot be computed yet and is never guessed
    /// (rules.md §1 fail safe). The act that started the clock stands; the due date follows the calendar import.
    public var pendingYear: Int?

    public var isPending: Bool { pendingYear != nil }

    public init(id: UUID = UUID(), clockID: ClockID, name: String, kind: ClockKind, period: Period, legalBasis: String,
                calendarCode: String, startDate: CivilDate, dueDate: CivilDate, originalDueDate: CivilDate,
                suspensions: [DeadlineSuspension] = [], suspendedSince: CivilDate? = nil, suspensionReason: String? = nil,
                extensions: [DeadlineExtension] = [], stoppedOn: CivilDate? = nil, rollsForward: Bool = true, isUnconfirmed: Bool = false,
                pendingYear: Int? = nil) {
        self.id = id
        self.clockID = clockID
        self.name = name
        self.kind = kind
        self.period = period
        self.legalBasis = legalBasis
        self.calendarCode = calendarCode
        self.startDate = startDate
        self.dueDate = dueDate
        self.originalDueDate = originalDueDate
        self.suspensions = suspensions
        self.suspendedSince = suspendedSince
        self.suspensionReason = suspensionReason
        self.extensions = extensions
        self.stoppedOn = stoppedOn
        self.rollsForward = rollsForward
        self.isUnconfirmed = isUnconfirmed
        self.pendingYear = pendingYear
    }

    public var isRunning: Bool { stoppedOn == nil }

    /// The date a matter's list shows as its next deadline: the earliest due date of its clocks that are running, not
    /// suspended, and not waiting for a calendar year (`next_due_date`, which the urgency filters read).
    public static func nextDue(of clocks: [MatterClock]) -> CivilDate? {
        clocks.filter { $0.isRunning && $0.suspendedSince == nil && !$0.isPending }.map(\.dueDate).min()
    }
    public var isSuspended: Bool { suspendedSince != nil }

    /// Starts a clock on `calendar` from `startDate`. A period reaching a year the calendar does not hold gives a
    /// pending clock: its due date is computed when that year is imported.
    public static func start(_ spec: ClockSpec, on startDate: CivilDate, calendar: OfficialCalendar) throws -> MatterClock {
        var clock = MatterClock(clockID: spec.id, name: spec.name, kind: spec.kind, period: spec.period, legalBasis: spec.legalBasis,
                                calendarCode: calendar.definition.code, startDate: startDate, dueDate: startDate, originalDueDate: startDate,
                                rollsForward: spec.rollsForward)
        try clock.recompute(calendar: calendar, today: startDate)
        return clock
    }

    /// The suspensions to count, an open one running until `today`.
    public func effectiveSuspensions(today: CivilDate) -> [DeadlineSuspension] {
        guard let since = suspendedSince else { return suspensions }
        return suspensions + [DeadlineSuspension(from: since, through: max(since, today), reason: suspensionReason ?? "中止")]
    }

    /// Recomputes the due date with suspensions and extensions, on `calendar` (also after a calendar import).
    public func calculation(calendar: OfficialCalendar, today: CivilDate) throws -> DeadlineCalculation {
        try DeadlineCalculator(calendar: calendar).compute(
            from: startDate, period: period, suspensions: effectiveSuspensions(today: today), extensions: extensions,
            rollsForward: rollsForward)
    }

    public mutating func recompute(calendar: OfficialCalendar, today: CivilDate) throws {
        do {
            let result = try calculation(calendar: calendar, today: today)
            dueDate = result.dueDate
            originalDueDate = result.originalDueDate
            isUnconfirmed = !result.isConfirmed
            pendingYear = nil
        } catch CalendarError.yearNotLoaded(let year) {
            pendingYear = year
        }
    }

    /// The alert level on `today` (rules.md §1 warnings): due within `warnWorkdays` workdays, or overdue (after
    /// 24:00 of the due date).
    public func alert(today: CivilDate, calendar: OfficialCalendar, warnWorkdays: Int) -> DeadlineAlert {
        if let stoppedOn { return isPending ? .met : stoppedOn <= dueDate ? .met : .late }
        if isPending { return .pending }
        if isSuspended { return .suspended }
        if today > dueDate { return .overdue }
        var workdays = 0
        var day = today
        while day < dueDate {
            day = day.adding(days: 1)
            if (try? calendar.isWorkday(day)) ?? true { workdays += 1 }
            if workdays > warnWorkdays { return .normal }
        }
        return .dueSoon
    }
}

/// The urgency a clock shows: yellow when due soon, red when overdue.
public enum DeadlineAlert: String, Codable, Sendable, Comparable {
    case overdue, dueSoon, normal, pending, suspended, met, late

    public var chineseName: String {
        switch self {
        case .overdue: "已超期"
        case .dueSoon: "即将到期"
        case .normal: "正常"
        case .pending: "到期日待定"
        case .suspended: "中止中"
        case .met: "按期办结"
        case .late: "超期办结"
        }
    }

    var rank: Int {
        switch self {
        case .overdue: 0
        case .dueSoon: 1
        case .normal: 2
        case .pending: 3
        case .suspended: 3
        case .late: 4
        case .met: 5
        }
    }

    public static func < (lhs: DeadlineAlert, rhs: DeadlineAlert) -> Bool { lhs.rank < rhs.rank }
}
