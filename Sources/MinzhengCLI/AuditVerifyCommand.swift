import ArgumentParser
import Foundation
import MinzhengPersistence

/// `minzheng audit verify [--database URL] [--checkpoints DIR]`: recomputes the hash chain and checks it against the
/// signed checkpoints; exit 0 with the count when intact, exit 1 naming the first bad sequence number.
struct AuditVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "verify", abstract: "校验审计日志哈希链")

    @Option(help: "数据库地址") var database: String?
    @Option(help: "检查点目录（默认 MINZHENG_CHECKPOINT_DIR）") var checkpoints: String?

    func run() async throws {
        let context = try CommandContext(database: database)
        let directory = JournalCheckpointDirectory(path: checkpoints ?? context.config.checkpointDirectory, key: context.config.journalKey)
        let loaded = try directory.load()
        let (outcome, started) = try await context.withDatabase(migrate: false) { runtime in
            let started = Date()  // the verification itself, not opening the database
            return (try await JournalVerifier(db: runtime.db).verify(checkpoints: loaded.checkpoints), started)
        }
        for forged in loaded.forged {
            FileHandle.standardError.write(Data("检查点文件签名无效：\(forged)\n".utf8))
        }
        switch outcome {
        case .intact(let count, let hash):
            let seconds = max(Date().timeIntervalSince(started), 0.001)
            printLine("审计日志完整：\(count) 条，链头 \(hash.prefix(16))…，核对检查点 \(loaded.checkpoints.count) 个（\(Int(Double(count) / seconds)) 条/秒）")
            if !loaded.forged.isEmpty { throw ExitCode.failure }
        case .broken(let sequence, let reason):
            FileHandle.standardError.write(Data("审计日志已被破坏：第 \(sequence) 条。\(reason)\n".utf8))
            printLine("broken at \(sequence)")
            throw ExitCode.failure
        }
    }
}
