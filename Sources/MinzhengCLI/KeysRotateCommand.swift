import ArgumentParser
import Foundation
import MinzhengCore
import MinzhengPersistence

/// `minzheng keys rotate`: after putting a new key first in MINZHENG_DATA_KEY (old keys after it), re-encrypts every
/// sealed value with the new key and recomputes the lookup indexes; then the old key can be removed.
struct KeysRotateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rotate", abstract: "用当前首个密钥重新加密全部个人信息")

    @Option(help: "数据库地址") var database: String?

    func run() async throws {
        let context = try CommandContext(database: database)
        let cipher = try context.cipher()
        try await context.withDatabase { runtime in
            let result = try await KeyRotation(store: runtime.store, cipher: cipher).rotate(db: runtime.db)
            try await runtime.store.write(on: runtime.db) { db in
                try await Journal(db: db).append(
                    JournalEvent(action: "keys.rotate", objectType: "personal_data", summary: "重新加密个人信息 \(result.rotated) 项",
                                 details: ["activeKey": cipher.activeKeyID]),
                    context: JournalContext(actor: .operator(ProcessInfo.processInfo.userName)))
            }
            printLine("已用密钥「\(cipher.activeKeyID)」重新加密 \(result.rotated) 项（已是新密钥且无索引的 \(result.alreadyCurrent) 项未变）。")
        }
    }
}
