import Foundation
import MinzhengCore
@testable import MinzhengWeb
import Testing

/// The .xlsx reader of the organisation import: a well-formed sheet reads as rows; a hostile one is refused as
/// unreadable with a Chinese message, never a crash or a row millions of fields wide.
@Suite struct XLSXReaderTests {
    static func workbook(_ cells: String, strings: [String] = ["名称", "图木舒克市书法家协会（示例）"]) throws -> Data {
        let shared = "<sst>" + strings.map { "<si><t>\($0)</t></si>" }.joined() + "</sst>"
        return try ZipFiles.pack(["xl/sharedStrings.xml": Data(shared.utf8),
                                  "xl/worksheets/sheet1.xml": Data("<worksheet><sheetData>\(cells)</sheetData></worksheet>".utf8)])
    }

    @Test func aSheetReadsAsRowsOfText() throws {
        let rows = try XLSXReader.rows(try Self.workbook(#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="c1"><v>42</v></c></row><row r="2"><c r="B2" t="s"><v>1</v></c></row>"#))
        #expect(rows.count == 2)
        #expect(rows[0].line == 1 && rows[0].fields == ["名称", "", "42"])
        #expect(rows[1].line == 2 && rows[1].fields == ["", "图木舒克市书法家协会（示例）"])
    }

    @Test(arguments: [
        #"<row r="1"><c r="AAAAAAAAAAAAAAAAAAAA1"><v>1</v></c></row>"#,  // a column whose number overflows
        #"<row r="1"><c r="XFE1"><v>1</v></c></row>"#,                   // one column past Excel's last (XFD)
        #"<row r="9223372036854775807"><c r="A1"><v>1</v></c></row>"#,    // a row number at Int.max
        #"<row r="0"><c r="A1"><v>1</v></c></row>"#,
    ])
    func aHostileSheetIsRefusedAsUnreadable(_ cells: String) throws {
        #expect(throws: ValidationError.self) { try XLSXReader.rows(try Self.workbook(cells)) }
    }

    /// Shared-string indexes outside the table (once a crash for -1) read as empty; a reference with a letter outside
    /// A–Z (once a crash) counts its A–Z letters only.
    @Test func aSharedStringOutsideTheTableReadsAsEmpty() throws {
        let rows = try XLSXReader.rows(try Self.workbook(#"<row r="1"><c r="A1" t="s"><v>-1</v></c><c r="B1" t="s"><v>99</v></c></row><row r="2"><c r="ÄB2"><v>x</v></c></row>"#))
        #expect(rows.map(\.fields) == [["", ""], ["", "x"]])
    }
}
