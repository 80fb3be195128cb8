import ArgumentParser
import Foundation
import MinzhengCore
import MinzhengPersistence

/// `minzheng tokens issue|list|revoke`: integration tokens from the operator's shell (the same rules as /admin/tokens).
struct TokensCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tokens", abstract: "接口令牌",
                                                    subcommands: [TokensIssueCommand.self, TokensListCommand.self, TokensRevokeCommand.self])

    /// The operator acts as a system administrator of the top unit; the journal names the operator.
    static func operatorPrincipal(_ runtime: DatabaseRuntime) async throws -> (Principal, JournalContext) {
        guard let top = try await OrgUnitRepository(db: runtime.db).all().first(where: { $0.parentID == nil }) else {
            throw ValidationError(field: "单位", reason: "尚未建立组织机构。")
        }
        let name = ProcessInfo.processInfo.userName
        let principal = Principal(accountID: UUID(), kind: .staff, username: "operator:\(name)",
                                  roles: [RoleAssignment(role: .systemAdministrator, orgUnitID: top.id, orgUnitPath: top.path, orgUnitCode: top.code)])
        return (principal, JournalContext(actor: .operator(name)))
    }
}

struct TokensIssueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "issue", abstract: "签发接口令牌（只显示一次）")

    @Option(help: "数据库地址") var database: String?
    @Option(help: "名称（对接系统）") var name: String
    @Option(help: "岗位") var role: String
    @Option(help: "单位代码") var org: String
    @Option(help: "有效天数（1–366）") var days = 90

    func run() async throws {
        let context = try CommandContext(database: database)
        try await context.withDatabase { runtime in
            do {
                guard let role = Role(rawValue: role) else { throw ValidationError(field: "--role", reason: "没有岗位「\(role)」。") }
                guard let unit = try await OrgUnitRepository(db: runtime.db).find(code: org) else {
                    throw ValidationError(field: "--org", reason: "没有代码为「\(org)」的单位。")
                }
                let (principal, journal) = try await TokensCommand.operatorPrincipal(runtime)
                let (token, secret) = try await APITokenRepository(db: runtime.db).issue(
                    name: name, roles: [RoleAssignment(role: role, orgUnitID: unit.id, orgUnitPath: unit.path, orgUnitCode: unit.code)],
                    validDays: days, by: principal, permissions: .standard, context: journal, store: runtime.store)
                printLine("已签发「\(token.name)」：\(role.chineseName)（\(unit.name)），有效期至 \(token.expiresAt)")
                printLine("令牌（只显示这一次）：\(secret)")
            } catch {
                throw reportAndFail(error)
            }
        }
    }
}

struct TokensListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "列出接口令牌")

    @Option(help: "数据库地址") var database: String?

    func run() async throws {
        let context = try CommandContext(database: database)
        try await context.withDatabase { runtime in
            let now = Date()
            for token in try await APITokenRepository(db: runtime.db).all() {
                let state = token.revokedAt != nil ? "已吊销" : token.expiresAt <= now ? "已过期" : "有效"
                printLine("\(token.id)  \(token.name)  \(token.roles.map { "\($0.role.rawValue)@\($0.orgUnitCode)" }.joined(separator: ","))  \(state)")
            }
        }
    }
}

struct TokensRevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "吊销接口令牌")

    @Option(help: "数据库地址") var database: String?
    @Argument(help: "令牌标识（tokens list 的第一列）") var id: String

    func run() async throws {
        let context = try CommandContext(database: database)
        try await context.withDatabase { runtime in
            do {
                guard let id = UUID(uuidString: id) else { throw ValidationError(field: "令牌", reason: "标识格式不正确。") }
                let (principal, journal) = try await TokensCommand.operatorPrincipal(runtime)
                try await APITokenRepository(db: runtime.db).revoke(id, by: principal, permissions: .standard, context: journal, store: runtime.store)
                printLine("已吊销。")
            } catch {
                throw reportAndFail(error)
            }
        }
    }
}
