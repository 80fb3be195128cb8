import Foundation

/// The tiers of a discretion benchmark (国办发〔2022〕27号; rules.md §6.3).
public enum PenaltyTier: String, Codable, CaseIterable, Sendable, Comparable {
    case noPenalty, reduced, lighter, normal, heavier

    public var chineseName: String {
        switch self {
        case .noPenalty: "不予处罚"
        case .reduced: "减轻处罚"
        case .lighter: "从轻处罚"
        case .normal: "一般处罚"
        case .heavier: "从重处罚"
        }
    }

    var order: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (lhs: PenaltyTier, rhs: PenaltyTier) -> Bool { lhs.order < rhs.order }
}

/// One tier of a benchmark: when it applies and the fine range (fen).
public struct BenchmarkTier: Codable, Sendable, Hashable {
    public var tier: PenaltyTier
    public var conditions: String
    public var minimumFen: Int
    public var maximumFen: Int

    public init(tier: PenaltyTier, conditions: String, minimumFen: Int, maximumFen: Int) {
        self.tier = tier
        self.conditions = conditions
        self.minimumFen = minimumFen
        self.maximumFen = maximumFen
    }

    public var rangeDescription: String {
        if tier == .noPenalty { return "不予处罚" }
        return minimumFen == maximumFen ? "\(Money.formatYuan(minimumFen)) 元" : "\(Money.formatYuan(minimumFen)) 元至 \(Money.formatYuan(maximumFen)) 元"
    }

    public func contains(_ amountFen: Int) -> Bool { (minimumFen...maximumFen).contains(amountFen) }
}

/// A published discretion benchmark for one violation under one penalty power item, versioned.
public struct DiscretionBenchmark: Codable, Sendable, Hashable, Identifiable {
    public var id: UUID
    /// Stable across versions: the violation's code, e.g. `CF-001-01`.
    public var code: String
    public var version: Int
    public var powerItemCode: String
    public var violation: String
    /// 违法条款 and 处罚条款.
    public var basisClause: String
    public var penaltyClause: String
    /// The statutory range of the fine (fen).
    public var legalMinimumFen: Int
    public var legalMaximumFen: Int
    public var tiers: [BenchmarkTier]
    public var effectiveFrom: CivilDate

    public init(id: UUID = UUID(), code: String, version: Int = 1, powerItemCode: String, violation: String, basisClause: String, penaltyClause: String,
                legalMinimumFen: Int, legalMaximumFen: Int, tiers: [BenchmarkTier], effectiveFrom: CivilDate) {
        self.id = id
        self.code = code
        self.version = version
        self.powerItemCode = powerItemCode
        self.violation = violation
        self.basisClause = basisClause
        self.penaltyClause = penaltyClause
        self.legalMinimumFen = legalMinimumFen
        self.legalMaximumFen = legalMaximumFen
        self.tiers = tiers.sorted { $0.tier < $1.tier }
        self.effectiveFrom = effectiveFrom
    }

    public func tier(_ tier: PenaltyTier) -> BenchmarkTier? { tiers.first { $0.tier == tier } }

