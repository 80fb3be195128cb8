import FluentKit
import Foundation
import MinzhengCore
import SQLKit

/// A job claimed by a worker.
public struct ClaimedJob: Sendable {
    public var id: UUID
    public var kind: String
    public var payload: [String: String]
    public var attempts: Int
}

/// Background work in the database (DESIGN.md §6): enqueued in the same transaction as the act, claimed with
/// `FOR UPDATE SKIP LOCKED` on PostgreSQL and a conditional update on SQLite, so no two workers take one job.
public struct JobQueue: Sendable {
    let db: any Database

    public init(db: any Database) {
        self.db = db
    }

    private var sql: any SQLDatabase { db as! any SQLDatabase }

    /// Enqueues a job; a job with the same `dedupeKey` is not enqueued twice.
    public func enqueue(_ kind: String, payload: [String: String], runAt: Date, dedupeKey: String? = nil, now: Date = Date()) async throws {
        try await enqueue([Job(kind: kind, payload: payload, runAt: runAt, dedupeKey: dedupeKey)], now: now)
    }

    /// A job to queue.
    public struct Job: Sendable {
        public var kind: String
        public var payload: [String: String]
        public var runAt: Date
        public var dedupeKey: String?
    }

    /// Queues `jobs` in one statement (a job whose dedupe key is already queued is skipped): a clock's reminders
    /// are written inside the act's transaction, which holds SQLite's single writer.
    public func enqueue(_ jobs: [Job], now: Date = Date()) async throws {
        guard !jobs.isEmpty else { return }
        let insert = sql.insert(into: "job").columns("id", "kind", "payload", "dedupe_key", "run_at", "status", "attempts", "created_at")
        for job in jobs {
            insert.values(SQLBind(UUID()), SQLBind(job.kind), SQLBind(JSONText.encode(job.payload)), SQLBind(job.dedupeKey), SQLBind(job.runAt),
                          SQLBind("queued"), SQLBind(0), SQLBind(now))
        }
        try await insert.ignoringConflicts(with: ["dedupe_key"]).run()
    }

    /// Reminders for a clock (rules.md §1 warnings): when it comes due soon, on the due date, and the day after.
    public func scheduleReminders(for clock: MatterClock, matterID: Matter.ID, calendar: OfficialCalendar, warnWorkdays: Int = 3) async throws {
        guard clock.kind != .notice else {
            try await enqueue("notice.end", payload: ["matter": matterID.description, "clock": clock.id.uuidString],
                              runAt: clock.dueDate.adding(days: 1).startInstant.addingTimeInterval(60), dedupeKey: "notice-end:\(clock.id)")
            return
        }
        var warnDay = clock.dueDate
        var counted = 0
        while counted < warnWorkdays && warnDay > clock.startDate {
            warnDay = warnDay.adding(days: -1)
            if (try? calendar.isWorkday(warnDay)) ?? true { counted += 1 }
        }
        let nineAM: TimeInterval = 9 * 3600
        try await enqueue([("dueSoon", warnDay), ("due", clock.dueDate), ("overdue", clock.dueDate.adding(days: 1))].map { level, day in
            Job(kind: "deadline.remind", payload: ["matter": matterID.description, "clock": clock.id.uuidString, "level": level],
                runAt: day.startInstant.addingTimeInterval(nineAM), dedupeKey: "remind:\(clock.id):\(level):\(clock.dueDate)")
        })
    }

    /// The act a clock's end sets off (视为撤回): due a minute into the day after the due date.
    public func scheduleExpiry(of clock: MatterClock, matterID: Matter.ID) async throws {
        try await enqueue("clock.expire", payload: ["matter": matterID.description, "clock": clock.id.uuidString],
                          runAt: clock.dueDate.adding(days: 1).startInstant.addingTimeInterval(60), dedupeKey: "expire:\(clock.id):\(clock.dueDate)")
    }

    /// Claims up to `limit` due jobs for `worker`.
    public func claim(worker: String, limit: Int = 10, now: Date = Date(), lease: TimeInterval = 300) async throws -> [ClaimedJob] {
        struct Row: Decodable { var id: UUID; var kind: String; var payload: String; var attempts: Int }
        let due = SQLSubquery.select { query in
            query.column("id").from("job")
                .where("status", .equal, "queued").where("run_at", .lessThanOrEqual, now)
                .orderBy("run_at").limit(limit)
                .lockingClause(SQLLockingClauseWithSkipLocked.updateSkippingLocked)
        }
        let rows = try await sql.update("job")
            .set("status", to: "running").set("locked_by", to: worker).set("locked_until", to: now.addingTimeInterval(lease))
            .set(SQLIdentifier("attempts"), to: SQLBinaryExpression(SQLIdentifier("attempts"), .add, SQLLiteral.numeric("1")))
            .where("id", .in, due)
            .where("status", .equal, "queued")
            .returning("id", "kind", "payload", "attempts")
            .all(decoding: Row.self)
        return rows.map { ClaimedJob(id: $0.id, kind: $0.kind, payload: JSONText.decode([String: String].self, $0.payload) ?? [:], attempts: $0.attempts) }
    }

    public func complete(_ id: UUID, now: Date = Date()) async throws {
        try await sql.update("job").set("status", to: "done").set("finished_at", to: now).where("id", .equal, id).run()
    }

    /// A failed job is retried with backoff up to five attempts, then left failed for an operator to see.
    public func fail(_ job: ClaimedJob, error: String, now: Date = Date()) async throws {
        let final = job.attempts >= 5
        try await sql.update("job")
            .set("status", to: final ? "failed" : "queued")
            .set("last_error", to: String(error.prefix(500)))
            .set("run_at", to: now.addingTimeInterval(Double(60 << min(job.attempts, 6))))
            .set("locked_by", to: SQLLiteral.null).set("locked_until", to: SQLLiteral.null)
            .where("id", .equal, job.id).run()
    }

    /// Jobs whose worker died: their lease ran out; they go back to the queue.
    public func requeueExpired(now: Date = Date()) async throws {
        try await sql.update("job").set("status", to: "queued").set("locked_by", to: SQLLiteral.null)
            .where("status", .equal, "running").where("locked_until", .lessThan, now).run()
    }

    public struct Counts: Sendable, Equatable {
        public var queued: Int
        public var running: Int
        public var done: Int
        public var failed: Int
    }

    public func counts() async throws -> Counts {
        struct Row: Decodable { var status: String; var n: Int }
        let rows = try await sql.select().column("status").column(SQLFunction("count", args: SQLLiteral.all), as: "n")
            .from("job").groupBy("status").all(decoding: Row.self)
        func count(_ status: String) -> Int { rows.first { $0.status == status }?.n ?? 0 }
        return Counts(queued: count("queued"), running: count("running"), done: count("done"), failed: count("failed"))
    }
}

/// `FOR UPDATE SKIP LOCKED`, which SQLKit's locking clause does not spell; nothing on SQLite, whose single writer
/// makes the conditional update enough.
enum SQLLockingClauseWithSkipLocked: SQLExpression {
    case updateSkippingLocked

    func serialize(to serializer: inout SQLSerializer) {
        guard serializer.dialect.exclusiveSelectLockExpression != nil else { return }
        serializer.write("FOR UPDATE SKIP LOCKED")
    }
}
