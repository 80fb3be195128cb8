import Foundation

/// The package parts both formats share: `[Content_Types].xml` and relationship files.
enum OpenPackaging {
    static func contentTypes(_ overrides: [(part: String, type: String)]) -> Data {
        var xml = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
        <Default Extension="xml" ContentType="application/xml"/>

        """
        for override in overrides { xml += "<Override PartName=\"\(override.part)\" ContentType=\"\(override.type)\"/>\n" }
        return Data((xml + "</Types>").utf8)
    }

    /// A relationships part: each entry's id is rId1, rId2… in order.
    static func relationships(_ entries: [(type: String, target: String)]) -> Data {
        var xml = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">

        """
        for (index, entry) in entries.enumerated() {
            xml += "<Relationship Id=\"rId\(index + 1)\" Type=\"\(entry.type)\" Target=\"\(entry.target)\"/>\n"
        }
        return Data((xml + "</Relationships>").utf8)
    }

    static let officeDocument = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
    static let styles = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
}

/// The parts of a SpreadsheetML workbook (.xlsx) for one table: a header row in bold, frozen; numbers as numbers and
/// dates as date serials with a date format, so that sums and sorting work in Excel and WPS. Zipping the parts is the
/// caller's job (Core has no ZIP).
public enum SpreadsheetML {
    public static func parts(of table: ExportTable) -> [String: Data] {
        // Excel's rules for a sheet name: at most 31 characters, none of []:*?/\\.
        let allowed = String(table.title.filter { !"[]:*?/\\".contains($0) }.prefix(31))
        let sheetName = XMLText.escape(allowed.isEmpty ? "Sheet1" : allowed)
        var sheet = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
        <sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>
        <sheetFormatPr defaultRowHeight="15"/>
        <cols>
        """
        for (index, column) in table.columns.enumerated() {
            let width = max(10, min(60, table.rows.prefix(200).map { $0.indices.contains(index) ? $0[index].plain.count * 2 : 0 }.max() ?? 0, column.count * 2 + 2))
            sheet += "<col min=\"\(index + 1)\" max=\"\(index + 1)\" width=\"\(width)\" customWidth=\"1\"/>"
        }
        sheet += "</cols><sheetData>"
        func reference(_ column: Int, _ row: Int) -> String {
            var name = ""
            var number = column + 1
            while number > 0 {
                let remainder = (number - 1) % 26
                name = String(UnicodeScalar(UInt8(65 + remainder))) + name
                number = (number - 1) / 26
            }
            return "\(name)\(row)"
        }
        sheet += "<row r=\"1\">"
        for (index, column) in table.columns.enumerated() {
            sheet += "<c r=\"\(reference(index, 1))\" t=\"inlineStr\" s=\"1\"><is><t>\(XMLText.escape(column))</t></is></c>"
        }
        sheet += "</row>"
        for (rowIndex, row) in table.rows.enumerated() {
            let number = rowIndex + 2
            sheet += "<row r=\"\(number)\">"
            for (index, cell) in row.enumerated() {
                let ref = reference(index, number)
                switch cell {
                case .text(let text):
                    sheet += "<c r=\"\(ref)\" t=\"inlineStr\"><is><t xml:space=\"preserve\">\(XMLText.escape(text))</t></is></c>"
                case .number(let value):
                    sheet += "<c r=\"\(ref)\"><v>\(value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value))</v></c>"
                case .date(let day):
                    sheet += "<c r=\"\(ref)\" s=\"2\"><v>\(serial(of: day))</v></c>"
                }
            }
            sheet += "</row>"
        }
        sheet += "</sheetData></worksheet>"
        let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
        <numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>
        <fonts count="2"><font><sz val="11"/><name val="等线"/></font><font><b/><sz val="11"/><name val="等线"/></font></fonts>
        <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
        <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
        <cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>
        </styleSheet>
        """
        let workbook = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
        <sheets><sheet name="\(sheetName)" sheetId="1" r:id="rId1"/></sheets>
        </workbook>
        """
        let main = "application/vnd.openxmlformats-officedocument.spreadsheetml"
        return ["[Content_Types].xml": OpenPackaging.contentTypes([("/xl/workbook.xml", "\(main).sheet.main+xml"),
                                                                   ("/xl/worksheets/sheet1.xml", "\(main).worksheet+xml"),
                                                                   ("/xl/styles.xml", "\(main).styles+xml")]),
                "_rels/.rels": OpenPackaging.relationships([(OpenPackaging.officeDocument, "xl/workbook.xml")]),
                "xl/workbook.xml": Data(workbook.utf8),
                "xl/_rels/workbook.xml.rels": OpenPackaging.relationships([
                    ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet", "worksheets/sheet1.xml"),
                    (OpenPackaging.styles, "styles.xml")]),
                "xl/styles.xml": Data(styles.utf8), "xl/worksheets/sheet1.xml": Data(sheet.utf8)]
    }

    /// The 1900 date system's serial number of a day (1900-03-01 and later, so the 1900 leap-year quirk is constant).
    public static func serial(of day: CivilDate) -> Int {
        day.dayNumber - CivilDate(year: 1899, month: 12, day: 30)!.dayNumber
    }
}

/// The parts of a WordprocessingML document (.docx) of an official report: A4 with the margins of 党政机关公文格式
/// (GB/T 9704: top 37 mm, bottom 35 mm, left 28 mm, right 26 mm), the title in 小标宋 (二号), level-one headings in 黑体,
/// level-two in 楷体, body in 仿宋 (三号) with a two-character first-line indent; each font names its fallbacks.
public enum WordprocessingML {
    public struct Block: Sendable, Hashable {
        public enum Style: String, Sendable, Hashable { case title = "Title", heading1 = "Heading1", heading2 = "Heading2", body = "BodyText", note = "Note" }
        public var style: Style
        public var text: String
        /// Text in the body font that runs on after a heading in the same paragraph (公文 headings of level two do).
        public var runOn: String?

        public init(_ style: Style, _ text: String, runOn: String? = nil) {
            self.style = style
            self.text = text
            self.runOn = runOn
        }
    }

    public static func parts(title: String, blocks: [Block], created: Date) -> [String: Data] {
        func run(_ text: String, font: String? = nil) -> String {
            let fonts = font.map { "<w:rPr><w:rFonts w:ascii=\"\($0)\" w:eastAsia=\"\($0)\" w:hAnsi=\"\($0)\"/></w:rPr>" } ?? ""
            return "<w:r>\(fonts)<w:t xml:space=\"preserve\">\(XMLText.escape(text))</w:t></w:r>"
        }
        var body = ""
        for block in blocks {
            body += "<w:p><w:pPr><w:pStyle w:val=\"\(block.style.rawValue)\"/></w:pPr>\(run(block.text))"
            if let runOn = block.runOn, !runOn.isEmpty { body += run(runOn, font: "仿宋_GB2312") }
            body += "</w:p>"
        }
        let document = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
        <w:body>\(body)<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr></w:body>
        </w:document>
        """
        func style(_ id: String, _ name: String, font: String, size: Int, bold: Bool = false, center: Bool = false, indent: Bool = false) -> String {
            """
            <w:style w:type="paragraph" w:styleId="\(id)"><w:name w:val="\(name)"/><w:basedOn w:val="Normal"/>\
            <w:pPr>\(center ? "<w:jc w:val=\"center\"/>" : "<w:jc w:val=\"both\"/>")<w:spacing w:line="560" w:lineRule="exact"/>\(indent ? "<w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/>" : "")</w:pPr>\
            <w:rPr><w:rFonts w:ascii="\(font)" w:eastAsia="\(font)" w:hAnsi="\(font)"/>\(bold ? "<w:b/>" : "")<w:sz w:val="\(size)"/><w:szCs w:val="\(size)"/></w:rPr></w:style>
            """
        }
        let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
        <w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="仿宋_GB2312" w:eastAsia="仿宋_GB2312" w:hAnsi="仿宋_GB2312"/><w:sz w:val="32"/><w:lang w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault></w:docDefaults>
        <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
        \(style("Title", "Title", font: "方正小标宋简体", size: 44, center: true))
        \(style("Heading1", "heading 1", font: "黑体", size: 32, indent: true))
        \(style("Heading2", "heading 2", font: "楷体_GB2312", size: 32, indent: true))
        \(style("BodyText", "Body Text", font: "仿宋_GB2312", size: 32, indent: true))
        \(style("Note", "Note", font: "仿宋_GB2312", size: 24))
        </w:styles>
        """
        let fontTable = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
        <w:font w:name="方正小标宋简体"><w:altName w:val="SimSun"/><w:family w:val="roman"/></w:font>
        <w:font w:name="黑体"><w:altName w:val="SimHei"/><w:family w:val="modern"/></w:font>
        <w:font w:name="楷体_GB2312"><w:altName w:val="KaiTi"/><w:family w:val="modern"/></w:font>
        <w:font w:name="仿宋_GB2312"><w:altName w:val="FangSong"/><w:family w:val="modern"/></w:font>
        </w:fonts>
        """
        let formatter = ISO8601DateFormatter()
        let core = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
        <dc:title>\(XMLText.escape(title))</dc:title><dc:creator>Minzheng</dc:creator>
        <dcterms:created xsi:type="dcterms:W3CDTF">\(formatter.string(from: created))</dcterms:created>
        </cp:coreProperties>
        """
        let main = "application/vnd.openxmlformats-officedocument.wordprocessingml"
        return ["[Content_Types].xml": OpenPackaging.contentTypes([("/word/document.xml", "\(main).document.main+xml"),
                                                                   ("/word/styles.xml", "\(main).styles+xml"),
                                                                   ("/word/fontTable.xml", "\(main).fontTable+xml"),
                                                                   ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml")]),
                "_rels/.rels": OpenPackaging.relationships([
                    (OpenPackaging.officeDocument, "word/document.xml"),
                    ("http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties", "docProps/core.xml")]),
                "word/document.xml": Data(document.utf8),
                "word/_rels/document.xml.rels": OpenPackaging.relationships([
                    (OpenPackaging.styles, "styles.xml"),
                    ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable", "fontTable.xml")]),
                "word/styles.xml": Data(styles.utf8), "word/fontTable.xml": Data(fontTable.utf8), "docProps/core.xml": Data(core.utf8)]
    }
}
