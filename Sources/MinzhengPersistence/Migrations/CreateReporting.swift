import FluentKit

/// The annual report's edited paragraphs (every edit a version), its frozen snapshots, and the register of legal
/// counsel the report counts.
struct CreateReporting: AsyncMigration {
    var name: String { "2026-11-create-reporting" }

    func prepare(on database: any Database) async throws {
        try await database.schema("report_paragraph")
            .id()
            .field("year", .int, .required)
            .field("key", .string, .required)
            .field("version", .int, .required)
            .field("text", .string, .required)
            .field("edited_by", .string, .required)
            .field("edited_at", .datetime, .required)
            .unique(on: "year", "key", "version")
            .create()
        try await database.schema("report_freeze")
            .id()
            .field("year", .int, .required)
            .field("figures", .string, .required)
            .field("paragraphs", .string, .required)
            .field("frozen_by", .string, .required)
            .field("frozen_at", .datetime, .required)
            .unique(on: "year")
            .create()
        try await database.schema("legal_counsel")
            .id()
            .field("name", .string, .required)
            .field("firm", .string, .required)
            .field("licence_number", .string, .required)
            .field("scope", .string, .required)
            .field("engaged_from", .string, .required)
            .field("engaged_until", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("legal_counsel").delete()
        try await database.schema("report_freeze").delete()
        try await database.schema("report_paragraph").delete()
    }
}
