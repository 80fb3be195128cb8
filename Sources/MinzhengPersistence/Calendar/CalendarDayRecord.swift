import FluentKit
import Foundation

final class CalendarDayRecord: Model, @unchecked Sendable {
    static let schema = "calendar_day"

    @ID(key: .id) var id: UUID?
    /// `YYYY-MM-DD`.
    @Field(key: "date") var date: String
    /// Empty for national entries; the region code for regional days.
    @Field(key: "region") var region: String
    @Field(key: "kind") var kind: String
    @Field(key: "name") var name: String
    @OptionalField(key: "document_ref") var documentRef: String?

    init() {}
}

final class CalendarYearRecord: Model, @unchecked Sendable {
    static let schema = "calendar_year"

    @ID(key: .id) var id: UUID?
    @Field(key: "year") var year: Int
    @Field(key: "region") var region: String
    @OptionalField(key: "document_ref") var documentRef: String?
    @Field(key: "loaded_at") var loadedAt: Date

    init() {}
}
