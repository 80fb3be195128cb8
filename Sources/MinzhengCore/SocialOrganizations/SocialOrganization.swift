import Foundation

/// The three registered forms (社会团体登记管理条例, 民办非企业单位登记管理暂行条例, 基金会管理条例), each with its
/// 统一社会信用代码 prefix (GB 32100: 51 / 52 / 53).
public enum SocialOrganizationKind: String, Codable, CaseIterable, Sendable {
    case socialGroup, socialServiceAgency, foundation

    public var chineseName: String {
        switch self {
        case .socialGroup: "社会团体"
        case .socialServiceAgency: "社会服务机构（民办非企业单位）"
        case .foundation: "基金会"
        }
    }

    public var creditCodePrefix: String {
        switch self {
        case .socialGroup: "51"
        case .socialServiceAgency: "52"
        case .foundation: "53"
        }
    }

    /// The kind a code's first two characters name; `nil` for 59 (其他) and non-民政 codes.
    public init?(creditCode: UnifiedSocialCreditCode) {
        guard let kind = Self.allCases.first(where: { creditCode.value.hasPrefix($0.creditCodePrefix) }) else { return nil }
        self = kind
    }

    /// Accepts the Chinese names used in registry spreadsheets.
    public init?(chinese text: String) {
        let value = text.trimmingCharacters(in: .whitespaces)
        switch value {
        case "社会团体", "社团": self = .socialGroup
        case "社会服务机构", "民办非企业单位", "民非", "社会服务机构（民办非企业单位）": self = .socialServiceAgency
        case "基金会": self = .foundation
        default: return nil
        }
    }
}

/// Registration and credit status (rules.md §5.3): an organisation is 正常, on the 活动异常名录, on the 严重违法失信名单,
/// 撤销登记 or 注销.
public enum OrganizationStatus: String, Codable, CaseIterable, Sendable {
    case normal, abnormal, seriousViolation, revoked, deregistered

    public var chineseName: String {
        switch self {
        case .normal: "正常"
        case .abnormal: "活动异常"
        case .seriousViolation: "严重违法失信"
        case .revoked: "撤销登记"
        case .deregistered: "注销"
        }
    }

    public init?(chinese text: String) {
        guard let status = Self.allCases.first(where: { $0.chineseName == text.trimmingCharacters(in: .whitespaces) }) else { return nil }
        self = status
    }

    /// Still registered, so still due an annual inspection and in the random-check pool.
    public var isRegistered: Bool { self != .revoked && self != .deregistered }
}

/// A registered social organisation as the registry keeps it.
public struct SocialOrganization: Sendable, Hashable, Identifiable {
    public typealias ID = UUID

    public var id: ID
    public var creditCode: String
    public var name: String
    public var kind: SocialOrganizationKind
    public var legalRepresentative: String
    public var address: String
    public var businessScope: String
    /// The 业务主管单位, an org unit of the tree (its reviewer consents to the annual report).
    public var supervisorUnitCode: String?
    public var registeredOn: CivilDate
    public var status: OrganizationStatus

    public init(id: ID = ID(), creditCode: String, name: String, kind: SocialOrganizationKind, legalRepresentative: String, address: String,
                businessScope: String, supervisorUnitCode: String?, registeredOn: CivilDate, status: OrganizationStatus = .normal) {
        self.id = id
        self.creditCode = creditCode
        self.name = name
        self.kind = kind
        self.legalRepresentative = legalRepresentative
        self.address = address
        self.businessScope = businessScope
        self.supervisorUnitCode = supervisorUnitCode
        self.registeredOn = registeredOn
        self.status = status
    }

    /// 民办非企业单位年度检查办法: a unit registered less than 6 months before 31 December skips that year's inspection
    /// (applied to every form here).
    public func isDueAnnualInspection(for year: Int) -> Bool {
        guard status.isRegistered else { return false }
        let cutoff = CivilDate(year: year, month: 12, day: 31)!.adding(months: -6)
        return registeredOn <= cutoff
    }
}

/// A registry spreadsheet, row by row: every row is either taken whole or refused with its reasons — nothing of a
/// refused row is stored.
public enum SocialOrganizationImport {
    public static let columns = ["统一社会信用代码", "名称", "类型", "法定代表人", "住所", "业务范围", "业务主管单位代码", "登记日期", "状态"]

