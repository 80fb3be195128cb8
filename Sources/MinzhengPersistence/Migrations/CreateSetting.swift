import FluentKit

struct CreateSetting: AsyncMigration {
    var name: String { "2026-11-create-setting" }

    func prepare(on database: any Database) async throws {
        try await database.schema("setting")
            .id()
            .field("key", .string, .required)
            .field("value", .string, .required)
            .field("updated_at", .datetime)
            .unique(on: "key")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("setting").delete()
    }
}
