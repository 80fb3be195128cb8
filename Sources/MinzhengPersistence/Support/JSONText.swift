import Foundation
import MinzhengCore

/// JSON stored as text with sorted keys, so that the same value is always the same text (hashes stay stable on
/// both databases).
enum JSONText {
    static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(value), as: UTF8.self)) ?? "null"
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) -> T? {
        try? JSONDecoder().decode(type, from: Data(text.utf8))
    }

    /// A flat object of strings — every matter's fields and every event's data — read without Foundation's decoder
    /// when it is one (the same result; anything else goes to `JSONDecoder`). Reports read tens of thousands.
    static func decode(_ type: [String: String].Type, _ text: String) -> [String: String]? {
        FlatJSONObject.parse(text) ?? (try? JSONDecoder().decode(type, from: Data(text.utf8)))
    }
}
