import Foundation

/// Identifies a matter type (`minimumLivingAllowance`, `penaltyCase` …).
public struct MatterTypeID: Hashable, Codable, Sendable, RawRepresentable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }
}

/// A state of a matter type (`accepted`, `publicNotice` …).
public struct StateID: Hashable, Codable, Sendable, RawRepresentable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }
}

/// A state as declared: its name, whether the matter ends there, and the stage limit that runs while in it.
public struct StateSpec: Sendable {
    public var id: StateID
    public var name: String
    public var isTerminal: Bool
    /// The stage clock (rules.md §1 "two clocks"): restarts on entering the state.
    public var stageLimit: Period?
    public var stageBasis: String?

    public init(_ id: StateID, _ name: String, isTerminal: Bool = false, stageLimit: Period? = nil, stageBasis: String? = nil) {
        self.id = id
        self.name = name
        self.isTerminal = isTerminal
        self.stageLimit = stageLimit
        self.stageBasis = stageBasis
    }
}

/// A matter type declared as data (DESIGN.md §3, "The spine"): states, transitions with their checks, clocks, notices
/// and documents, and the power item it exercises. The engine runs every type; a new type is a declaration plus its
/// screens.
public struct MatterType: Sendable {
    public var id: MatterTypeID
    public var name: String
    /// The 权责事项 the matter exercises (rules.md §6.1).
    public var powerItemCode: String?
    public var legalBasis: String
    /// Prefix of the matter's reference number (办件编号), e.g. `DB` → `DB-2025-000123`.
    public var referencePrefix: String
    public var states: [StateSpec]
    public var initialState: StateID
    public var transitions: [TransitionSpec]
    public var clocks: [ClockSpec]
    public var fields: [FieldSpec]
    /// Who creates the matter (the first transition's roles apply to later acts).
    public var creatorRoles: [Role]
    /// What the public portal shows during a 公示, and only that (rules.md §11).
    public var publicNotice: PublicNoticeSpec?
    /// Offered to citizens at `/my/apply`.
    public var isOfferedOnline: Bool
    /// Records read only by those who handle them, never shown publicly, every reading journaled (marriage registration,
    /// rules.md §4 "Privacy"): the 领导's general right to read does not extend to them.
    public var isConfidential: Bool
    /// What the public register of decisions shows of a decided matter (行政执法公示), and only that.
    public var publicDecision: PublicDecisionSpec?
    /// Fields naming who may never see the matter: a username and an org unit code (信访工作条例 第三十条: a report is
    /// never disclosed to the person or unit it names).
    public var barredAccountField: String?
    public var barredUnitField: String?
    /// Where a matter of the type may be registered (the 连队/社区 of the household; the marriage registry).
    public var createdAt: CreationPlaces
    /// States in which the unit the matter is routed to (`routedTo`) may act on it but not read it: a referral not
    /// yet accepted shows the receiving body only what the referral shares (three-way mediation linkage).
    public var routedReadWithheldIn: Set<StateID> = []
    /// The page that opens matters of the type (a campaign, a plan, the year's report), which sets what the generic
    /// registration form would let someone type: the batch, the year, the statutory due dates.
    public var registeredThrough: RegistrationPlace?

    /// Why the generic registration form (and the API's) does not take this type, if it does not.
    public var genericRegistrationRefusal: String? {
        registeredThrough.map { "\(name)不在此登记，请到「\($0.name)」（\($0.path)）办理。" }
    }

    public struct RegistrationPlace: Sendable, Hashable {
        public var path: String
        public var name: String

        public init(_ path: String, _ name: String) {
            self.path = path
            self.name = name
        }
    }

