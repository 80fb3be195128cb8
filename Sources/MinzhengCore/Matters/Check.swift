import Foundation

/// Everything a check may look at: the matter, its history, clocks and materials, the act's input, who acts, and
/// today.
public struct CheckContext: Sendable {
    public var type: MatterType
    public var matter: Matter
    public var transition: TransitionSpec
    public var events: [MatterEvent]
    public var clocks: [MatterClock]
    public var materials: [MaterialSummary]
    public var actor: Principal
    public var actingRole: Role?
    /// The act's normalised input.
    public var input: [String: String]
    public var today: CivilDate
    /// Whether the matter's power item may be cited (published, not repealed); `nil` when unknown.
    public var powerItemIsCitable: Bool?
    /// The settings in force (✘ items such as D11–D13).
    public var settings: SettingsSnapshot
    /// Reference values the database supplies, such as this year's assistance standard for the matter's area — the
    /// kinds the type's checks and derivations declare (`MatterType.factsRead`).
    public var facts: CheckFacts

    public init(type: MatterType, matter: Matter, transition: TransitionSpec, events: [MatterEvent], clocks: [MatterClock],
                materials: [MaterialSummary], actor: Principal, actingRole: Role?, input: [String: String], today: CivilDate,
                powerItemIsCitable: Bool?, settings: SettingsSnapshot = SettingsSnapshot(), facts: CheckFacts = [:]) {
        self.type = type
        self.matter = matter
        self.transition = transition
        self.events = events
        self.clocks = clocks
        self.materials = materials
        self.actor = actor
        self.actingRole = actingRole
        self.input = input
        self.today = today
        self.powerItemIsCitable = powerItemIsCitable
        self.settings = settings
        self.facts = facts
    }

    /// A value from the act's input or, failing that, the matter's fields.
    public func value(_ key: String) -> String? {
        if let value = input[key], !value.isEmpty { return value }
        if let value = matter.fields[key], !value.isEmpty { return value }
        return nil
    }

    public func events(of transition: TransitionID) -> [MatterEvent] { events.filter { $0.transitionID == transition } }

    public func lastEvent(marked mark: EventMark) -> MatterEvent? { events.last { $0.marks.contains(mark) } }

    /// Everyone who took an act on the matter, except by the given marks.
    public func handlers(excluding marks: Set<EventMark> = []) -> Set<UUID> {
        Set(events.filter { $0.kind == .transition && $0.marks.isDisjoint(with: marks) }.compactMap(\.actorAccountID))
    }
}

public enum CheckOutcome: Sendable, Hashable {
    case passed
    case failed(String)
    case notApplicable
}

/// A rule an act must satisfy before it takes effect, with its legal source. Failing checks block the act and are
/// shown in Chinese; every result is stored on the act's event.
public struct Check: Sendable {
    public let id: String
    /// The rule in Chinese, e.g. 「未完成法制审核，不得作出决定」.
    public let rule: String
    /// The legal source, e.g. 行政处罚法 第五十八条.
    public let source: String
    public let evaluate: @Sendable (CheckContext) -> CheckOutcome
    /// The check looks at what the person fills in with the act: until the form is submitted, a failure is guidance
    /// shown beside the form, not a reason the act is unavailable.
    public let readsInput: Bool
    /// The kinds of facts the check reads; only these are loaded for it.
    public let reads: Set<CheckFact>

    public init(id: String, rule: String, source: String, readsInput: Bool = false, reads: Set<CheckFact> = [],
                evaluate: @escaping @Sendable (CheckContext) -> CheckOutcome) {
        self.id = id
        self.rule = rule
        self.source = source
        self.readsInput = readsInput
        self.reads = reads
        self.evaluate = evaluate
    }

    public func run(_ context: CheckContext) -> CheckResult {
        let outcome = evaluate(context)
        switch outcome {
        case .passed: return CheckResult(checkID: id, rule: rule, source: source, status: .passed, detail: nil)
        case .notApplicable: return CheckResult(checkID: id, rule: rule, source: source, status: .notApplicable, detail: nil)
        case .failed(let detail): return CheckResult(checkID: id, rule: rule, source: source, status: .failed, detail: detail)
        }
    }
}

/// The stored result of one check on one act.
public struct CheckResult: Sendable, Hashable, Codable {
    public enum Status: String, Codable, Sendable {
        case passed, failed, notApplicable
    }

    public var checkID: String
    public var rule: String
    public var source: String
    public var status: Status
    public var detail: String?

    public init(checkID: String, rule: String, source: String, status: Status, detail: String?) {
        self.checkID = checkID
        self.rule = rule
        self.source = source
        self.status = status
        self.detail = detail
    }

    /// 「未完成法制审核，不得作出决定（行政处罚法 第五十八条）」, with the detail when there is one.
    public var message: String {
        "\(rule)（\(source)）" + (detail.map { "：\($0)" } ?? "")
    }
}
