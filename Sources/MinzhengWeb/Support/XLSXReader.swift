import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import MinzhengCore
import ZIPFoundation

/// Reads the first worksheet of an .xlsx file into rows of text (shared and inline strings, numbers as written).
/// Enough for registry spreadsheets; formulas give their cached values.
enum XLSXReader {
    static func rows(_ data: Data) throws -> [(line: Int, fields: [String])] {
        let failure = ValidationError(field: "文件", reason: "不是有效的 Excel（.xlsx）文件，请另存为 .xlsx 或 CSV（UTF-8）后重试。")
        let archive: Archive
        do { archive = try Archive(data: data, accessMode: .read, pathEncoding: nil) } catch { throw failure }
        func read(_ path: String) throws -> Data? {
            guard let entry = archive[path] else { return nil }
            guard entry.uncompressedSize < 50_000_000 else { throw ValidationError(field: "文件", reason: "工作表过大。") }
            var contents = Data()
            _ = try archive.extract(entry) { contents.append($0) }
            return contents
        }
        let strings = try read("xl/sharedStrings.xml").map(SharedStrings.parse) ?? []
        let sheetPath = archive.map(\.path).filter { $0.hasPrefix("xl/worksheets/sheet") && $0.hasSuffix(".xml") }.sorted().first
        guard let sheetPath, let sheet = try read(sheetPath) else { throw failure }
        return try Sheet.parse(sheet, strings: strings)
    }

    private final class SharedStrings: NSObject, XMLParserDelegate {
        var strings: [String] = []
        var current: String?
        var inText = false

        static func parse(_ data: Data) -> [String] {
            let delegate = SharedStrings()
            let parser = XMLParser(data: data)
            parser.delegate = delegate
            _ = parser.parse()
            return delegate.strings
        }

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            if name == "si" { current = "" }
            if name == "t" { inText = true }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if inText { current? += string }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "t" { inText = false }
            if name == "si" { strings.append(current ?? ""); current = nil }
        }
    }

    private final class Sheet: NSObject, XMLParserDelegate {
        let strings: [String]
        var rows: [(line: Int, fields: [String])] = []
        var row: [Int: String] = [:]
        var rowNumber = 0
        var column = 0
        var type = ""
        var value = ""
        var collecting = false
        var failed = false

        init(strings: [String]) {
            self.strings = strings
        }

        static func parse(_ data: Data, strings: [String]) throws -> [(line: Int, fields: [String])] {
            let delegate = Sheet(strings: strings)
            let parser = XMLParser(data: data)
            parser.delegate = delegate
            guard parser.parse(), !delegate.failed else { throw ValidationError(field: "文件", reason: "工作表内容无法读取。") }
            return delegate.rows
        }

        /// The largest column and row a worksheet has (Excel's XFD and 1,048,576): a cell or row beyond them makes the
        /// file unreadable rather than a row millions of fields wide or an overflowing number.
        static let columnLimit = 16_384
        static let rowLimit = 1_048_576

        /// The column of a cell reference (`B7` → 1); nil when its letters are not A–Z or name a column past XFD.
        static func columnIndex(_ reference: String) -> Int? {
            var index = 0
            for byte in reference.utf8 {
                let letter: UInt8
                switch byte {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): letter = byte
                case UInt8(ascii: "a")...UInt8(ascii: "z"): letter = byte - 32
                default: continue
                }
                index = index * 26 + Int(letter - 64)
                guard index <= columnLimit else { return nil }
            }
            return max(0, index - 1)
        }

        /// Stops the parse: the file is refused as unreadable.
        private func refuse(_ parser: XMLParser) {
            failed = true
            parser.abortParsing()
        }

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            switch name {
            case "row":
                row = [:]
                rowNumber = Int(attributes["r"] ?? "") ?? rowNumber + 1
                guard (1...Self.rowLimit).contains(rowNumber) else { return refuse(parser) }
            case "c":
                guard let index = attributes["r"].map(Self.columnIndex) ?? (row.keys.max().map { $0 + 1 } ?? 0), index < Self.columnLimit else {
                    return refuse(parser)
                }
                column = index
                type = attributes["t"] ?? ""
                value = ""
            case "v", "t":
                collecting = true
            default:
                break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if collecting { value += string }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            switch name {
            case "v", "t":
                collecting = false
            case "c":
                row[column] = type == "s" ? Int(value).flatMap { strings.indices.contains($0) ? strings[$0] : nil } ?? "" : value
            case "row":
                let width = (row.keys.max() ?? -1) + 1
                rows.append((rowNumber, (0..<width).map { row[$0] ?? "" }))
            default:
                break
            }
        }
    }
}
