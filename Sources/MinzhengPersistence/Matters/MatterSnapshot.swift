import FluentKit
import Foundation
import MinzhengCore

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

extension MatterRecord {
    func toDomain(cipher: FieldCipher, type: MatterType?, orgUnitCode: String) throws -> Matter {
        var values = JSONText.decode([String: String].self, fields) ?? [:]
        for field in type?.fields ?? [] where field.isSensitive {
            if let sealed = values[field.key] { values[field.key] = try cipher.open(sealed) }
        }
        return Matter(
            id: .init(id!), typeID: MatterTypeID(rawValue: typeID), reference: reference, title: title, state: StateID(rawValue: state),
            orgUnitID: .init(orgUnitID), orgUnitPath: orgUnitPath, orgUnitCode: orgUnitCode, applicantAccountID: applicantAccountID,
            organizationID: organizationID, channel: channel, fields: values, createdAt: createdAt, closedAt: closedAt)
    }

    /// Stores `values`, sealing the type's sensitive fields.
    func setFields(_ values: [String: String], type: MatterType, cipher: FieldCipher) throws {
        var stored = values
        for field in type.fields where field.isSensitive {
            if let plain = stored[field.key] { stored[field.key] = try cipher.seal(plain) }
        }
        fields = JSONText.encode(stored)
    }
}

extension MatterEventRecord {
    var domain: MatterEvent {
        MatterEvent(
            id: id!, sequence: sequence, kind: MatterEvent.Kind(rawValue: kind) ?? .note,
            transitionID: transitionID.map(TransitionID.init(rawValue:)), fromState: fromState.map(StateID.init(rawValue:)),
            toState: toState.map(StateID.init(rawValue:)), actorAccountID: actorAccountID, actorName: actorName,
            actorRole: actorRole.flatMap(Role.init(rawValue:)), at: at,
            checks: JSONText.decode([CheckResult].self, checks) ?? [],
            marks: Set(marks.split(separator: ",").compactMap { EventMark(rawValue: String($0)) }),
            data: JSONText.decode([String: String].self, data) ?? [:], summary: summary)
    }
}

extension MatterClockRecord {
    var domain: MatterClock {
        MatterClock(
            id: id!, clockID: ClockID(rawValue: clockID), name: name, kind: ClockKind(rawValue: kind) ?? .overall,
            period: Period(length, DeadlineUnit(rawValue: unit) ?? .calendarDay), legalBasis: legalBasis, calendarCode: calendarCode,
            startDate: CivilDate(iso: startDate)!, dueDate: CivilDate(iso: dueDate)!, originalDueDate: CivilDate(iso: originalDueDate)!,
            suspensions: JSONText.decode([DeadlineSuspension].self, suspensions) ?? [],
            suspendedSince: suspendedSince.flatMap { CivilDate(iso: $0) }, suspensionReason: suspensionReason,
            extensions: JSONText.decode([DeadlineExtension].self, extensions) ?? [],
            stoppedOn: stoppedOn.flatMap { CivilDate(iso: $0) }, rollsForward: rollsForward, isUnconfirmed: unconfirmed, pendingYear: pendingYear)
    }

    func apply(_ clock: MatterClock, matterID: UUID) {
        id = clock.id
        self.matterID = matterID
        clockID = clock.clockID.rawValue
        name = clock.name
        kind = clock.kind.rawValue
        unit = clock.period.unit.rawValue
        length = clock.period.length
        legalBasis = clock.legalBasis
        calendarCode = clock.calendarCode
        startDate = clock.startDate.description
        dueDate = clock.dueDate.description
        originalDueDate = clock.originalDueDate.description
        suspensions = JSONText.encode(clock.suspensions)
        suspendedSince = clock.suspendedSince?.description
        suspensionReason = clock.suspensionReason
        extensions = JSONText.encode(clock.extensions)
        stoppedOn = clock.stoppedOn?.description
        rollsForward = clock.rollsForward
        unconfirmed = clock.isUnconfirmed
        pendingYear = clock.pendingYear
    }
}

extension DocumentRecord {
    var domain: IssuedDocument {
        IssuedDocument(id: id!, kind: kind, number: number, title: title, template: template,
                       data: JSONText.decode([String: String].self, data) ?? [:], sha256: sha256, issuedAt: issuedAt, issuedBy: issuedBy)
    }
}
