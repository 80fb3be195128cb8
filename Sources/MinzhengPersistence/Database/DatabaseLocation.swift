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

    /// The PostgreSQL address as libpq's tools (`pg_dump`, `psql`) read it. PostgresNIO's `tlsmode` (also `ssl`/`tls`)
    /// becomes libpq's `sslmode`, whose values `disable`, `prefer` and `require` it shares; `true` means `require`.
    /// libpq refuses a query parameter it does not know, so the backup failed on the address the server ran with.
    public var libpqURL: String? {
        guard case .postgres(let url) = self, var components = URLComponents(string: url) else { return nil }
        guard let items = components.queryItems, !items.isEmpty else { return url }
        components.queryItems = items.map { item in
            guard ["tlsmode", "ssl", "tls"].contains(item.name.lowercased()) else { return item }
            switch item.value?.lowercased() {
            case "true": return URLQueryItem(name: "sslmode", value: "require")
            case "false": return URLQueryItem(name: "sslmode", value: "disable")
            default: return URLQueryItem(name: "sslmode", value: item.value)
            }
        }
        return components.string
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
