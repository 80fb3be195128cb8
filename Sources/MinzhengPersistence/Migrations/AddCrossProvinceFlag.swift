import FluentKit

/// Whether a matter was handled 跨省通办: received through that channel, or forwarded to another province.
struct AddCrossProvinceFlag: AsyncMigration {
    var name: String { "2026-11-add-cross-province-flag" }

    func prepare(on database: any Database) async throws {
        try await database.schema("matter").field("cross_province", .bool, .required, .sql(.default(false))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("matter").deleteField("cross_province").update()
    }
}
