import FluentKit

/// Clocks whose due date waits for a calendar year that is not yet imported.
struct AddPendingClocks: AsyncMigration {
    var name: String { "2026-11-add-pending-clocks" }

    func prepare(on database: any Database) async throws {
        try await database.schema("matter_clock").field("pending_year", .int).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("matter_clock").deleteField("pending_year").update()
    }
}
