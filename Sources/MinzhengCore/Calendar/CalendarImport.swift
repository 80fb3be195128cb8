import Foundation

/// A parsed calendar file: whole years of one scope each, which replace what the calendar held for them.
public struct CalendarImport: Sendable, Equatable {
    public struct Group: Sendable, Equatable {
        public var year: CalendarYear
        public var entries: [CalendarEntry]
    }

    public var groups: [Group]

    public var entryCount: Int { groups.reduce(0) { $0 + $1.entries.count } }
}

/// Why a calendar file was refused: the first bad line (or JSON position) and the reason. A refused file is
/// stored not at all.
public struct CalendarImportError: DomainError, Equatable {
    /// `第12行` for CSV, `years[0].days[3]` for JSON.
    public let location: String
    public let reason: String

    public var code: String { "calendar.importRefused" }
    public var message: String { location.isEmpty ? "导入被拒绝：\(reason)" : "导入被拒绝：\(location)，\(reason)" }
    public var category: DomainErrorCategory { .invalidInput }
}

/// Reads the documented calendar file formats (docs/calendar-import.md).
///
/// CSV, UTF-8, header `year,region,date,kind,name,document_ref`: one day per line; `region` is `national` or a
/// region code (`xinjiang`); `kind` is `holiday` / `makeUpWorkday` for national lines and `regionalHoliday` for
/// regional ones (the Chinese names 法定节假日 / 调休上班 / 地方节日 are accepted too). Lines starting with `#` are
/// comments.
///
/// JSON: `{"years":[{"year":2027,"region":"national","documentRef":"…","days":[{"date":"2027-01-01",
/// "kind":"holiday","name":"元旦"}]}]}`.
public enum CalendarImportParser {
    public static let maximumBytes = 1_000_000

