/// A kind of reference value the database supplies to checks and derivations. Each check (and each transition's
/// derivation) declares the kinds it reads, so that a matter page or an act loads only what its type's rules look at.
public enum CheckFact: String, Sendable, Hashable, CaseIterable {
    /// This year's assistance standards for the matter's area: `standard.<scheme>` = monthly fen.
    case assistanceStandards
    /// The enforcement certificates valid today: `certificate.<username>` = `number|validUntil`.
    case certificates
    /// The matter's rectification items not yet closed: `openRectifications` = count.
    case openRectifications
    /// Public comments on a draft not yet answered: `unansweredComments` = count.
    case unansweredComments
    /// The published discretion benchmark the case applies: `benchmark` = its JSON.
    case benchmark

    /// The kind a fact's key belongs to.
    public init?(key: String) {
        if key.hasPrefix("standard.") { self = .assistanceStandards }
        else if key.hasPrefix("certificate.") { self = .certificates }
        else if let kind = CheckFact(rawValue: key), kind != .assistanceStandards, kind != .certificates { self = kind }
        else { return nil }
    }
}

/// The facts given to a check: the values of the kinds loaded. Reading a kind that was not loaded is a programming
/// error — a check that does not declare what it reads would otherwise see "no rectifications open" and pass — so it
/// stops the process rather than let an act through; the tests run every type's checks and find such a check.
public struct CheckFacts: Sendable, Hashable, ExpressibleByDictionaryLiteral {
    public private(set) var values: [String: String]
    public private(set) var loaded: Set<CheckFact>

    public init(_ values: [String: String] = [:], loaded: Set<CheckFact>) {
        self.values = values
        self.loaded = loaded
    }

    /// Every kind counts as loaded: what is not given is absent (tests and callers that state the facts outright).
    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(Dictionary(elements, uniquingKeysWith: { $1 }), loaded: Set(CheckFact.allCases))
    }

    public subscript(key: String) -> String? {
        guard let kind = CheckFact(key: key), loaded.contains(kind) else {
            preconditionFailure("A check read the fact \(key), whose kind its matter type does not load: declare it in the check's `reads`.")
        }
        return values[key]
    }

    /// Marks a kind as loaded with the values found (possibly none).
    public mutating func load(_ kind: CheckFact, _ found: [String: String] = [:]) {
        loaded.insert(kind)
        values.merge(found) { $1 }
    }
}
