import Foundation

/// The schemes whose standard an administrator sets per year and area.
public enum AssistanceScheme: String, Codable, CaseIterable, Sendable {
    case minimumLivingAllowance, extremePoverty, disabilityLivingSubsidy, severeDisabilityCareSubsidy

    public var chineseName: String {
        switch self {
        case .minimumLivingAllowance: "最低生活保障标准"
        case .extremePoverty: "特困人员基本生活标准"
        case .disabilityLivingSubsidy: "困难残疾人生活补贴标准"
        case .severeDisabilityCareSubsidy: "重度残疾人护理补贴标准"
        }
    }

    /// The key under which a matter's checks find the standard in `CheckContext.facts`.
    public var factKey: String { "standard.\(rawValue)" }
}

/// A monthly standard in fen for a year, applying to a unit and the units below it (the most specific wins).
public struct AssistanceStandard: Codable, Hashable, Sendable {
    public var scheme: AssistanceScheme
    public var year: Int
    public var orgUnitID: OrgUnit.ID
    public var orgUnitPath: String
    public var monthlyFen: Int

    public init(scheme: AssistanceScheme, year: Int, orgUnitID: OrgUnit.ID, orgUnitPath: String, monthlyFen: Int) {
        self.scheme = scheme
        self.year = year
        self.orgUnitID = orgUnitID
        self.orgUnitPath = orgUnitPath
        self.monthlyFen = monthlyFen
    }

    /// The standard for a place: the most specific unit on the place's path that has one.
    public static func applicable(_ standards: [AssistanceStandard], scheme: AssistanceScheme, year: Int, path: String) -> AssistanceStandard? {
        standards.filter { $0.scheme == scheme && $0.year == year && path.hasPrefix($0.orgUnitPath) }
            .max { $0.orgUnitPath.count < $1.orgUnitPath.count }
    }
}
