import Foundation

/// The levels of the org tree (rules.md §2). Statutory duties map to them through the `orgMapping.*` settings.
public enum OrgLevel: String, Codable, CaseIterable, Sendable, Comparable {
    /// 兵团: provincial-level bodies above the division.
    case corps
    /// 师市: 第三师图木舒克市, the bureau's own level (statutory county level).
    case divisionCity
    /// 团镇/街道: statutory township level — 受理, 初审.
    case regimentTownOrSubdistrict
    /// 连队/社区: statutory village level — assists; 公示 is posted here.
    case companyOrCommunity
    /// A department or body at 师市 level outside the township chain: the 残联, a 业务主管单位 (glossary §1).
    case agency

    public var chineseName: String {
        switch self {
        case .corps: "兵团"
        case .divisionCity: "师市"
        case .regimentTownOrSubdistrict: "团镇/街道"
        case .companyOrCommunity: "连队/社区"
        case .agency: "部门/单位"
        }
    }

    var depth: Int { OrgLevel.allCases.firstIndex(of: self)! }

    public static func < (lhs: OrgLevel, rhs: OrgLevel) -> Bool { lhs.depth < rhs.depth }

    /// The level a child unit of this level has, if any.
    public var childLevel: OrgLevel? {
        switch self {
        case .corps: .divisionCity
        case .divisionCity: .regimentTownOrSubdistrict
        case .regimentTownOrSubdistrict: .companyOrCommunity
        case .companyOrCommunity, .agency: nil
        }
    }
}
