import FluentKit
import Foundation
import MinzhengCore
import SQLKit

/// The org tree.
public struct OrgUnitRepository: Sendable {
    let db: any Database

    public init(db: any Database) {
        self.db = db
    }

    private var sql: any SQLDatabase { db as! any SQLDatabase }

    private struct Row: Decodable {
        var id: UUID
        var code: String
        var name: String
        var level: String
        var parent_id: UUID?
        var calendar_code: String
        var is_fictional: Bool
        var path: String

        var unit: OrgUnit {
            OrgUnit(id: .init(id), code: code, name: name, level: OrgLevel(rawValue: level) ?? .companyOrCommunity,
                    parentID: parent_id.map(OrgUnit.ID.init), calendarCode: calendar_code, isFictional: is_fictional, path: path)
        }
    }

    private func select() -> SQLSelectBuilder { Self.select(sql.select()) }

    private static func select(_ builder: SQLSelectBuilder) -> SQLSelectBuilder {
        builder.columns("id", "code", "name", "level", "parent_id", "calendar_code", "is_fictional", "path").from("org_unit")
    }

    /// The whole tree in depth-first order.
    public func all() async throws -> [OrgUnit] {
        try await select().orderBy("path").all(decoding: Row.self).map(\.unit)
    }

    public func find(_ id: OrgUnit.ID) async throws -> OrgUnit? {
        try await sql.first(Self.byID, id.rawValue, decoding: Row.self)?.unit
    }

    public func find(code: String) async throws -> OrgUnit? {
        try await sql.first(Self.byCode, code, decoding: Row.self)?.unit
    }

    /// A unit by its key or its code: read on most pages (a matter's unit, a form's unit).
    private static let byID = FixedStatement(select: { select($0).where("id", .equal, SQLBind(UUID())).limit(1) })
    private static let byCode = FixedStatement(select: { select($0).where("code", .equal, SQLBind("")).limit(1) })

    public func count() async throws -> Int {
        try await OrgUnitRecord.query(on: db).count()
    }

    /// Creates a unit under `parentID` after checking its code, name, level and calendar.
    public func create(code: String, name: String, level: OrgLevel, parentID: OrgUnit.ID?, calendarCode: String,
                       isFictional: Bool) async throws -> OrgUnit {
        try OrgUnitRules.validateCode(code)
        try OrgUnitRules.validateName(name)
        guard CalendarDefinition.named(calendarCode) != nil else {
            throw ValidationError(field: "适用日历", reason: "请选择 national（全国）或 xinjiang（新疆）。")
        }
        var parent: OrgUnit?
        if let parentID {
            guard let found = try await find(parentID) else {
                throw ValidationError(field: "上级单位", reason: "所选上级单位不存在。")
            }
            parent = found
        }
        try OrgUnitRules.validatePlacement(level: level, parentLevel: parent?.level)
        if try await find(code: code) != nil {
            throw ValidationError(field: "单位代码", reason: "代码「\(code)」已被使用。")
        }
        let unit = OrgUnit(code: code, name: name.trimmingCharacters(in: .whitespacesAndNewlines), level: level,
                           parentID: parentID, calendarCode: calendarCode, isFictional: isFictional,
                           path: OrgUnitRules.path(code: code, parentPath: parent?.path))
        let siblings = try await OrgUnitRecord.query(on: db).filter(\.$parentID == parentID?.rawValue).count()
        try await OrgUnitRecord(unit, sortOrder: siblings).create(on: db)
        return unit
    }

    /// Renames a unit or changes its calendar. Codes are official identifiers and do not change.
    public func update(_ id: OrgUnit.ID, name: String, calendarCode: String) async throws -> OrgUnit {
        try OrgUnitRules.validateName(name)
        guard CalendarDefinition.named(calendarCode) != nil else {
            throw ValidationError(field: "适用日历", reason: "请选择 national（全国）或 xinjiang（新疆）。")
        }
        guard let record = try await OrgUnitRecord.find(id.rawValue, on: db) else {
            throw ValidationError(field: "单位", reason: "该单位不存在。")
        }
        record.name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        record.calendarCode = calendarCode
        try await record.save(on: db)
        return record.toDomain()
    }
}
