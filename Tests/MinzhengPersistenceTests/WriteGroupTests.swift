import FluentKit
import Foundation
import MinzhengCore
@testable import MinzhengPersistence
import MinzhengTestSupport
import SQLKit
import Testing

/// Writes that arrive together commit together on SQLite (`SQLiteWriteGroup`), each in its own savepoint: these tests
/// hold it to the promise of one write, one transaction — a refused write leaves nothing, the others all commit, every
/// write gets its own answer, and the journal stays one verifying chain — on both databases.
@Suite struct WriteGroupTests {
    @Test(arguments: TestDatabase.kinds)
    func writesThatArriveTogetherCommitTogetherAndFailAlone(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let store = runtime.store
            let root = try await OrgUnitRepository(db: runtime.db).create(
                code: "659003", name: "第三师图木舒克市", level: .divisionCity, parentID: nil, calendarCode: "xinjiang", isFictional: false)
            let before = store.writeGroup.counts
            let answers = try await ConcurrentWrites.run(48, on: runtime) { index, db in
                let code = String(format: "659003-%03d", index)
                _ = try await OrgUnitRepository(db: db).create(
                    code: code, name: "连队\(index)", level: .agency, parentID: root.id, calendarCode: "xinjiang", isFictional: true)
                try await Journal(db: db).append(
                    JournalEvent(action: "test.write", objectType: "org_unit", objectID: code, summary: "并发写入"), context: .init(actor: .system))
                // Every fourth write is refused after it has written: its unit and entry must go.
                if index % 4 == 3 { throw ConcurrentWrites.Refused(index: index) }
                return code
            }
            for index in 0..<48 {
                if index % 4 == 3 {
                    #expect(answers[index] == .failure(ConcurrentWrites.Refused(index: index)))
                } else {
                    #expect(answers[index] == .success(String(format: "659003-%03d", index)))
                }
            }
            let codes = try await (runtime.db as! any SQLDatabase).select().column("code").from("org_unit")
                .where("code", .notEqual, "659003").orderBy("code").all(decodingColumn: "code", as: String.self)
            #expect(codes == (0..<48).filter { $0 % 4 != 3 }.map { String(format: "659003-%03d", $0) })
            try await ConcurrentWrites.expectJournal(runtime.db, holds: 36)
            if kind == .sqlite {
                // They did share transactions: fewer transactions than writes.
                let after = store.writeGroup.counts
                #expect(after.writes - before.writes == 48)
                #expect(after.transactions - before.transactions < 48)
            }
        }
    }

    /// A write nested in another joins it, also when the outer write shares its transaction with others.
    @Test(arguments: TestDatabase.kinds)
    func aNestedWriteJoinsItsOuterWrite(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let store = runtime.store
            _ = try await ConcurrentWrites.run(8, on: runtime) { index, db in
                try await store.write(on: db) { inner in
                    try await Journal(db: inner).append(
                        JournalEvent(action: "test.inner", objectType: "test", objectID: String(index), summary: "内层"),
                        context: .init(actor: .system))
                }
                // The outer write fails after the inner one: the inner entry goes with it.
                if index.isMultiple(of: 2) { throw ConcurrentWrites.Refused(index: index) }
            }
            try await ConcurrentWrites.expectJournal(runtime.db, holds: 4)
        }
    }
}

/// `count` writes at once, each its own `Store.write`, for the tests of concurrent writing.
enum ConcurrentWrites {
    /// What a test's write throws to be refused; any other error fails the test.
    struct Refused: Error, Equatable { let index: Int }

    /// Runs write `index` as `body(index, db)` for each index below `count`, all at once; each write's own answer.
    static func run<T: Sendable>(_ count: Int, on runtime: DatabaseRuntime,
                                 _ body: @escaping @Sendable (Int, any Database) async throws -> T) async throws -> [Int: Result<T, Refused>] {
        let store = runtime.store
        return try await withThrowingTaskGroup(of: (Int, Result<T, Refused>).self) { group in
            for index in 0..<count {
                group.addTask { @Sendable in
                    do {
                        return (index, .success(try await store.write(on: store.database(logger: runtime.logger)) { try await body(index, $0) }))
                    } catch let refused as Refused {
                        return (index, .failure(refused))
                    }
                }
            }
            return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
        }
    }

    /// The journal holds `count` entries and verifies as one chain.
    static func expectJournal(_ db: any Database, holds count: Int64) async throws {
        let head = try await Journal(db: db).head()
        #expect(head.sequence == count)
        #expect(try await JournalVerifier(db: db).verify() == .intact(count: count, headHash: head.hash))
    }
}
