import Foundation
import MinzhengCore

/// Where the data lives: one SQLite file, or a PostgreSQL database.
///
/// Accepted forms: `sqlite://minzheng.sqlite` (relative path), `sqlite:///var/lib/minzheng/data.sqlite`
/// (absolute path), `postgres://user:pass@host:port/db` and `postgresql://…` (with an optional `?tlsmode=`).
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(url: String)

    public static let defaultURL = "sqlite://minzheng.sqlite"

    public init(url: String) throws {
        let trimmed = url.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("sqlite://") {
            let path = String(trimmed.dropFirst("sqlite://".count))
            guard !path.isEmpty else {
                throw ValidationError(field: "数据库地址", reason: "SQLite 地址缺少文件路径，例如 sqlite://minzheng.sqlite。")
            }
            self = .sqlite(path: path)
        } else if trimmed.hasPrefix("postgres://") || trimmed.hasPrefix("postgresql://") {
            guard URL(string: trimmed)?.host != nil else {
                throw ValidationError(field: "数据库地址", reason: "PostgreSQL 地址格式应为 postgres://用户:密码@主机:端口/数据库。")
            }
            self = .postgres(url: trimmed.hasPrefix("postgresql://") ? "postgres://" + trimmed.dropFirst("postgresql://".count) : trimmed)
        } else {
            throw ValidationError(field: "数据库地址", reason: "应以 sqlite:// 或 postgres:// 开头。")
        }
    }

    public var kind: DatabaseKind {
        switch self {
        case .sqlite: .sqlite
        case .postgres: .postgres
        }
    }

    /// The address without the password, for logs and status pages.
    public var description: String {
        switch self {
        case .sqlite(let path): return "sqlite://\(path)"
        case .postgres(let url):
            guard var components = URLComponents(string: url) else { return "postgres://…" }
            if components.password != nil { components.password = "***" }
            return components.string ?? "postgres://…"
        }
    }
}

public enum DatabaseKind: String, Sendable, CaseIterable {
    case sqlite, postgres
}
