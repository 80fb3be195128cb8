import Foundation

/// 双随机、一公开 (rules.md §5.4), as a draw anyone can re-run from the published file alone:
///
/// 1. The target pool (检查对象名录库) and the inspector pool (执法检查人员名录库, with declared interests and last
///    inspections) are frozen and their SHA-256 fingerprints published, with a value fixed at freezing (`commitment`).
/// 2. At the draw a witness enters a value nobody knew before; `seed = SHA-256(commitment ‖ "|" ‖ witness)`.
/// 3. Quotas: ⌈rate × pool⌉, or per category ⌈rate × category⌉ and at least one where the plan says so.
/// 4. Targets are ranked by `HMAC-SHA-256(seed, "target|" ‖ id)` (risk-flagged first when the plan says so); each drawn
///    target takes the first eligible certified inspectors in the order of `HMAC-SHA-256(seed, "inspector|" ‖ id)`,
///    rotated by `HMAC-SHA-256(seed, "offset|" ‖ target)`; an inspector with a declared interest or who inspected the
///    target last time is passed over and the exclusion listed.
public enum DoubleRandomDraw {
    public static let format = "minzheng.double-random-draw/1"
    public static let algorithm = "seed=SHA-256(commitment|witness); 对象按 HMAC-SHA-256(seed,\"target|\"+代码) 升序（风险对象优先，如计划设定）；"
        + "人员按 HMAC-SHA-256(seed,\"inspector|\"+证号) 升序，自 HMAC-SHA-256(seed,\"offset|\"+对象代码) mod 人数 起轮转，回避者跳过"

    public struct Plan: Codable, Sendable, Hashable {
        /// The share to draw as people read it: 「3.0%」.
        public var rateText: String { String(format: "%.1f%%", Double(ratePerMille) / 10) }

        public var id: String
        public var title: String
        public var year: Int
        public var checkItemCode: String
        public var checkItemName: String
        /// The share of the pool to draw, in per mille (30 = 3%).
        public var ratePerMille: Int
        public var minimumOnePerCategory: Bool
        public var prioritizeRisk: Bool
        public var inspectorsPerTarget: Int

        public init(id: String, title: String, year: Int, checkItemCode: String, checkItemName: String, ratePerMille: Int,
                    minimumOnePerCategory: Bool, prioritizeRisk: Bool, inspectorsPerTarget: Int) {
            self.id = id
            self.title = title
            self.year = year
            self.checkItemCode = checkItemCode
            self.checkItemName = checkItemName
            self.ratePerMille = ratePerMille
            self.minimumOnePerCategory = minimumOnePerCategory
            self.prioritizeRisk = prioritizeRisk
            self.inspectorsPerTarget = inspectorsPerTarget
        }
    }

    public struct Target: Codable, Sendable, Hashable {
        /// The 统一社会信用代码.
        public var id: String
        public var name: String
        public var category: String
        /// 活动异常, 严重违法失信, 投诉较多 …
        public var riskFlags: [String]

        public init(id: String, name: String, category: String, riskFlags: [String] = []) {
            self.id = id
            self.name = name
            self.category = category
            self.riskFlags = riskFlags.sorted()
        }
    }

    public struct Inspector: Codable, Sendable, Hashable {
        /// The 执法证号.
        public var id: String
        public var name: String
        public var unit: String
        public var certified: Bool

        public init(id: String, name: String, unit: String, certified: Bool) {
            self.id = id
            self.name = name
            self.unit = unit
            self.certified = certified
        }
    }

    /// A reason an inspector may not inspect a target: a declared interest, or the last inspection.
    public struct Interest: Codable, Sendable, Hashable {
        public var inspectorID: String
        public var targetID: String
        public var reason: String

        public init(inspectorID: String, targetID: String, reason: String) {
            self.inspectorID = inspectorID
            self.targetID = targetID
            self.reason = reason
        }
    }

    public struct Assignment: Codable, Sendable, Hashable {
        public var targetID: String
        public var inspectorIDs: [String]

        public init(targetID: String, inspectorIDs: [String]) {
            self.targetID = targetID
            self.inspectorIDs = inspectorIDs
        }
    }

    public struct Exclusion: Codable, Sendable, Hashable {
        public var targetID: String
        public var inspectorID: String
        public var reason: String

        public init(targetID: String, inspectorID: String, reason: String) {
            self.targetID = targetID
            self.inspectorID = inspectorID
            self.reason = reason
        }
    }

