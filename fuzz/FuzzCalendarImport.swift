import Foundation

// libFuzzer target: the holiday calendar importer (CSV and JSON notices).
func fuzzCalendarImport(_ input: UnsafeBufferPointer<UInt8>) {
    let bytes = Data(input)
    _ = try? CalendarImportParser.parse(bytes, fileName: "notice.csv")
    _ = try? CalendarImportParser.parse(bytes, fileName: "notice.json")
    _ = try? CalendarImportParser.parse(bytes)
}
