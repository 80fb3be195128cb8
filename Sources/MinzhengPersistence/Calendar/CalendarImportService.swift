import FluentKit
import Foundation
import Logging
import MinzhengCore

/// Applies a parsed calendar file: replaces its years in one transaction with one journal entry per year.
public struct CalendarImportService: Sendable {
    let store: Store

    public init(store: Store) {
        self.store = store
    }

    public struct Result: Sendable {
        public var importedDays: Int
        /// Open clocks whose due date moved (filled in once matters exist).
        public var recomputedClocks: Int
    }

    public func apply(_ file: CalendarImport, context: JournalContext, at now: Date, logger: Logger) async throws -> Result {
        try await store.write(on: store.database(logger: logger)) { db in
            try await CalendarRepository(db: db).replace(with: file, at: now)
            let journal = Journal(db: db)
            for group in file.groups {
                let scope = group.year.region ?? "national"
                try await journal.append(
                    JournalEvent(action: "calendar.import", objectType: "calendar_year", objectID: "\(group.year.year)/\(scope)",
                                 summary: "导入 \(group.year.year) 年\(group.year.region == nil ? "全国" : "地方")节假日安排 \(group.entries.count) 天",
                                 details: ["days": String(group.entries.count), "documentRef": group.year.documentRef ?? ""]),
                    context: context, at: now)
            }
            return Result(importedDays: file.entryCount, recomputedClocks: 0)
        }
    }
}
