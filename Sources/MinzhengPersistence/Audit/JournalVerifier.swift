import Crypto
import FluentKit
import Foundation
import MinzhengCore
import SQLKit

/// Recomputes the journal's hash chain and checks it against the signed checkpoints written outside the database.
public struct JournalVerifier: Sendable {
    let db: any Database
    public static let batchSize = 5_000

    public init(db: any Database) {
        self.db = db
    }

    public enum Outcome: Sendable, Equatable {
        case intact(count: Int64, headHash: String)
        /// The first bad sequence number and what is wrong with it, in Chinese.
        case broken(sequence: Int64, reason: String)
    }

    public func verify(checkpoints: [JournalCheckpoint] = []) async throws -> Outcome {
        let sql = db as! any SQLDatabase
        var expectedSequence: Int64 = 1
        var previousHash = JournalEntry.genesisHash
        var hashes: [Int64: String] = [:]
        let wanted = Set(checkpoints.map(\.sequence))
        @Sendable func fetch(from sequence: Int64) async throws -> [JournalRow] {
            try await sql.select().columns(JournalRow.columns.map { SQLIdentifier($0) })
                .from("journal_entry")
                .where("seq", .greaterThanOrEqual, sequence)
                .orderBy("seq")
                .limit(Self.batchSize)
                .all(decoding: JournalRow.self)
        }
        // The next batch is read while this one is hashed (the rows are in sequence, so the next batch starts after
        // this one's last row), and each batch is hashed in two halves at once; the chain itself is then checked
        // in order. On two cores this doubles the rate.
        var rows = try await fetch(from: expectedSequence)
        while !rows.isEmpty {
            let batch = rows
            async let next = batch.count < Self.batchSize ? [] : fetch(from: batch[batch.count - 1].seq + 1)
            let computed = await Self.hashes(of: batch)
            for (row, computedHash) in zip(batch, computed) {
                guard row.seq == expectedSequence else {
                    return .broken(sequence: expectedSequence, reason: "第 \(expectedSequence) 条缺失（下一条为第 \(row.seq) 条），记录被删除或序号被改动")
                }
                guard row.previous_hash == previousHash else {
                    return .broken(sequence: row.seq, reason: "第 \(row.seq) 条的前序哈希与上一条不符，记录被插入、删除或调换了顺序")
                }
                guard computedHash == row.hash else {
                    return .broken(sequence: row.seq, reason: "第 \(row.seq) 条的内容与其哈希不符，记录被改动")
                }
                if wanted.contains(row.seq) { hashes[row.seq] = row.hash }
                previousHash = row.hash
                expectedSequence += 1
            }
            rows = try await next
        }
        let count = expectedSequence - 1
        let head = try await Journal(db: db).head()
        if head.sequence != count || head.hash != previousHash {
            return .broken(sequence: min(head.sequence, count) + 1, reason: "链头记录（第 \(head.sequence) 条）与实际日志（共 \(count) 条）不符，日志尾部可能被截去")
        }
        for checkpoint in checkpoints.sorted(by: { $0.sequence < $1.sequence }) {
            guard checkpoint.sequence <= count else {
                return .broken(sequence: count + 1, reason: "检查点记录了第 \(checkpoint.sequence) 条（\(checkpoint.writtenAt)），但日志只有 \(count) 条：尾部被截去")
            }
            guard hashes[checkpoint.sequence] == checkpoint.hash else {
                return .broken(sequence: checkpoint.sequence, reason: "第 \(checkpoint.sequence) 条与检查点（\(checkpoint.writtenAt)）记录的哈希不符：日志链被整体重写")
            }
        }
        return .intact(count: count, headHash: previousHash)
    }

    /// Each row's hash recomputed from its fields, in two halves concurrently.
    static func hashes(of rows: [JournalRow]) async -> [String] {
        guard rows.count > 256 else { return rows.map { Journal.hash(of: $0.entry) } }
        let middle = rows.count / 2
        async let first = rows[..<middle].map { Journal.hash(of: $0.entry) }
        let second = rows[middle...].map { Journal.hash(of: $0.entry) }
        return await first + second
    }
}
