import Foundation

/// A small RFC 4180 reader: quoted fields, doubled quotes, CRLF or LF, a UTF-8 byte-order mark.
/// Each record keeps the line number it starts on, so importers can name the line of a refusal.
public struct CSVReader: Sendable {
    public struct Record: Sendable, Equatable {
        public let line: Int
        public let fields: [String]
    }

    public enum Failure: DomainError, Equatable {
        case unterminatedQuote(line: Int)
        case notUTF8

        public var code: String { "csv.malformed" }
        public var message: String {
            switch self {
            case .unterminatedQuote(let line): "第\(line)行：引号未闭合，文件格式错误。"
            case .notUTF8: "文件不是 UTF-8 编码的文本。"
            }
        }
        public var category: DomainErrorCategory { .invalidInput }
    }

    public init() {}

    public func records(in data: Data) throws -> [Record] {
        guard var text = String(data: data, encoding: .utf8) else { throw Failure.notUTF8 }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return try records(in: text)
    }

    public func records(in text: String) throws -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var line = 1
        var recordLine = 1
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let scalar = pending { pending = nil; return scalar }
            return iterator.next()
        }
        func endRecord() {
            fields.append(field)
            field = ""
            if !(fields.count == 1 && fields[0].isEmpty) {
                records.append(Record(line: recordLine, fields: fields))
            }
            fields = []
        }
        while let scalar = next() {
            if inQuotes {
                if scalar == "\"" {
                    if let following = next() {
                        if following == "\"" { field.unicodeScalars.append("\"") } else { inQuotes = false; pending = following }
                    } else {
                        inQuotes = false
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty:
                inQuotes = true
            case ",":
                fields.append(field)
                field = ""
            case "\r":
                continue
            case "\n":
                endRecord()
                line += 1
                recordLine = line
            default:
                field.unicodeScalars.append(scalar)
            }
        }
        if inQuotes { throw Failure.unterminatedQuote(line: recordLine) }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return records
    }
}
