import Foundation
import MinzhengCore
import Testing

/// The journal's hash covers a canonical text; `audit verify` builds it from bytes for speed. These tests pin the
/// encoding to an independent implementation (`scripts/synthetic_journal.py`, which produced the expected hash) and
/// to the scalar-by-scalar definition, so an optimisation can never quietly change what old chains hash to.
@Suite struct JournalEncodingTests {
    static let entry = JournalEntry(
        sequence: 42, timestampMilliseconds: 1_764_547_200_000,
        actor: JournalActor(kind: .user, accountID: UUID(uuidString: "0B7E3C1E-8D2A-4B5F-9C3D-2A1B0C9D8E7F"), name: "clerk", role: nil,
                            orgUnitCode: "659003-101-01"),
        event: JournalEvent(action: "matter.transition", objectType: "matter", objectID: nil, summary: "第一行\n第二行\\末\r尾",
                            details: ["b": "x\\y", "a": "中文\n换行", "&=": "∅"]),
        clientAddress: "127.0.0.1", requestID: nil, previousHash: JournalEntry.genesisHash, hash: "")

    @Test func theCanonicalTextHashesAsAnIndependentImplementationDoes() {
        #expect(SHA256Hash.hex(Self.entry.canonicalText) == "8ca54a123c16df836a52ffbd0cf07c0ad9a1d9fc2225e6055172ed5cf8fe5b90")
        #expect(Self.entry.canonicalBytes == Array(Self.entry.canonicalText.utf8))
    }

    /// The definition: each value escaped scalar by scalar (`\` first, then line breaks), missing values as `∅`,
    /// details sorted by key and escaped twice (as pairs, then as one field).
    @Test func theByteEncodingIsTheScalarDefinition() {
        func escape(_ value: String?) -> String {
            guard let value else { return "\u{2205}" }
            return value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r")
        }
        let samples = ["", "plain", "\\", "\\\\n", "\r\n", "多字节\u{1F600}\\\n", "é\u{301}\r", "a=b&c"]
        for (index, text) in samples.enumerated() {
            var entry = Self.entry
            entry.event.summary = text
            entry.event.objectID = index.isMultiple(of: 2) ? nil : text
            entry.event.details = [text: text, "k\(index)": "v\n\(text)"]
            entry.actor.role = index.isMultiple(of: 3) ? text : nil
            let e = entry.event, a = entry.actor
            let details = e.details.keys.sorted().map { "\(escape($0))=\(escape(e.details[$0]))" }.joined(separator: "&")
            let expected = [("prev", entry.previousHash), ("seq", "42"), ("at", "1764547200000"), ("actor.kind", a.kind.rawValue),
                            ("actor.account", a.accountID?.uuidString.lowercased()), ("actor.name", a.name), ("actor.role", a.role),
                            ("actor.org", a.orgUnitCode), ("action", e.action), ("object.type", e.objectType), ("object.id", e.objectID),
                            ("summary", e.summary), ("outcome", e.outcome.rawValue), ("details", details), ("client", entry.clientAddress),
                            ("request", entry.requestID)].map { "\($0.0):\(escape($0.1))" }.joined(separator: "\n")
            #expect(entry.canonicalText == expected, "sample \(index)")
        }
    }

    @Test func flatObjectsReadAsFoundationReadsThem() throws {
        let texts = [
            #"{}"#, #" { } "#, #"{"a":"b"}"#, #"{"rows":"12","format":"csv"}"#, #"{"k":"中文","esc":"\"\\\/\b\f\n\r\t"}"#,
            #"{"u":"\u4e2d\u6587\u00e9","pair":"\ud83d\ude00"}"#, #"{ "spaced" : "yes" , "x" : "" }"#,
        ]
        for text in texts {
            let foundation = try JSONDecoder().decode([String: String].self, from: Data(text.utf8))
            #expect(FlatJSONObject.parse(text) == foundation, "\(text)")
        }
        // Not a flat object of strings, or a repeated key: left to the full decoder.
        for text in [#"{"dup":"1","dup":"2"}"#, #"{"n":1}"#, #"{"a":{"b":"c"}}"#, #"{"a":"b",}"#, #"{"a":"b"} x"#, #"{"a":"\ud83d"}"#, #"{"a":"\x"}"#, "{\"a\":\"\n\"}", #"["a"]"#, ""] {
            #expect(FlatJSONObject.parse(text) == nil, "\(text)")
        }
    }
}
