import FluentKit
import Foundation
import MinzhengCore
import SQLKit

/// The elderly-care institutions the bureau supervises, and whether each is past its drill interval (fire drills every
/// 6 months for 消防安全重点单位, other drills every 12 — both ✘ settings).
public struct CareInstitutionRegistry: Sendable {
    let matters: MatterService

    public init(matters: MatterService) {
        self.matters = matters
    }

    var db: any Database { matters.db }
    var sql: any SQLDatabase { db as! any SQLDatabase }

    public struct Institution: Sendable, Hashable, Identifiable {
        public var id: UUID
        public var creditCode: String
        public var name: String
        public var address: String
        public var beds: Int
        public var isKeyFireUnit: Bool
    }

    public func add(creditCode: String, name: String, address: String, beds: Int?, isKeyFireUnit: Bool, by principal: Principal,
                    context: JournalContext, now: Date = Date()) async throws {
        let target = AccessTarget(orgUnitPath: try await OrgUnitRepository(db: db).find(code: OrganizationRegistry.registryUnitCode)?.path ?? "/")
        _ = try AccessPolicy.require(principal, .manageOrganizations, on: target, table: matters.permissions)
        let code = try UnifiedSocialCreditCode(creditCode).value
        let title = name.trimmingCharacters(in: .whitespaces)
        guard (2...100).contains(title.count) else { throw ValidationError(field: "机构名称", reason: "2–100 个字。") }
        guard let beds, (1...5000).contains(beds) else { throw ValidationError(field: "床位数", reason: "应为 1 至 5000。") }
        if try await all().contains(where: { $0.creditCode == code }) { throw ValidationError(field: "统一社会信用代码", reason: "此机构已登记。") }
        try await matters.store.write(on: db) { db in
            try await (db as! any SQLDatabase).insert(into: "care_institution").columns("id", "credit_code", "name", "address", "beds", "is_key_fire_unit", "created_at")
                .values(SQLBind(UUID()), SQLBind(code), SQLBind(title), SQLBind(address), SQLBind(beds), SQLBind(isKeyFireUnit), SQLBind(now)).run()
            try await Journal(db: db).append(JournalEvent(action: "careInstitution.add", objectType: "care_institution", objectID: code,
                                                          summary: "登记养老机构：\(title)"), context: context, at: now)
        }
    }

    public func all() async throws -> [Institution] {
        struct Row: Decodable { var id: UUID; var credit_code: String; var name: String; var address: String; var beds: Int; var is_key_fire_unit: Bool }
        return try await sql.select().columns("id", "credit_code", "name", "address", "beds", "is_key_fire_unit").from("care_institution").orderBy("name")
            .all(decoding: Row.self)
            .map { Institution(id: $0.id, creditCode: $0.credit_code, name: $0.name, address: $0.address, beds: $0.beds, isKeyFireUnit: $0.is_key_fire_unit) }
    }

    public struct DrillStatus: Sendable, Hashable {
        public var institution: Institution
        public var lastFireDrill: CivilDate?
        public var lastDrill: CivilDate?
        public var fireDrillDue: CivilDate?
        public var drillDue: CivilDate?
        public var overdue: [String]
    }

    /// Each institution's last drills and what is overdue on `today`.
    public func drillStatus(today: CivilDate) async throws -> [DrillStatus] {
        let settings = try await SettingRepository(db: db).snapshot()
        let type = CareInstitutionMatters.drill
        var drills: [String: [(kind: String, day: CivilDate)]] = [:]
        for record in try await MatterRecord.query(on: db).filter(\.$typeID == type.id.rawValue).all() where record.state != "planned" {
            let matter = try record.toDomain(cipher: matters.cipher, type: type, orgUnitCode: "")
            guard let code = matter.fields["institutionCode"], let day = matter.fields["drilledOn"].flatMap(CivilDate.init(iso:)) else { continue }
            drills[code, default: []].append((matter.fields["planKind"] ?? "", day))
        }
        return try await all().map { institution in
            let list = drills[institution.creditCode] ?? []
            let lastFire = list.filter { $0.kind == "消防安全" }.map(\.day).max()
            let last = list.map(\.day).max()
            let fireMonths = institution.isKeyFireUnit ? settings.int("emergencyDrill.fireIntervalMonthsKeyUnit") : settings.int("emergencyDrill.generalIntervalMonths")
            let fireDue = lastFire?.adding(months: fireMonths)
            let due = last?.adding(months: settings.int("emergencyDrill.generalIntervalMonths"))
            var overdue: [String] = []
            if fireDue.map({ today > $0 }) ?? true { overdue.append(lastFire == nil ? "从未进行消防演练" : "消防演练已超过 \(fireMonths) 个月") }
            if due.map({ today > $0 }) ?? true { overdue.append(last == nil ? "从未进行应急演练" : "应急演练已超过 \(settings.int("emergencyDrill.generalIntervalMonths")) 个月") }
            return DrillStatus(institution: institution, lastFireDrill: lastFire, lastDrill: last, fireDrillDue: fireDue, drillDue: due, overdue: overdue)
        }
    }
}

