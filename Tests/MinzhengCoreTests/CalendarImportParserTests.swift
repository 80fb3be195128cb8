import Foundation
import MinzhengCore
import Testing

@Suite struct CalendarImportParserTests {
    static let header = "year,region,date,kind,name,document_ref\n"

    func refusal(_ text: String, fileName: String = "f.csv") -> CalendarImportError? {
        do {
            _ = try CalendarImportParser.parse(Data(text.utf8), fileName: fileName)
            return nil
        } catch let error as CalendarImportError {
            return error
        } catch {
            Issue.record("unexpected \(error)")
            return nil
        }
    }

    @Test func csvYearOfNationalDaysIsParsedIntoOneGroup() throws {
        let text = "\u{FEFF}" + Self.header + """
            # 2027 示例
            2027,national,2027-01-01,holiday,元旦,国办发明电〔2026〕1号
            2027,national,2027-02-06,makeUpWorkday,春节,国办发明电〔2026〕1号
            2027,xinjiang,2027-03-10,regionalHoliday,肉孜节,自治区通知
            """
        let parsed = try CalendarImportParser.parse(Data(text.utf8), fileName: "2027.csv")
        #expect(parsed.groups.count == 2)
        #expect(parsed.groups[0].year == CalendarYear(year: 2027, region: nil, documentRef: "国办发明电〔2026〕1号"))
        #expect(parsed.groups[0].entries.map(\.kind) == [.holiday, .makeUpWorkday])
        #expect(parsed.groups[1].entries.first?.region == "xinjiang")
    }

    @Test(arguments: [
        ("2027,national,2027-02-30,holiday,春节,", "第2行", "日期「2027-02-30」无效"),
        ("2027,national,2026-12-31,holiday,元旦,", "第2行", "不在所填年份 2027 内"),
        ("2027,national,2027-01-05,makeUpWorkday,元旦,", "第2行", "调休上班日应为周六或周日"),
        ("2027,mars,2027-01-01,holiday,元旦,", "第2行", "范围「mars」无效"),
        ("2027,national,2027-01-01,holiday,,", "第2行", "节日名称不能为空"),
        ("2027,national,2027-01-01,party,元旦,", "第2行", "类型「party」无效"),
        ("2027,xinjiang,2027-03-10,holiday,肉孜节,", "第2行", "地方范围只能导入地方节日"),
        ("2027,national,2027-01-01,holiday,元旦", "第2行", "应有 6 列"),
        ("2027,national,2027-01-01,holiday,元旦,\n2027,national,2027-01-01,holiday,元旦,", "第3行", "重复出现"),
        ("20x7,national,2027-01-01,holiday,元旦,", "第2行", "年份「20x7」无效"),
    ])
    func badLinesRefuseTheWholeFileNamingLineAndReason(_ body: String, _ line: String, _ reason: String) throws {
        let error = try #require(refusal(Self.header + body))
        #expect(error.location == line)
        #expect(error.reason.contains(reason), "\(error.reason)")
        #expect(error.message.hasPrefix("导入被拒绝"))
    }

    @Test func missingHeaderColumnIsRefused() throws {
        let error = try #require(refusal("year,date,kind,name\n2027,2027-01-01,holiday,元旦\n"))
        #expect(error.reason.contains("缺少列「region」"))
    }

    @Test func aNationalYearWithoutAnyDayOffIsRefused() throws {
        let error = try #require(refusal(Self.header + "2027,national,2027-02-06,makeUpWorkday,春节,"))
        #expect(error.reason.contains("没有任何法定节假日"))
    }

    @Test func jsonFileIsParsedAndItsErrorsNameThePosition() throws {
        let good = """
            {"years":[{"year":2027,"region":"national","documentRef":"X","days":[{"date":"2027-01-01","kind":"holiday","name":"元旦"}]}]}
            """
        #expect(try CalendarImportParser.parse(Data(good.utf8), fileName: "c.json").entryCount == 1)
        let bad = """
            {"years":[{"year":2027,"region":"national","days":[{"date":"2027-01-01","kind":"holiday","name":"元旦"},{"date":"2027-13-01","kind":"holiday","name":"元旦"}]}]}
            """
        let error = try #require(refusal(bad, fileName: "c.json"))
        #expect(error.location == "years[0].days[1]")
        let missing = try #require(refusal(#"{"years":[{"year":2027,"days":[]}]}"#, fileName: "c.json"))
        #expect(missing.reason.contains("region"))
    }

    @Test func quotedFieldsWithCommasAreRead() throws {
        let text = Self.header + "2027,national,2027-01-01,holiday,\"元旦\",\"国办发明电〔2026〕1号, 附件\"\n"
        let parsed = try CalendarImportParser.parse(Data(text.utf8), fileName: "x.csv")
        #expect(parsed.groups[0].year.documentRef == "国办发明电〔2026〕1号, 附件")
    }
}
