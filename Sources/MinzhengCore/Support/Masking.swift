import Foundation

/// Masking by rule (rules.md §11; ✘ `masking.*`): ID numbers first 6 + last 4, phones 3 + 4, bank accounts last 4,
/// names in public notices with the middle hidden. Applied on the server, before display or export.
public enum Masking {
    public static func residentID(_ value: String) -> String {
        keep(value, first: 6, last: 4)
    }

    public static func phone(_ value: String) -> String {
        keep(value, first: 3, last: 4)
    }

    public static func bankAccount(_ value: String) -> String {
        keep(value, first: 0, last: 4)
    }

    /// 张三 → 张*, 张小三 → 张*三, 欧阳小华 → 欧**华; a trailing note in full-width brackets stays: 李春花（示例） → 李*花（示例）.
    public static func name(_ value: String) -> String {
        if let open = value.firstIndex(of: "（"), open != value.startIndex, value.hasSuffix("）") {
            return name(String(value[..<open])) + String(value[open...])
        }
        let characters = Array(value)
        switch characters.count {
        case 0: return ""
        case 1: return "*"
        case 2: return String(characters[0]) + "*"
        default:
            return String(characters[0]) + String(repeating: "*", count: characters.count - 2) + String(characters[characters.count - 1])
        }
    }

    static func keep(_ value: String, first: Int, last: Int) -> String {
        let characters = Array(value)
        guard characters.count > first + last else { return String(repeating: "*", count: characters.count) }
        return String(characters.prefix(first)) + String(repeating: "*", count: characters.count - first - last)
            + String(characters.suffix(last))
    }
}