    /// The rules a benchmark must meet before it is published (rules.md §6.3): tiers inside the legal range (减轻 below
    /// the minimum, never above it), no overlap between 从轻、一般、从重 and in that order, at least three of them for a
    /// range fine, each tier once.
    public func validate() throws {
        func fail(_ reason: String) -> ValidationError { ValidationError(field: "裁量基准", reason: reason) }
        guard !code.trimmingCharacters(in: .whitespaces).isEmpty, !violation.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw fail("违法行为及其编码必须填写。")
        }
        guard !basisClause.isEmpty, !penaltyClause.isEmpty else { throw fail("违法条款和处罚条款必须填写。") }
        guard legalMinimumFen >= 0, legalMinimumFen <= legalMaximumFen else { throw fail("法定罚款幅度的下限不能高于上限。") }
        guard Set(tiers.map(\.tier)).count == tiers.count else { throw fail("每个裁量阶次只能出现一次。") }
        for tier in tiers {
            guard tier.minimumFen <= tier.maximumFen else { throw fail("「\(tier.tier.chineseName)」的下限不能高于上限。") }
            switch tier.tier {
            case .noPenalty:
                guard tier.minimumFen == 0, tier.maximumFen == 0 else { throw fail("「不予处罚」阶次不设罚款。") }
            case .reduced:
                guard tier.maximumFen < legalMinimumFen || legalMinimumFen == 0 else { throw fail("「减轻处罚」应低于法定最低罚款 \(Money.formatYuan(legalMinimumFen)) 元。") }
            case .lighter, .normal, .heavier:
                guard tier.minimumFen >= legalMinimumFen, tier.maximumFen <= legalMaximumFen else {
                    throw fail("「\(tier.tier.chineseName)」\(tier.rangeDescription) 超出法定幅度 \(Money.formatYuan(legalMinimumFen)) 元至 \(Money.formatYuan(legalMaximumFen)) 元。")
                }
            }
            guard !tier.conditions.trimmingCharacters(in: .whitespaces).isEmpty else { throw fail("「\(tier.tier.chineseName)」须写明适用情形。") }
        }
        let graded = tiers.filter { [.lighter, .normal, .heavier].contains($0.tier) }
        if legalMaximumFen > legalMinimumFen && graded.count < 3 {
            throw fail("有罚款幅度的，应至少细化为从轻、一般、从重三个阶次。")
        }
        for (lower, upper) in zip(graded, graded.dropFirst()) where lower.maximumFen >= upper.minimumFen {
            throw fail("「\(lower.tier.chineseName)」与「\(upper.tier.chineseName)」的幅度重叠。")
        }
    }
}

/// The circumstances an officer records in a case (行政处罚法 第三十条至第三十三条 and the usual aggravating ones).
public enum Circumstance: String, Codable, CaseIterable, Sendable {
    case minorCorrectedNoHarm, noFault, under14, mentalIncapacity
    case firstViolationSlightCorrected
    case eliminatedHarm, coerced, confessedUnknown, meritorious, age14to18
    case limitedCapacity
    case repeatViolation, obstruction, seriousHarm

    public var chineseName: String {
        switch self {
        case .minorCorrectedNoHarm: "违法行为轻微并及时改正，没有造成危害后果"
        case .noFault: "当事人有证据足以证明没有主观过错"
        case .under14: "不满十四周岁"
        case .mentalIncapacity: "不能辨认或者不能控制自己行为的精神病人、智力残疾人"
        case .firstViolationSlightCorrected: "初次违法且危害后果轻微并及时改正（首违）"
        case .eliminatedHarm: "主动消除或者减轻违法行为危害后果"
        case .coerced: "受他人胁迫或者诱骗实施违法行为"
        case .confessedUnknown: "主动供述行政机关尚未掌握的违法行为"
        case .meritorious: "配合行政机关查处违法行为有立功表现"
        case .age14to18: "已满十四周岁不满十八周岁"
        case .limitedCapacity: "尚未完全丧失辨认或者控制自己行为能力的精神病人、智力残疾人"
        case .repeatViolation: "一年内因同类违法行为受过处罚"
        case .obstruction: "拒绝、阻碍或者以暴力威胁执法人员依法执行职务"
        case .seriousHarm: "造成较重危害后果或者恶劣社会影响"
        }
    }

    public var source: String {
        switch self {
        case .minorCorrectedNoHarm, .noFault, .firstViolationSlightCorrected: "行政处罚法 第三十三条"
        case .under14, .age14to18: "行政处罚法 第三十条"
        case .mentalIncapacity, .limitedCapacity: "行政处罚法 第三十一条"
        case .eliminatedHarm, .coerced, .confessedUnknown, .meritorious: "行政处罚法 第三十二条"
        case .repeatViolation, .obstruction, .seriousHarm: "裁量基准（从重情形）"
        }
    }
}

/// What the circumstances lead to: the proposed tier, the tiers the decision may use without deviating, and why.
public struct PenaltyProposal: Sendable, Hashable {
    public var tier: PenaltyTier
    public var allowed: Set<PenaltyTier>
    public var mandatory: Bool
    public var reason: String

