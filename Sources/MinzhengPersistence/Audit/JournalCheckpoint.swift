import Crypto
import FluentKit
import Foundation

/// The head of the chain (sequence and hash), signed with an HMAC key that is not in the database, written to a
/// file outside the database. A rewrite of the whole chain or a cut of its tail no longer matches a checkpoint.
public struct JournalCheckpoint: Codable, Sendable, Equatable {
    public var sequence: Int64
    public var hash: String
    public var writtenAt: String
    public var signature: String

    public static func make(sequence: Int64, hash: String, at date: Date, key: Data) -> JournalCheckpoint {
        let writtenAt = ISO8601DateFormatter().string(from: date)
        return JournalCheckpoint(sequence: sequence, hash: hash, writtenAt: writtenAt,
                                 signature: sign(sequence: sequence, hash: hash, writtenAt: writtenAt, key: key))
    }

    static func sign(sequence: Int64, hash: String, writtenAt: String, key: Data) -> String {
        let message = Data("minzheng-journal-checkpoint|\(sequence)|\(hash)|\(writtenAt)".utf8)
        return Data(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key)))
            .map { String(format: "%02x", $0) }.joined()
    }

    public func isAuthentic(key: Data) -> Bool {
        Self.sign(sequence: sequence, hash: hash, writtenAt: writtenAt, key: key) == signature
    }
}

/// Reads and writes checkpoint files (`journal-<sequence>-<time>.json`) in a directory.
public struct JournalCheckpointDirectory: Sendable {
    public let path: String
    public let key: Data

    public init(path: String, key: Data) {
        self.path = path
        self.key = key
    }

    /// Signs the current head and writes it. Returns the checkpoint and the file written.
    @discardableResult
    public func write(db: any Database, at date: Date = Date()) async throws -> (JournalCheckpoint, String) {
        let head = try await Journal(db: db).head()
        let checkpoint = JournalCheckpoint.make(sequence: head.sequence, hash: head.hash, at: date, key: key)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let stamp = checkpoint.writtenAt.replacingOccurrences(of: ":", with: "")
        let file = (path as NSString).appendingPathComponent("journal-\(head.sequence)-\(stamp).json")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(checkpoint).write(to: URL(fileURLWithPath: file), options: .atomic)
        return (checkpoint, file)
    }

    public struct Loaded: Sendable {
        public var checkpoints: [JournalCheckpoint]
        /// Files that failed their signature: a forged checkpoint is itself a finding.
        public var forged: [String]
    }

    public func load() throws -> Loaded {
        guard FileManager.default.fileExists(atPath: path) else { return Loaded(checkpoints: [], forged: []) }
        var checkpoints: [JournalCheckpoint] = []
        var forged: [String] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: path).sorted() where name.hasPrefix("journal-") && name.hasSuffix(".json") {
            let file = (path as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: file),
                  let checkpoint = try? JSONDecoder().decode(JournalCheckpoint.self, from: data),
                  checkpoint.isAuthentic(key: key)
            else {
                forged.append(name)
                continue
            }
            checkpoints.append(checkpoint)
        }
        return Loaded(checkpoints: checkpoints, forged: forged)
    }
}
