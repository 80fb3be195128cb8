import FluentKit
import Foundation
import Logging
import MinzhengCore
import SQLKit

/// Online backups (issue 11, item 6).
public struct BackupService: Sendable {
    let store: Store
    let logger: Logger

    public init(store: Store, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    /// SQLite: `VACUUM INTO` writes a compact copy as of one read transaction, while writers go on (WAL).
    public func sqliteSnapshot(to path: String) async throws {
        guard store.kind == .sqlite else { throw ValidationError(field: "备份", reason: "此方法只用于 SQLite。") }
        let escaped = path.replacingOccurrences(of: "'", with: "''")
        try await (store.database(logger: logger) as! any SQLDatabase).raw("VACUUM INTO '\(unsafeRaw: escaped)'").run()
    }
}
