import FluentKit
import Foundation
import NIOConcurrencyHelpers
import SQLKit

/// SQLite's writes, one transaction at a time, with the writes that arrive meanwhile committed together (group commit).
///
/// Why: SQLite has one writer. Each write transaction used to take the in-process turn, lease a connection, `BEGIN
/// IMMEDIATE`, run, and `COMMIT` with an fsync (`synchronous=FULL`) while every other write waited; under a burst of
/// registrations the process sat mostly idle waiting on that chain (bench/results.md: about 0.75 of a core busy).
/// Now the writes that queue while one transaction runs go into the next one together: each runs inside its own
/// savepoint, so one that fails rolls back only its own changes and gets its own error, and the others commit with one
/// `COMMIT` and one fsync. No write is answered before its transaction has committed: if the `COMMIT` fails, every
/// write in it gets that error, as if it had been alone. A write that finds nobody writing runs at once, alone, exactly
/// as before (no savepoint, no waiting for company).
///
/// The turn passes in arrival order: the write that finishes a transaction hands the next one to the first write
/// still waiting, which runs it on its own task for everyone in it. So a write's statements may run on another
/// request's task, and the statement trace (log level trace) carries that request's logger metadata.
final class SQLiteWriteGroup: Sendable {
    /// At most this many writes share one transaction, so no write waits behind an unbounded queue.
    static let maximumMembers = 32

    private let state = NIOLockedValueBox(State())

    private struct State {
        var queue: [Member] = []
        var running = false
        var transactions = 0
        var writes = 0
    }

    /// How many transactions have run, and how many writes they carried.
    var counts: (transactions: Int, writes: Int) { state.withLockedValue { ($0.transactions, $0.writes) } }

    private enum Turn { case done, lead }

    /// One write waiting for, or done in, a transaction.
    private final class Member: @unchecked Sendable {
        let body: @Sendable (any Database) async throws -> Void
        /// Set under `state`'s lock, before the member is queued; resumed once.
        var continuation: CheckedContinuation<Turn, Never>?
        /// Set by the transaction's runner before `continuation` is resumed (which orders the two).
        var error: (any Error)?

        init(body: @escaping @Sendable (any Database) async throws -> Void) { self.body = body }
    }

    /// Runs `body` in a write transaction, shared with whichever writes queue meanwhile. `transaction` runs one
    /// transaction on a leased connection: it begins it, calls its argument with the connection to run the members, and
    /// commits.
    func write<T: Sendable>(
        _ body: @escaping @Sendable (any Database) async throws -> T,
        transaction: @escaping @Sendable (@escaping @Sendable (any Database & SQLDatabase) async throws -> Void) async throws -> Void
    ) async throws -> T {
        let result = NIOLockedValueBox<T?>(nil)
        let member = Member { db in
            let value = try await body(db)
            result.withLockedValue { $0 = value }
        }
        let turn: Turn = await withCheckedContinuation { continuation in
            let leads = state.withLockedValue { state in
                member.continuation = continuation
                state.queue.append(member)
                if state.running { return false }
                state.running = true
                return true
            }
            if leads { continuation.resume(returning: .lead) }
        }
        if turn == .lead { await runTransaction(transaction) }
        if let error = member.error { throw error }
        return result.withLockedValue { $0 }!
    }

    /// Takes the waiting writes (the runner's own first: it was alone in the queue, or was handed the turn as the first
    /// still waiting), runs them in one transaction, answers them, and hands the turn on.
    private func runTransaction(
        _ transaction: @Sendable (@escaping @Sendable (any Database & SQLDatabase) async throws -> Void) async throws -> Void
    ) async {
        let members = state.withLockedValue { state in
            let taken = Array(state.queue.prefix(Self.maximumMembers))
            state.queue.removeFirst(taken.count)
            state.transactions += 1
            state.writes += taken.count
            return taken
        }
        do {
            try await transaction { connection in
                if members.count == 1 {
                    // Alone: the transaction is the write's own; its failure rolls the whole back.
                    try await members[0].body(connection)
                    return
                }
                for member in members {
                    try await connection.raw("SAVEPOINT write_member").run()
                    do {
                        try await member.body(connection)
                        try await connection.raw("RELEASE write_member").run()
                    } catch {
                        member.error = error
                        // If the savepoint cannot be rolled back, the transaction is broken: the whole is rolled back
                        // and every member answered with the error (below).
                        try await connection.raw("ROLLBACK TO write_member").run()
                        try await connection.raw("RELEASE write_member").run()
                    }
                }
            }
        } catch {
            for member in members where member.error == nil || members.count == 1 { member.error = error }
        }
        let next = state.withLockedValue { state -> Member? in
            if let first = state.queue.first { return first }
            state.running = false
            return nil
        }
        next?.continuation?.resume(returning: .lead)
        for member in members.dropFirst() { member.continuation?.resume(returning: .done) }
    }
}
