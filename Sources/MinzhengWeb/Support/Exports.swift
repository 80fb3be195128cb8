import Foundation
import MinzhengCore
import MinzhengPersistence
import Vapor

/// The export formats of a list (issue 10, item 6).
enum ExportFormat: String {
    case csv, xlsx

    /// Exports an hour one address may take without signing in.
    static let anonymousExportsPerHour = 30

    var contentType: HTTPMediaType {
        switch self {
        case .csv: HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        case .xlsx: HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        }
    }
}

extension ExportTable {
    /// The workbook as an .xlsx file.
    func xlsx() throws -> Data { try ZipFiles.pack(SpreadsheetML.parts(of: self)) }
}

/// Every page of a list, in order, up to `limit` rows (an export is the whole list the screen pages through).
func allPages<Item>(limit: Int = 20_000, _ fetch: (Pagination) async throws -> PagedList<Item>) async throws -> [Item] {
    var items: [Item] = []
    var number = 1
    while items.count < limit {
        let page = try await fetch(Pagination(number: number, size: Pagination.maximumSize))
        items += page.items
        guard page.hasNext else { break }
        number += 1
    }
    return Array(items.prefix(limit))
}

extension Request {
    /// The format asked for in the path's last component (`export/csv`, `export/xlsx`), asked before the list is read.
    ///
    /// Anyone may export a public list, but one address without a session gets `anonymousExportsPerHour` exports an
    /// hour: each export reads the whole list and leaves a journal entry, and neither may be floodable from outside.
    func exportFormat() async throws -> ExportFormat {
        guard let format = parameters.get("format").flatMap(ExportFormat.init(rawValue:)) else {
            throw Abort(.notFound, reason: "不支持的导出格式，请选择 CSV 或 Excel（XLSX）。")
        }
        if currentUser == nil {
            let key = "export:" + clientAddress
            let admitted = try await write { db in
                try await LoginThrottle(db: db, limit: ExportFormat.anonymousExportsPerHour, window: 3600).admit(key, at: Date())
            }
            guard admitted else { throw Abort(.tooManyRequests, reason: "下载过于频繁，请一小时后再试；登录后下载不受此限制。") }
        }
        return format
    }

    /// Sends `table` as a download and journals the export: which list, how many rows, with which filters (never
    /// the rows themselves). The table carries what the screen shows, with the screen's masking.
    func export(_ table: ExportTable, as format: ExportFormat, list: String, filters: [String: String] = [:]) async throws -> Response {
        var details = filters.filter { !$0.value.isEmpty }
        details["rows"] = String(table.rows.count)
        details["format"] = format.rawValue
        let facts = details
        let context = journalContext()
        try await write { db in
            try await Journal(db: db).append(JournalEvent(action: "export.list", objectType: "list", objectID: list,
                                                          summary: "导出「\(table.title)」\(table.rows.count) 行（\(format.rawValue.uppercased())）",
                                                          details: facts), context: context)
        }
        let data = format == .csv ? table.csv() : try table.xlsx()
        return Self.download(data, filename: "\(table.title).\(format.rawValue)", contentType: format.contentType)
    }

    /// A file download with the filename in RFC 5987 form (Chinese names survive every browser).
    static func download(_ data: Data, filename: String, contentType: HTTPMediaType) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = contentType
        let encoded = filename.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "-._"))) ?? "export"
        let ascii = String(filename.unicodeScalars.filter { $0.isASCII && $0 != "\"" }.map(Character.init))
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(ascii.isEmpty ? "export" : ascii)\"; filename*=UTF-8''\(encoded)")
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }
}
