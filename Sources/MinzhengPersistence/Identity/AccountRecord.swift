import FluentKit
import Foundation

final class AccountRecord: Model, @unchecked Sendable {
    static let schema = "account"

    @ID(key: .id) var id: UUID?
    @Field(key: "kind") var kind: String
    @OptionalField(key: "username") var username: String?
    @Field(key: "display_name") var displayName: String
    @OptionalField(key: "id_number_enc") var idNumberSealed: String?
    @OptionalField(key: "id_number_index") var idNumberIndex: String?
    @OptionalField(key: "mobile_enc") var mobileSealed: String?
    @OptionalField(key: "mobile_index") var mobileIndex: String?
    @OptionalField(key: "organization_id") var organizationID: UUID?
    @Field(key: "password_hash") var passwordHash: String
    @OptionalField(key: "password_changed_at") var passwordChangedAt: Date?
    @Field(key: "must_change_password") var mustChangePassword: Bool
    @Field(key: "failed_logins") var failedLogins: Int
    @OptionalField(key: "locked_until") var lockedUntil: Date?
    @OptionalField(key: "totp_secret_enc") var totpSecretSealed: String?
    @Field(key: "totp_enabled") var totpEnabled: Bool
    @OptionalField(key: "totp_last_step") var totpLastStep: Int64?
    @Field(key: "roles_version") var rolesVersion: Int
    @Field(key: "is_active") var isActive: Bool
    @OptionalField(key: "last_login_at") var lastLoginAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
}

final class RoleAssignmentRecord: Model, @unchecked Sendable {
    static let schema = "role_assignment"

    @ID(key: .id) var id: UUID?
    @Field(key: "account_id") var accountID: UUID
    @Field(key: "role") var role: String
    @Field(key: "org_unit_id") var orgUnitID: UUID
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

final class SessionRecord: Model, @unchecked Sendable {
    static let schema = "session"

    /// SHA-256 of the cookie token: the token itself is never stored.
    @ID(custom: "id", generatedBy: .user) var id: String?
    @Field(key: "account_id") var accountID: UUID
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "last_seen_at") var lastSeenAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @Field(key: "roles_version") var rolesVersion: Int
    @Field(key: "second_factor_pending") var secondFactorPending: Bool

    init() {}
}

final class LoginThrottleRecord: Model, @unchecked Sendable {
    static let schema = "login_throttle"

    @ID(key: .id) var id: UUID?
    @Field(key: "key") var key: String
    @Field(key: "window_start") var windowStart: Date
    @Field(key: "attempts") var attempts: Int

    init() {}
}

final class RecoveryCodeRecord: Model, @unchecked Sendable {
    static let schema = "recovery_code"

    @ID(key: .id) var id: UUID?
    @Field(key: "account_id") var accountID: UUID
    @Field(key: "code_hash") var codeHash: String
    @OptionalField(key: "used_at") var usedAt: Date?

    init() {}
}
