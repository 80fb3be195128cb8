import MinzhengCore
import Vapor

/// The person signed in on this request, as the session middleware found them.
struct CurrentUser: Sendable {
    var account: Account
    /// SHA-256 of the session token (the session's row ID).
    var sessionID: String
    /// Signed in with the password, second factor still to come: only the second-factor pages are open.
    var isSecondFactorPending: Bool

    var principal: Principal { account.principal }
    var roles: [Role] { account.roles.map(\.role) }
    var isStaff: Bool { account.kind == .staff }
}

struct CurrentUserKey: StorageKey {
    typealias Value = CurrentUser
}

extension Request {
    /// The fully signed-in person, if any (a pending second factor does not count).
    var currentUser: CurrentUser? {
        guard let user = storage[CurrentUserKey.self], !user.isSecondFactorPending else { return nil }
        return user
    }

    /// The signed-in person, including one who still owes the second factor.
    var pendingOrCurrentUser: CurrentUser? { storage[CurrentUserKey.self] }

    var layoutUser: LayoutUser? {
        guard let user = currentUser else { return nil }
        let roles = user.account.roles.map(\.role)
        return LayoutUser(
            displayName: user.account.displayName,
            roleSummary: roles.isEmpty ? user.account.kind.chineseName : Array(Set(roles.map(\.chineseName))).sorted().joined(separator: "、"),
            isStaff: user.isStaff,
            isAdministrator: roles.contains(where: \.isAdministrator))
    }

    /// The client address used for throttling and the journal.
    var clientAddress: String { remoteAddress?.ipAddress ?? "local" }

    /// Who is acting, where from, on which request: for the journal.
    func journalContext(role: Role? = nil) -> JournalContext {
        let actor: JournalActor
        if let user = pendingOrCurrentUser {
            let acting = role.flatMap { r in user.account.roles.first { $0.role == r } } ?? user.account.roles.first
            actor = .user(accountID: user.account.id.rawValue, username: user.account.journalName,
                          role: acting?.role, orgUnitCode: acting?.orgUnitCode)
        } else {
            actor = .anonymous
        }
        return JournalContext(actor: actor, clientAddress: clientAddress, requestID: id)
    }
}