    public struct Quota: Codable, Sendable, Hashable {
        public var category: String
        public var poolSize: Int
        public var drawn: Int
    }

    public struct Outcome: Codable, Sendable, Hashable {
        public var quotas: [Quota]
        public var assignments: [Assignment]
        public var exclusions: [Exclusion]
    }

    /// Everything published: enough to re-run the draw and compare.
    public struct File: Codable, Sendable, Hashable {
        public var format: String
        public var algorithm: String
        public var plan: Plan
        public var targets: [Target]
        public var inspectors: [Inspector]
        public var interests: [Interest]
        public var targetPoolHash: String
        public var inspectorPoolHash: String
        public var commitment: String
        public var frozenAt: String
        public var witnessValue: String
        public var witnesses: [String]
        public var operatorName: String
        public var drawnAt: String
        public var seed: String
        public var outcome: Outcome

        public init(format: String, algorithm: String, plan: Plan, targets: [Target], inspectors: [Inspector], interests: [Interest],
                    targetPoolHash: String, inspectorPoolHash: String, commitment: String, frozenAt: String, witnessValue: String,
                    witnesses: [String], operatorName: String, drawnAt: String, seed: String, outcome: Outcome) {
            self.format = format
            self.algorithm = algorithm
            self.plan = plan
            self.targets = targets
            self.inspectors = inspectors
            self.interests = interests
            self.targetPoolHash = targetPoolHash
            self.inspectorPoolHash = inspectorPoolHash
            self.commitment = commitment
            self.frozenAt = frozenAt
            self.witnessValue = witnessValue
            self.witnesses = witnesses
            self.operatorName = operatorName
            self.drawnAt = drawnAt
            self.seed = seed
            self.outcome = outcome
        }
    }

    // MARK: Fingerprints and seed

    public static func targetPoolHash(_ targets: [Target]) -> String {
        SHA256Hash.hex(targets.sorted { $0.id < $1.id }
            .map { "\($0.id)\t\($0.name)\t\($0.category)\t\($0.riskFlags.sorted().joined(separator: ","))" }.joined(separator: "\n"))
    }

    public static func inspectorPoolHash(_ inspectors: [Inspector], interests: [Interest]) -> String {
        let people = inspectors.sorted { $0.id < $1.id }.map { "P\t\($0.id)\t\($0.name)\t\($0.unit)\t\($0.certified ? 1 : 0)" }
        let conflicts = interests.sorted { ($0.inspectorID, $0.targetID, $0.reason) < ($1.inspectorID, $1.targetID, $1.reason) }
            .map { "I\t\($0.inspectorID)\t\($0.targetID)\t\($0.reason)" }
        return SHA256Hash.hex((people + conflicts).joined(separator: "\n"))
    }

    public static func seed(commitment: String, witness: String) -> String {
        SHA256Hash.hex(commitment + "|" + witness)
    }

    // MARK: The draw

