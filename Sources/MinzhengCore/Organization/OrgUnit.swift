import Foundation

/// A unit of the org tree. Every staff role is held at a unit and covers its subtree.
public struct OrgUnit: Hashable, Codable, Sendable, Identifiable {
    public typealias ID = TypedID<OrgUnit>

    public var id: ID
    /// GB/T 2260 code for the 师市 (659003), a statistical or local code below it.
    public var code: String
    public var name: String
    public var level: OrgLevel
    public var parentID: ID?
    /// The official calendar the unit's deadlines follow (`xinjiang` by default).
    public var calendarCode: String
    /// Demo data is marked so that nobody mistakes it for the real tree.
    public var isFictional: Bool
    /// The materialised path of codes from the root, e.g. `/659003/659003-01/`; a subtree is a prefix.
    public var path: String

    public init(id: ID = ID(), code: String, name: String, level: OrgLevel, parentID: ID?, calendarCode: String,
                isFictional: Bool, path: String) {
        self.id = id
        self.code = code
        self.name = name
        self.level = level
        self.parentID = parentID
        self.calendarCode = calendarCode
        self.isFictional = isFictional
        self.path = path
    }

    /// Whether `other` is this unit or below it.
    public func covers(_ other: OrgUnit) -> Bool { other.path.hasPrefix(path) }
}

/// Rules for creating and editing org units.
public enum OrgUnitRules {
    /// Codes are 4–32 characters of digits, Latin letters and hyphens.
    public static func validateCode(_ code: String) throws {
        guard (4...32).contains(code.count),
              code.allSatisfy({ ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" })
        else {
            throw ValidationError(field: "单位代码", reason: "应为 4–32 位数字、字母或连字符。")
        }
    }

    public static func validateName(_ name: String) throws {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (2...40).contains(trimmed.count) else {
            throw ValidationError(field: "单位名称", reason: "应为 2–40 个字。")
        }
    }

    /// A child must sit exactly one level below its parent; a root must be 兵团 or 师市.
    public static func validatePlacement(level: OrgLevel, parentLevel: OrgLevel?) throws {
        if level == .agency {
            guard parentLevel == .divisionCity else {
                throw ValidationError(field: "上级单位", reason: "部门/单位（如残联、业务主管单位）应设在师市之下。")
            }
            return
        }
        if let parentLevel {
            guard parentLevel.childLevel == level else {
                throw ValidationError(
                    field: "上级单位",
                    reason: "\(level.chineseName)的上级应为\(OrgLevel.allCases.first { $0.childLevel == level }?.chineseName ?? "（无）")，所选上级为\(parentLevel.chineseName)。")
            }
        } else {
            guard level == .divisionCity || level == .corps else {
                throw ValidationError(field: "上级单位", reason: "\(level.chineseName)必须有上级单位。")
            }
        }
    }

    public static func path(code: String, parentPath: String?) -> String {
        (parentPath ?? "/") + code + "/"
    }
}
