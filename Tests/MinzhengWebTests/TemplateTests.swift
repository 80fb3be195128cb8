import Foundation
import MinzhengTestSupport
import Testing

/// Every Leaf template is well formed: each `#if(…)` and `#elseif(…)` opens its body with a colon (LeafKit refuses
/// the page at run time otherwise), and every block is closed.
@Suite struct TemplateTests {
    static let templates: [URL] = {
        let root = URL(fileURLWithPath: TestApp.rootDirectory).appendingPathComponent("Resources/Views")
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        return (enumerator?.allObjects as? [URL] ?? []).filter { $0.pathExtension == "leaf" }.sorted { $0.path < $1.path }
    }()

    @Test func thereAreTemplates() {
        #expect(Self.templates.count > 20)
    }

    @Test(arguments: templates)
    func conditionalsOpenTheirBodyAndBlocksClose(_ file: URL) throws {
        let text = try String(contentsOf: file, encoding: .utf8)
        let conditional = try NSRegularExpression(pattern: #"#(if|elseif)\((?:[^()]|\([^()]*\))*\)(?!:)"#)
        let range = NSRange(text.startIndex..., in: text)
        #expect(conditional.firstMatch(in: text, range: range) == nil, "\(file.lastPathComponent): a condition without its colon")
        func count(_ pattern: String) throws -> Int {
            try NSRegularExpression(pattern: pattern).numberOfMatches(in: text, range: range)
        }
        #expect(try count(#"#if\("#) == count(#"#endif"#), "\(file.lastPathComponent): #if and #endif do not pair")
        #expect(try count(#"#for\("#) == count(#"#endfor"#), "\(file.lastPathComponent): #for and #endfor do not pair")
        #expect(try count(#"#export\("#) == count(#"#endexport"#), "\(file.lastPathComponent): #export and #endexport do not pair")
    }
}