    public static func parse(_ data: Data, fileName: String? = nil) throws -> CalendarImport {
        guard data.count <= maximumBytes else {
            throw CalendarImportError(location: "", reason: "文件超过 1 MB，请检查是否选错了文件。")
        }
        let isJSON: Bool
        if let fileName, fileName.lowercased().hasSuffix(".json") {
            isJSON = true
        } else if let fileName, fileName.lowercased().hasSuffix(".csv") {
            isJSON = false
        } else {
            isJSON = data.first(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF) }) == UInt8(ascii: "{")
        }
        return isJSON ? try parseJSON(data) : try parseCSV(data)
    }

    // MARK: CSV

    static let requiredColumns = ["year", "region", "date", "kind", "name"]

    public static func parseCSV(_ data: Data) throws -> CalendarImport {
        let records: [CSVReader.Record]
        do {
            records = try CSVReader().records(in: data)
        } catch let failure as CSVReader.Failure {
            throw CalendarImportError(location: "", reason: failure.message)
        }
        let content = records.filter { !($0.fields.first?.trimmingCharacters(in: .whitespaces).hasPrefix("#") ?? false) }
        guard let header = content.first else {
            throw CalendarImportError(location: "", reason: "文件为空，缺少表头 year,region,date,kind,name,document_ref。")
        }
        let columns = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        for required in requiredColumns where !columns.contains(required) {
            throw CalendarImportError(location: "第\(header.line)行", reason: "表头缺少列「\(required)」，应为 year,region,date,kind,name,document_ref。")
        }
        func column(_ name: String, _ record: CSVReader.Record) -> String {
            guard let index = columns.firstIndex(of: name), index < record.fields.count else { return "" }
            return record.fields[index].trimmingCharacters(in: .whitespaces)
        }
        var rows: [RawDay] = []
        for record in content.dropFirst() {
            guard record.fields.count == columns.count else {
                throw CalendarImportError(location: "第\(record.line)行", reason: "应有 \(columns.count) 列，实际 \(record.fields.count) 列。")
            }
            rows.append(RawDay(
                location: "第\(record.line)行", year: column("year", record), region: column("region", record),
                date: column("date", record), kind: column("kind", record), name: column("name", record),
                documentRef: column("document_ref", record)))
        }
        return try assemble(rows)
    }

    // MARK: JSON

    private struct JSONFile: Decodable {
        struct Year: Decodable {
            var year: Int
            var region: String
            var documentRef: String?
            var days: [Day]
        }
        struct Day: Decodable {
            var date: String
            var kind: String
            var name: String
        }
        var years: [Year]
    }

    public static func parseJSON(_ data: Data) throws -> CalendarImport {
        let file: JSONFile
        do {
            file = try JSONDecoder().decode(JSONFile.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw CalendarImportError(location: path(context.codingPath), reason: "缺少字段「\(key.stringValue)」。")
        } catch let DecodingError.typeMismatch(_, context) {
            throw CalendarImportError(location: path(context.codingPath), reason: "字段类型不对。")
        } catch {
            throw CalendarImportError(location: "", reason: "不是有效的 JSON 文件，格式见 docs/calendar-import.md。")
        }
        var rows: [RawDay] = []
        for (yearIndex, year) in file.years.enumerated() {
            if year.days.isEmpty {
                throw CalendarImportError(location: "years[\(yearIndex)]", reason: "没有任何日期。")
            }
            for (dayIndex, day) in year.days.enumerated() {
                rows.append(RawDay(
                    location: "years[\(yearIndex)].days[\(dayIndex)]", year: String(year.year), region: year.region,
                    date: day.date, kind: day.kind, name: day.name, documentRef: year.documentRef ?? ""))
            }
        }
        return try assemble(rows)
    }

    private static func path(_ codingPath: [any CodingKey]) -> String {
        codingPath.map { key in key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)" }
            .joined().trimmingCharacters(in: CharacterSet(charactersIn: "."))
    }

    // MARK: Validation shared by both formats

    private struct RawDay {
        var location: String
        var year: String
        var region: String
        var date: String
        var kind: String
        var name: String
        var documentRef: String
    }

    private static let kindAliases: [String: CalendarDayKind] = [
        "holiday": .holiday, "法定节假日": .holiday, "放假": .holiday,
        "makeupworkday": .makeUpWorkday, "调休上班": .makeUpWorkday, "调休": .makeUpWorkday,
        "regionalholiday": .regionalHoliday, "地方节日": .regionalHoliday, "新疆地方节日": .regionalHoliday,
    ]

    private static func assemble(_ rows: [RawDay]) throws -> CalendarImport {
        guard !rows.isEmpty else {
            throw CalendarImportError(location: "", reason: "文件中没有任何日期。")
        }
        struct Key: Hashable { let year: Int; let region: String? }
        var order: [Key] = []
        var groups: [Key: CalendarImport.Group] = [:]
        var seen: [Key: Set<CivilDate>] = [:]
        for row in rows {
            func refuse(_ reason: String) -> CalendarImportError { CalendarImportError(location: row.location, reason: reason) }
            guard let year = Int(row.year), (1900...2100).contains(year) else {
                throw refuse("年份「\(row.year)」无效，应为四位数字年份。")
            }
            let regionCode = row.region.lowercased()
            let region: String?
            if regionCode == "national" || row.region == "全国" {
                region = nil
            } else if CalendarDefinition.knownRegions[regionCode] != nil {
                region = regionCode
            } else {
                throw refuse("范围「\(row.region)」无效，应为 national（全国）或 xinjiang（新疆）。")
            }
            guard let date = CivilDate(iso: row.date) else {
                throw refuse("日期「\(row.date)」无效，应为 YYYY-MM-DD 格式的真实日期。")
            }
            guard date.year == year else {
                throw refuse("日期 \(date) 不在所填年份 \(year) 内。")
            }
            guard let kind = kindAliases[row.kind.lowercased()] ?? kindAliases[row.kind] else {
                throw refuse("类型「\(row.kind)」无效，应为 holiday、makeUpWorkday 或 regionalHoliday。")
            }
            if region == nil && kind == .regionalHoliday {
                throw refuse("全国范围的日期不能是地方节日（regionalHoliday）。")
            }
            if region != nil && kind != .regionalHoliday {
                throw refuse("地方范围只能导入地方节日（regionalHoliday）。")
            }
            if kind == .makeUpWorkday && !date.isWeekend {
                throw refuse("\(date) 是\(date.weekday.chineseName)，调休上班日应为周六或周日。")
            }
            let name = row.name
            guard !name.isEmpty, name.count <= 20 else {
                throw refuse("节日名称不能为空，且不超过 20 个字。")
            }
            let key = Key(year: year, region: region)
            guard seen[key, default: []].insert(date).inserted else {
                throw refuse("日期 \(date) 重复出现。")
            }
            if groups[key] == nil {
                order.append(key)
                groups[key] = .init(year: CalendarYear(year: year, region: region, documentRef: row.documentRef.isEmpty ? nil : row.documentRef), entries: [])
            }
            groups[key]!.entries.append(CalendarEntry(
                date: date, kind: kind, name: name, region: region,
                documentRef: row.documentRef.isEmpty ? groups[key]!.year.documentRef : row.documentRef))
        }
        for key in order where key.region == nil {
            let entries = groups[key]!.entries
            if !entries.contains(where: { $0.kind == .holiday }) {
                throw CalendarImportError(location: "\(key.year) 年全国", reason: "没有任何法定节假日，不像是完整的年度安排。")
            }
        }
        return CalendarImport(groups: order.map { groups[$0]! })
    }
}
