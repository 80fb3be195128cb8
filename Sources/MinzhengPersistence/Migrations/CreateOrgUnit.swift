import FluentKit

struct CreateOrgUnit: AsyncMigration {
    var name: String { "2026-11-create-org-unit" }

    func prepare(on database: any Database) async throws {
        try await database.schema("org_unit")
            .id()
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("level", .string, .required)
            .field("parent_id", .uuid, .references("org_unit", "id"))
            .field("calendar_code", .string, .required)
            .field("is_fictional", .bool, .required)
            .field("path", .string, .required)
            .field("sort_order", .int, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "code")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("org_unit").delete()
    }
}
