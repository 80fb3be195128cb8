import FluentKit
import Foundation

final class SettingRecord: Model, @unchecked Sendable {
    static let schema = "setting"

    @ID(key: .id) var id: UUID?
    @Field(key: "key") var key: String
    @Field(key: "value") var value: String
    @Timestamp(key: "updated_at", on: .none) var updatedAt: Date?

    init() {}
}
