import Foundation

/// A list as it is exported: the columns the screen shows and the rows the viewer may see, already masked
/// (issue 10, item 6). Rendered to CSV here and to XLSX by `SpreadsheetML`.
public struct ExportTable: Sendable, Hashable {
    public enum Cell: Sendable, Hashable {
        case text(String)
        case number(Double)
        case date(CivilDate)

        /// As it reads in a CSV cell or on a page.
        public var plain: String {
            switch self {
            case .text(let text): return text
            case .number(let value): return value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
            case .date(let day): return day.description
            }
        }
    }

    public var title: String
    public var columns: [String]
    public var rows: [[Cell]]

    public init(title: String, columns: [String], rows: [[Cell]]) {
        self.title = title
        self.columns = columns
        self.rows = rows
    }

    /// UTF-8 with a byte-order mark so that Excel reads Chinese correctly; RFC 4180 quoting; a cell that a spreadsheet
    /// would run as a formula (=, +, -, @, tab, CR at the start) is prefixed with an apostrophe (CSV injection).
    public func csv() -> Data {
        func quoted(_ cell: Cell) -> String {
            var text = cell.plain
            if case .text = cell, let first = text.first, "=+-@\t\r".contains(first) { text = "'" + text }
            guard text.contains(where: { ",\"\n\r".contains($0) }) else { return text }
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        var lines = [columns.map { quoted(.text($0)) }.joined(separator: ",")]
        for row in rows { lines.append(row.map(quoted).joined(separator: ",")) }
        return Data([0xEF, 0xBB, 0xBF]) + Data((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }
}

/// XML text escaping for the Office Open XML parts (and any XML Minzheng writes): also drops the control characters
/// XML 1.0 forbids, so a stray byte in a record cannot make the document unreadable.
public enum XMLText {
    public static func escape(_ text: String) -> String {
        // Most text (every list row's cells) has nothing to escape or drop: returned as it is, without a scalar loop.
        guard needsEscaping(text) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value) { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Whether `text` holds a character `escape` replaces or drops: `&<>"'`, a C0 control, U+FFFE or U+FFFF (in UTF-8
    /// EF BF BE and EF BF BF).
    static func needsEscaping(_ text: String) -> Bool {
        var previous: (UInt8, UInt8) = (0, 0)
        for byte in text.utf8 {
            switch byte {
            case 0x26, 0x3C, 0x3E, 0x22, 0x27: return true
            case ..<0x20 where byte != 0x09 && byte != 0x0A && byte != 0x0D: return true
            case 0xBE where previous == (0xEF, 0xBF), 0xBF where previous == (0xEF, 0xBF): return true
            default: previous = (previous.1, byte)
            }
        }
        return false
    }
}
