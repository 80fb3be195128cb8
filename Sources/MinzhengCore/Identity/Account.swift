import Foundation

/// An account as the application sees it: who, what kind, and the state of its protection. Secrets (password hash,
/// TOTP secret) and personal data in clear never appear here.
public struct Account: Sendable, Hashable, Identifiable {
    public typealias ID = TypedID<Account>

    public var id: ID
    public var kind: AccountKind
    /// Staff and organisation accounts sign in with a username; citizens with their mobile number.
    public var username: String?
    public var displayName: String
    public var maskedMobile: String?
    public var maskedIDNumber: String?
    public var organizationID: UUID?
    public var isActive: Bool
    public var isTOTPEnabled: Bool
    public var mustChangePassword: Bool
    public var lockedUntil: Date?
    public var failedLogins: Int
    public var lastLoginAt: Date?
    public var createdAt: Date?
    public var roles: [RoleAssignment]

    public init(id: ID, kind: AccountKind, username: String?, displayName: String, maskedMobile: String?,
                maskedIDNumber: String?, organizationID: UUID?, isActive: Bool, isTOTPEnabled: Bool,
                mustChangePassword: Bool, lockedUntil: Date?, failedLogins: Int, lastLoginAt: Date?, createdAt: Date?,
                roles: [RoleAssignment]) {
        self.id = id
        self.kind = kind
        self.username = username
        self.displayName = displayName
        self.maskedMobile = maskedMobile
        self.maskedIDNumber = maskedIDNumber
        self.organizationID = organizationID
        self.isActive = isActive
        self.isTOTPEnabled = isTOTPEnabled
        self.mustChangePassword = mustChangePassword
        self.lockedUntil = lockedUntil
        self.failedLogins = failedLogins
        self.lastLoginAt = lastLoginAt
        self.createdAt = createdAt
        self.roles = roles
    }

    public func isLocked(at now: Date) -> Bool { lockedUntil.map { $0 > now } ?? false }

    /// The name the journal uses: the username, or for citizens an opaque label (never a name or number).
    public var journalName: String { username ?? "citizen-\(id.rawValue.uuidString.prefix(8).lowercased())" }

    public var principal: Principal {
        Principal(accountID: id.rawValue, kind: kind, username: journalName, roles: roles, organizationID: organizationID)
    }
}

/// Username rules for staff and organisation accounts.
public enum UsernameRules {
    public static func validate(_ username: String) throws {
        guard (3...32).contains(username.count),
              username.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "_" || $0 == "-") }),
              username.first?.isLetter == true
        else {
            throw ValidationError(field: "用户名", reason: "应为 3–32 位字母、数字、点、下划线或连字符，以字母开头。")
        }
    }
}

/// Lockout after repeated wrong passwords (✘ `auth.maxFailures` = 5, `auth.lockMinutes` = 15).
public struct LockoutPolicy: Sendable, Equatable {
    public var maxFailures: Int
    public var lockDuration: TimeInterval

    public init(maxFailures: Int = 5, lockMinutes: Int = 15) {
        self.maxFailures = maxFailures
        self.lockDuration = TimeInterval(lockMinutes * 60)
    }

    public init(settings: SettingsSnapshot) {
        self.init(maxFailures: max(1, settings.int("auth.maxFailures")), lockMinutes: max(1, settings.int("auth.lockMinutes")))
    }

    /// After a wrong password: the new failure count and, when the limit is reached, the lock's end.
    public func afterFailure(previousFailures: Int, at now: Date) -> (failures: Int, lockedUntil: Date?) {
        let failures = previousFailures + 1
        return failures >= maxFailures ? (0, now.addingTimeInterval(lockDuration)) : (failures, nil)
    }
}
