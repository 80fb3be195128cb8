import FluentKit

/// Marriage-registry appointments: slots per registry, day and service with a capacity, and the bookings.
struct CreateAppointments: AsyncMigration {
    var name: String { "2026-11-create-appointments" }

    func prepare(on database: any Database) async throws {
        try await database.schema("appointment_slot")
            .id()
            .field("org_unit_id", .uuid, .required, .references("org_unit", "id"))
            .field("day", .string, .required)
            .field("service", .string, .required)
            .field("capacity", .int, .required)
            .field("booked", .int, .required)
            .field("created_by", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "org_unit_id", "day", "service")
            .create()
        try await database.schema("appointment")
            .id()
            .field("slot_id", .uuid, .required, .references("appointment_slot", "id"))
            .field("account_id", .uuid, .required, .references("account", "id"))
            .field("reference", .string, .required)
            .field("status", .string, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "reference")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("appointment").delete()
        try await database.schema("appointment_slot").delete()
    }
}
