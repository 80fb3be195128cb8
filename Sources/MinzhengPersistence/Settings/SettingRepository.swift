import FluentKit
import Foundation
import MinzhengCore
import SQLKit

public struct SettingRepository: Sendable {
    let db: any Database

    public init(db: any Database) {
        self.db = db
    }

    /// Read on every signed-in page.
    private static let everySetting = FixedStatement(select: { $0.columns("key", "value").from("setting") })

    public func snapshot() async throws -> SettingsSnapshot {
        struct Row: Decodable { var key: String; var value: String }
        let rows = try await (db as! any SQLDatabase).all(Self.everySetting, decoding: Row.self)
        return SettingsSnapshot(values: Dictionary(rows.map { ($0.key, $0.value) }, uniquingKeysWith: { $1 }))
    }

    /// Sets a value after validating it against the register. Returns the previous value, if any.
    @discardableResult
    public func set(_ key: String, to raw: String, at now: Date) async throws -> String? {
        guard let definition = SettingsRegister.definition(for: key) else {
            throw ValidationError(field: "设置项", reason: "没有名为「\(key)」的设置项。")
        }
        let value = try definition.normalize(raw)
        if let record = try await SettingRecord.query(on: db).filter(\.$key == key).first() {
            let previous = record.value
            record.value = value
            record.updatedAt = now
            try await record.save(on: db)
            return previous
        }
        let record = SettingRecord()
        record.key = key
        record.value = value
        record.updatedAt = now
        try await record.create(on: db)
        return nil
    }
}
