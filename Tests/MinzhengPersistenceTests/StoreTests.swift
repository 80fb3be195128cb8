import FluentKit
import Foundation
import MinzhengCore
import MinzhengPersistence
import MinzhengTestSupport
import SQLKit
import Testing

@Suite struct StoreTests {
    @Test(arguments: TestDatabase.kinds)
    func migrationsRunRevertAndRunAgain(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind, migrate: false) { runtime in
            let ran = try await runtime.store.migrate(logger: runtime.logger)
            #expect(ran.contains("2026-11-create-org-unit"))
            #expect(try await runtime.store.migrate(logger: runtime.logger).isEmpty)
            let reverted = try await runtime.store.revertAll(logger: runtime.logger)
            #expect(Set(reverted) == Set(ran))
            #expect(try await runtime.store.migrate(logger: runtime.logger).count == ran.count)
        }
    }

    /// A bulk read (`Store.bulk`: on SQLite run on the task's thread, `SQLiteReads`) returns every row, in
    /// order, as the driver's ordinary path does — outside a write and inside one (where it sees the write's own rows);
    /// a statement that writes outside a write goes the ordinary way and is applied; a bad statement fails.
    @Test(arguments: TestDatabase.kinds)
    func bulkReadsReturnEveryRowInOrderAsTheDriverDoes(_ kind: TestDatabase.Kind) async throws {
        struct Row: Decodable, Equatable { var code: String; var name: String }
        try await TestDatabase.withStore(kind) { runtime in
            let units = OrgUnitRepository(db: runtime.db)
            let root = try await units.create(code: "659003", name: "第三师图木舒克市", level: .divisionCity, parentID: nil,
                                              calendarCode: "xinjiang", isFictional: false)
            for n in 1...120 {
                _ = try await units.create(code: String(format: "659003-%03d", n), name: "连队\(n)", level: .agency, parentID: root.id,
                                           calendarCode: "xinjiang", isFictional: true)
            }
            @Sendable func read(_ db: any SQLDatabase) async throws -> [Row] {
                try await db.select().columns("code", "name").from("org_unit").orderBy("code").all(decoding: Row.self)
            }
            let store = runtime.store
            let ordinary = store.databases.database(store.databaseID, logger: runtime.logger, on: store.databases.eventLoopGroup.any())!
            let plain = try await read(ordinary as! any SQLDatabase)
            let reads = try await read(Store.bulk(runtime.db))
            #expect(plain.count == 121)
            #expect(reads == plain)
            let inside = try await runtime.store.write(on: runtime.db) { db in
                _ = try await OrgUnitRepository(db: db).create(code: "659003-999", name: "新连队", level: .agency, parentID: root.id,
                                                               calendarCode: "xinjiang", isFictional: true)
                return try await read(Store.bulk(db)).count
            }
            #expect(inside == 122)
            try await Store.bulk(runtime.db).update("org_unit").set("name", to: "连队一").where("code", .equal, "659003-001").run()
            #expect(try await read(ordinary as! any SQLDatabase).first { $0.code == "659003-001" }?.name == "连队一")
            await #expect(throws: (any Error).self) {
                try await Store.bulk(runtime.db).raw("SELECT no_such_column FROM org_unit").all()
            }
        }
    }

    /// Reads in `Store.reading` (on SQLite: one leased connection, statements on the task's thread) return what the
    /// ordinary path returns; inside a write they go through the write's own connection and see its rows (a second
    /// lease there could wait on the write's connection for ever).
    @Test(arguments: TestDatabase.kinds)
    func readsOnOneConnectionAnswerAsTheOrdinaryPath(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let units = OrgUnitRepository(db: runtime.db)
            let root = try await units.create(code: "659003", name: "第三师图木舒克市", level: .divisionCity, parentID: nil,
                                              calendarCode: "xinjiang", isFictional: false)
            @Sendable func codes(_ db: any Database) async throws -> [String] {
                try await (db as! any SQLDatabase).select().column("code").from("org_unit").orderBy("code").all(decodingColumn: "code", as: String.self)
            }
            let plain = try await codes(runtime.db)
            let (read, found) = try await Store.reading(on: runtime.db) { db in
                (try await codes(db), try await OrgUnitRepository(db: db).find(root.id)?.code)
            }
            #expect(read == plain)
            #expect(found == "659003")
            // A statement that writes in a series of reads goes the ordinary way on the same connection, and is applied.
            try await Store.reading(on: runtime.db) { db in
                try await (db as! any SQLDatabase).update("org_unit").set("name", to: "第三师").where("code", .equal, "659003").run()
            }
            #expect(try await units.find(root.id)?.name == "第三师")
            let store = runtime.store
            let inside = try await store.write(on: runtime.db) { db in
                _ = try await OrgUnitRepository(db: db).create(code: "659003-001", name: "连队1", level: .agency, parentID: root.id,
                                                               calendarCode: "xinjiang", isFictional: true)
                let own = try await Store.reading(on: db) { try await codes($0) }
                let pooled = try await Store.reading(on: store.database(logger: runtime.logger)) { try await codes($0) }
                return (own, pooled)
            }
            #expect(inside.0 == ["659003", "659003-001"])
            #expect(inside.1 == ["659003", "659003-001"])
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aFailedActLeavesNothingBehind(_ kind: TestDatabase.Kind) async throws {
        struct Refused: Error {}
        try await TestDatabase.withStore(kind) { runtime in
            await #expect(throws: Refused.self) {
                try await runtime.store.write(on: runtime.db) { db in
                    _ = try await OrgUnitRepository(db: db).create(
                        code: "659003", name: "第三师图木舒克市", level: .divisionCity, parentID: nil,
                        calendarCode: "xinjiang", isFictional: false)
                    try await Journal(db: db).append(
                        JournalEvent(action: "test", objectType: "org_unit", summary: "x"), context: .init(actor: .system))
                    throw Refused()
                }
            }
            let units = try await OrgUnitRepository(db: runtime.db).count()
            let head = try await Journal(db: runtime.db).head()
            #expect(units == 0)
            #expect(head.sequence == 0)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func concurrentWritesAllCommit(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let answers = try await ConcurrentWrites.run(40, on: runtime) { index, db in
                try await Journal(db: db).append(
                    JournalEvent(action: "test.write", objectType: "test", objectID: String(index), summary: "并发写入"),
                    context: .init(actor: .system))
            }
            #expect(answers.values.allSatisfy { (try? $0.get()) != nil })
            try await ConcurrentWrites.expectJournal(runtime.db, holds: 40)
        }
    }

    @Test func everySQLiteConnectionRunsInWALWithFullSynchronous() async throws {
        try await TestDatabase.withStore(.sqlite) { runtime in
            let states = try await runtime.store.connectionStates(logger: runtime.logger)
            #expect(!states.isEmpty)
            for state in states {
                #expect(state.journalMode.lowercased() == "wal")
                #expect(state.synchronous == 2)
                #expect(state.foreignKeys == 1)
            }
        }
    }

    @Test func synchronousNormalIsAvailableOnRequest() async throws {
        let place = try await TestDatabase.makePlace(.sqlite)
        var settings = place.settings
        settings.sqliteSynchronous = .normal
        let runtime = try DatabaseRuntime(location: place.location, settings: settings, logger: TestDatabase.logger)
        try await runtime.open()
        let states = try await runtime.store.connectionStates(logger: runtime.logger)
        await runtime.shutdown()
        await place.cleanup()
        #expect(states.allSatisfy { $0.synchronous == 1 })
    }

    @Test func databaseAddressesAreParsedAndPasswordsHidden() throws {
        #expect(try DatabaseLocation(url: "sqlite://minzheng.sqlite") == .sqlite(path: "minzheng.sqlite"))
        #expect(try DatabaseLocation(url: "sqlite:///var/lib/m.sqlite") == .sqlite(path: "/var/lib/m.sqlite"))
        let postgres = try DatabaseLocation(url: "postgresql://u:secret@127.0.0.1:5432/minzheng")
        #expect(postgres.kind == .postgres)
        #expect(!postgres.description.contains("secret"))
        #expect(throws: ValidationError.self) { try DatabaseLocation(url: "mysql://x") }
    }

    @Test func postgresConnectionsAreSharedAmongTheEventLoops() {
        #expect(StorageSettings.defaultPostgresConnectionsPerEventLoop(eventLoops: 2) == 16)
        #expect(StorageSettings.defaultPostgresConnectionsPerEventLoop(eventLoops: 1) == 32)
        #expect(StorageSettings.defaultPostgresConnectionsPerEventLoop(eventLoops: 16) == 4)
    }

    @Test func theBackupToolsGetAnAddressLibpqReads() throws {
        let nio = try DatabaseLocation(url: "postgres://u:p@127.0.0.1:5432/mz?tlsmode=disable&application_name=mz")
        #expect(nio.libpqURL == "postgres://u:p@127.0.0.1:5432/mz?sslmode=disable&application_name=mz")
        #expect(try DatabaseLocation(url: "postgres://h/mz?ssl=true").libpqURL == "postgres://h/mz?sslmode=require")
        #expect(try DatabaseLocation(url: "postgres://h/mz").libpqURL == "postgres://h/mz")
        #expect(DatabaseLocation.sqlite(path: "m.sqlite").libpqURL == nil)
    }

    /// The address the tests' own PostgreSQL runs with (`tlsmode=disable`) is one pg_dump accepts once converted.
    @Test func pgDumpAcceptsTheConvertedAddress() async throws {
        guard let url = TestDatabase.postgresURL, FileManager.default.isExecutableFile(atPath: "/usr/bin/pg_dump") else { return }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/pg_dump")
        process.arguments = ["--schema-only", "--schema=public", "--dbname=\(try DatabaseLocation(url: url).libpqURL ?? "")"]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test func postgresRunIsActiveWhenCIRequiresIt() async throws {
        guard ProcessInfo.processInfo.environment["MINZHENG_CI_REQUIRE_POSTGRES"] == "1" else { return }
        #expect(TestDatabase.kinds.contains(.postgres), "CI requires the PostgreSQL run but MINZHENG_TEST_POSTGRES_URL is not set")
        try await TestDatabase.withStore(.postgres) { runtime in
            let row = try await (runtime.db as! any SQLDatabase).raw("SELECT current_schema() AS s").first()
            #expect(try row?.decode(column: "s", as: String.self).hasPrefix("t_") == true)
        }
    }
}
