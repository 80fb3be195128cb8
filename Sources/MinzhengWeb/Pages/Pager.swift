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

    /// Every paged list exports (issue 10, item 6): `export` is required, so a new list cannot forget it.
    init<Item>(_ list: PagedList<Item>, path: String, query: [(String, String?)], export: String) {
        total = list.total
        page = list.request.number
        pageCount = list.pageCount
        func url(_ number: Int) -> String {
            var components = URLComponents()
            components.path = path
            components.queryItems = query.compactMap { key, value in
                guard let value, !value.isEmpty else { return nil }
                return URLQueryItem(name: key, value: value)
            } + [URLQueryItem(name: "page", value: String(number))]
            return components.string ?? path
        }
        previousURL = list.hasPrevious ? url(list.request.number - 1) : nil
        nextURL = list.hasNext ? url(list.request.number + 1) : nil
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

extension Request {
    /// The page asked for in `?page=`.
    var pagination: Pagination {
        Pagination(number: (try? query.get(Int.self, at: "page")) ?? 1)
    }
}
