import FluentKit
import MinzhengCore
import Foundation

final class MatterRecord: Model, @unchecked Sendable {
    static let schema = "matter"

    @ID(key: .id) var id: UUID?
    @Field(key: "type_id") var typeID: String
    @Field(key: "reference") var reference: String
    @Field(key: "title") var title: String
    @Field(key: "state") var state: String
    @Field(key: "org_unit_id") var orgUnitID: UUID
    @Field(key: "org_unit_path") var orgUnitPath: String
    @OptionalField(key: "applicant_account_id") var applicantAccountID: UUID?
    @OptionalField(key: "organization_id") var organizationID: UUID?
    /// The campaign or plan that opened the matter (a 年检 campaign, a double-random plan).
    @OptionalField(key: "batch_id") var batchID: UUID?
    /// `acct:<uuid>` and `unit:<code>` tokens of who may never see the matter.
    @OptionalField(key: "barred") var barred: String?
    @Field(key: "channel") var channel: String
    /// In-person visits the applicant made (最多跑一次).
    @Field(key: "visits") var visits: Int
    /// Handled 跨省通办 (the channel, or a forwarding act).
    @Field(key: "cross_province") var crossProvince: Bool
    /// JSON object; sensitive values are sealed.
    @Field(key: "fields") var fields: String
    /// The earliest due date of the running clocks, for sorting lists by urgency.
    @OptionalField(key: "next_due_date") var nextDueDate: String?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date
    @OptionalField(key: "closed_at") var closedAt: Date?

    init() {}
}

final class MatterEventRecord: Model, @unchecked Sendable {
    static let schema = "matter_event"

    @ID(key: .id) var id: UUID?
    @Field(key: "matter_id") var matterID: UUID
    @Field(key: "seq") var sequence: Int
    @Field(key: "kind") var kind: String
    @OptionalField(key: "transition_id") var transitionID: String?
    @OptionalField(key: "from_state") var fromState: String?
    @OptionalField(key: "to_state") var toState: String?
    @OptionalField(key: "actor_account_id") var actorAccountID: UUID?
    @Field(key: "actor_name") var actorName: String
    @OptionalField(key: "actor_role") var actorRole: String?
    @Field(key: "at") var at: Date
    @Field(key: "checks") var checks: String
    @Field(key: "marks") var marks: String
    @Field(key: "data") var data: String
    @Field(key: "summary") var summary: String

    init() {}
}

final class MatterClockRecord: Model, @unchecked Sendable {
    static let schema = "matter_clock"

    @ID(key: .id) var id: UUID?
    @Field(key: "matter_id") var matterID: UUID
    @Field(key: "clock_id") var clockID: String
    @Field(key: "name") var name: String
    @Field(key: "kind") var kind: String
    @Field(key: "unit") var unit: String
    @Field(key: "length") var length: Int
    @Field(key: "legal_basis") var legalBasis: String
    @Field(key: "calendar_code") var calendarCode: String
    @Field(key: "start_date") var startDate: String
    @Field(key: "due_date") var dueDate: String
    @Field(key: "original_due_date") var originalDueDate: String
    @Field(key: "suspensions") var suspensions: String
    @OptionalField(key: "suspended_since") var suspendedSince: String?
    @OptionalField(key: "suspension_reason") var suspensionReason: String?
    @Field(key: "extensions") var extensions: String
    @OptionalField(key: "stopped_on") var stoppedOn: String?
    @Field(key: "rolls_forward") var rollsForward: Bool
    @Field(key: "unconfirmed") var unconfirmed: Bool
    @OptionalField(key: "pending_year") var pendingYear: Int?

    init() {}
}

final class MaterialRecord: Model, @unchecked Sendable {
    static let schema = "material"

    @ID(key: .id) var id: UUID?
    @Field(key: "matter_id") var matterID: UUID
    @Field(key: "kind") var kind: String
    @Field(key: "filename") var filename: String
    @Field(key: "content_type") var contentType: String
    @Field(key: "size") var size: Int
    @Field(key: "sha256") var sha256: String
    @Field(key: "content") var content: Data
    @OptionalField(key: "uploaded_by") var uploadedBy: UUID?
    @Field(key: "uploaded_at") var uploadedAt: Date
    @OptionalField(key: "metadata") var metadata: String?

    init() {}

    var summary: MaterialSummary {
        MaterialColumns(id: id!, kind: kind, filename: filename, contentType: contentType, size: size, sha256: sha256, uploadedAt: uploadedAt,
                        metadata: metadata).summary
    }
}

final class DocumentRecord: Model, @unchecked Sendable {
    static let schema = "document"

    @ID(key: .id) var id: UUID?
    @Field(key: "matter_id") var matterID: UUID
    @Field(key: "kind") var kind: String
    @Field(key: "number") var number: String
    @Field(key: "title") var title: String
    @Field(key: "template") var template: String
    @Field(key: "data") var data: String
    @Field(key: "sha256") var sha256: String
    @Field(key: "issued_at") var issuedAt: Date
    @Field(key: "issued_by") var issuedBy: String

    init() {}
}
