import FluentKit
import Logging
import SQLKit

/// Searching matters by any part of their reference or title (`%text%`) uses trigram indexes on PostgreSQL, so a
/// search stays an index lookup at a million matters (issue 11: search p95 ≤ 60 ms at 1.2M). `pg_trgm` ships with
/// Debian's postgresql package and is a trusted extension (a database owner may create it). It goes into `public`
/// once per database; when it cannot be created (no privilege), search still works by scanning, and this says so in
/// the log. SQLite scans: its databases are one bureau's.
struct AddMatterTextSearch: AsyncMigration {
    var name: String { "2026-11-add-matter-text-search" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        guard sql.dialect.name == "postgresql" else { return }
        guard try await Self.trigramsAvailable(sql, logger: database.logger) else { return }
        try await sql.raw("CREATE INDEX IF NOT EXISTS matter_title_trgm ON matter USING gin (title public.gin_trgm_ops)").run()
        try await sql.raw("CREATE INDEX IF NOT EXISTS matter_reference_trgm ON matter USING gin (reference public.gin_trgm_ops)").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        guard sql.dialect.name == "postgresql" else { return }
        try await sql.raw("DROP INDEX IF EXISTS matter_title_trgm").run()
        try await sql.raw("DROP INDEX IF EXISTS matter_reference_trgm").run()
    }

    /// Creates the extension if it is missing. Several databases (or test schemas) migrating at once may race to
    /// create it; whoever loses finds it there.
    static func trigramsAvailable(_ sql: any SQLDatabase, logger: Logger) async throws -> Bool {
        struct Row: Decodable { var n: Int }
        func installed() async throws -> Bool {
            try await sql.raw("SELECT count(*)::int AS n FROM pg_extension WHERE extname = 'pg_trgm'").first(decoding: Row.self)?.n == 1
        }
        if try await installed() { return true }
        do {
            try await sql.raw("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public").run()
        } catch {
            if try await installed() { return true }
            logger.warning("pg_trgm is not available; matter search will scan the table", metadata: ["error": "\(String(reflecting: error).prefix(200))"])
            return false
        }
        return true
    }
}
