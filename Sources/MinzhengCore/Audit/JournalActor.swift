import Foundation

/// Who took an act: a signed-in user (with the role and unit they acted in), the operator at the CLI, the system
/// itself (jobs), or an anonymous visitor.
public struct JournalActor: Codable, Hashable, Sendable {
    public enum Kind: String, Codable, Sendable {
        case user, `operator`, system, anonymous
    }

    public var kind: Kind
    public var accountID: UUID?
    /// The account's username, the OS user for the operator, `system` or `anonymous`. Never a person's name.
    public var name: String
    public var role: String?
    public var orgUnitCode: String?

    public init(kind: Kind, accountID: UUID? = nil, name: String, role: String? = nil, orgUnitCode: String? = nil) {
        self.kind = kind
        self.accountID = accountID
        self.name = name
        self.role = role
        self.orgUnitCode = orgUnitCode
    }

    public static func `operator`(_ osUser: String) -> JournalActor { .init(kind: .operator, name: osUser.isEmpty ? "operator" : osUser) }
    public static let system = JournalActor(kind: .system, name: "system")
    public static let anonymous = JournalActor(kind: .anonymous, name: "anonymous")

    public static func user(accountID: UUID, username: String, role: Role? = nil, orgUnitCode: String? = nil) -> JournalActor {
        .init(kind: .user, accountID: accountID, name: username, role: role?.rawValue, orgUnitCode: orgUnitCode)
    }
}

/// Where an act came from: the actor, the client address and the request ID.
public struct JournalContext: Sendable, Hashable {
    public var actor: JournalActor
    public var clientAddress: String?
    public var requestID: String?

    public init(actor: JournalActor, clientAddress: String? = nil, requestID: String? = nil) {
        self.actor = actor
        self.clientAddress = clientAddress
        self.requestID = requestID
    }
}