    /// Mandatory no penalty; 首违不罚 (may); mandatory lighter or reduced; limited capacity (may); aggravating; otherwise normal.
    public static func propose(_ circumstances: Set<Circumstance>) -> PenaltyProposal {
        let none: [Circumstance] = [.noFault, .under14, .mentalIncapacity, .minorCorrectedNoHarm]
        if let ground = none.first(where: circumstances.contains) {
            return PenaltyProposal(tier: .noPenalty, allowed: [.noPenalty], mandatory: true, reason: "\(ground.chineseName)，依法不予处罚（\(ground.source)）")
        }
        let mitigating: [Circumstance] = [.eliminatedHarm, .coerced, .confessedUnknown, .meritorious, .age14to18]
        if circumstances.contains(.firstViolationSlightCorrected) {
            return PenaltyProposal(tier: .noPenalty, allowed: [.noPenalty, .reduced, .lighter, .normal], mandatory: false,
                                   reason: "首违不罚：可以不予处罚，应当对当事人进行教育（行政处罚法 第三十三条）")
        }
        if let ground = mitigating.first(where: circumstances.contains) {
            return PenaltyProposal(tier: .lighter, allowed: [.lighter, .reduced], mandatory: true, reason: "\(ground.chineseName)，应当从轻或者减轻处罚（\(ground.source)）")
        }
        if circumstances.contains(.limitedCapacity) {
            return PenaltyProposal(tier: .lighter, allowed: [.lighter, .reduced, .normal], mandatory: false, reason: "可以从轻或者减轻处罚（行政处罚法 第三十一条）")
        }
        let aggravating: [Circumstance] = [.repeatViolation, .obstruction, .seriousHarm]
        if let ground = aggravating.first(where: circumstances.contains) {
            return PenaltyProposal(tier: .heavier, allowed: [.heavier, .normal], mandatory: false, reason: "\(ground.chineseName)，适用从重阶次")
        }
        return PenaltyProposal(tier: .normal, allowed: [.normal], mandatory: false, reason: "无从轻、从重情形，适用一般阶次")
    }

    /// Circumstances from a stored list (`minorCorrectedNoHarm,noFault`).
    public static func parse(_ text: String?) -> Set<Circumstance> {
        Set((text ?? "").split(separator: ",").compactMap { Circumstance(rawValue: String($0)) })
    }
}

/// Evidence in an enforcement case (行政处罚法 第四十六条、第四十七条; rules.md §6.2): photos and audio-video records carry the
/// device and the time of capture; a gap in a recording is explained.
public enum EvidenceRules {
    public static let kinds = ["证据：书证", "证据：物证", "证据：照片", "证据：视听资料", "证据：电子数据", "证据：证人证言", "证据：当事人陈述",
                               "证据：鉴定意见", "证据：勘验笔录、现场笔录"]
    static let recorded: Set<String> = ["证据：照片", "证据：视听资料", "证据：电子数据"]

    /// Keeps only the evidence fields; requires device and capture time for recorded evidence.
    public static func validate(kind: String, metadata: [String: String], today: CivilDate) throws -> [String: String] {
        guard kind.hasPrefix("证据") else { return [:] }
        var result: [String: String] = [:]
        for key in ["device", "capturedAt", "interruption", "collectedBy"] {
            if let value = metadata[key]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty { result[key] = String(value.prefix(200)) }
        }
        if recorded.contains(kind) {
            guard result["device"] != nil else { throw ValidationError(field: "采集设备", reason: "照片、视听资料和电子数据须记录采集设备编号。") }
            guard let captured = result["capturedAt"], let day = CivilDate(iso: String(captured.prefix(10))) else {
                throw ValidationError(field: "采集时间", reason: "须记录采集时间（YYYY-MM-DD HH:MM）。")
            }
            guard day <= today else { throw ValidationError(field: "采集时间", reason: "采集时间不能晚于今天。") }
        }
        return result
    }
}
