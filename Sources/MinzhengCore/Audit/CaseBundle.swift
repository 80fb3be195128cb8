import Foundation

/// The full-process record of a matter as one archive (行政执法全过程记录, rules.md §6.2): its documents, its evidence with
/// the hashes taken at upload, and its journal entries with their chain hashes — verifiable offline with the rules alone
/// (`minzheng bundle verify`).
public enum CaseBundle {
    public static let format = "minzheng.case-bundle/1"

    public struct FileEntry: Codable, Sendable, Hashable {
        public var path: String
        public var sha256: String
        public var size: Int

        public init(path: String, sha256: String, size: Int) {
            self.path = path
            self.sha256 = sha256
            self.size = size
        }
    }

    public struct Manifest: Codable, Sendable, Hashable {
        public var format: String
        public var reference: String
        public var typeName: String
        public var title: String
        public var exportedAt: String
        public var files: [FileEntry]
    }

    public struct Evidence: Codable, Sendable, Hashable {
        public var kind: String
        public var filename: String
        public var path: String
        public var sha256: String
        public var size: Int
        public var uploadedAt: String
        public var metadata: [String: String]

        public init(kind: String, filename: String, path: String, sha256: String, size: Int, uploadedAt: String, metadata: [String: String]) {
            self.kind = kind
            self.filename = filename
            self.path = path
            self.sha256 = sha256
            self.size = size
            self.uploadedAt = uploadedAt
            self.metadata = metadata
        }
    }

    public struct Document: Codable, Sendable, Hashable {
        public var number: String
        public var title: String
        public var path: String
        /// The hash stored when the document was issued.
        public var sha256: String

        public init(number: String, title: String, path: String, sha256: String) {
            self.number = number
            self.title = title
            self.path = path
            self.sha256 = sha256
        }
    }

    /// A journal entry with every field its hash covers.
    public struct JournalRecord: Codable, Sendable, Hashable {
        public var sequence: Int64
        public var timestampMilliseconds: Int64
        public var actor: JournalActor
        public var action: String
        public var objectType: String
        public var objectID: String?
        public var summary: String
        public var outcome: String
        public var details: [String: String]
        public var clientAddress: String?
        public var requestID: String?
        public var previousHash: String
        public var hash: String

        public init(_ entry: JournalEntry) {
            sequence = entry.sequence
            timestampMilliseconds = entry.timestampMilliseconds
            actor = entry.actor
            action = entry.event.action
            objectType = entry.event.objectType
            objectID = entry.event.objectID
            summary = entry.event.summary
            outcome = entry.event.outcome.rawValue
            details = entry.event.details
            clientAddress = entry.clientAddress
            requestID = entry.requestID
            previousHash = entry.previousHash
            hash = entry.hash
        }

        public var entry: JournalEntry {
            JournalEntry(sequence: sequence, timestampMilliseconds: timestampMilliseconds, actor: actor,
                         event: JournalEvent(action: action, objectType: objectType, objectID: objectID, summary: summary,
                                             outcome: JournalEvent.Outcome(rawValue: outcome) ?? .success, details: details),
                         clientAddress: clientAddress, requestID: requestID, previousHash: previousHash, hash: hash)
        }
    }

    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// Assembles the archive's files: the content files given, plus evidence.json, documents.json, journal.json and the
    /// manifest of every file's SHA-256.
    public static func assemble(reference: String, typeName: String, title: String, exportedAt: String, documents: [(Document, Data)],
                                evidence: [(Evidence, Data)], journal: [JournalEntry]) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for (document, data) in documents { files[document.path] = data }
        for (item, data) in evidence { files[item.path] = data }
        let encoder = encoder()
        files["documents.json"] = try encoder.encode(documents.map(\.0))
        files["evidence.json"] = try encoder.encode(evidence.map(\.0))
        files["journal.json"] = try encoder.encode(journal.map(JournalRecord.init))
        let entries = files.keys.sorted().map { path in
            FileEntry(path: path, sha256: SHA256Hash.hexString(SHA256Hash.digest(Array(files[path]!))), size: files[path]!.count)
        }
        files["manifest.json"] = try encoder.encode(Manifest(format: format, reference: reference, typeName: typeName, title: title,
                                                             exportedAt: exportedAt, files: entries))
        return files
    }

    /// Checks an archive's files: the manifest's hashes, each document and piece of evidence against the hash recorded
    /// when it was issued or uploaded, and each journal entry's chain hash. Returns the problems (none: intact).
    public static func verify(_ files: [String: Data]) -> [String] {
        var problems: [String] = []
        let decoder = JSONDecoder()
        guard let data = files["manifest.json"], let manifest = try? decoder.decode(Manifest.self, from: data) else {
            return ["缺少或无法读取 manifest.json"]
        }
        if manifest.format != format { problems.append("格式「\(manifest.format)」不是 \(format)") }
        let listed = Set(manifest.files.map(\.path))
        for entry in manifest.files {
            guard let content = files[entry.path] else { problems.append("缺少文件 \(entry.path)"); continue }
            if SHA256Hash.hexString(SHA256Hash.digest(Array(content))) != entry.sha256 { problems.append("\(entry.path) 的内容与清单中的 SHA-256 不符") }
        }
        for path in files.keys.sorted() where path != "manifest.json" && !listed.contains(path) { problems.append("清单外的文件 \(path)") }
        if let data = files["evidence.json"], let evidence = try? decoder.decode([Evidence].self, from: data) {
            for item in evidence {
                guard let content = files[item.path] else { problems.append("缺少证据 \(item.filename)"); continue }
                if SHA256Hash.hexString(SHA256Hash.digest(Array(content))) != item.sha256 { problems.append("证据「\(item.filename)」与上传时的 SHA-256 不符") }
            }
        } else {
            problems.append("缺少或无法读取 evidence.json")
        }
        if let data = files["documents.json"], let documents = try? decoder.decode([Document].self, from: data) {
            for document in documents {
                guard let content = files[document.path] else { problems.append("缺少文书 \(document.number)"); continue }
                if SHA256Hash.hexString(SHA256Hash.digest(Array(content))) != document.sha256 { problems.append("文书 \(document.number) 与制发时的 SHA-256 不符") }
            }
        } else {
            problems.append("缺少或无法读取 documents.json")
        }
        if let data = files["journal.json"], let journal = try? decoder.decode([JournalRecord].self, from: data) {
            for record in journal where SHA256Hash.hex(record.entry.canonicalText) != record.hash {
                problems.append("审计日志第 \(record.sequence) 条的哈希不符")
            }
            for (previous, next) in zip(journal, journal.dropFirst()) where next.sequence == previous.sequence + 1 && next.previousHash != previous.hash {
                problems.append("审计日志第 \(next.sequence) 条与前一条不相连")
            }
        } else {
            problems.append("缺少或无法读取 journal.json")
        }
        return problems
    }
}
