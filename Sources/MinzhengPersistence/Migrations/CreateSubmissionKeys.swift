import FluentKit

/// Idempotency keys of submissions (issue 11, item 5): a form or an API client that sends the same key twice gets
/// the matter of the first time, never a second one — a retry after a timeout or a crash is safe.
struct CreateSubmissionKeys: AsyncMigration {
    var name: String { "2026-11-create-submission-keys" }

    func prepare(on database: any Database) async throws {
        try await database.schema("submission_key")
            .field("key", .string, .identifier(auto: false))
            .field("account_id", .uuid, .required)
            .field("matter_id", .uuid, .required, .references("matter", "id"))
            .field("created_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("submission_key").delete()
    }
}
