import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import MinzhengCore
import Testing

/// Parses XML and collects the text of the elements named `element` (to check well-formedness and content).
final class XMLProbe: NSObject, XMLParserDelegate {
    let element: String
    var texts: [String] = []
    var attributes: [[String: String]] = []
    private var current: String?

    init(element: String) { self.element = element }

    static func parse(_ data: Data, element: String) -> (ok: Bool, texts: [String], attributes: [[String: String]]) {
        let probe = XMLProbe(element: element)
        let parser = XMLParser(data: data)
        parser.delegate = probe
        let ok = parser.parse()
        return (ok, probe.texts, probe.attributes)
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
        if name == element { current = ""; self.attributes.append(attributes) }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { current? += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == element, let text = current { texts.append(text); current = nil }
    }
}

@Suite struct OfficeDocumentTests {
    @Test func csvHasABOMQuotesWhatNeedsQuotingAndDisarmsFormulas() {
        let table = ExportTable(title: "办件", columns: ["编号", "标题"], rows: [[.text("A-1"), .text("王某，\"申请\"")], [.text("=HYPERLINK(\"x\")"), .number(3)]])
        let data = table.csv()
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: data.dropFirst(3), as: UTF8.self)
        #expect(text == "编号,标题\r\nA-1,\"王某，\"\"申请\"\"\"\r\n\"'=HYPERLINK(\"\"x\"\")\",3\r\n")
    }

