import ArgumentParser
import Foundation
import MinzhengCore
import MinzhengPersistence

/// `minzheng backup --out FILE`: a consistent copy taken while the server runs. SQLite: `VACUUM INTO` (one read
/// transaction, so the copy is one moment of the database); PostgreSQL: `pg_dump --format=custom` (restore with
/// `pg_restore`). Afterwards the copy's journal is verified.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "backup", abstract: "在线备份数据库（一致性快照）")

    @Option(help: "数据库地址") var database: String?
    @Option(help: "备份文件") var out: String

    func run() async throws {
        let context = try CommandContext(database: database)
        do {
            guard !FileManager.default.fileExists(atPath: out) else { throw ValidationError(field: "--out", reason: "\(out) 已存在，不覆盖。") }
            switch context.config.database {
            case .sqlite:
                try await context.withDatabase(migrate: false) { runtime in
                    try await BackupService(store: runtime.store, logger: context.logger).sqliteSnapshot(to: out)
                }
                let copy = try CommandContext(database: "sqlite://" + out)
                let outcome = try await copy.withDatabase(migrate: false) { runtime in try await JournalVerifier(db: runtime.db).verify() }
                guard case .intact(let count, _) = outcome else { throw ValidationError(field: "备份", reason: "备份的审计日志校验未通过：\(outcome)") }
                printLine("已备份到 \(out)（审计日志 \(count) 条，哈希链完整）。恢复：停止服务后用此文件替换数据库文件，或以 --database sqlite://\(out) 启动。")
            case .postgres:
                let url = context.config.database.libpqURL ?? ""
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
                process.arguments = ["pg_dump", "--format=custom", "--file=\(out)", "--dbname=\(url)"]
                try process.run()
                process.waitUntilExit()
                guard process.terminationStatus == 0 else { throw ValidationError(field: "备份", reason: "pg_dump 失败（退出码 \(process.terminationStatus)）。") }
                printLine("已备份到 \(out)。恢复：pg_restore --dbname=新库 \(out)，再运行 minzheng audit verify。")
            }
        } catch {
            throw reportAndFail(error)
        }
    }
}
