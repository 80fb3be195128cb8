import FluentKit

/// Rule-making and learning: public comments on draft documents, the yearly cleanup with a decision per live document,
/// the published decision catalogues, and the 谁执法谁普法 responsibility list.
struct CreateRuleMaking: AsyncMigration {
    var name: String { "2026-11-create-rule-making" }

    func prepare(on database: any Database) async throws {
        try await database.schema("public_comment")
            .id()
            .field("matter_id", .uuid, .required, .references("matter", "id"))
            .field("content", .string, .required)
            .field("submitted_at", .datetime, .required)
            .field("adopted", .string)
            .field("answer", .string)
            .field("answered_by", .string)
            .field("answered_at", .datetime)
            .create()
        try await database.schema("cleanup_campaign")
            .id()
            .field("year", .int, .required)
            .field("opened_by", .string, .required)
            .field("opened_at", .datetime, .required)
            .field("published_at", .datetime)
            .unique(on: "year")
            .create()
        try await database.schema("cleanup_decision")
            .id()
            .field("year", .int, .required)
            .field("matter_id", .uuid, .required, .references("matter", "id"))
            .field("decision", .string, .required)
            .field("reason", .string, .required)
            .field("decided_by", .string, .required)
            .field("decided_at", .datetime, .required)
            .unique(on: "year", "matter_id")
            .create()
        try await database.schema("decision_catalogue")
            .id()
            .field("year", .int, .required)
            .field("published_at", .datetime, .required)
            .field("published_by", .string, .required)
            .unique(on: "year")
            .create()
        try await database.schema("publicity_duty")
            .id()
            .field("year", .int, .required)
            .field("law", .string, .required)
            .field("unit_code", .string, .required)
            .field("target_activities", .int, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "year", "law", "unit_code")
            .create()
    }

    func revert(on database: any Database) async throws {
        for table in ["publicity_duty", "decision_catalogue", "cleanup_decision", "cleanup_campaign", "public_comment"] {
            try await database.schema(table).delete()
        }
    }
}
