import ArgumentParser
import Foundation
import MinzhengCore
import MinzhengWeb

/// `minzheng bundle verify FILE`: checks an exported case bundle offline.
struct BundleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bundle", abstract: "案卷（全过程记录）", subcommands: [BundleVerifyCommand.self])
}

struct BundleVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "verify", abstract: "离线校验导出的案卷压缩包")

    @Argument(help: "案卷压缩包（.zip）") var file: String

    func run() throws {
        do {
            guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError(field: "文件", reason: "无法读取 \(file)。") }
            let files = try ZipFiles.unpack(data)
            let problems = CaseBundle.verify(files)
            let manifest = files["manifest.json"].flatMap { try? JSONDecoder().decode(CaseBundle.Manifest.self, from: $0) }
            if problems.isEmpty {
                printLine("校验通过：\(manifest?.typeName ?? "") \(manifest?.reference ?? "")，文件 \(manifest?.files.count ?? 0) 个，内容与制发、上传和审计日志记录一致。")
            } else {
                FileHandle.standardError.write(Data(("校验不通过：\(manifest?.reference ?? file)\n" + problems.map { "  - \($0)" }.joined(separator: "\n") + "\n").utf8))
                throw ExitCode.failure
            }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw reportAndFail(error)
        }
    }
}
