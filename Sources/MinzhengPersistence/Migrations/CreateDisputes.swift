import FluentKit

/// Disputes and emergencies: the elderly-care institution register, rectification items (drills and the risk
/// ledger), and the barred accounts and units of a matter (a report never reaches whom it names).
struct CreateDisputes: AsyncMigration {
    var name: String { "2026-11-create-disputes" }

    func prepare(on database: any Database) async throws {
        try await database.schema("care_institution")
            .id()
            .field("credit_code", .string, .required)
            .field("name", .string, .required)
            .field("address", .string, .required)
            .field("beds", .int, .required)
            .field("is_key_fire_unit", .bool, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "credit_code")
            .create()
        try await database.schema("rectification_item")
            .id()
            .field("matter_id", .uuid, .required, .references("matter", "id"))
            .field("description", .string, .required)
            .field("deadline", .string, .required)
            .field("closed_on", .string)
            .field("closure_note", .string)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("matter").field("barred", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("matter").deleteField("barred").update()
        try await database.schema("rectification_item").delete()
        try await database.schema("care_institution").delete()
    }
}
