import FluentKit
import Foundation
import MinzhengCore
import MinzhengPersistence
import MinzhengTestSupport
import SQLKit
import Testing

/// The journal detects every kind of tampering done directly in the database (issue 3, item 9).
@Suite struct JournalTamperTests {
    /// Appends `count` entries.
    static func fill(_ runtime: DatabaseRuntime, count: Int) async throws {
        for index in 1...count {
            _ = try await runtime.store.write(on: runtime.db) { db in
                try await Journal(db: db).append(
                    JournalEvent(action: "test.act", objectType: "thing", objectID: String(index), summary: "第 \(index) 次操作"),
                    context: .init(actor: .system, clientAddress: "127.0.0.1", requestID: "r\(index)"))
            }
        }
    }

    /// Lifts the append-only guard, as an attacker with database access would.
    static func disableGuards(_ sql: any SQLDatabase) async throws {
        if sql.dialect.name == "sqlite" {
            try await sql.raw("DROP TRIGGER journal_entry_no_update").run()
            try await sql.raw("DROP TRIGGER journal_entry_no_delete").run()
        } else {
            try await sql.raw("ALTER TABLE journal_entry DISABLE TRIGGER USER").run()
        }
    }

    static func verify(_ runtime: DatabaseRuntime, checkpoints: [JournalCheckpoint] = []) async throws -> JournalVerifier.Outcome {
        try await JournalVerifier(db: runtime.db).verify(checkpoints: checkpoints)
    }

