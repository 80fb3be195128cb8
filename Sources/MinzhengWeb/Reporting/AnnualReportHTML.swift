import Foundation
import MinzhengCore
import MinzhengPersistence

/// The annual report as print-ready HTML (A4, GB/T 9704 typography with font fallbacks), for the browser's print,
/// the portal and `minzheng report annual --format html`. Figures link to their records when `links` is set.
public enum AnnualReportHTML {
    public static let style = """

  /* GB/T 9704 党政机关公文格式: A4, margins 37/26/35/28 mm; title 二号小标宋, text 三号仿宋, 28 pt lines. Each font
     falls back to what the machine has. */
  @page { size: A4; margin: 37mm 26mm 35mm 28mm; }
  body { margin: 0 auto; max-width: 156mm; padding: 12mm 0; color: #000; background: #fff;
         font-family: "仿宋_GB2312", "仿宋", "FangSong", "STFangsong", "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", serif;
         font-size: 16pt; line-height: 28pt; }
  h1 { font-family: "方正小标宋简体", "FZXiaoBiaoSong-B05S", "小标宋", "STZhongsong", "SimSun", "Noto Serif CJK SC", "Source Han Serif SC", serif;
       font-size: 22pt; line-height: 1.5; text-align: center; font-weight: normal; margin: 0 0 28pt; }
  h2 { font-family: "黑体", "SimHei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif; font-size: 16pt; font-weight: normal; margin: 0; text-indent: 2em; }
  p { margin: 0; text-indent: 2em; text-align: justify; }
  .h2 { font-family: "楷体_GB2312", "楷体", "KaiTi", "STKaiti", serif; }
  a { color: inherit; text-decoration: none; border-bottom: 1px dotted #555; }
  .note { font-size: 12pt; color: #444; text-indent: 0; border: 1px solid #999; padding: 4pt 8pt; margin-bottom: 12pt; }
  @media print { .note { display: none; } a { border: 0; } }
"""

    /// `inlineStyle` for a standalone file (the CLI); the site links `/css/report-print.css` (its CSP allows no inline style).
    public static func render(_ document: AnnualReportService.Document, links: Bool = false, inlineStyle: Bool = true) -> String {
        func esc(_ text: String) -> String { XMLText.escape(text) }
        func runs(_ text: String) -> String {
            AnnualReportTemplate.segments(text, figures: document.figures).map { segment in
                if links, let key = segment.key { return "<a href=\"/work/reports/\(document.year)/figures/\(key)\">\(esc(segment.text))</a>" }
                return esc(segment.text)
            }.joined()
        }
        var body = ""
        if document.frozenAt == nil { body += "<p class=\"note\">草稿：数据随台账实时更新，尚未审定。</p>\n" }
        body += "<h1>\(esc(document.title))</h1>\n"
        for paragraph in document.paragraphs {
            let text = runs(paragraph.text)
            switch (paragraph.heading, paragraph.level) {
            case (let heading?, 1):
                body += "<h2>\(esc(heading))</h2>\n"
                if !paragraph.text.isEmpty { body += "<p>\(text)</p>\n" }
            case (let heading?, _):
                body += "<p><span class=\"h2\">\(esc(heading))</span>\(text)</p>\n"
            case (nil, _):
                if !paragraph.text.isEmpty { body += "<p>\(text)</p>\n" }
            }
        }
        return """
        <!doctype html>
        <html lang="zh-CN">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>\(esc(document.title))</title>
        \(inlineStyle ? "<style>\(style)</style>" : "<link rel=\"stylesheet\" href=\"/css/report-print.css\"><link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">")</head>
        <body>
        \(body)</body>
        </html>
        """
    }
}
