import ArgumentParser
import Foundation
import MinzhengCore
import MinzhengPersistence
import MinzhengWeb

/// `minzheng report annual --year 2025 --format docx --out report.docx`: the annual rule-of-law report from the
/// records (frozen figures once approved).
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "report", abstract: "报告", subcommands: [ReportAnnualCommand.self])
}

struct ReportAnnualCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "annual", abstract: "生成法治政府建设年度报告（docx、md 或 html）")

    enum Format: String, ExpressibleByArgument, CaseIterable { case docx, md, html }

    @Option(help: "数据库地址") var database: String?
    @Option(help: "报告年度") var year: Int
    @Option(help: "格式：docx、md 或 html") var format: Format = .docx
    @Option(help: "输出文件（省略时 md、html 写到标准输出）") var out: String?

    func run() async throws {
        let context = try CommandContext(database: database)
        do {
            try await context.withDatabase { runtime in
                let matters = MatterService(store: runtime.store, registry: .standard, permissions: .standard, cipher: try context.cipher(),
                                            logger: context.logger)
                let started = ContinuousClock.now  // the report itself, not opening the database
                let document = try await AnnualReportService(matters: matters).document(year: year)
                let elapsed = ContinuousClock.now - started
                let data: Data
                switch format {
                case .docx: data = try ZipFiles.pack(WordprocessingML.parts(title: document.title, blocks: document.blocks, created: Date()))
                case .md: data = Data(document.markdown.utf8)
                case .html: data = Data(AnnualReportHTML.render(document).utf8)
                }
                if let out {
                    guard FileManager.default.createFile(atPath: out, contents: data) else {
                        throw ValidationError(field: "输出文件", reason: "无法写入 \(out)。")
                    }
                    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                    printLine("已生成\(document.title)（\(format.rawValue)，\(document.frozenAt == nil ? "草稿，数据实时统计" : "已审定冻结")，"
                              + "统计用时 \(String(format: "%.3f", seconds)) 秒）：\(out)")
                } else if format == .docx {
                    throw ValidationError(field: "输出文件", reason: "DOCX 须用 --out 指定输出文件。")
                } else {
                    FileHandle.standardOutput.write(data)
                }
            }
        } catch {
            throw reportAndFail(error)
        }
    }
}
