import FluentKit
import SQLKit

/// The job table (claimed with FOR UPDATE SKIP LOCKED on PostgreSQL, a conditional update on SQLite), in-app
/// notifications and the outbox for SMS and e-mail.
struct CreateJobsAndNotifications: AsyncMigration {
    var name: String { "2026-11-create-jobs-and-notifications" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await database.schema("job")
            .id()
            .field("kind", .string, .required)
            .field("payload", .string, .required)
            .field("dedupe_key", .string)
            .field("run_at", .datetime, .required)
            .field("status", .string, .required)
            .field("attempts", .int, .required)
            .field("locked_by", .string)
            .field("locked_until", .datetime)
            .field("last_error", .string)
            .field("created_at", .datetime, .required)
            .field("finished_at", .datetime)
            .unique(on: "dedupe_key")
            .create()
        try await sql.create(index: "job_due").on("job").column("status").column("run_at").run()
        try await database.schema("notification")
            .id()
            .field("account_id", .uuid, .required, .references("account", "id"))
            .field("title", .string, .required)
            .field("body", .string, .required)
            .field("link", .string)
            .field("created_at", .datetime, .required)
            .field("read_at", .datetime)
            .create()
        try await sql.create(index: "notification_account").on("notification").column("account_id").column("read_at").run()
        try await database.schema("outbound_message")
            .id()
            .field("channel", .string, .required)
            .field("account_id", .uuid, .required, .references("account", "id"))
            .field("body", .string, .required)
            .field("status", .string, .required)
            .field("attempts", .int, .required)
            .field("created_at", .datetime, .required)
            .field("sent_at", .datetime)
            .field("last_error", .string)
            .create()
    }

    func revert(on database: any Database) async throws {
        for table in ["outbound_message", "notification", "job"] { try await database.schema(table).delete() }
    }
}
