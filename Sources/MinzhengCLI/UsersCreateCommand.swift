import ArgumentParser
import Foundation
import MinzhengCore
import MinzhengPersistence

/// `minzheng users create --username U --role R --org CODE [--name 姓名]`: a staff account with one post; prints a
/// one-time password the person changes at first login.
struct UsersCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "创建工作人员账户并授予岗位")

    @Option(help: "用户名") var username: String
    @Option(help: "岗位角色：\(Role.staffRoles.map(\.rawValue).joined(separator: "、"))") var role: String
    @Option(help: "所在单位代码，如 659003") var org: String
    @Option(help: "姓名（默认同用户名）") var name: String?
    @Option(help: "数据库地址") var database: String?

    func run() async throws {
        let context = try CommandContext(database: database)
        guard let role = Role(rawValue: role), role.isStaff else {
            throw reportAndFail(ValidationError(field: "--role", reason: "应为以下之一：\(Role.staffRoles.map { "\($0.rawValue)（\($0.chineseName)）" }.joined(separator: "、"))。"))
        }
        let password = TemporaryPassword.generate()
        let hash = try CommandContext.hashPassword(password)
        let cipher = try context.cipher()
        try await context.withDatabase { runtime in
            do {
                guard let unit = try await OrgUnitRepository(db: runtime.db).find(code: org) else {
                    throw ValidationError(field: "--org", reason: "没有代码为「\(org)」的单位。")
                }
                try await runtime.store.write(on: runtime.db) { db in
                    let accounts = AccountRepository(db: db, cipher: cipher)
                    let account = try await accounts.createStaff(
                        username: username, displayName: name ?? username, passwordHash: hash, mustChangePassword: true)
                    try await accounts.assign(role, at: unit, to: account.id)
                    try await Journal(db: db).append(
                        JournalEvent(action: "account.create", objectType: "account", objectID: account.id.description,
                                     summary: "命令行创建工作人员账户 \(username)，岗位 \(role.chineseName)（\(unit.code)）"),
                        context: JournalContext(actor: .operator(ProcessInfo.processInfo.userName)))
                }
                printLine("已创建 \(username)：\(role.chineseName)，\(unit.name)")
                printLine("一次性密码：\(password)（首次登录须修改）")
            } catch {
                throw reportAndFail(error)
            }
        }
    }
}