/// The year's dispute and emergency counts from the records (the report's 894 mediations and 367 reconciliations).
public struct DisputeFigureQueries: Sendable {
    let matters: MatterService

    public init(matters: MatterService) {
        self.matters = matters
    }

    public struct Figures: Sendable, Hashable {
        public var mediations: Int
        public var concluded: Int
        public var reconciled: Int
        public var agreements: Int
        public var divorceNotPursued: Int
        /// The mediation cases counted in `divorceNotPursued`.
        public var divorceNotPursuedMatters: Set<UUID>
        public var petitions: Int
        public var petitionsAnswered: Int
        public var petitionsOnTime: Int
        public var drills: Int
    }

    /// For each matter of `type` registered in [start, end), which of `transitions` it has taken.
    private func transitions(_ transitions: [String], of type: MatterTypeID, createdFrom start: Date, until end: Date) async throws -> [String: Set<String>] {
        let rows = try await Store.bulk(matters.db).select()
            .column(SQLColumn("matter_id", table: "matter_event")).column(SQLColumn("transition_id", table: "matter_event"))
            .from("matter_event")
            .join("matter", on: SQLColumn("matter_id", table: "matter_event"), .equal, SQLColumn("id", table: "matter"))
            .where(SQLColumn("type_id", table: "matter"), .equal, SQLBind(type.rawValue))
            .where(SQLColumn("created_at", table: "matter"), .greaterThanOrEqual, SQLBind(start))
            .where(SQLColumn("created_at", table: "matter"), .lessThan, SQLBind(end))
            .where(SQLColumn("transition_id", table: "matter_event"), .in, SQLBind.group(transitions))
            .all()
        return try rows.reduce(into: [:]) { result, row in
            result[try row.decode(column: "matter_id", as: String.self), default: []].insert(try row.decode(column: "transition_id", as: String.self))
        }
    }

    private struct PetitionRow: Decodable { var id: String }

    /// The petitions registered in [start, end).
    private func petitions(createdFrom start: Date, until end: Date) async throws -> [PetitionRow] {
        try await Store.bulk(matters.db).select().column("id").from("matter")
            .where("type_id", .equal, Petition.id.rawValue).where("created_at", .greaterThanOrEqual, SQLBind(start))
            .where("created_at", .lessThan, SQLBind(end)).all(decoding: PetitionRow.self)
    }

    private struct Clock: Decodable { var matter_id: String; var due_date: String; var stopped_on: String? }

    /// The decisive clocks (受理告知 and 办理) of the petitions registered in [start, end).
    private func decisiveClocks(createdFrom start: Date, until end: Date) async throws -> [Clock] {
        try await Store.bulk(matters.db).select()
            .column(SQLColumn("matter_id", table: "matter_clock")).column(SQLColumn("due_date", table: "matter_clock"))
            .column(SQLColumn("stopped_on", table: "matter_clock"))
            .from("matter_clock")
            .join("matter", on: SQLColumn("matter_id", table: "matter_clock"), .equal, SQLColumn("id", table: "matter"))
            .where(SQLColumn("type_id", table: "matter"), .equal, SQLBind(Petition.id.rawValue))
            .where(SQLColumn("created_at", table: "matter"), .greaterThanOrEqual, SQLBind(start))
            .where(SQLColumn("created_at", table: "matter"), .lessThan, SQLBind(end))
            .where(SQLColumn("clock_id", table: "matter_clock"), .in, SQLBind.group(["notice", "handling"]))
            .all(decoding: Clock.self)
    }

    /// A drill the figures count.
    public struct HeldDrill: Sendable {
        public var id: UUID
        public var reference: String
        public var title: String
    }

    /// The drills held in the year — no longer only planned, and dated in the year by 演练日期 (a plain field) — in
    /// the order they were registered: the care-institution page counts them and the annual report lists them.
    public func drillsHeld(year: Int) async throws -> [HeldDrill] {
        struct Row: Decodable { var id: UUID; var reference: String; var title: String; var fields: String }
        return try await Store.bulk(matters.db).select().columns("id", "reference", "title", "fields").from("matter")
            .where("type_id", .equal, CareInstitutionMatters.drill.id.rawValue).where("state", .notEqual, "planned")
            .orderBy("created_at").orderBy("reference")
            .all(decoding: Row.self)
            .filter { JSONText.decode([String: String].self, $0.fields)?["drilledOn"].flatMap(CivilDate.init(iso:))?.year == year }
            .map { HeldDrill(id: $0.id, reference: $0.reference, title: $0.title) }
    }

