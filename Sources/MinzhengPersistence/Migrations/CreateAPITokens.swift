import FluentKit

/// Integration tokens (issue 11, item 3): stored as SHA-256 of the secret, with their roles and units, expiry and
/// revocation.
struct CreateAPITokens: AsyncMigration {
    var name: String { "2026-11-create-api-tokens" }

    func prepare(on database: any Database) async throws {
        try await database.schema("api_token")
            .id()
            .field("name", .string, .required)
            .field("secret_hash", .string, .required)
            .field("roles", .string, .required)
            .field("created_by", .string, .required)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("revoked_at", .datetime)
            .field("last_used_at", .datetime)
            .unique(on: "secret_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("api_token").delete()
    }
}