    public init(id: MatterTypeID, name: String, powerItemCode: String?, legalBasis: String, referencePrefix: String,
                states: [StateSpec], initialState: StateID, transitions: [TransitionSpec], clocks: [ClockSpec] = [],
                fields: [FieldSpec] = [], creatorRoles: [Role], publicNotice: PublicNoticeSpec? = nil, isOfferedOnline: Bool = false,
                isConfidential: Bool = false, createdAt: CreationPlaces = .anywhere, publicDecision: PublicDecisionSpec? = nil,
                barredAccountField: String? = nil, barredUnitField: String? = nil) {
        self.id = id
        self.name = name
        self.powerItemCode = powerItemCode
        self.legalBasis = legalBasis
        self.referencePrefix = referencePrefix
        self.states = states
        self.initialState = initialState
        self.transitions = transitions
        self.clocks = clocks
        self.fields = fields
        self.creatorRoles = creatorRoles
        self.publicNotice = publicNotice
        self.isOfferedOnline = isOfferedOnline
        self.isConfidential = isConfidential
        self.createdAt = createdAt
        self.publicDecision = publicDecision
        self.barredAccountField = barredAccountField
        self.barredUnitField = barredUnitField
    }

    /// The declaration with the properties the initialiser does not take set.
    public func with(_ change: (inout MatterType) -> Void) -> MatterType {
        var type = self
        change(&type)
        return type
    }

    public func state(_ id: StateID) -> StateSpec? { states.first { $0.id == id } }
    public func stateName(_ id: StateID) -> String { state(id)?.name ?? id.rawValue }
    public func transition(_ id: TransitionID) -> TransitionSpec? { transitions.first { $0.id == id } }
    public func clock(_ id: ClockID) -> ClockSpec? { clocks.first { $0.id == id } }
    public func field(_ key: String) -> FieldSpec? { fields.first { $0.key == key } }

    /// The kinds of facts the type's checks and derivations read — what a page or an act loads for them.
    public var factsRead: Set<CheckFact> {
        transitions.reduce(into: []) { kinds, transition in
            kinds.formUnion(transition.derivationReads)
            for check in transition.checks { kinds.formUnion(check.reads) }
        }
    }

    /// Whether matters of the type keep rectification items (整改事项): an act of the type is blocked while any is
    /// open, so the matter page lists them and lets staff add and close them.
    public var tracksRectifications: Bool { factsRead.contains(.openRectifications) }

    /// The transitions that leave `state`.
    public func transitions(from state: StateID) -> [TransitionSpec] { transitions.filter { $0.from.contains(state) } }

    /// The permission-table action of a transition: `matter.<type>.<transition>`.
    public func action(for transition: TransitionSpec) -> Action {
        Action("matter.\(id.rawValue).\(transition.id.rawValue)", title: "\(transition.name)（\(name)）")
    }

    public var createAction: Action { Action("matter.\(id.rawValue).create", title: "登记\(name)") }
    public var readAction: Action { Action("matter.\(id.rawValue).read", title: "查看\(name)") }
    /// Adding materials and suspending or resuming a clock: open to whoever handles the matter (and materials to the applicant).
    public var handleAction: Action { Action("matter.\(id.rawValue).handle", title: "办理\(name)") }
    public var extendAction: Action { Action("matter.\(id.rawValue).extend", title: "批准延长\(name)期限") }

    /// Roles that may extend a clock of this type.
    public var extensionApprovers: [Role] {
        Array(Set(clocks.compactMap(\.extensionRule).flatMap(\.approverRoles)))
    }

    /// Checks the declaration itself: unknown states, duplicate ids, clocks that never start.
    public func validate() throws {
        let known = Set(states.map(\.id))
        guard Set(states.map(\.id)).count == states.count else { throw MatterDeclarationError("\(id): duplicate state") }
        guard known.contains(initialState) else { throw MatterDeclarationError("\(id): unknown initial state") }
        guard Set(transitions.map(\.id)).count == transitions.count else { throw MatterDeclarationError("\(id): duplicate transition") }
        for transition in transitions {
            for state in transition.from.union([transition.to]) where !known.contains(state) {
                throw MatterDeclarationError("\(id).\(transition.id): unknown state \(state)")
            }
        }
        let transitionIDs = Set(transitions.map(\.id))
        for clock in clocks {
            for start in clock.startsOn where !transitionIDs.contains(start) && start != .created {
                throw MatterDeclarationError("\(id).\(clock.id): starts on unknown transition \(start)")
            }
            if let expiry = clock.onExpiry, transition(expiry)?.isAutomatic != true {
                throw MatterDeclarationError("\(id).\(clock.id): expiry act \(expiry) is not an automatic transition")
            }
            if let after = clock.startsAfter, self.clock(after) == nil {
                throw MatterDeclarationError("\(id).\(clock.id): starts after unknown clock \(after)")
            }
        }
    }
}

