import Foundation

/// The service figures of item 9, for one matter type at one unit (or summed), computed from the records.
public struct ServiceFigures: Sendable, Hashable {
    public var typeID: MatterTypeID?
    public var orgUnitName: String?
    public var total: Int
    public var online: Int
    public var crossProvince: Int
    public var visits: Int
    /// Matters whose overall clock has stopped, and how many of them stopped on or before the due date.
    public var measured: Int
    public var onTime: Int
    public var rated: Int
    /// Ratings of 4 or 5.
    public var satisfied: Int

    public init(typeID: MatterTypeID? = nil, orgUnitName: String? = nil, total: Int = 0, online: Int = 0, crossProvince: Int = 0,
                visits: Int = 0, measured: Int = 0, onTime: Int = 0, rated: Int = 0, satisfied: Int = 0) {
        self.typeID = typeID
        self.orgUnitName = orgUnitName
        self.total = total
        self.online = online
        self.crossProvince = crossProvince
        self.visits = visits
        self.measured = measured
        self.onTime = onTime
        self.rated = rated
        self.satisfied = satisfied
    }

    /// 全程网办率: online applications ÷ all.
    public var onlineShare: Double? { total > 0 ? Double(online) / Double(total) : nil }
    /// 平均跑动次数.
    public var averageVisits: Double? { total > 0 ? Double(visits) / Double(total) : nil }
    /// 按期办结率: on time ÷ completed with an overall clock.
    public var onTimeRate: Double? { measured > 0 ? Double(onTime) / Double(measured) : nil }
    /// 满意率: ratings of 4–5 ÷ ratings.
    public var satisfactionRate: Double? { rated > 0 ? Double(satisfied) / Double(rated) : nil }

    public static func + (lhs: ServiceFigures, rhs: ServiceFigures) -> ServiceFigures {
        ServiceFigures(total: lhs.total + rhs.total, online: lhs.online + rhs.online, crossProvince: lhs.crossProvince + rhs.crossProvince,
                       visits: lhs.visits + rhs.visits, measured: lhs.measured + rhs.measured, onTime: lhs.onTime + rhs.onTime,
                       rated: lhs.rated + rhs.rated, satisfied: lhs.satisfied + rhs.satisfied)
    }

    /// `87.5%`, or 「—」 when there is nothing to divide.
    public static func percent(_ value: Double?) -> String {
        guard let value else { return "—" }
        return String(format: "%.1f%%", value * 100)
    }
}
