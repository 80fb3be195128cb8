import FluentKit
import SQLKit

/// The power list: every version of every item, and the units' claims of supervision items.
struct CreatePowerList: AsyncMigration {
    var name: String { "2026-11-create-power-list" }

    func prepare(on database: any Database) async throws {
        try await database.schema("power_item")
            .id()
            .field("code", .string, .required)
            .field("version", .int, .required)
            .field("name", .string, .required)
            .field("type", .string, .required)
            .field("authorized_power", .string, .required)
            .field("is_supervision", .bool, .required)
            .field("status", .string, .required)
            .field("data", .string, .required)
            .field("created_at", .datetime, .required)
            .field("approved_at", .datetime)
            .field("published_at", .datetime)
            .field("superseded_at", .datetime)
            .field("repealed_at", .datetime)
            .unique(on: "code", "version")
            .create()
        try await (database as! any SQLDatabase).create(index: "power_item_status").on("power_item").column("status").column("type").run()
        try await database.schema("power_claim")
            .id()
            .field("code", .string, .required)
            .field("org_unit_id", .uuid, .required, .references("org_unit", "id"))
            .field("claimed_at", .datetime, .required)
            .field("claimed_by", .string, .required)
            .unique(on: "code", "org_unit_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("power_claim").delete()
        try await database.schema("power_item").delete()
    }
}
