import Foundation

/// What happened, as the journal records it. The summary and details never hold raw personal data: they name
/// objects by ID and say what changed in terms of states, counts and field names.
public struct JournalEvent: Sendable, Hashable {
    public enum Outcome: String, Codable, Sendable {
        case success, failure
    }

    /// A dotted action code: `calendar.import`, `auth.login`, `auth.loginFailed`, `access.refused`,
    /// `personalData.view`, `matter.transition` …
    public var action: String
    public var objectType: String
    public var objectID: String?
    public var summary: String
    public var outcome: Outcome
    /// Extra facts (sorted by key in the canonical form).
    public var details: [String: String]

    public init(action: String, objectType: String, objectID: String? = nil, summary: String, outcome: Outcome = .success,
                details: [String: String] = [:]) {
        self.action = action
        self.objectType = objectType
        self.objectID = objectID
        self.summary = summary
        self.outcome = outcome
        self.details = details
    }
}

/// One entry of the hash-chained journal.
public struct JournalEntry: Sendable, Hashable {
    public var sequence: Int64
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public var timestampMilliseconds: Int64
    public var actor: JournalActor
    public var event: JournalEvent
    public var clientAddress: String?
    public var requestID: String?
    /// Hex SHA-256 of the previous entry; 64 zeros for the first.
    public var previousHash: String
    public var hash: String

    public init(sequence: Int64, timestampMilliseconds: Int64, actor: JournalActor, event: JournalEvent,
                clientAddress: String?, requestID: String?, previousHash: String, hash: String) {
        self.sequence = sequence
        self.timestampMilliseconds = timestampMilliseconds
        self.actor = actor
        self.event = event
        self.clientAddress = clientAddress
        self.requestID = requestID
        self.previousHash = previousHash
        self.hash = hash
    }

    public static let genesisHash = String(repeating: "0", count: 64)

    public var timestamp: Date { Date(timeIntervalSince1970: TimeInterval(timestampMilliseconds) / 1000) }

    /// The canonical encoding that the hash covers: every field in a fixed order, one per line, with `\` and line
    /// breaks escaped, preceded by the previous entry's hash. Any change to any field changes the hash.
    public var canonicalText: String { String(decoding: canonicalBytes, as: UTF8.self) }

    /// `canonicalText` as UTF-8, built in one buffer: escaping works on bytes, because `\`, LF and CR never occur
    /// inside a multi-byte UTF-8 sequence (the text is the same as escaping scalar by scalar; `audit verify` spends
    /// most of its time here and in reading rows).
    public var canonicalBytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(640)
        var details: [UInt8] = []
        details.reserveCapacity(128)
        for (index, key) in event.details.keys.sorted().enumerated() {
            if index > 0 { details.append(UInt8(ascii: "&")) }
            Self.appendEscaped(key, to: &details)
            details.append(UInt8(ascii: "="))
            Self.appendEscaped(event.details[key], to: &details)
        }
        func field(_ name: StaticString, _ value: String?, first: Bool = false) {
            if !first { out.append(UInt8(ascii: "\n")) }
            out.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
            out.append(UInt8(ascii: ":"))
            Self.appendEscaped(value, to: &out)
        }
        field("prev", previousHash, first: true)
        field("seq", String(sequence))
        field("at", String(timestampMilliseconds))
        field("actor.kind", actor.kind.rawValue)
        field("actor.account", actor.accountID?.uuidString.lowercased())
        field("actor.name", actor.name)
        field("actor.role", actor.role)
        field("actor.org", actor.orgUnitCode)
        field("action", event.action)
        field("object.type", event.objectType)
        field("object.id", event.objectID)
        field("summary", event.summary)
        field("outcome", event.outcome.rawValue)
        out.append(contentsOf: Array("\ndetails:".utf8))
        Self.appendEscaped(details, to: &out)
        field("client", clientAddress)
        field("request", requestID)
        return out
    }

    /// `∅` for a missing value; otherwise the bytes with `\` → `\\`, LF → `\n`, CR → `\r`.
    private static func appendEscaped(_ value: String?, to out: inout [UInt8]) {
        guard var value else {
            out.append(contentsOf: [0xE2, 0x88, 0x85])  // U+2205 ∅
            return
        }
        value.withUTF8 { appendEscaped($0, to: &out) }
    }

    private static func appendEscaped<Bytes: Collection>(_ bytes: Bytes, to out: inout [UInt8]) where Bytes.Element == UInt8 {
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "\n"): out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "n"))
            case UInt8(ascii: "\r"): out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "r"))
            default: out.append(byte)
            }
        }
    }
}
