import MinzhengCore
import Vapor

/// The person signed in on this request, as the session middleware found them.
struct CurrentUser: Sendable {
    var accountID: UUID
    var displayName: String
    var roles: [Role]
}

struct CurrentUserKey: StorageKey {
    typealias Value = CurrentUser
}

extension Request {
    var currentUser: CurrentUser? { storage[CurrentUserKey.self] }

    var layoutUser: LayoutUser? {
        guard let user = currentUser else { return nil }
        return LayoutUser(
            displayName: user.displayName,
            roleSummary: user.roles.map(\.chineseName).joined(separator: "、"),
            isStaff: user.roles.contains(where: \.isStaff),
            isAdministrator: user.roles.contains(where: \.isAdministrator))
    }
}
