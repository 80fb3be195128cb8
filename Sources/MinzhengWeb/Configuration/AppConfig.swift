import Foundation
import MinzhengCore
import MinzhengPersistence

/// The one configuration of a running Minzheng, loaded once at boot from flags, environment variables and
/// defaults (in that order of precedence). Nothing else reads the environment.
public struct AppConfig: Sendable {
    public enum RunEnvironment: String, Sendable, CaseIterable {
        case development, production, testing
    }

    /// Values given on the command line; `nil` means "not given".
    public struct Flags: Sendable {
        public var environment: String?
        public var hostname: String?
        public var port: Int?
        public var database: String?
        public var demo: Bool

        public init(environment: String? = nil, hostname: String? = nil, port: Int? = nil, database: String? = nil, demo: Bool = false) {
            self.environment = environment
            self.hostname = hostname
            self.port = port
            self.database = database
            self.demo = demo
        }
    }

    public var environment: RunEnvironment
    public var hostname: String
    public var port: Int
    public var database: DatabaseLocation
    public var storage: StorageSettings
    /// The folder holding `Resources/` and `Public/`.
    public var rootDirectory: String
    public var loadsDemo: Bool
    public var logLevel: String
    /// Keys for encrypting personal data at rest, by key id; `activeDataKeyID` encrypts new values.
    public var dataKeys: [String: Data]
    public var activeDataKeyID: String
    /// The HMAC key that signs journal checkpoints; never stored in the database.
    public var journalKey: Data
    /// Where journal checkpoints are written (outside the database).
    public var checkpointDirectory: String
    /// Whether the in-process job worker runs inside `serve`.
    public var runsWorker: Bool
    public var session: SessionSettings

    public var isProduction: Bool { environment == .production }

    /// The environment variables Minzheng reads, with what they mean (the README lists the same).
    public static let variables: [(name: String, meaning: String)] = [
        ("MINZHENG_ENV", "development（默认）/ production / testing"),
        ("MINZHENG_HOSTNAME", "监听地址，默认 127.0.0.1"),
        ("MINZHENG_PORT", "监听端口，默认 8080"),
        ("DATABASE_URL", "数据库地址，默认 sqlite://minzheng.sqlite；或 postgres://用户:密码@主机/库"),
        ("MINZHENG_SQLITE_SYNCHRONOUS", "SQLite synchronous：FULL（默认）或 NORMAL"),
        ("MINZHENG_PG_CONNECTIONS_PER_LOOP", "PostgreSQL 每个事件循环的连接数，默认每进程约 32 个、按核数分摊（每循环至少 4）"),
        ("MINZHENG_ROOT", "含 Resources/ 与 Public/ 的目录，默认当前目录"),
        ("MINZHENG_LOG_LEVEL", "日志级别，默认 info"),
        ("MINZHENG_DATA_KEY / MINZHENG_DATA_KEY_FILE", "个人信息加密密钥（32 字节，base64），生产环境必填；可写多把「id:base64」以逗号分隔，第一把用于加密"),
        ("MINZHENG_JOURNAL_KEY / MINZHENG_JOURNAL_KEY_FILE", "审计日志检查点签名密钥（base64），生产环境必填"),
        ("MINZHENG_CHECKPOINT_DIR", "审计日志检查点目录，默认 ./checkpoints"),
        ("MINZHENG_WORKER", "serve 内是否运行后台任务，默认 true"),
        ("MINZHENG_SESSION_IDLE_MINUTES", "会话空闲超时（分钟），默认 30"),
        ("MINZHENG_SESSION_ABSOLUTE_HOURS", "会话绝对时长（小时），默认 8"),
    ]