    /// YYYY-MM-DD, YYYY/MM/DD, or an Excel date serial (days since 1899-12-30).
    static func date(_ text: String) -> CivilDate? {
        if let serial = Int(text), (1...80_000).contains(serial) {
            return CivilDate(year: 1899, month: 12, day: 30)!.adding(days: serial)
        }
        let parts = text.replacingOccurrences(of: "/", with: "-").split(separator: "-").map(String.init)
        guard parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return nil }
        return CivilDate(year: year, month: month, day: day)
    }

    public struct Refusal: Sendable, Hashable {
        public var line: Int
        public var name: String
        public var reasons: [String]
    }

    public struct Result: Sendable {
        public var accepted: [(line: Int, organization: SocialOrganization)]
        public var refused: [Refusal]
    }

    /// `rows` includes the header row. `knownUnitCodes` are the org units a 业务主管单位 may be; `existingCodes` the
    /// credit codes already registered (a duplicate is refused, within the file as well).
    public static func parse(_ rows: [(line: Int, fields: [String])], knownUnitCodes: Set<String>, existingCodes: Set<String>,
                             today: CivilDate) throws -> Result {
        guard let header = rows.first else { throw ValidationError(field: "文件", reason: "文件为空。") }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "\u{FEFF}", with: "") }
        var index: [String: Int] = [:]
        for column in columns {
            guard let position = names.firstIndex(of: column) else {
                throw ValidationError(field: "表头", reason: "缺少「\(column)」列。表头应为：\(columns.joined(separator: "、"))。")
            }
            index[column] = position
        }
        var seen = existingCodes
        var accepted: [(line: Int, organization: SocialOrganization)] = []
        var refused: [Refusal] = []
        for row in rows.dropFirst() where !row.fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            func value(_ column: String) -> String {
                let position = index[column]!
                return position < row.fields.count ? row.fields[position].trimmingCharacters(in: .whitespacesAndNewlines) : ""
            }
            var reasons: [String] = []
            var kind: SocialOrganizationKind?
            var code = value("统一社会信用代码").uppercased()
            do {
                let parsed = try UnifiedSocialCreditCode(code)
                code = parsed.value
                try parsed.requireSocialOrganization()
                kind = SocialOrganizationKind(creditCode: parsed)
                if kind == nil { reasons.append("统一社会信用代码以 59 开头，不属于社会团体、社会服务机构或基金会") }
            } catch let error as ValidationError {
                reasons.append(error.message)
            }
            if let declared = SocialOrganizationKind(chinese: value("类型")) {
                if let kind, kind != declared { reasons.append("类型「\(value("类型"))」与统一社会信用代码前两位（\(kind.creditCodePrefix)，\(kind.chineseName)）不符") }
            } else {
                reasons.append("类型应为社会团体、社会服务机构（民办非企业单位）或基金会")
            }
            let name = value("名称")
            if name.isEmpty { reasons.append("名称不能为空") } else if name.count > 100 { reasons.append("名称不超过 100 个字") }
            let representative = value("法定代表人")
            if representative.isEmpty { reasons.append("法定代表人不能为空") } else if representative.count > 30 { reasons.append("法定代表人姓名不超过 30 个字") }
            if value("住所").isEmpty { reasons.append("住所不能为空") }
            let supervisor = value("业务主管单位代码")
            if !supervisor.isEmpty && !knownUnitCodes.contains(supervisor) { reasons.append("业务主管单位代码「\(supervisor)」不在组织机构中") }
            let registered = Self.date(value("登记日期"))
            if registered == nil { reasons.append("登记日期应为 YYYY-MM-DD 格式的真实日期") } else if let registered, registered > today {
                reasons.append("登记日期不能晚于今天")
            }
            let statusText = value("状态")
            let status = statusText.isEmpty ? .normal : OrganizationStatus(chinese: statusText)
            if status == nil { reasons.append("状态应为：\(OrganizationStatus.allCases.map(\.chineseName).joined(separator: "、"))") }
            if reasons.isEmpty && seen.contains(code) { reasons.append("统一社会信用代码 \(code) 已登记（或在本文件中重复）") }
            guard reasons.isEmpty, let kind, let registered, let status else {
                refused.append(Refusal(line: row.line, name: name.isEmpty ? "（无名称）" : name, reasons: reasons))
                continue
            }
            seen.insert(code)
            accepted.append((row.line, SocialOrganization(creditCode: code, name: name, kind: kind, legalRepresentative: representative,
                                                          address: value("住所"), businessScope: value("业务范围"),
                                                          supervisorUnitCode: supervisor.isEmpty ? nil : supervisor,
                                                          registeredOn: registered, status: status)))
        }
        return Result(accepted: accepted, refused: refused)
    }
}