/// The whitelist of a published decision: its kind (行政处罚/行政许可), the deadline after the decision, and the fields
/// shown — a party who is a natural person masked by rule (rules.md §11).
public struct PublicDecisionSpec: Sendable {
    public var kind: String
    /// 7 working days for penalties and licences (国办发〔2018〕118号).
    public var publishWithin: Period
    public var fields: [(key: String, label: String)]
    /// The field that says whether the party is a natural person (then its name and number are masked).
    public var naturalPersonField: String?
    public var naturalPersonValue: String
    public var partyNameField: String
    public var partyCodeField: String?

    public init(kind: String, publishWithin: Period, fields: [(key: String, label: String)], naturalPersonField: String?, naturalPersonValue: String = "自然人",
                partyNameField: String, partyCodeField: String?) {
        self.kind = kind
        self.publishWithin = publishWithin
        self.fields = fields
        self.naturalPersonField = naturalPersonField
        self.naturalPersonValue = naturalPersonValue
        self.partyNameField = partyNameField
        self.partyCodeField = partyCodeField
    }

    /// The published text of each field: the party masked when a natural person, amounts in yuan.
    public func published(_ matter: Matter, type: MatterType) -> [(label: String, value: String)] {
        let natural = naturalPersonField.map { matter.fields[$0] == naturalPersonValue } ?? false
        var result: [(label: String, value: String)] = []
        for (key, label) in fields {
            guard let raw = matter.fields[key], !raw.isEmpty else { continue }
            let value: String
            if key == partyNameField {
                value = natural ? Masking.name(raw) : raw
            } else if key == partyCodeField {
                value = natural ? Masking.residentID(raw) : raw
            } else if let field = type.field(key), field.mask == nil || field.mask == .name {
                var plain = field
                plain.mask = nil
                value = plain.display(raw)
            } else {
                continue
            }
            result.append((label, value))
        }
        return result
    }
}

/// The org units at which a matter of a type may be registered.
public enum CreationPlaces: Sendable, Hashable {
    case anywhere
    /// Units of these levels (assistance is registered at the applicant's 连队/社区 or 团镇/街道).
    case levels(Set<OrgLevel>)
    /// The units whose codes a list setting names (✘ `marriage.registryUnitCodes`).
    case unitsOfSetting(String)

    /// 「团镇/街道或连队/社区」, 「设置中的登记机关」: for the message when a unit does not take the type.
    public var chineseDescription: String {
        switch self {
        case .anywhere: "任一单位"
        case .levels(let levels): OrgLevel.allCases.filter(levels.contains).map(\.chineseName).joined(separator: "或")
        case .unitsOfSetting: "设置中指定的登记机关"
        }
    }

    public func allows(_ unit: OrgUnit, settings: SettingsSnapshot) -> Bool {
        switch self {
        case .anywhere: true
        case .levels(let levels): levels.contains(unit.level)
        case .unitsOfSetting(let key): settings.list(key).contains(unit.code)
        }
    }
}

public struct MatterDeclarationError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// The whitelist of what a public notice shows: these fields (masked by their field's rule), the 连队/社区 and the
/// notice dates. Nothing else of the matter is ever published.
public struct PublicNoticeSpec: Sendable {
    public var title: String
    public var legalBasis: String
    public var fields: [(key: String, label: String)]
    public var note: String

    public init(title: String, legalBasis: String, fields: [(key: String, label: String)], note: String) {
        self.title = title
        self.legalBasis = legalBasis
        self.fields = fields
        self.note = note
    }
}
