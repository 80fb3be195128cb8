import FluentKit

/// Enforcement: officers' certificates, versioned discretion benchmarks, the public register of decisions, and the
/// evidence details of materials.
struct CreateEnforcement: AsyncMigration {
    var name: String { "2026-11-create-enforcement" }

    func prepare(on database: any Database) async throws {
        try await database.schema("officer_certificate")
            .id()
            .field("account_id", .uuid, .required, .references("account", "id"))
            .field("number", .string, .required)
            .field("category", .string, .required)
            .field("valid_from", .string, .required)
            .field("valid_until", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "number")
            .create()
        try await database.schema("discretion_benchmark")
            .id()
            .field("code", .string, .required)
            .field("version", .int, .required)
            .field("power_item_code", .string, .required)
            .field("status", .string, .required)
            .field("body", .string, .required)
            .field("created_by", .string, .required)
            .field("created_at", .datetime, .required)
            .field("published_at", .datetime)
            .unique(on: "code", "version")
            .create()
        try await database.schema("disclosure")
            .id()
            .field("matter_id", .uuid, .required, .references("matter", "id"))
            .field("kind", .string, .required)
            .field("reference", .string, .required)
            .field("title", .string, .required)
            .field("body", .string, .required)
            .field("natural_person", .bool, .required)
            .field("decided_on", .string, .required)
            .field("due_by", .string, .required)
            .field("published_at", .datetime, .required)
            .field("withdrawn_at", .datetime)
            .field("withdrawal_note", .string)
            .unique(on: "matter_id")
            .create()
        try await database.schema("material").field("metadata", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("material").deleteField("metadata").update()
        for table in ["disclosure", "discretion_benchmark", "officer_certificate"] {
            try await database.schema(table).delete()
        }
    }
}
