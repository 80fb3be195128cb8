import FluentKit
import Foundation
import MinzhengCore
import SQLKit

/// A document issued by an act: numbered, with the data it was rendered from and that data's hash.
public struct IssuedDocument: Sendable, Hashable {
    public var id: UUID
    public var kind: String
    public var number: String
    public var title: String
    public var template: String
    public var data: [String: String]
    public var sha256: String
    public var issuedAt: Date
    public var issuedBy: String
}

/// A matter with everything the engine and the matter page need. `matter.fields` holds sensitive values in clear
/// for checks; pages show `displayFields`.
public struct MatterSnapshot: Sendable {
    public var matter: Matter
    public var events: [MatterEvent]
    public var clocks: [MatterClock]
    public var materials: [MaterialSummary]
    public var documents: [IssuedDocument]
    /// The unit the matter belongs to (its name and holiday calendar), read with the matter.
    public var unit: OrgUnit?

    /// The fields as pages may show them: sensitive values masked by rule.
    public func displayFields(_ type: MatterType) -> [(label: String, value: String)] {
        type.fields.compactMap { field in
            guard let value = matter.fields[field.key], !value.isEmpty else { return nil }
            return (field.label, field.display(value))
        }
    }

    public var runningClocks: [MatterClock] { clocks.filter(\.isRunning) }
}

/// The columns a `Matter` is made from, as stored: the one conversion to the domain type, for the Fluent record (which
/// writes) and for the SQLKit reads of the matter page and the engine (`MatterService.snapshot`). A Fluent model
/// reflects over its properties for every row it reads; on the matter page that was a tenth of the time.
struct MatterColumns: StoredColumns, Encodable {
    var id: UUID
    var typeID: String
    var reference: String
    var title: String
    var state: String
    var orgUnitID: UUID
    var orgUnitPath: String
    var applicantAccountID: UUID?
    var organizationID: UUID?
    var batchID: UUID?
    var channel: String
    var visits: Int
    var crossProvince: Bool
    var fields: String
    var nextDueDate: String?
    var createdAt: Date
    var updatedAt: Date
    var closedAt: Date?
    var barred: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, reference, title, state, channel, visits, fields, barred
        case typeID = "type_id", orgUnitID = "org_unit_id", orgUnitPath = "org_unit_path", applicantAccountID = "applicant_account_id"
        case organizationID = "organization_id", batchID = "batch_id", crossProvince = "cross_province", nextDueDate = "next_due_date"
        case createdAt = "created_at", updatedAt = "updated_at", closedAt = "closed_at"
    }

    /// The stored form of a matter's field values: JSON, the type's sensitive fields sealed.
    static func sealed(_ values: [String: String], type: MatterType, cipher: FieldCipher) throws -> String {
        var stored = values
        for field in type.fields where field.isSensitive {
            if let plain = stored[field.key] { stored[field.key] = try cipher.seal(plain) }
        }
        return JSONText.encode(stored)
    }

    func toDomain(cipher: FieldCipher, type: MatterType?, orgUnitCode: String) throws -> Matter {
        var values = JSONText.decode([String: String].self, fields) ?? [:]
        for field in type?.fields ?? [] where field.isSensitive {
            if let sealed = values[field.key] { values[field.key] = try cipher.open(sealed) }
        }
        var matter = Matter(
            id: .init(id), typeID: MatterTypeID(rawValue: typeID), reference: reference, title: title, state: StateID(rawValue: state),
            orgUnitID: .init(orgUnitID), orgUnitPath: orgUnitPath, orgUnitCode: orgUnitCode, applicantAccountID: applicantAccountID,
            organizationID: organizationID, channel: channel, fields: values, createdAt: createdAt, closedAt: closedAt)
        for token in (barred ?? "").split(separator: ",").map(String.init) {
            if token.hasPrefix("acct:"), let id = UUID(uuidString: String(token.dropFirst(5))) { matter.barredAccountIDs.insert(id) }
            if token.hasPrefix("unit:") { matter.barredUnitCodes.insert(String(token.dropFirst(5))) }
        }
        return matter
    }
}

