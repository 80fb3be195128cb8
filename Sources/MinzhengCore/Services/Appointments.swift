import Foundation

/// 预约 at the marriage registry (婚姻登记条例 2025 ◐: appointments may be offered): bookable slots per registry, day
/// and service, opened only on working days of the official calendar, with a capacity.
public enum AppointmentService: String, CaseIterable, Codable, Sendable {
    case marriage, divorceApplication, divorceIssue, certificateReissue

    public var chineseName: String {
        switch self {
        case .marriage: "结婚登记"
        case .divorceApplication: "离婚登记申请"
        case .divorceIssue: "离婚登记（冷静期届满后领证）"
        case .certificateReissue: "补领婚姻登记证"
        }
    }
}

public enum AppointmentStatus: String, Codable, Sendable {
    case booked, cancelled, attended, missed

    public var chineseName: String {
        switch self {
        case .booked: "已预约"
        case .cancelled: "已取消"
        case .attended: "已到场办理"
        case .missed: "未到场"
        }
    }
}

public struct AppointmentSlot: Sendable, Hashable, Identifiable {
    public var id: UUID
    public var orgUnitID: OrgUnit.ID
    public var unitName: String
    public var day: CivilDate
    public var service: AppointmentService
    public var capacity: Int
    public var booked: Int

    public init(id: UUID, orgUnitID: OrgUnit.ID, unitName: String, day: CivilDate, service: AppointmentService, capacity: Int, booked: Int) {
        self.id = id
        self.orgUnitID = orgUnitID
        self.unitName = unitName
        self.day = day
        self.service = service
        self.capacity = capacity
        self.booked = booked
    }

    public var remaining: Int { max(0, capacity - booked) }
}

public enum AppointmentRules {
    public static let maximumCapacity = 200
    /// At most this many days are opened in one go.
    public static let maximumRangeDays = 92

    public static func validateCapacity(_ capacity: Int?) throws -> Int {
        guard let capacity, (1...maximumCapacity).contains(capacity) else {
            throw ValidationError(field: "每日名额", reason: "应为 1 至 \(maximumCapacity) 之间的整数。")
        }
        return capacity
    }

    /// The days of `from...through` on which slots may be opened: working days of `calendar` (make-up Saturdays
    /// included), not before `today`. A single day that is a rest day is an error with its reason; in a range, rest
    /// days are skipped and reported.
    public static func openingDays(from: CivilDate, through: CivilDate, today: CivilDate, calendar: OfficialCalendar) throws
        -> (open: [CivilDate], skipped: [DayClassification]) {
        guard from <= through else { throw ValidationError(field: "结束日期", reason: "不能早于开始日期。") }
        guard from >= today else { throw ValidationError(field: "开始日期", reason: "不能早于今天（\(today.chineseDescription)）。") }
        guard through.dayNumber - from.dayNumber < maximumRangeDays else {
            throw ValidationError(field: "日期范围", reason: "一次最多开放 \(maximumRangeDays) 天。")
        }
        var open: [CivilDate] = []
        var skipped: [DayClassification] = []
        var day = from
        while day <= through {
            let classification = try calendar.classify(day)
            if classification.isWorkday { open.append(day) } else { skipped.append(classification) }
            day = day.adding(days: 1)
        }
        if open.isEmpty {
            let reason = skipped.first.map { "\($0.date.chineseDescription)为\($0.reason)" } ?? ""
            throw ValidationError(field: "预约日期", reason: from == through ? "\(reason)，不是工作日，不能开放预约。" : "所选日期均不是工作日，不能开放预约。")
        }
        return (open, skipped)
    }
}
