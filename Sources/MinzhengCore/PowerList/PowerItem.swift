import Foundation

/// The ten categories of administrative power (中共中央办公厅、国务院办公厅《关于推行地方各级政府工作部门权力清单制度
/// 的指导意见》, 2015).
public enum PowerType: String, Codable, CaseIterable, Sendable {
    case licensing, penalty, coercion, levy, benefitPayment, inspection, confirmation, award, adjudication, other

    public var chineseName: String {
        switch self {
        case .licensing: "行政许可"
        case .penalty: "行政处罚"
        case .coercion: "行政强制"
        case .levy: "行政征收"
        case .benefitPayment: "行政给付"
        case .inspection: "行政检查"
        case .confirmation: "行政确认"
        case .award: "行政奖励"
        case .adjudication: "行政裁决"
        case .other: "其他行政权力"
        }
    }

    /// Stages of responsibility per type (rules.md §6.1): licences and penalties have their statutory stages.
    public var defaultStages: [String] {
        switch self {
        case .licensing: ["受理", "审查", "决定", "送达", "事后监管"]
        case .penalty: ["立案", "调查取证", "审理", "告知", "决定", "送达", "执行"]
        default: ["受理", "审查", "决定", "送达"]
        }
    }
}

public enum PowerItemStatus: String, Codable, CaseIterable, Sendable {
    case draft, approved, published, superseded, repealed

    public var chineseName: String {
        switch self {
        case .draft: "草稿"
        case .approved: "已审定"
        case .published: "已公布"
        case .superseded: "已被新版本替代"
        case .repealed: "已废止"
        }
    }
}

/// A legal basis: the law or regulation and its article.
public struct LegalBasis: Codable, Hashable, Sendable {
    public var law: String
    public var article: String

    public init(law: String, article: String) {
        self.law = law
        self.article = article
    }

    public var text: String { article.isEmpty ? law : "\(law) \(article)" }
}

/// A 责任事项 of one stage, with its basis.
public struct ResponsibilityItem: Codable, Hashable, Sendable {
    public var stage: String
    public var content: String
    public var basis: String

    public init(stage: String, content: String, basis: String) {
        self.stage = stage
        self.content = content
        self.basis = basis
    }
}

/// One entry of the power list (权责事项), with the fields of rules.md §6.1. Versions never overwrite a published one.
public struct PowerItem: Codable, Hashable, Sendable {
    public var code: String
    public var version: Int
    public var name: String
    public var type: PowerType
    /// Code of the parent item for sub-items (子项).
    public var parentCode: String?
    /// The 兵团-authorized power this item refines (the report's "授权行政执法权28项，细化权责事项37项").
    public var authorizedPower: String
    public var bases: [LegalBasis]
    /// 实施主体
    public var body: String
    /// 承办机构
    public var handlingUnit: String
    /// 实施层级
    public var level: String
    public var responsibilities: [ResponsibilityItem]
    /// 追责情形
    public var accountability: [String]
    /// 监督电话
    public var complaintPhone: String
    /// 办理流程
    public var flow: [String]
    /// 廉政风险点
    public var riskPoints: [String]
    public var remarks: String
    /// A supervision item (监管事项) that a unit claims (认领).
    public var isSupervisionItem: Bool
    public var status: PowerItemStatus
    /// The approval document (e.g. the 编办's reply).
    public var approvalReference: String?
    public var publishedAt: Date?

    public init(code: String, version: Int = 1, name: String, type: PowerType, parentCode: String? = nil, authorizedPower: String,
                bases: [LegalBasis], body: String, handlingUnit: String, level: String, responsibilities: [ResponsibilityItem],
                accountability: [String], complaintPhone: String, flow: [String], riskPoints: [String], remarks: String = "",
                isSupervisionItem: Bool, status: PowerItemStatus = .draft, approvalReference: String? = nil, publishedAt: Date? = nil) {
        self.code = code
        self.version = version
        self.name = name
        self.type = type
        self.parentCode = parentCode
        self.authorizedPower = authorizedPower
        self.bases = bases
        self.body = body
        self.handlingUnit = handlingUnit
        self.level = level
        self.responsibilities = responsibilities
        self.accountability = accountability
        self.complaintPhone = complaintPhone
        self.flow = flow
        self.riskPoints = riskPoints
        self.remarks = remarks
        self.isSupervisionItem = isSupervisionItem
        self.status = status
        self.approvalReference = approvalReference
        self.publishedAt = publishedAt
    }

    /// Checks the item before it can be approved (rules.md §6.1).
    public func validate() throws {
        guard code.range(of: #"^[A-Za-z0-9][A-Za-z0-9\-]{2,31}$"#, options: .regularExpression) != nil else {
            throw ValidationError(field: "事项编码", reason: "应为 3–32 位字母、数字或连字符。")
        }
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard (4...80).contains(trimmed.count) else { throw ValidationError(field: "事项名称", reason: "应为 4–80 个字。") }
        if type == .penalty && !(trimmed.hasPrefix("对") && trimmed.hasSuffix("的处罚")) {
            throw ValidationError(field: "事项名称", reason: "行政处罚事项应命名为「对××的处罚」。")
        }
        guard !bases.isEmpty, bases.allSatisfy({ !$0.law.isEmpty }) else {
            throw ValidationError(field: "实施依据", reason: "至少列明一项法律依据（法律名称及条款）。")
        }
        guard !body.isEmpty, !handlingUnit.isEmpty else { throw ValidationError(field: "实施主体", reason: "请填写实施主体和承办机构。") }
        guard !authorizedPower.isEmpty else { throw ValidationError(field: "授权事项", reason: "请填写本事项细化的授权行政执法权。") }
        guard !responsibilities.isEmpty else { throw ValidationError(field: "责任事项", reason: "请按环节列明责任事项。") }
    }

    /// The fields that differ from `other`, with Chinese labels, for the public change history.
    public func changes(from other: PowerItem) -> [String] {
        var changes: [String] = []
        if name != other.name { changes.append("事项名称：「\(other.name)」→「\(name)」") }
        if type != other.type { changes.append("权力类型：\(other.type.chineseName) → \(type.chineseName)") }
        if bases != other.bases { changes.append("实施依据：\(other.bases.map(\.text).joined(separator: "；")) → \(bases.map(\.text).joined(separator: "；"))") }
        if body != other.body || handlingUnit != other.handlingUnit { changes.append("实施主体或承办机构调整") }
        if level != other.level { changes.append("实施层级：\(other.level) → \(level)") }
        if responsibilities != other.responsibilities { changes.append("责任事项调整") }
        if accountability != other.accountability { changes.append("追责情形调整") }
        if flow != other.flow { changes.append("办理流程调整") }
        if riskPoints != other.riskPoints { changes.append("廉政风险点调整") }
        if complaintPhone != other.complaintPhone { changes.append("监督电话：\(other.complaintPhone) → \(complaintPhone)") }
        return changes
    }
}
