import FluentKit
import Foundation
import Logging
import MinzhengCore
import NIOCore

/// Journal entries that stand alone — an API call's use of its token — rather than being part of an act's own
/// transaction. Each caller waits until its entry is committed (nothing is acknowledged before it is on the record),
/// but callers that arrive together share one transaction: one hold of the chain's head, one multi-row insert and one
/// commit. Appended one transaction each, every API request queued behind the head's row lock for its whole commit
/// (bench/results.md, PostgreSQL at scale); batched, the lock is taken once per batch.
public actor JournalBatcher {
    /// One entry, and what must change with it (the token's last use).
    public struct Item: Sendable {
        public var event: JournalEvent
        public var context: JournalContext
        public var at: Date
        public var alongside: (@Sendable (any Database) async throws -> Void)?

        public init(event: JournalEvent, context: JournalContext, at: Date, alongside: (@Sendable (any Database) async throws -> Void)? = nil) {
            self.event = event
            self.context = context
            self.at = at
            self.alongside = alongside
        }
    }

    /// The most entries one transaction takes; more wait for the next.
    static let maximumBatch = 200

    private let logger = Logger(label: "minzheng.journal")
    private var waiting: [(item: Item, promise: EventLoopPromise<Void>)] = []
    private var draining = false

    /// Each store has one (`Store.journalBatcher`), and passes itself with each entry.
    init() {}

    /// Appends `item` and returns once it is committed; throws if its batch's transaction failed (nothing of it stays).
    public func append(_ item: Item, to store: Store) async throws {
        let promise = store.databases.eventLoopGroup.any().makePromise(of: Void.self)
        waiting.append((item, promise))
        if !draining {
            draining = true
            // Detached: the batch is its own transaction, never one the first caller might have open.
            Task.detached { await self.drain(store) }
        }
        try await promise.futureResult.get()
    }

    private func drain(_ store: Store) async {
        while !waiting.isEmpty {
            let batch = Array(waiting.prefix(Self.maximumBatch))
            waiting.removeFirst(batch.count)
            do {
                try await write(batch.map(\.item), to: store)
                for entry in batch { entry.promise.succeed(()) }
            } catch where batch.count > 1 {
                // One caller's failure is not the others': each is tried alone, and only its own failure is its own.
                logger.warning("journal batch failed; appending its entries one by one", metadata: ["entries": "\(batch.count)"])
                for entry in batch {
                    do {
                        try await write([entry.item], to: store)
                        entry.promise.succeed(())
                    } catch {
                        entry.promise.fail(error)
                    }
                }
            } catch {
                for entry in batch { entry.promise.fail(error) }
            }
        }
        draining = false
    }

    private func write(_ items: [Item], to store: Store) async throws {
        try await store.write(on: store.database(logger: logger)) { db in
            for item in items { try await item.alongside?(db) }
            try await Journal(db: db).append(items.map { ($0.event, $0.context, $0.at) })
        }
    }
}