    public static func run(plan: Plan, targets: [Target], inspectors: [Inspector], interests: [Interest], seed: String) throws -> Outcome {
        guard (1...1000).contains(plan.ratePerMille) else { throw ValidationError(field: "抽查比例", reason: "应在 0.1% 至 100% 之间。") }
        guard plan.inspectorsPerTarget >= 2 else {
            throw ValidationError(field: "每个对象的检查人员", reason: "不少于 2 人（行政处罚法 第四十二条；民发〔2017〕45号）。")
        }
        guard !targets.isEmpty else { throw ValidationError(field: "检查对象名录库", reason: "名录库为空。") }
        let hasher = SHA256Hash.KeyedHasher(key: Array(seed.utf8))
        func rank(_ text: String) -> String { hasher.hex(text) }

        // Quotas by category (or over the whole pool).
        let byCategory = Dictionary(grouping: targets, by: \.category)
        var quotas: [Quota] = []
        var drawn: [(target: Target, key: String)] = []
        func take(_ pool: [Target], count: Int) -> [(target: Target, key: String)] {
            pool.map { ($0, rank("target|" + $0.id)) }
                .sorted { lhs, rhs in
                    let left = plan.prioritizeRisk && !lhs.0.riskFlags.isEmpty ? 0 : 1
                    let right = plan.prioritizeRisk && !rhs.0.riskFlags.isEmpty ? 0 : 1
                    return (left, lhs.1, lhs.0.id) < (right, rhs.1, rhs.0.id)
                }
                .prefix(count).map { (target: $0.0, key: $0.1) }
        }
        func quota(_ size: Int) -> Int { Int((Double(size * plan.ratePerMille) / 1000).rounded(.up)) }
        if plan.minimumOnePerCategory {
            for category in byCategory.keys.sorted() {
                let pool = byCategory[category]!
                let count = min(pool.count, max(1, quota(pool.count)))
                quotas.append(Quota(category: category, poolSize: pool.count, drawn: count))
                drawn += take(pool, count: count)
            }
        } else {
            let count = min(targets.count, max(1, quota(targets.count)))
            drawn = take(targets, count: count)
            for category in byCategory.keys.sorted() {
                quotas.append(Quota(category: category, poolSize: byCategory[category]!.count, drawn: drawn.filter { $0.target.category == category }.count))
            }
        }
        drawn.sort { ($0.key, $0.target.id) < ($1.key, $1.target.id) }

        // Inspectors: the certified ones, in one keyed order, rotated per target.
        let eligible = inspectors.filter(\.certified).map { ($0, rank("inspector|" + $0.id)) }.sorted { ($0.1, $0.0.id) < ($1.1, $1.0.id) }.map(\.0)
        guard eligible.count >= plan.inspectorsPerTarget else {
            throw ValidationError(field: "执法检查人员名录库", reason: "持证检查人员不足 \(plan.inspectorsPerTarget) 人。")
        }
        var conflicts: [String: [String: String]] = [:]
        for interest in interests { conflicts[interest.targetID, default: [:]][interest.inspectorID] = interest.reason }
        var assignments: [Assignment] = []
        var exclusions: [Exclusion] = []
        for (target, _) in drawn {
            let offsetKey = rank("offset|" + target.id)
            let offset = Int(UInt64(offsetKey.prefix(15), radix: 16)! % UInt64(eligible.count))
            var chosen: [String] = []
            var index = 0
            while chosen.count < plan.inspectorsPerTarget && index < eligible.count {
                let inspector = eligible[(offset + index) % eligible.count]
                if let reason = conflicts[target.id]?[inspector.id] {
                    exclusions.append(Exclusion(targetID: target.id, inspectorID: inspector.id, reason: reason))
                } else {
                    chosen.append(inspector.id)
                }
                index += 1
            }
            guard chosen.count == plan.inspectorsPerTarget else {
                throw ValidationError(field: "执法检查人员名录库", reason: "「\(target.name)」回避后可派检查人员不足 \(plan.inspectorsPerTarget) 人。")
            }
            assignments.append(Assignment(targetID: target.id, inspectorIDs: chosen))
        }
        return Outcome(quotas: quotas, assignments: assignments, exclusions: exclusions)
    }

    // MARK: Verification

    /// Re-runs a published draw from the file alone; returns the discrepancies (none when the draw stands).
    public static func verify(_ file: File) -> [String] {
        var problems: [String] = []
        if file.format != format { problems.append("文件格式「\(file.format)」不是 \(format)") }
        if targetPoolHash(file.targets) != file.targetPoolHash { problems.append("检查对象名录库的指纹与公布的不一致") }
        if inspectorPoolHash(file.inspectors, interests: file.interests) != file.inspectorPoolHash {
            problems.append("执法检查人员名录库（含回避关系）的指纹与公布的不一致")
        }
        let seed = seed(commitment: file.commitment, witness: file.witnessValue)
        if seed != file.seed { problems.append("随机种子与「冻结值|见证值」计算结果不一致") }
        do {
            let outcome = try run(plan: file.plan, targets: file.targets, inspectors: file.inspectors, interests: file.interests, seed: seed)
            if outcome.quotas != file.outcome.quotas { problems.append("各类别抽取数量与重新计算的不一致") }
            if outcome.assignments != file.outcome.assignments { problems.append("抽取结果与重新计算的不一致") }
            if outcome.exclusions != file.outcome.exclusions { problems.append("回避排除清单与重新计算的不一致") }
        } catch let error as ValidationError {
            problems.append("无法重新抽取：\(error.message)")
        } catch {
            problems.append("无法重新抽取")
        }
        return problems
    }

    public static func encode(_ file: File) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(file)
    }

    public static func decode(_ data: Data) throws -> File {
        do { return try JSONDecoder().decode(File.self, from: data) } catch {
            throw ValidationError(field: "抽查公示文件", reason: "不是有效的双随机抽查公示文件（JSON）。")
        }
    }
}
