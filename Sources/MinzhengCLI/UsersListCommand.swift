import ArgumentParser
import MinzhengCore
import MinzhengPersistence

/// `minzheng users list [--page N]`.
struct UsersListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "列出账户")

    @Option(help: "页码（每页 100 个）") var page = 1
    @Option(help: "数据库地址") var database: String?

    func run() async throws {
        let context = try CommandContext(database: database)
        let cipher = try context.cipher()
        try await context.withDatabase { runtime in
            let list = try await AccountRepository(db: runtime.db, cipher: cipher)
                .list(AccountFilter(), page: Pagination(number: page, size: Pagination.maximumSize))
            for account in list.items {
                let posts = account.roles.map { "\($0.role.rawValue)@\($0.orgUnitCode)" }.joined(separator: ",")
                let state = !account.isActive ? "停用" : account.isLocked(at: .now) ? "锁定" : "正常"
                printLine("\((account.username ?? account.maskedMobile ?? "-").padding(toLength: 16, withPad: " ", startingAt: 0)) \(account.kind.chineseName)\t\(state)\t\(posts)")
            }
            printLine("共 \(list.total) 个账户，第 \(list.request.number)/\(list.pageCount) 页")
        }
    }
}
