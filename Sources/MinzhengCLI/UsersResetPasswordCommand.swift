import ArgumentParser
import Foundation
import MinzhengCore
import MinzhengPersistence

/// `minzheng users reset-password U`: a new one-time password; the account's sessions end and its lock is lifted.
struct UsersResetPasswordCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reset-password", abstract: "重置密码（生成一次性密码）")

    @Argument(help: "用户名") var username: String
    @Option(help: "数据库地址") var database: String?

    func run() async throws {
        let context = try CommandContext(database: database)
        let password = TemporaryPassword.generate()
        let hash = try CommandContext.hashPassword(password)
        let cipher = try context.cipher()
        try await context.withDatabase { runtime in
            do {
                try await runtime.store.write(on: runtime.db) { db in
                    let accounts = AccountRepository(db: db, cipher: cipher)
                    guard let account = try await accounts.find(username: username) else {
                        throw ValidationError(field: "用户名", reason: "没有账户「\(username)」。")
                    }
                    try await accounts.setPassword(account.id, hash: hash, mustChange: true, at: Date())
                    try await SessionRepository(db: db).deleteAll(of: account.id)
                    try await Journal(db: db).append(
                        JournalEvent(action: "account.passwordReset", objectType: "account", objectID: account.id.description,
                                     summary: "命令行重置密码，原会话已结束"),
                        context: JournalContext(actor: .operator(ProcessInfo.processInfo.userName)))
                }
                printLine("已重置 \(username) 的密码。一次性密码：\(password)（首次登录须修改）")
            } catch {
                throw reportAndFail(error)
            }
        }
    }
}