extension MatterRecord {
    var columns: MatterColumns {
        MatterColumns(id: id!, typeID: typeID, reference: reference, title: title, state: state, orgUnitID: orgUnitID, orgUnitPath: orgUnitPath,
                      applicantAccountID: applicantAccountID, organizationID: organizationID, batchID: batchID, channel: channel,
                      visits: visits, crossProvince: crossProvince, fields: fields, nextDueDate: nextDueDate, createdAt: createdAt,
                      updatedAt: updatedAt, closedAt: closedAt, barred: barred)
    }

    func toDomain(cipher: FieldCipher, type: MatterType?, orgUnitCode: String) throws -> Matter {
        try columns.toDomain(cipher: cipher, type: type, orgUnitCode: orgUnitCode)
    }

    /// Stores `values`, sealing the type's sensitive fields.
    func setFields(_ values: [String: String], type: MatterType, cipher: FieldCipher) throws {
        fields = try MatterColumns.sealed(values, type: type, cipher: cipher)
    }
}

/// A matter event's columns, as `MatterColumns`.
struct MatterEventColumns: StoredColumns, Encodable {
    var id: UUID
    var sequence: Int
    var kind: String
    var transitionID: String?
    var fromState: String?
    var toState: String?
    var actorAccountID: UUID?
    var actorName: String
    var actorRole: String?
    var at: Date
    var checks: String
    var marks: String
    var data: String
    var summary: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, kind, at, checks, marks, data, summary
        case sequence = "seq", transitionID = "transition_id", fromState = "from_state", toState = "to_state"
        case actorAccountID = "actor_account_id", actorName = "actor_name", actorRole = "actor_role"
    }

    var domain: MatterEvent {
        MatterEvent(
            id: id, sequence: sequence, kind: MatterEvent.Kind(rawValue: kind) ?? .note,
            transitionID: transitionID.map(TransitionID.init(rawValue:)), fromState: fromState.map(StateID.init(rawValue:)),
            toState: toState.map(StateID.init(rawValue:)), actorAccountID: actorAccountID, actorName: actorName,
            actorRole: actorRole.flatMap(Role.init(rawValue:)), at: at,
            checks: JSONText.decode([CheckResult].self, checks) ?? [],
            marks: Set(marks.split(separator: ",").compactMap { EventMark(rawValue: String($0)) }),
            data: JSONText.decode([String: String].self, data) ?? [:], summary: summary)
    }
}

extension MatterEventColumns {
    /// The columns an event is stored as.
    init(_ event: MatterEvent) {
        self.init(id: event.id, sequence: event.sequence, kind: event.kind.rawValue, transitionID: event.transitionID?.rawValue,
                  fromState: event.fromState?.rawValue, toState: event.toState?.rawValue, actorAccountID: event.actorAccountID,
                  actorName: event.actorName, actorRole: event.actorRole?.rawValue, at: event.at, checks: JSONText.encode(event.checks),
                  marks: event.marks.map(\.rawValue).sorted().joined(separator: ","), data: JSONText.encode(event.data), summary: event.summary)
    }
}

extension MatterEventRecord {
    var domain: MatterEvent {
        MatterEventColumns(id: id!, sequence: sequence, kind: kind, transitionID: transitionID, fromState: fromState, toState: toState,
                           actorAccountID: actorAccountID, actorName: actorName, actorRole: actorRole, at: at, checks: checks, marks: marks,
                           data: data, summary: summary).domain
    }
}