    @Test func aWorkbookIsWellFormedWithTypedCellsAndAFrozenHeader() throws {
        let table = ExportTable(title: "办件清单", columns: ["编号", "件数", "日期"],
                                rows: [[.text("A&B <1>"), .number(12), .date(CivilDate(iso: "2025-03-01")!)], [.text("控制\u{1}字符"), .number(2.5), .text("")]])
        let parts = SpreadsheetML.parts(of: table)
        for (path, data) in parts { #expect(XMLProbe.parse(data, element: "x").ok, "\(path) is not well-formed XML") }
        let sheet = try #require(parts["xl/worksheets/sheet1.xml"])
        #expect(XMLProbe.parse(sheet, element: "t").texts == ["编号", "件数", "日期", "A&B <1>", "控制字符", ""])
        #expect(XMLProbe.parse(sheet, element: "v").texts == ["12", "\(SpreadsheetML.serial(of: CivilDate(iso: "2025-03-01")!))", "2.5"])
        #expect(XMLProbe.parse(sheet, element: "pane").attributes.first?["state"] == "frozen")
        #expect(SpreadsheetML.serial(of: CivilDate(iso: "2025-03-01")!) == 45717)  // as Excel numbers 2025-03-01
        #expect(XMLProbe.parse(try #require(parts["xl/workbook.xml"]), element: "sheet").attributes.first?["name"] == "办件清单")
    }

    @Test func aReportDocumentIsWellFormedWordprocessingMLInOfficialTypography() throws {
        let figures = ["n": ReportFigure(key: "n", label: "次数", value: "32", definition: "d", period: "p", records: [])]
        let paragraphs = [AnnualReportTemplate.Paragraph(key: "a", heading: "一、情况", level: 1, text: ""),
                          AnnualReportTemplate.Paragraph(key: "b", heading: "（一）学习。", level: 2, text: "学习{{n}}次 & 培训<3>场。")]
        let blocks = AnnualReportTemplate.blocks(title: "某局2025年度报告", paragraphs: paragraphs, figures: figures)
        let parts = WordprocessingML.parts(title: "某局2025年度报告", blocks: blocks, created: Date(timeIntervalSince1970: 0))
        for (path, data) in parts { #expect(XMLProbe.parse(data, element: "x").ok, "\(path) is not well-formed XML") }
        let document = try #require(parts["word/document.xml"])
        #expect(XMLProbe.parse(document, element: "w:t").texts == ["某局2025年度报告", "一、情况", "（一）学习。", "学习32次 & 培训<3>场。"])
        #expect(XMLProbe.parse(document, element: "w:pgSz").attributes.first?["w:w"] == "11906")  // A4
        let styles = try #require(parts["word/styles.xml"])
        let fonts = XMLProbe.parse(styles, element: "w:rFonts").attributes.compactMap { $0["w:eastAsia"] }
        #expect(fonts.contains("方正小标宋简体") && fonts.contains("仿宋_GB2312") && fonts.contains("黑体") && fonts.contains("楷体_GB2312"))
        #expect(parts["[Content_Types].xml"].map { String(decoding: $0, as: UTF8.self).contains("wordprocessingml.document.main+xml") } == true)
    }

    @Test func placeholdersFillFromFiguresAndUnknownOnesStayVisible() {
        let figures = ["a": ReportFigure(key: "a", label: "A", value: "7", definition: "", period: "", records: [])]
        #expect(AnnualReportTemplate.fill("共{{a}}项，另{{b}}项。", figures: figures) == "共7项，另【未知数据：b】项。")
        #expect(AnnualReportTemplate.keys(in: "{{a}}与{{b}}") == ["a", "b"])
        #expect(AnnualReportTemplate.segments("共{{a}}项", figures: figures).map(\.key) == [nil, "a", nil])
    }

    @Test func aChartIsWellFormedSVGThatNamesItsData() {
        let chart = BarChart(title: "每月受理量", categories: BarChart.months,
                             series: [.init(name: "2025年", values: (1...12).map { Double($0) }), .init(name: "2024年", values: Array(repeating: nil, count: 12))],
                             format: { String(Int($0)) })
        let svg = Data(chart.svg().utf8)
        #expect(XMLProbe.parse(svg, element: "x").ok)
        let descriptions = XMLProbe.parse(svg, element: "desc").texts
        #expect(descriptions.first?.contains("12月 12") == true)
        #expect(descriptions.first?.contains("2024年：1月 无") == true)
    }
}

@Suite struct JournalCanonicalTextTests {
    /// The one-pass escape gives exactly the text of the replacements it replaced, so old hashes still verify.
    @Test(arguments: ["plain", "a\\b", "line\nbreak", "crlf\r\nend", "\\n literal", "\r", "混合\\\r\n文本\n\\", ""])
    func theCanonicalEscapeIsUnchanged(_ value: String) {
        let reference = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
            .replacingOccurrences(of: "\r", with: "\\r")
        let entry = JournalEntry(sequence: 1, timestampMilliseconds: 0, actor: .system,
                                 event: JournalEvent(action: "x", objectType: "y", summary: value), clientAddress: nil, requestID: nil,
                                 previousHash: JournalEntry.genesisHash, hash: "")
        #expect(entry.canonicalText.contains("\nsummary:\(reference)\n"))
    }
}

/// `XMLText.escape` returns text with nothing to escape as it is and otherwise escapes or drops scalar by scalar; the
/// two paths must agree (the list rows and every Office document rely on it).
struct XMLTextTests {
    @Test func escapingReplacesMarkupAndDropsWhatXMLForbidsAndLeavesTheRestAlone() {
        let plain = "婚姻家庭纠纷调解（第三师图木舒克市），2025年：第1号\t\n"
        #expect(XMLText.escape(plain) == plain)
        #expect(XMLText.escape(#"<a href="x">&'</a>"#) == "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;")
        #expect(XMLText.escape("前\u{1}后\u{FFFE}末\u{FFFF}") == "前后末")
        // U+FFxx that XML allows (fullwidth forms: EF BC.., EF BD..) and U+FFFD (EF BF BD) are kept.
        #expect(XMLText.escape("（）\u{FFFD}") == "（）\u{FFFD}")
        for text in ["纯文本", "a&b", "\u{FFFE}", "\u{FFFD}\u{FFFF}", "x\u{1F}y", "\r"] {
            let slow = text.unicodeScalars.reduce(into: "") { result, scalar in
                switch scalar {
                case "&": result += "&amp;"
                case "<": result += "&lt;"
                case ">": result += "&gt;"
                case "\"": result += "&quot;"
                case "'": result += "&apos;"
                case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
                default: if scalar.value >= 0x20 && !(0xFFFE...0xFFFF).contains(scalar.value) { result.unicodeScalars.append(scalar) }
                }
            }
            #expect(XMLText.escape(text) == slow, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }
}
