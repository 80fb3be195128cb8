import ArgumentParser
import Foundation
import MinzhengPersistence

/// `minzheng audit checkpoint`: signs the chain's head and writes it outside the database (and to standard output,
/// for the operator's log).
struct AuditCheckpointCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "checkpoint", abstract: "写出审计日志检查点")

    @Option(help: "数据库地址") var database: String?
    @Option(help: "检查点目录（默认 MINZHENG_CHECKPOINT_DIR）") var checkpoints: String?

    func run() async throws {
        let context = try CommandContext(database: database)
        let directory = JournalCheckpointDirectory(path: checkpoints ?? context.config.checkpointDirectory, key: context.config.journalKey)
        let (checkpoint, file) = try await context.withDatabase { runtime in try await directory.write(db: runtime.db) }
        printLine("检查点：第 \(checkpoint.sequence) 条 \(checkpoint.hash) \(checkpoint.writtenAt) 签名 \(checkpoint.signature)")
        printLine("已写入 \(file)")
    }
}
