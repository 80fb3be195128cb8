import MinzhengCore
import Vapor

/// The whole numbers a page reads from its query: the page, its size, the year. The app's own links only ever carry
/// whole numbers, so anything else is refused with a 400 in Chinese, on every page and in the API (as its document
/// says) alike — never taken as something else, and never left to overflow (`?page=576460752303423488` and
/// `?year=9223372036854775807` each once stopped the server).
extension Request {
    /// The page asked for in `?page=` and its size in `?size=` (20 unless asked; 1–100 and the page number, clamped).
    var pagination: Pagination {
        get throws {
            Pagination(number: try queryNumber("page", default: 1, reason: "页码应为正整数。"),
                       size: try queryNumber("size", default: Pagination.defaultSize, reason: "每页条数应为 1 至 \(Pagination.maximumSize) 的整数。"))
        }
    }

    /// The year a page is about: `?year=`, or this year when none is asked; a year outside `CivilDate.recordYears` is
    /// refused as a malformed number is.
    var yearQuery: Int {
        get throws {
            let years = CivilDate.recordYears
            let reason = "年度应为 \(years.lowerBound) 至 \(years.upperBound) 之间的四位年份。"
            let year = try queryNumber("year", default: today.year, reason: reason)
            guard years.contains(year) else { throw Abort(.badRequest, reason: reason) }
            return year
        }
    }

    /// `?name=` as a whole number, `value` when absent, a 400 with `reason` when it is not one.
    private func queryNumber(_ name: String, default value: Int, reason: String) throws -> Int {
        guard let text = try? query.get(String.self, at: name) else { return value }
        guard let number = Int(text) else { throw Abort(.badRequest, reason: reason) }
        return number
    }
}
