import MinzhengCore
import Vapor

/// The paging bar of a list: 「共 N 条，第 x/y 页」 with previous and next links that keep the filters.
struct Pager: Encodable {
    var total: Int
    var page: Int
    var pageCount: Int
    var previousURL: String?
    var nextURL: String?
    /// The same list, every page, as a workbook and as CSV (`export` is the export route's path; the format follows).
    var exportXLSX: String?
    var exportCSV: String?
    /// 「每页 20 · 50 · 100 条」: the same list and filters at another page size, from the first page.
    var sizes: [SizeChoice] = []

    struct SizeChoice: Encodable {
        var size: Int
        var url: String
        var current: Bool
    }

    static let sizeChoices = [Pagination.defaultSize, 50, Pagination.maximumSize]

    /// Every paged list exports (issue 10, item 6): `export` is required, so a new list cannot forget it.
    init<Item>(_ list: PagedList<Item>, path: String, query: [(String, String?)], export: String) {
        total = list.total
        page = list.request.number
        pageCount = list.pageCount
        func url(_ number: Int, size: Int) -> String {
            var components = URLComponents()
            components.path = path
            components.queryItems = query.compactMap { key, value in
                guard let value, !value.isEmpty else { return nil }
                return URLQueryItem(name: key, value: value)
            } + [URLQueryItem(name: "page", value: String(number))]
                + (size == Pagination.defaultSize ? [] : [URLQueryItem(name: "size", value: String(size))])
            return components.string ?? path
        }
        let size = list.request.size
        // Past the last page (a hand-typed or stale link), the way back is to the last page, not the one before the asked.
        previousURL = list.hasPrevious ? url(min(list.request.number - 1, list.pageCount), size: size) : nil
        nextURL = list.hasNext ? url(list.request.number + 1, size: size) : nil
        if list.total > Pagination.defaultSize {
            sizes = Self.sizeChoices.map { SizeChoice(size: $0, url: url(1, size: $0), current: $0 == size) }
        }
        if list.total > 0 {
            func exportURL(_ format: String) -> String {
                var components = URLComponents()
                components.path = "\(export)/\(format)"
                let items = query.compactMap { key, value in value.flatMap { $0.isEmpty ? nil : URLQueryItem(name: key, value: $0) } }
                components.queryItems = items.isEmpty ? nil : items
                return components.string ?? components.path
            }
            exportXLSX = exportURL("xlsx")
            exportCSV = exportURL("csv")
        }
    }
}
