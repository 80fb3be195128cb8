import MinzhengCore
import Vapor

/// The paging bar of a list: 「共 N 条，第 x/y 页」 with previous and next links that keep the filters.
struct Pager: Encodable {
    var total: Int
    var page: Int
    var pageCount: Int
    var previousURL: String?
    var nextURL: String?

    init<Item>(_ list: PagedList<Item>, path: String, query: [(String, String?)]) {
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
    }
}

extension Request {
    /// The page asked for in `?page=`.
    var pagination: Pagination {
        Pagination(number: (try? query.get(Int.self, at: "page")) ?? 1)
    }
}
