import FluentKit

/// Recorded random draws of spot checks.
struct CreateSpotCheckDraws: AsyncMigration {
    var name: String { "2026-11-create-spot-check-draws" }

    func prepare(on database: any Database) async throws {
        try await database.schema("spot_check_draw")
            .id()
            .field("type_id", .string, .required)
            .field("seed", .string, .required)
            .field("algorithm", .string, .required)
            .field("operator", .string, .required)
            .field("drawn_at", .datetime, .required)
            .field("batch", .string, .required)
            .field("selected", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("spot_check_draw").delete()
    }
}