    /// Entries appended together share a transaction, but one caller's failure stays its own: the batch is retried
    /// entry by entry, the others are recorded, and the chain verifies.
    @Test(arguments: TestDatabase.kinds)
    func batchedEntriesAreEachRecordedOrEachRefused(_ kind: TestDatabase.Kind) async throws {
        struct Refused: Error {}
        try await TestDatabase.withStore(kind) { runtime in
            let store = runtime.store
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for index in 0..<30 {
                    group.addTask {
                        let item = JournalBatcher.Item(
                            event: JournalEvent(action: "test.batched", objectType: "thing", objectID: String(index), summary: "第 \(index) 次调用"),
                            context: .init(actor: .system, clientAddress: "127.0.0.1", requestID: "b\(index)"), at: Date(),
                            alongside: index == 7 ? { @Sendable _ in throw Refused() } : nil)
                        return (try? await store.journalBatcher.append(item, to: store)) != nil
                    }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 29)
            let recorded = try await (runtime.db as! any SQLDatabase).select().column("object_id").from("journal_entry")
                .where("action", .equal, "test.batched").all(decoding: [String: String].self).compactMap { $0["object_id"] }
            #expect(recorded.count == 29)
            #expect(!recorded.contains("7"))
            guard case .intact = try await Self.verify(runtime) else { Issue.record("not intact"); return }
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func anIntactChainVerifies(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            try await Self.fill(runtime, count: 6)
            guard case .intact(let count, _) = try await Self.verify(runtime) else { Issue.record("not intact"); return }
            #expect(count == 6)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func theDatabaseRefusesUpdateAndDelete(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            try await Self.fill(runtime, count: 2)
            let sql = runtime.db as! any SQLDatabase
            await #expect(throws: (any Error).self) { try await sql.raw("UPDATE journal_entry SET summary = 'x' WHERE seq = 1").run() }
            await #expect(throws: (any Error).self) { try await sql.raw("DELETE FROM journal_entry WHERE seq = 2").run() }
            if kind == .postgres {
                await #expect(throws: (any Error).self) { try await sql.raw("TRUNCATE journal_entry").run() }
            }
            guard case .intact(let count, _) = try await Self.verify(runtime) else { Issue.record("not intact"); return }
            #expect(count == 2)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func anEditedEntryIsNamed(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            try await Self.fill(runtime, count: 6)
            let sql = runtime.db as! any SQLDatabase
            try await Self.disableGuards(sql)
            try await sql.raw("UPDATE journal_entry SET summary = '篡改' WHERE seq = 4").run()
            guard case .broken(let sequence, _) = try await Self.verify(runtime) else { Issue.record("not detected"); return }
            #expect(sequence == 4)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aDeletedEntryIsNamed(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            try await Self.fill(runtime, count: 6)
            let sql = runtime.db as! any SQLDatabase
            try await Self.disableGuards(sql)
            try await sql.raw("DELETE FROM journal_entry WHERE seq = 3").run()
            guard case .broken(let sequence, let reason) = try await Self.verify(runtime) else { Issue.record("not detected"); return }
            #expect(sequence == 3)
            #expect(reason.contains("缺失"))
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func anInsertedEntryIsNamed(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            try await Self.fill(runtime, count: 6)
            let sql = runtime.db as! any SQLDatabase
            try await Self.disableGuards(sql)
            // Make room at 3 by shifting 3…6 up, then slip a forged entry in.
            try await sql.raw("UPDATE journal_entry SET seq = seq + 1000 WHERE seq >= 3").run()
            try await sql.raw("UPDATE journal_entry SET seq = seq - 999 WHERE seq >= 1000").run()
            let previous = try await sql.raw("SELECT hash FROM journal_entry WHERE seq = 2").first()!.decode(column: "hash", as: String.self)
            var forged = JournalEntry(sequence: 3, timestampMilliseconds: 1, actor: .system,
                                      event: JournalEvent(action: "forged", objectType: "thing", summary: "伪造"),
                                      clientAddress: nil, requestID: nil, previousHash: previous, hash: "")
            forged.hash = Journal.hash(of: forged)
            try await sql.insert(into: "journal_entry")
                .columns("seq", "at_ms", "actor_kind", "actor_name", "action", "object_type", "summary", "outcome", "details", "previous_hash", "hash")
                .values(Int64(3), Int64(1), "system", "system", "forged", "thing", "伪造", "success", "{}", previous, forged.hash)
                .run()
            guard case .broken(let sequence, _) = try await Self.verify(runtime) else { Issue.record("not detected"); return }
            #expect(sequence == 4)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func reorderedEntriesAreNamed(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            try await Self.fill(runtime, count: 6)
            let sql = runtime.db as! any SQLDatabase
            try await Self.disableGuards(sql)
            try await sql.raw("UPDATE journal_entry SET seq = 100 WHERE seq = 2").run()
            try await sql.raw("UPDATE journal_entry SET seq = 2 WHERE seq = 5").run()
            try await sql.raw("UPDATE journal_entry SET seq = 5 WHERE seq = 100").run()
            guard case .broken(let sequence, _) = try await Self.verify(runtime) else { Issue.record("not detected"); return }
            #expect(sequence == 2)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aCutTailIsCaughtByTheCheckpoint(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            try await Self.fill(runtime, count: 6)
            let directory = JournalCheckpointDirectory(
                path: FileManager.default.temporaryDirectory.appendingPathComponent("cp-\(UUID())").path, key: Fixtures.journalKey)
            try await directory.write(db: runtime.db)
            let sql = runtime.db as! any SQLDatabase
            try await Self.disableGuards(sql)
            try await sql.raw("DELETE FROM journal_entry WHERE seq >= 5").run()
            let head = try await sql.raw("SELECT hash FROM journal_entry WHERE seq = 4").first()!.decode(column: "hash", as: String.self)
            try await sql.update("journal_head").set("seq", to: Int64(4)).set("hash", to: head).where("id", .equal, 1).run()
            guard case .intact = try await Self.verify(runtime) else { Issue.record("chain alone should look intact"); return }
            let loaded = try directory.load()
            guard case .broken(let sequence, let reason) = try await Self.verify(runtime, checkpoints: loaded.checkpoints) else {
                Issue.record("cut tail not detected")
                return
            }
            #expect(sequence == 5)
            #expect(reason.contains("截去"))
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aRewrittenChainIsCaughtByTheCheckpoint(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            try await Self.fill(runtime, count: 4)
            let directory = JournalCheckpointDirectory(
                path: FileManager.default.temporaryDirectory.appendingPathComponent("cp-\(UUID())").path, key: Fixtures.journalKey)
            try await directory.write(db: runtime.db)
            let sql = runtime.db as! any SQLDatabase
            try await Self.disableGuards(sql)
            // Rewrite entry 2 and recompute every hash after it, as someone who knows the algorithm would.
            try await sql.raw("UPDATE journal_entry SET summary = '改写' WHERE seq = 2").run()
            var previous = try await sql.raw("SELECT hash FROM journal_entry WHERE seq = 1").first()!.decode(column: "hash", as: String.self)
            for seq in 2...4 {
                let entries = try await JournalQuery(db: runtime.db).list(JournalFilter(), page: Pagination(number: 1, size: 100)).items
                var entry = entries.first { $0.sequence == Int64(seq) }!
                entry.previousHash = previous
                entry.hash = Journal.hash(of: entry)
                try await sql.update("journal_entry").set("previous_hash", to: previous).set("hash", to: entry.hash)
                    .where("seq", .equal, Int64(seq)).run()
                previous = entry.hash
            }
            try await sql.update("journal_head").set("hash", to: previous).where("id", .equal, 1).run()
            guard case .intact = try await Self.verify(runtime) else { Issue.record("rewritten chain should look intact alone"); return }
            guard case .broken(let sequence, _) = try await Self.verify(runtime, checkpoints: try directory.load().checkpoints) else {
                Issue.record("rewrite not detected")
                return
            }
            #expect(sequence == 4)
        }
    }

    @Test func aForgedCheckpointFileIsReported() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cp-\(UUID())").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        var checkpoint = JournalCheckpoint.make(sequence: 9, hash: "abc", at: Date(), key: Fixtures.journalKey)
        checkpoint.sequence = 3
        try JSONEncoder().encode(checkpoint).write(to: URL(fileURLWithPath: path + "/journal-3-x.json"))
        let loaded = try JournalCheckpointDirectory(path: path, key: Fixtures.journalKey).load()
        #expect(loaded.checkpoints.isEmpty)
        #expect(loaded.forged == ["journal-3-x.json"])
    }
}
