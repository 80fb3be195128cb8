import FluentKit

/// Assistance standards per scheme, year and area, and service ratings (好差评).
struct CreateServiceTables: AsyncMigration {
    var name: String { "2026-11-create-service-tables" }

    func prepare(on database: any Database) async throws {
        try await database.schema("assistance_standard")
            .id()
            .field("scheme", .string, .required)
            .field("year", .int, .required)
            .field("org_unit_id", .uuid, .required, .references("org_unit", "id"))
            .field("monthly_fen", .int, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "scheme", "year", "org_unit_id")
            .create()
        try await database.schema("service_rating")
            .id()
            .field("matter_id", .uuid, .required, .references("matter", "id"))
            .field("account_id", .uuid, .required, .references("account", "id"))
            .field("score", .int, .required)
            .field("comment", .string)
            .field("follow_up_matter_id", .uuid)
            .field("created_at", .datetime, .required)
            .unique(on: "matter_id", "account_id")
            .create()
        try await database.schema("matter").field("visits", .int, .required, .sql(.default(0))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("matter").deleteField("visits").update()
        try await database.schema("service_rating").delete()
        try await database.schema("assistance_standard").delete()
    }
}