    public func figures(year: Int) async throws -> Figures {
        let sql = Store.bulk(matters.db)
        let start = CivilDate(year: year, month: 1, day: 1)!.startInstant
        let end = CivilDate(year: year + 1, month: 1, day: 1)!.startInstant
        // The year's mediation cases, read with SQLKit: the figures need their state and one plain field, not each
        // case decrypted into its domain form. Identifiers are read as text (`UUID.uuidString`, as both databases
        // give them): they only join rows here. The columns are read by name (a year can hold a couple of hundred
        // thousand cases; a `Decoder` per row cost more than the query).
        //
        // The reads do not depend on one another (only the divorce registrations' states on the cases that name
        // them), so they are made at once.
        struct Case { var id: String; var state: String; var isClosed: Bool }
        async let mediationCases = sql.select().columns("id", "state", "closed_at").from("matter")
            .where("type_id", .equal, MediationCase.id.rawValue).where("created_at", .greaterThanOrEqual, SQLBind(start))
            .where("created_at", .lessThan, SQLBind(end)).all()
            .map { Case(id: try $0.decode(column: "id", as: String.self), state: try $0.decode(column: "state", as: String.self),
                        isClosed: !(try $0.decodeNil(column: "closed_at"))) }
        var reconciled = 0, agreements = 0, concluded = 0
        var notPursued = Set<String>()
        // 关联的离婚登记办件编号 is not a sensitive field: it is stored as written (compact JSON, `JSONText`), so the
        // cases that name a registration are found in SQL and only their fields are read; then only the registrations
        // they name, and only their state.
        struct Naming: Decodable { var id: String; var fields: String }
        async let namingCases = sql.select().columns("id", "fields").from("matter")
            .where("type_id", .equal, MediationCase.id.rawValue).where("created_at", .greaterThanOrEqual, SQLBind(start))
            .where("created_at", .lessThan, SQLBind(end)).where("fields", .like, #"%"divorceReference":"_%"#).all(decoding: Naming.self)
        async let mediationOutcomes = transitions(["reconcile", "reachAgreement"], of: MediationCase.id, createdFrom: start, until: end)
        async let petitionRows = petitions(createdFrom: start, until: end)
        async let petitionClocks = decisiveClocks(createdFrom: start, until: end)
        async let heldDrills = drillsHeld(year: year)
        let mediation = try await mediationCases, naming = try await namingCases
        let referenceByCase = Dictionary(naming.map { ($0.id, JSONText.decode([String: String].self, $0.fields)?["divorceReference"] ?? "") },
                                         uniquingKeysWith: { first, _ in first })
        let divorceReferences = mediation.map { record in (record.id, referenceByCase[record.id] ?? "") }
        let named = Array(Set(divorceReferences.map(\.1).filter { !$0.isEmpty }))
        struct Divorce: Decodable { var reference: String; var state: String }
        let divorceStates: [String: String] = named.isEmpty ? [:] : Dictionary(
            try await sql.select().columns("reference", "state").from("matter")
                .where("type_id", .equal, DivorceRegistration.id.rawValue).where("reference", .in, named)
                .all(decoding: Divorce.self).map { ($0.reference, $0.state) }, uniquingKeysWith: { first, _ in first })
        // The year's mediations that reconciled or reached agreement, in one query (not one per case: 894 a year).
        let outcomes = try await mediationOutcomes
        for (record, (_, divorceReference)) in zip(mediation, divorceReferences) {
            let taken = outcomes[record.id] ?? []
            let didReconcile = taken.contains("reconcile")
            if didReconcile { reconciled += 1 }
            if taken.contains("reachAgreement") { agreements += 1 }
            if record.isClosed || record.state == "agreed" || record.state == "followUp" { concluded += 1 }
            if !divorceReference.isEmpty, let state = divorceStates[divorceReference], ["withdrawn", "deemedWithdrawn"].contains(state) {
                notPursued.insert(record.id)
            } else if didReconcile, divorceReference.isEmpty {
                notPursued.insert(record.id)
            }
        }
        // The year's petitions and their decisive clocks (受理告知 and 办理), in one query each.
        let petitions = try await petitionRows
        let clocksByPetition = Dictionary(grouping: try await petitionClocks, by: \.matter_id)
        var answered = 0, onTime = 0
        for petition in petitions {
            let decisive = clocksByPetition[petition.id] ?? []
            guard !decisive.isEmpty, decisive.allSatisfy({ $0.stopped_on != nil }) else { continue }
            answered += 1
            if decisive.allSatisfy({ clock in
                guard let stopped = clock.stopped_on.flatMap(CivilDate.init(iso:)), let due = CivilDate(iso: clock.due_date) else { return false }
                return stopped <= due
            }) { onTime += 1 }
        }
        let drills = try await heldDrills.count
        return Figures(mediations: mediation.count, concluded: concluded, reconciled: reconciled, agreements: agreements, divorceNotPursued: notPursued.count, divorceNotPursuedMatters: Set(notPursued.compactMap(UUID.init(uuidString:))),
                       petitions: petitions.count, petitionsAnswered: answered, petitionsOnTime: onTime, drills: drills)
    }
}
