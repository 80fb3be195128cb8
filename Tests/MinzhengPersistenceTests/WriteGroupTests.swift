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
    struct Refused: Error, Equatable { let index: Int }

    @Test(arguments: TestDatabase.kinds)
    func writesThatArriveTogetherCommitTogetherAndFailAlone(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let store = runtime.store
            let root = try await OrgUnitRepository(db: runtime.db).create(
                code: "659003", name: "第三师图木舒克市", level: .divisionCity, parentID: nil, calendarCode: "xinjiang", isFictional: false)
            let before = store.writeGroup.counts
            let answers = try await withThrowingTaskGroup(of: (Int, Result<String, Refused>).self) { group in
                for index in 0..<48 {
                    group.addTask { @Sendable in
                        do {
                            let code = try await store.write(on: store.database(logger: runtime.logger)) { db in
                                let code = String(format: "659003-%03d", index)
                                _ = try await OrgUnitRepository(db: db).create(
                                    code: code, name: "连队\(index)", level: .agency, parentID: root.id, calendarCode: "xinjiang",
                                    isFictional: true)
                                try await Journal(db: db).append(
                                    JournalEvent(action: "test.write", objectType: "org_unit", objectID: code, summary: "并发写入"),
                                    context: .init(actor: .system))
                                // Every fourth write is refused after it has written: its unit and entry must go.
                                if index % 4 == 3 { throw Refused(index: index) }
                                return code
                            }
                            return (index, .success(code))
                        } catch let refused as Refused {
                            return (index, .failure(refused))
                        }
                    }
                }
                return try await group.reduce(into: [Int: Result<String, Refused>]()) { $0[$1.0] = $1.1 }
            }
            for index in 0..<48 {
                if index % 4 == 3 {
                    #expect(answers[index] == .failure(Refused(index: index)))
                } else {
                    #expect(answers[index] == .success(String(format: "659003-%03d", index)))
                }
            }
            let codes = try await (runtime.db as! any SQLDatabase).select().column("code").from("org_unit")
                .where("code", .notEqual, "659003").orderBy("code").all(decodingColumn: "code", as: String.self)
            #expect(codes == (0..<48).filter { $0 % 4 != 3 }.map { String(format: "659003-%03d", $0) })
            let head = try await Journal(db: runtime.db).head()
            #expect(head.sequence == 36)
            #expect(try await JournalVerifier(db: runtime.db).verify() == .intact(count: 36, headHash: head.hash))
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
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<8 {
                    group.addTask { @Sendable in
                        do {
                            try await store.write(on: store.database(logger: runtime.logger)) { db in
                                try await store.write(on: db) { inner in
                                    try await Journal(db: inner).append(
                                        JournalEvent(action: "test.inner", objectType: "test", objectID: String(index), summary: "内层"),
                                        context: .init(actor: .system))
                                }
                                // The outer write fails after the inner one: the inner entry goes with it.
                                if index.isMultiple(of: 2) { throw Refused(index: index) }
                            }
                        } catch is Refused {}
                    }
                }
                try await group.waitForAll()
            }
            let head = try await Journal(db: runtime.db).head()
            #expect(head.sequence == 4)
            #expect(try await JournalVerifier(db: runtime.db).verify() == .intact(count: 4, headHash: head.hash))
        }
    }
}