/// A deadline clock's columns, as `MatterColumns`.
struct MatterClockColumns: StoredColumns, Encodable {
    var id: UUID
    var clockID: String
    var name: String
    var kind: String
    var unit: String
    var length: Int
    var legalBasis: String
    var calendarCode: String
    var startDate: String
    var dueDate: String
    var originalDueDate: String
    var suspensions: String
    var suspendedSince: String?
    var suspensionReason: String?
    var extensions: String
    var stoppedOn: String?
    var rollsForward: Bool
    var unconfirmed: Bool
    var pendingYear: Int?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, name, kind, unit, length, suspensions, extensions, unconfirmed
        case clockID = "clock_id", legalBasis = "legal_basis", calendarCode = "calendar_code", startDate = "start_date", dueDate = "due_date"
        case originalDueDate = "original_due_date", suspendedSince = "suspended_since", suspensionReason = "suspension_reason"
        case stoppedOn = "stopped_on", rollsForward = "rolls_forward", pendingYear = "pending_year"
    }

    var domain: MatterClock {
        MatterClock(
            id: id, clockID: ClockID(rawValue: clockID), name: name, kind: ClockKind(rawValue: kind) ?? .overall,
            period: Period(length, DeadlineUnit(rawValue: unit) ?? .calendarDay), legalBasis: legalBasis, calendarCode: calendarCode,
            startDate: CivilDate(iso: startDate)!, dueDate: CivilDate(iso: dueDate)!, originalDueDate: CivilDate(iso: originalDueDate)!,
            suspensions: JSONText.decode([DeadlineSuspension].self, suspensions) ?? [],
            suspendedSince: suspendedSince.flatMap { CivilDate(iso: $0) }, suspensionReason: suspensionReason,
            extensions: JSONText.decode([DeadlineExtension].self, extensions) ?? [],
            stoppedOn: stoppedOn.flatMap { CivilDate(iso: $0) }, rollsForward: rollsForward, isUnconfirmed: unconfirmed, pendingYear: pendingYear)
    }
}

extension MatterClockColumns {
    /// The columns a clock is stored as.
    init(_ clock: MatterClock) {
        self.init(id: clock.id, clockID: clock.clockID.rawValue, name: clock.name, kind: clock.kind.rawValue, unit: clock.period.unit.rawValue,
                  length: clock.period.length, legalBasis: clock.legalBasis, calendarCode: clock.calendarCode,
                  startDate: clock.startDate.description, dueDate: clock.dueDate.description,
                  originalDueDate: clock.originalDueDate.description, suspensions: JSONText.encode(clock.suspensions),
                  suspendedSince: clock.suspendedSince?.description, suspensionReason: clock.suspensionReason,
                  extensions: JSONText.encode(clock.extensions), stoppedOn: clock.stoppedOn?.description, rollsForward: clock.rollsForward,
                  unconfirmed: clock.isUnconfirmed, pendingYear: clock.pendingYear)
    }
}

extension MatterClockRecord {
    var domain: MatterClock {
        MatterClockColumns(id: id!, clockID: clockID, name: name, kind: kind, unit: unit, length: length, legalBasis: legalBasis,
                           calendarCode: calendarCode, startDate: startDate, dueDate: dueDate, originalDueDate: originalDueDate,
                           suspensions: suspensions, suspendedSince: suspendedSince, suspensionReason: suspensionReason, extensions: extensions,
                           stoppedOn: stoppedOn, rollsForward: rollsForward, unconfirmed: unconfirmed, pendingYear: pendingYear).domain
    }
}

/// An issued document's columns, as `MatterColumns`.
struct DocumentColumns: StoredColumns, Encodable {
    var id: UUID
    var kind: String
    var number: String
    var title: String
    var template: String
    var data: String
    var sha256: String
    var issuedAt: Date
    var issuedBy: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, kind, number, title, template, data, sha256
        case issuedAt = "issued_at", issuedBy = "issued_by"
    }

    var domain: IssuedDocument {
        IssuedDocument(id: id, kind: kind, number: number, title: title, template: template,
                       data: JSONText.decode([String: String].self, data) ?? [:], sha256: sha256, issuedAt: issuedAt, issuedBy: issuedBy)
    }
}

extension DocumentRecord {
    var domain: IssuedDocument {
        DocumentColumns(id: id!, kind: kind, number: number, title: title, template: template, data: data, sha256: sha256,
                        issuedAt: issuedAt, issuedBy: issuedBy).domain
    }
}

/// A material's columns without its content, as `MatterColumns`.
struct MaterialColumns: StoredColumns {
    var id: UUID
    var kind: String
    var filename: String
    var contentType: String
    var size: Int
    var sha256: String
    var uploadedAt: Date
    var metadata: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, kind, filename, size, sha256, metadata
        case contentType = "content_type", uploadedAt = "uploaded_at"
    }

    var summary: MaterialSummary {
        MaterialSummary(id: id, kind: kind, filename: filename, contentType: contentType, size: size, sha256: sha256, uploadedAt: uploadedAt,
                        metadata: metadata.flatMap { JSONText.decode([String: String].self, $0) } ?? [:])
    }
}
