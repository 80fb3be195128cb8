import Foundation

/// Which page of a list to show. Every list a person sees is paged.
public struct Pagination: Sendable, Hashable {
    public static let defaultSize = 20
    public static let maximumSize = 100
    /// The highest page number kept (beyond it a list is simply empty): with it, `offset` cannot overflow, however
    /// large a number a link carries (`?page=576460752303423488` once stopped the server, found by schemathesis).
    public static let maximumNumber = Int(Int32.max)

    public var number: Int
    public var size: Int

    public init(number: Int = 1, size: Int = Pagination.defaultSize) {
        self.number = min(max(1, number), Pagination.maximumNumber)
        self.size = min(max(1, size), Pagination.maximumSize)
    }

    public var offset: Int { (number - 1) * size }
}

/// One page of a list, with the total so that the page can say 「共 N 条，第 x/y 页」.
public struct PagedList<Item: Sendable>: Sendable {
    public var items: [Item]
    public var request: Pagination
    public var total: Int

    public init(items: [Item], request: Pagination, total: Int) {
        self.items = items
        self.request = request
        self.total = total
    }

    public var pageCount: Int { max(1, (total + request.size - 1) / request.size) }
    public var hasPrevious: Bool { request.number > 1 }
    public var hasNext: Bool { request.number < pageCount }

    public func map<T>(_ transform: (Item) throws -> T) rethrows -> PagedList<T> {
        PagedList<T>(items: try items.map(transform), request: request, total: total)
    }
}
