import FluentKit
import SQLKit

struct CreateCalendar: AsyncMigration {
    var name: String { "2026-11-create-calendar" }

    func prepare(on database: any Database) async throws {
        try await database.schema("calendar_day")
            .id()
            .field("date", .string, .required)
            .field("region", .string, .required)
            .field("kind", .string, .required)
            .field("name", .string, .required)
            .field("document_ref", .string)
            .unique(on: "date", "region")
            .create()
        try await database.schema("calendar_year")
            .id()
            .field("year", .int, .required)
            .field("region", .string, .required)
            .field("document_ref", .string)
            .field("loaded_at", .datetime, .required)
            .unique(on: "year", "region")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("calendar_year").delete()
        try await database.schema("calendar_day").delete()
    }
}
