import Foundation

/// One piece of casework (办件) of any module.
public struct Matter: Sendable, Hashable, Identifiable {
    public typealias ID = TypedID<Matter>

    public var id: ID
    public var typeID: MatterTypeID
    /// 办件编号, e.g. `DB-2025-000123`.
    public var reference: String
    public var title: String
    public var state: StateID
    public var orgUnitID: OrgUnit.ID
    public var orgUnitPath: String
    public var orgUnitCode: String
    /// The citizen the matter belongs to (own-scope access).
    public var applicantAccountID: UUID?
    public var organizationID: UUID?
    /// How it came in: online, window, proxy, crossProvince.
    public var channel: String
    /// Declared fields (non-sensitive values in clear; sensitive values are kept sealed by persistence).
    public var fields: [String: String]
    public var createdAt: Date
    public var closedAt: Date?
    /// Paths of units the matter is routed to for a step (from the `routedTo` field), resolved when loaded.
    public var routedUnitPaths: [String] = []
    /// Accounts and units barred from the matter (the person or unit a report names), resolved when loaded.
    public var barredAccountIDs: Set<UUID> = []
    public var barredUnitCodes: Set<String> = []

    public init(id: ID = ID(), typeID: MatterTypeID, reference: String, title: String, state: StateID, orgUnitID: OrgUnit.ID,
                orgUnitPath: String, orgUnitCode: String, applicantAccountID: UUID? = nil, organizationID: UUID? = nil,
                channel: String, fields: [String: String] = [:], createdAt: Date, closedAt: Date? = nil) {
        self.id = id
        self.typeID = typeID
        self.reference = reference
        self.title = title
        self.state = state
        self.orgUnitID = orgUnitID
        self.orgUnitPath = orgUnitPath
        self.orgUnitCode = orgUnitCode
        self.applicantAccountID = applicantAccountID
        self.organizationID = organizationID
        self.channel = channel
        self.fields = fields
        self.createdAt = createdAt
        self.closedAt = closedAt
    }

    /// A title typed for a new matter (the API's `title`): trimmed, 2 to 100 characters. Titles the platform composes
    /// (an organisation's name and a year) are cut to 100 when stored instead, so a long name never stops a campaign.
    public static func validTitle(_ raw: String) throws -> String {
        let title = raw.trimmingCharacters(in: .whitespaces)
        guard (2...100).contains(title.count) else { throw ValidationError(field: "标题", reason: "标题为 2 至 100 个字。") }
        return title
    }

    public var accessTarget: AccessTarget {
        var target = AccessTarget(orgUnitPath: orgUnitPath, ownerAccountID: applicantAccountID, organizationID: organizationID)
        target.additionalUnitPaths = routedUnitPaths
        target.excludedAccountIDs = barredAccountIDs
        target.excludedUnitCodes = barredUnitCodes
        if !barredAccountIDs.isEmpty || !barredUnitCodes.isEmpty { target.exclusionReason = "此件涉及您本人或您所在单位，依法不得查看或办理。" }
        return target
    }
}

/// What happened to a matter: creation, each transition with the checks it passed, suspensions, extensions,
/// materials, objections. Append-only; every event is also in the journal.
public struct MatterEvent: Sendable, Hashable, Codable {
    public enum Kind: String, Codable, Sendable {
        case created, transition, suspended, resumed, extended, material, objection, note
    }

    public var id: UUID
    public var sequence: Int
    public var kind: Kind
    public var transitionID: TransitionID?
    public var fromState: StateID?
    public var toState: StateID?
    public var actorAccountID: UUID?
    public var actorName: String
    public var actorRole: Role?
    public var at: Date
    public var checks: [CheckResult]
    public var marks: Set<EventMark>
    /// Facts of the act (opinion text, amounts, reasons), never a raw ID number or phone.
    public var data: [String: String]
    public var summary: String

    public init(id: UUID = UUID(), sequence: Int, kind: Kind, transitionID: TransitionID? = nil, fromState: StateID? = nil,
                toState: StateID? = nil, actorAccountID: UUID?, actorName: String, actorRole: Role?, at: Date,
                checks: [CheckResult] = [], marks: Set<EventMark> = [], data: [String: String] = [:], summary: String) {
        self.id = id
        self.sequence = sequence
        self.kind = kind
        self.transitionID = transitionID
        self.fromState = fromState
        self.toState = toState
        self.actorAccountID = actorAccountID
        self.actorName = actorName
        self.actorRole = actorRole
        self.at = at
        self.checks = checks
        self.marks = marks
        self.data = data
        self.summary = summary
    }
}

/// An uploaded material as checks and pages see it.
public struct MaterialSummary: Sendable, Hashable, Codable {
    public var id: UUID
    public var kind: String
    public var filename: String
    public var contentType: String
    public var size: Int
    public var sha256: String
    public var uploadedAt: Date
    /// Evidence details: the recording device and when it was captured (rules.md §6.2 AudioVisualRecord).
    public var metadata: [String: String] = [:]

    public init(id: UUID, kind: String, filename: String, contentType: String, size: Int, sha256: String, uploadedAt: Date,
                metadata: [String: String] = [:]) {
        self.id = id
        self.kind = kind
        self.filename = filename
        self.contentType = contentType
        self.size = size
        self.sha256 = sha256
        self.uploadedAt = uploadedAt
        self.metadata = metadata
    }
}
