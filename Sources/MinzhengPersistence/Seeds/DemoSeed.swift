import FluentKit
import Foundation
import Logging
import MinzhengCore

/// Loads the demo dataset (DESIGN.md §8). Idempotent: what is already there is left alone.
public struct DemoSeed: Sendable {
    public let store: Store
    public let year: Int

    public init(store: Store, year: Int = 2025) {
        self.store = store
        self.year = year
    }

    public struct Summary: Sendable, Equatable {
        public var orgUnitsCreated: Int
    }

    public func load(logger: Logger) async throws -> Summary {
        let db = store.database(logger: logger)
        return try await store.write(on: db) { db in
            let units = OrgUnitRepository(db: db)
            var created = 0
            for node in DemoOrgTree.nodes where try await units.find(code: node.code) == nil {
                let parent = try await node.parentCode.asyncMap { try await units.find(code: $0) } ?? nil
                _ = try await units.create(
                    code: node.code, name: node.name, level: node.level, parentID: parent?.id,
                    calendarCode: CalendarDefinition.bureauDefault.code, isFictional: node.name.contains("（示例）"))
                created += 1
            }
            return Summary(orgUnitsCreated: created)
        }
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
