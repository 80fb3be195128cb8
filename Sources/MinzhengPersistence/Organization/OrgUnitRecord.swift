import FluentKit
import Foundation
import MinzhengCore

final class OrgUnitRecord: Model, @unchecked Sendable {
    static let schema = "org_unit"

    @ID(key: .id) var id: UUID?
    @Field(key: "code") var code: String
    @Field(key: "name") var name: String
    @Field(key: "level") var level: String
    @OptionalField(key: "parent_id") var parentID: UUID?
    @Field(key: "calendar_code") var calendarCode: String
    @Field(key: "is_fictional") var isFictional: Bool
    @Field(key: "path") var path: String
    @Field(key: "sort_order") var sortOrder: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
}

extension OrgUnitRecord {
    convenience init(_ unit: OrgUnit, sortOrder: Int) {
        self.init()
        id = unit.id.rawValue
        apply(unit)
        self.sortOrder = sortOrder
    }

    func apply(_ unit: OrgUnit) {
        code = unit.code
        name = unit.name
        level = unit.level.rawValue
        parentID = unit.parentID?.rawValue
        calendarCode = unit.calendarCode
        isFictional = unit.isFictional
        path = unit.path
    }

    func toDomain() -> OrgUnit {
        OrgUnit(id: .init(id!), code: code, name: name, level: OrgLevel(rawValue: level) ?? .companyOrCommunity,
                parentID: parentID.map(OrgUnit.ID.init), calendarCode: calendarCode, isFictional: isFictional, path: path)
    }
}