    public static func load(flags: Flags, environment env: [String: String]) throws -> AppConfig {
        var problems: [String] = []
        let environmentName = flags.environment ?? env["MINZHENG_ENV"] ?? "development"
        guard let runEnvironment = RunEnvironment(rawValue: environmentName) else {
            throw AppConfigError(problems: ["运行环境「\(environmentName)」无效，应为 development、production 或 testing"])
        }
        let hostname = flags.hostname ?? env["MINZHENG_HOSTNAME"] ?? "127.0.0.1"
        var port = 8080
        if let given = flags.port {
            port = given
        } else if let text = env["MINZHENG_PORT"] {
            if let value = Int(text) { port = value } else { problems.append("MINZHENG_PORT 应为端口号") }
        }
        if !(1...65535).contains(port) { problems.append("端口 \(port) 无效") }

        var database = DatabaseLocation.sqlite(path: "minzheng.sqlite")
        do {
            database = try DatabaseLocation(url: flags.database ?? env["DATABASE_URL"] ?? DatabaseLocation.defaultURL)
        } catch let error as ValidationError {
            problems.append(error.message)
        }

        var storage = StorageSettings()
        storage.postgresConnectionsPerEventLoop = StorageSettings.defaultPostgresConnectionsPerEventLoop(eventLoops: ProcessInfo.processInfo.activeProcessorCount)
        if let text = env["MINZHENG_SQLITE_SYNCHRONOUS"] {
            if let value = StorageSettings.Synchronous(rawValue: text.uppercased()) { storage.sqliteSynchronous = value } else {
                problems.append("MINZHENG_SQLITE_SYNCHRONOUS 应为 FULL 或 NORMAL")
            }
        }
        if let text = env["MINZHENG_PG_CONNECTIONS_PER_LOOP"] {
            if let value = Int(text), (1...64).contains(value) { storage.postgresConnectionsPerEventLoop = value } else {
                problems.append("MINZHENG_PG_CONNECTIONS_PER_LOOP 应为 1–64 的整数")
            }
        }

        let root = env["MINZHENG_ROOT"] ?? FileManager.default.currentDirectoryPath
        let keys = KeyMaterial.load(environment: env, isProduction: runEnvironment == .production, root: root)
        problems.append(contentsOf: keys.problems)

        var session = SessionSettings()
        if let text = env["MINZHENG_SESSION_IDLE_MINUTES"] {
            if let value = Int(text), (1...480).contains(value) { session.idleTimeout = .seconds(value * 60) } else {
                problems.append("MINZHENG_SESSION_IDLE_MINUTES 应为 1–480 的整数")
            }
        }
        if let text = env["MINZHENG_SESSION_ABSOLUTE_HOURS"] {
            if let value = Int(text), (1...72).contains(value) { session.absoluteTimeout = .seconds(value * 3600) } else {
                problems.append("MINZHENG_SESSION_ABSOLUTE_HOURS 应为 1–72 的整数")
            }
        }
        session.isSecure = runEnvironment == .production

        guard problems.isEmpty else { throw AppConfigError(problems: problems) }
        return AppConfig(
            environment: runEnvironment, hostname: hostname, port: port, database: database, storage: storage,
            rootDirectory: root.hasSuffix("/") ? root : root + "/", loadsDemo: flags.demo,
            logLevel: env["MINZHENG_LOG_LEVEL"] ?? "info", dataKeys: keys.dataKeys, activeDataKeyID: keys.activeDataKeyID,
            journalKey: keys.journalKey, checkpointDirectory: env["MINZHENG_CHECKPOINT_DIR"] ?? root + "/checkpoints",
            runsWorker: (env["MINZHENG_WORKER"] ?? "true") != "false", session: session)
    }
}

/// Boot refuses to start and lists every problem.
public struct AppConfigError: Error, CustomStringConvertible {
    public let problems: [String]
    public var description: String {
        "配置不完整，无法启动：\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
    }
}

/// Session lifetimes and cookie attributes (issue 3, item 3).
public struct SessionSettings: Sendable {
    public var idleTimeout: Duration = .seconds(30 * 60)
    public var absoluteTimeout: Duration = .seconds(8 * 3600)
    /// A session is touched in the database at most this often, so read-only pages write nothing.
    public var touchInterval: Duration = .seconds(60)
    /// In production the cookie is `__Host-`-prefixed and Secure.
    public var isSecure: Bool = false

    public var cookieName: String { isSecure ? "__Host-minzheng-session" : "minzheng-session" }
}
