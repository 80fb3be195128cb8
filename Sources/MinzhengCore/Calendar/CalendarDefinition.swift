import Foundation

/// A named calendar: the national days plus the regional days of zero or more regions.
///
/// Org units follow one calendar; the bureau's units follow `xinjiang` by default (rules.md §12: 新疆 regional days
/// apply in the 兵团 and change workday counting).
public struct CalendarDefinition: Hashable, Sendable, Identifiable {
    public let code: String
    public let name: String
    public let regions: [String]

    public var id: String { code }

    public static let national = CalendarDefinition(code: "national", name: "全国（国务院办公厅通知）", regions: [])
    public static let xinjiang = CalendarDefinition(code: "xinjiang", name: "新疆（全国节假日加肉孜节、古尔邦节）", regions: ["xinjiang"])

    public static let all: [CalendarDefinition] = [.national, .xinjiang]

    /// The default calendar of the bureau's org units.
    public static let bureauDefault = xinjiang

    public static func named(_ code: String) -> CalendarDefinition? {
        all.first { $0.code == code }
    }

    /// Region codes that may appear in imported files, with their Chinese names.
    public static let knownRegions: [String: String] = ["xinjiang": "新疆"]
}
