import FluentKit
import SQLKit

/// The journal table, its single-row head, and the triggers that make it append-only in the database itself.
struct CreateJournal: AsyncMigration {
    var name: String { "2026-11-create-journal" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.create(table: "journal_entry")
            .column("seq", type: .bigint, .primaryKey(autoIncrement: false))
            .column("at_ms", type: .bigint, .notNull)
            .column("actor_kind", type: .text, .notNull)
            .column("actor_account_id", type: .text)
            .column("actor_name", type: .text, .notNull)
            .column("actor_role", type: .text)
            .column("actor_org", type: .text)
            .column("action", type: .text, .notNull)
            .column("object_type", type: .text, .notNull)
            .column("object_id", type: .text)
            .column("summary", type: .text, .notNull)
            .column("outcome", type: .text, .notNull)
            .column("details", type: .text, .notNull)
            .column("client_address", type: .text)
            .column("request_id", type: .text)
            .column("previous_hash", type: .text, .notNull)
            .column("hash", type: .text, .notNull)
            .run()
        try await sql.create(index: "journal_entry_object").on("journal_entry").column("object_type").column("object_id").run()
        try await sql.create(index: "journal_entry_actor").on("journal_entry").column("actor_account_id").run()
        try await sql.create(index: "journal_entry_action").on("journal_entry").column("action").run()
        try await sql.create(index: "journal_entry_at").on("journal_entry").column("at_ms").run()
        try await sql.create(table: "journal_head")
            .column("id", type: .int, .primaryKey(autoIncrement: false))
            .column("seq", type: .bigint, .notNull)
            .column("hash", type: .text, .notNull)
            .run()
        try await sql.insert(into: "journal_head").columns("id", "seq", "hash")
            .values(1, Int64(0), String(repeating: "0", count: 64)).run()
        if sql.dialect.name == "sqlite" {
            try await sql.raw("""
                CREATE TRIGGER journal_entry_no_update BEFORE UPDATE ON journal_entry
                BEGIN SELECT RAISE(ABORT, 'journal_entry is append-only'); END
                """).run()
            try await sql.raw("""
                CREATE TRIGGER journal_entry_no_delete BEFORE DELETE ON journal_entry
                BEGIN SELECT RAISE(ABORT, 'journal_entry is append-only'); END
                """).run()
        } else {
            try await sql.raw("""
                CREATE FUNCTION journal_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'journal_entry is append-only'; END $$
                """).run()
            try await sql.raw("""
                CREATE TRIGGER journal_entry_no_change BEFORE UPDATE OR DELETE ON journal_entry
                FOR EACH ROW EXECUTE FUNCTION journal_entry_append_only()
                """).run()
            try await sql.raw("""
                CREATE TRIGGER journal_entry_no_truncate BEFORE TRUNCATE ON journal_entry
                FOR EACH STATEMENT EXECUTE FUNCTION journal_entry_append_only()
                """).run()
            try await sql.raw("REVOKE UPDATE, DELETE, TRUNCATE ON journal_entry FROM PUBLIC").run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.drop(table: "journal_head").run()
        try await sql.drop(table: "journal_entry").run()
        if sql.dialect.name != "sqlite" {
            try await sql.raw("DROP FUNCTION IF EXISTS journal_entry_append_only()").run()
        }
    }
}
