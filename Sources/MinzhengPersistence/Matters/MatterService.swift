import FluentKit
import Foundation
import Logging
import MinzhengCore
import SQLKit

/// The matter engine on the database: creates matters, runs acts, keeps clocks, issues documents, queues reminders
/// — each act in one transaction with its journal entry. A refused act changes nothing and is journaled as refused.
public struct MatterService: Sendable {
    public let store: Store
    public let registry: MatterTypeRegistry
    public let permissions: PermissionTable
    public let cipher: FieldCipher
    public let logger: Logger
    /// Whether a power item may be cited (published, not repealed); `nil` when unknown.
    public var powerItemCitable: @Sendable (String, any Database) async throws -> Bool?

    public init(store: Store, registry: MatterTypeRegistry, permissions: PermissionTable, cipher: FieldCipher, logger: Logger,
                powerItemCitable: @escaping @Sendable (String, any Database) async throws -> Bool? = { _, _ in nil }) {
        self.store = store
        self.registry = registry
        self.permissions = permissions
        self.cipher = cipher
        self.logger = logger
        self.powerItemCitable = powerItemCitable
    }

    var db: any Database { store.database(logger: logger) }

    // MARK: Reading

    /// The matter with its events, clocks, materials (without their content) and documents, read with SQLKit into
    /// the stored columns (`MatterColumns` and its siblings), not through Fluent's models: every act and every matter
    /// page reads one, and a model reflects over its properties for each row.
    public func snapshot(_ id: Matter.ID, on db: (any Database)? = nil) async throws -> MatterSnapshot {
        let db = db ?? self.db
        return try await Store.reading(on: db) { db in try await self.readSnapshot(id, on: db) }
    }

    private func readSnapshot(_ id: Matter.ID, on db: any Database) async throws -> MatterSnapshot {
        let sql = db as! any SQLDatabase
        let key = id.rawValue
        guard let columns = try await sql.first(Snapshot.matter, key, decoding: MatterColumns.self) else { throw MatterError.notFound }
        let units = OrgUnitRepository(db: db)
        let unit = try await units.find(.init(columns.orgUnitID))
        var matter = try columns.toDomain(cipher: cipher, type: registry.type(MatterTypeID(rawValue: columns.typeID)), orgUnitCode: unit?.code ?? "")
        if let routed = matter.fields["routedTo"], !routed.isEmpty, let unit = try await units.find(code: routed) {
            matter.routedUnitPaths = [unit.path]
        }
        let events = try await sql.all(Snapshot.events, key, decoding: MatterEventColumns.self).map(\.domain)
        let clocks = try await sql.all(Snapshot.clocks, key, decoding: MatterClockColumns.self).map(\.domain)
            .sorted { ($0.kind.rawValue, $0.startDate, $0.name) < ($1.kind.rawValue, $1.startDate, $1.name) }
        let materials = try await sql.all(Snapshot.materials, key, decoding: MaterialColumns.self).map(\.summary)
        let documents = try await sql.all(Snapshot.documents, key, decoding: DocumentColumns.self).map(\.domain)
        return MatterSnapshot(matter: matter, events: events, clocks: clocks, materials: materials, documents: documents, unit: unit)
    }

    /// The statements of a snapshot, written once (`FixedStatement`): every matter page and every act reads them.
    private enum Snapshot {
        static let matter = FixedStatement(select: { $0.column(MatterColumns.selectList()).from("matter").where("id", .equal, SQLBind(UUID())).limit(1) })
        static let events = owned(MatterEventColumns.self, in: "matter_event", orderedBy: "seq")
        static let clocks = owned(MatterClockColumns.self, in: "matter_clock", orderedBy: nil)
        static let materials = owned(MaterialColumns.self, in: "material", orderedBy: "uploaded_at")
        static let documents = owned(DocumentColumns.self, in: "document", orderedBy: "issued_at")

        /// The rows of `table` that belong to one matter.
        static func owned(_ columns: (some StoredColumns).Type, in table: String, orderedBy order: String?) -> FixedStatement {
            FixedStatement(select: { select in
                let rows = select.column(columns.selectList()).from(table).where("matter_id", .equal, SQLBind(UUID()))
                return order.map { rows.orderBy($0) } ?? rows
            })
        }
    }

    /// The matter for someone allowed to read it; refusals are journaled.
    public func read(_ id: Matter.ID, by principal: Principal, context: JournalContext) async throws -> (MatterSnapshot, MatterType) {
        let snapshot = try await snapshot(id)
        let type = try registry.require(snapshot.matter.typeID)
        var target = snapshot.matter.accessTarget
        if type.routedReadWithheldIn.contains(snapshot.matter.state) { target.additionalUnitPaths = [] }
        try await guarded(context, matter: snapshot.matter, action: "matter.read") {
            _ = try AccessPolicy.require(principal, type.readAction, on: target, table: permissions)
        }
        if type.isConfidential {
            // rules.md §4 "Privacy": every access to a registration record is journaled.
            try await store.write(on: db) { db in
                try await Journal(db: db).append(
                    JournalEvent(action: "matter.archiveRead", objectType: "matter", objectID: id.description,
                                 summary: "查阅\(type.name)档案 \(snapshot.matter.reference)"),
                    context: context)
            }
        }
        return (snapshot, type)
    }

    /// The accounts and units a matter's fields bar from it (the person or unit a report names).
    static func barredTokens(_ fields: [String: String], type: MatterType, db: any Database, cipher: FieldCipher) async throws -> String? {
        var tokens: [String] = []
        if let key = type.barredAccountField, let username = fields[key]?.trimmingCharacters(in: .whitespaces), !username.isEmpty {
            guard let account = try await AccountRepository(db: db, cipher: cipher).find(username: username) else {
                throw ValidationError(field: type.field(key)?.label ?? key, reason: "账户 \(username) 不存在。")
            }
            tokens.append("acct:\(account.id.rawValue.uuidString)")
        }
        if let key = type.barredUnitField, let code = fields[key]?.trimmingCharacters(in: .whitespaces), !code.isEmpty {
            guard try await OrgUnitRepository(db: db).find(code: code) != nil else {
                throw ValidationError(field: type.field(key)?.label ?? key, reason: "单位 \(code) 不存在。")
            }
            tokens.append("unit:\(code)")
        }
        return tokens.isEmpty ? nil : tokens.joined(separator: ",")
    }

    /// What the checks read besides the matter: whether its power item may be cited, the settings, and the facts its
    /// type's checks and derivations declare (`MatterType.factsRead`) — the year's assistance standards, the officers'
    /// certificates, the open rectification items, the unanswered comments, the discretion benchmark the case applies.
    /// A caller that has read the settings already passes them.
    func checkInputs(_ snapshot: MatterSnapshot, type: MatterType, today: CivilDate, settings known: SettingsSnapshot? = nil,
                     db: any Database) async throws -> (citable: Bool?, settings: SettingsSnapshot, facts: CheckFacts) {
        let settings = if let known { known } else { try await SettingRepository(db: db).snapshot() }
        let reads = type.factsRead
        var facts = CheckFacts(loaded: [])
        if reads.contains(.assistanceStandards) {
            facts.load(.assistanceStandards, try await AssistanceStandardRepository(db: db).facts(path: snapshot.matter.orgUnitPath, year: today.year))
        }
        let enforcement = EnforcementRepository(store: store, db: db, cipher: cipher, permissions: permissions)
        if reads.contains(.certificates) {
            facts.load(.certificates, try await enforcement.certificateFacts(today: today))
        }
        if reads.contains(.openRectifications) {
            facts.load(.openRectifications, ["openRectifications": String(try await RectificationItems(db: db).open(of: snapshot.matter.id).count)])
        }
        if reads.contains(.unansweredComments) {
            facts.load(.unansweredComments, ["unansweredComments": String(try await RuleMakingService.unansweredComments(snapshot.matter.id, on: db))])
        }
        // The benchmark also names the power item a case cites, so it is read whenever the case names one.
        var powerItem = type.powerItemCode ?? snapshot.matter.fields["powerItemCode"]
        var benchmarkFacts: [String: String] = [:]
        if let code = snapshot.matter.fields["benchmarkCode"], let benchmark = try await enforcement.current(code: code) {
            benchmarkFacts["benchmark"] = String(decoding: try JSONEncoder().encode(benchmark), as: UTF8.self)
            powerItem = powerItem ?? benchmark.powerItemCode
        }
        if reads.contains(.benchmark) { facts.load(.benchmark, benchmarkFacts) }
        let citable = try await powerItem.asyncFlatMap { try await self.powerItemCitable($0, db) }
        return (citable, settings, facts)
    }

    /// The acts leaving the current state, each allowed or not with the reasons — for the matter page.
    public func availableActs(_ snapshot: MatterSnapshot, type: MatterType, principal: Principal, today: CivilDate,
                              settings known: SettingsSnapshot? = nil) async throws -> [ActAvailability] {
        let (citable, settings, facts) = try await checkInputs(snapshot, type: type, today: today, settings: known, db: db)
        return type.transitions(from: snapshot.matter.state).filter { !$0.roles.isEmpty }.map { transition in
            let access = AccessPolicy.decide(principal, type.action(for: transition), on: snapshot.matter.accessTarget, table: permissions)
            let context = CheckContext(type: type, matter: snapshot.matter, transition: transition, events: snapshot.events,
                                       clocks: snapshot.clocks, materials: snapshot.materials, actor: principal,
                                       actingRole: nil, input: [:], today: today, powerItemIsCitable: citable, settings: settings, facts: facts)
            return MatterEngine.availability(of: transition, context: context, access: access)
        }
    }

    // MARK: Creating

    /// Registers a matter of `typeID` at `unit`. Citizens create their own (`applicant` = themselves); staff create for
    /// a unit in their subtree.
    ///
    /// With an `idempotencyKey` (a form's or an API client's), a repeated submission returns the matter the key first
    /// created instead of creating another; a key is the submitter's own.
    public func create(_ typeID: MatterTypeID, at unit: OrgUnit, applicant: UUID?, organizationID: UUID? = nil, channel: String,
                       title: String, fields raw: [String: String], by principal: Principal, context: JournalContext,
                       now: Date = Date(), idempotencyKey: String? = nil) async throws -> Matter.ID {
        let key = try idempotencyKey.map(Self.validKey)
        if let key, let existing = try await submitted(key, by: principal, on: db) { return existing }
        do {
            return try await createOnce(typeID, at: unit, applicant: applicant, organizationID: organizationID, channel: channel, title: title,
                                        fields: raw, by: principal, context: context, now: now, key: key)
        } catch {
            // Two submissions with one key at the same moment: the second loses on the key's uniqueness and gets the first.
            if let key, let existing = try? await submitted(key, by: principal, on: db) { return existing }
            throw error
        }
    }

    static func validKey(_ key: String) throws -> String {
        let trimmed = key.trimmingCharacters(in: .whitespaces)
        guard (8...100).contains(trimmed.count), trimmed.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.:".contains($0)) }) else {
            throw ValidationError(field: "幂等键", reason: "幂等键应为 8 至 100 个字母、数字或 -_.: 字符。")
        }
        return trimmed
    }

    private func submitted(_ key: String, by principal: Principal, on db: any Database) async throws -> Matter.ID? {
        struct Row: Decodable { var account_id: UUID; var matter_id: UUID }
        guard let row = try await (db as! any SQLDatabase).select().columns("account_id", "matter_id").from("submission_key")
            .where("key", .equal, key).first(decoding: Row.self) else { return nil }
        guard row.account_id == principal.accountID else {
            throw ValidationError(field: "幂等键", reason: "此幂等键已被他人使用，请换一个。")
        }
        return .init(row.matter_id)
    }

    private func createOnce(_ typeID: MatterTypeID, at unit: OrgUnit, applicant: UUID?, organizationID: UUID?, channel: String,
                            title: String, fields raw: [String: String], by principal: Principal, context: JournalContext,
                            now: Date, key: String?) async throws -> Matter.ID {
        let type = try registry.require(typeID)
        guard Self.channels.contains(where: { $0.code == channel }) else {
            throw ValidationError(field: "受理渠道", reason: "应为" + Self.channels.map(\.name).joined(separator: "、") + "之一。")
        }
        let target = AccessTarget(orgUnitPath: unit.path, ownerAccountID: applicant, organizationID: organizationID)
        // Who may register comes first: someone refused learns nothing of the fields' rules, and gets the same reason
        // on a page and in the API whatever they filled in.
        let role = try await guarded(context, matter: nil, action: "matter.create") {
            try AccessPolicy.require(principal, type.createAction, on: target, table: permissions)
        }
        let settings = try await SettingRepository(db: db).snapshot()
        guard type.createdAt.allows(unit, settings: settings) else {
            throw ValidationError(field: "受理单位", reason: "\(unit.name)不受理\(type.name)，请选择\(type.createdAt.chineseDescription)。")
        }
        var normalized: [String: String] = [:]
        for field in type.fields {
            if let value = try field.normalize(raw[field.key], today: CivilDate(now)) { normalized[field.key] = value }
        }
        let fields = normalized
        let today = CivilDate(now)
        let cipher = self.cipher
        // What the transaction only reads is read before it: the write holds SQLite's single writer, and on
        // PostgreSQL the reference number's row and the journal's head are locked until the commit.
        let calendar = try await self.calendar(for: unit, on: db)
        let barred = try await Self.barredTokens(fields, type: type, db: db, cipher: cipher)
        return try await store.write(on: db) { db in
            let id = UUID()
            // The number is drawn last (below), so that concurrent registrations wait for each other only from there
            // to the commit; until then the row carries a unique placeholder no one sees.
            try await (db as! any SQLDatabase).insert(MatterColumns(
                id: id, typeID: type.id.rawValue, reference: "待编号-\(id.uuidString)", title: String(title.prefix(100)),
                state: type.initialState.rawValue, orgUnitID: unit.id.rawValue, orgUnitPath: unit.path, applicantAccountID: applicant,
                organizationID: organizationID, batchID: nil, channel: channel, visits: channel == "window" || channel == "proxy" ? 1 : 0,
                crossProvince: channel == "crossProvince", fields: try MatterColumns.sealed(fields, type: type, cipher: cipher),
                nextDueDate: nil, createdAt: now, updatedAt: now, closedAt: nil, barred: barred), into: MatterRecord.schema)
            let matterID = Matter.ID(id)
            let event = MatterEvent(sequence: 1, kind: .created, toState: type.initialState, actorAccountID: principal.accountID,
                                    actorName: principal.username, actorRole: role, at: now,
                                    data: Self.eventData(fields, type: type), summary: "登记\(type.name)（\(Self.channelName(channel))）")
            try await Self.insert(event, matterID: matterID, on: db)
            var started: [MatterClock] = []
            for spec in type.clocks where spec.startsOn.contains(.created) {
                started.append(try await self.startClock(spec.adjusted(value: { fields[$0] }, settings: settings, startingOn: today),
                                                         matterID: matterID, on: today, calendar: calendar, db: db, isNewMatter: true))
            }
            if let spec = type.state(type.initialState)?.stageLimit {
                let stage = ClockSpec(.stage(type.initialState), "\(type.stateName(type.initialState))环节时限", kind: .stage, period: spec,
                                      legalBasis: type.state(type.initialState)?.stageBasis ?? type.legalBasis, startsOn: [.created])
                started.append(try await self.startClock(stage, matterID: matterID, on: today, calendar: calendar, db: db, isNewMatter: true))
            }
            let number = try await NumberSequence(db: db).next(kind: "ref:\(type.referencePrefix)", year: today.year)
            let reference = "\(type.referencePrefix)-\(today.year)-" + String(format: "%06d", number)
            // The clocks just started are all the matter has: its next due date is theirs (as `refreshNextDue` reads it).
            try await (db as! any SQLDatabase).update("matter").set("reference", to: SQLBind(reference))
                .set("next_due_date", to: SQLBind(MatterClock.nextDue(of: started)?.description))
                .where("id", .equal, SQLBind(matterID.rawValue)).run()
            if let key {
                try await (db as! any SQLDatabase).insert(into: "submission_key").columns("key", "account_id", "matter_id", "created_at")
                    .values(SQLBind(key), SQLBind(principal.accountID), SQLBind(matterID.rawValue), SQLBind(now)).run()
            }
            if let applicant, applicant != principal.accountID {
                try await NotificationService(db: db).notify([applicant], title: "您的\(type.name)已登记",
                                                             body: "办件编号 \(reference)。", link: "/my/matters/\(matterID)", at: now)
            }
            // Last: from here to the commit the chain's head is locked (on PostgreSQL, every other writer waits).
            try await Journal(db: db).append(
                JournalEvent(action: "matter.create", objectType: "matter", objectID: matterID.description,
                             summary: "登记\(type.name) \(reference)", details: ["type": type.id.rawValue, "channel": channel]),
                context: context, at: now)
            return matterID
        }
    }

    // MARK: Acts

    /// Takes `transitionID` on the matter: access, input, every check before the act, then the effects — or nothing.
    @discardableResult
    public func perform(_ transitionID: TransitionID, on matterID: Matter.ID, by principal: Principal, input raw: [String: String],
                        context: JournalContext, now: Date = Date()) async throws -> MatterSnapshot {
        try await take(transitionID, on: matterID, by: principal, input: raw, context: context, now: now)
    }

    /// The act a clock's end sets off (`ClockSpec.onExpiry`), taken by the system with the same checks as any act.
    /// Returns `nil` when there is nothing to do: the clock has stopped, moved, or the matter has moved on.
    @discardableResult
    public func expire(clock clockID: UUID, of matterID: Matter.ID, now: Date = Date()) async throws -> MatterSnapshot? {
        try await store.write(on: db) { db in
            let snapshot = try await self.snapshot(matterID, on: db)
            let type = try self.registry.require(snapshot.matter.typeID)
            guard let clock = snapshot.clocks.first(where: { $0.id == clockID }), clock.isRunning, !clock.isPending,
                  CivilDate(now) > clock.dueDate, let transitionID = type.clock(clock.clockID)?.onExpiry,
                  let transition = type.transition(transitionID), transition.from.contains(snapshot.matter.state)
            else { return nil }
            return try await self.take(transitionID, on: matterID, by: nil, input: [:], context: JournalContext(actor: .system), now: now)
        }
    }

    /// An automatic act taken because of another record (a cleanup decision), by the system, with the same checks.
    @discardableResult
    func performAutomatic(_ transitionID: TransitionID, on matterID: Matter.ID, now: Date) async throws -> MatterSnapshot {
        try await take(transitionID, on: matterID, by: nil, input: [:], context: JournalContext(actor: .system), now: now)
    }

    /// One act by a person (`actor`) or by the system (`nil`, automatic transitions only).
    private func take(_ transitionID: TransitionID, on matterID: Matter.ID, by actor: Principal?, input raw: [String: String],
                      context: JournalContext, now: Date) async throws -> MatterSnapshot {
        let today = CivilDate(now)
        do {
            return try await store.write(on: db) { db in
                try await Self.lock(matterID, on: db)
                let snapshot = try await self.snapshot(matterID, on: db)
                let type = try self.registry.require(snapshot.matter.typeID)
                guard let transition = type.transition(transitionID) else { throw MatterError.unknownTransition(transitionID.rawValue) }
                let role: Role?
                if let actor {
                    role = try AccessPolicy.require(actor, type.action(for: transition), on: snapshot.matter.accessTarget, table: self.permissions)
                } else {
                    guard transition.isAutomatic else { throw MatterError.unknownTransition(transitionID.rawValue) }
                    role = nil
                }
                let input = try MatterEngine.normalizeInput(transition, raw: raw)
                let (citable, settings, facts) = try await self.checkInputs(snapshot, type: type, today: today, db: db)
                let checkContext = CheckContext(type: type, matter: snapshot.matter, transition: transition, events: snapshot.events,
                                                clocks: snapshot.clocks, materials: snapshot.materials, actor: actor ?? .system, actingRole: role,
                                                input: input, today: today, powerItemIsCitable: citable, settings: settings, facts: facts)
                let plan = try MatterEngine.plan(checkContext)
                try await self.apply(plan, type: type, snapshot: snapshot, actor: actor, role: role, context: context, now: now, db: db)
                if plan.clocksToStart.contains(where: { $0.kind == .notice }) && !settings.bool("deadline.noticeCountsTowardLimit") {
                    try await self.excludeNoticeFromOverallClocks(matterID, today: today, db: db)
                }
                return try await self.snapshot(matterID, on: db)
            }
        } catch let error as MatterError {
            try await journalRefusal(error.message, matterID: matterID, transition: transitionID, context: context, checks: error.failedChecks)
            throw error
        } catch let error as AccessRefused {
            try await journalRefusal(error.reason, matterID: matterID, transition: transitionID, context: context, checks: [])
            throw error
        }
    }

    private func apply(_ plan: TransitionPlan, type: MatterType, snapshot: MatterSnapshot, actor: Principal?, role: Role?,
                       context: JournalContext, now: Date, db: any Database) async throws {
        let matterID = snapshot.matter.id
        let today = CivilDate(now)
        let sql = db as! any SQLDatabase
        var fields = snapshot.matter.fields
        for (key, value) in plan.input where type.field(key) != nil { fields[key] = value }
        let barred = try await Self.barredTokens(fields, type: type, db: db, cipher: cipher)
        for effect in plan.transition.effects {
            switch effect {
            case .setOrganizationStatus(let status):
                guard let organization = snapshot.matter.organizationID else { throw MatterError.unknownTransition("\(plan.transition.id)：办件未关联社会组织") }
                try await OrganizationRegistry.setStatus(organization, to: status, reason: "\(snapshot.matter.reference) \(plan.transition.name)",
                                                         by: actor?.username ?? "system", on: db, now: now)
            case .publishDecision:
                guard let spec = type.publicDecision else { break }
                var published = snapshot.matter
                published.fields = fields
                let decidedOn = (plan.transition.marks.contains(.decided) ? nil : snapshot.events.last { $0.marks.contains(.decided) }.map { CivilDate($0.at) }) ?? today
                let unit = try await OrgUnitRepository(db: db).find(snapshot.matter.orgUnitID)
                let due = (try? DeadlineCalculator(calendar: try await calendar(for: unit, on: db)).compute(from: decidedOn, period: spec.publishWithin).dueDate)
                    ?? decidedOn.adding(days: 9)
                try await DisclosureRegister.publish(published, type: type, spec: spec, decidedOn: decidedOn, dueBy: due, on: db, now: now)
            case .withdrawDecision:
                let reason = plan.input.first { $0.key.hasSuffix("Reason") }?.value ?? plan.transition.name
                _ = try await DisclosureRegister.withdraw(matterID: matterID.rawValue, note: "\(plan.transition.name)：\(reason)", on: db, now: now)
            case .withdrawReferencedDecision(let field):
                guard let reference = fields[field], let original = try await MatterRecord.query(on: db).filter(\.$reference == reference).first() else {
                    throw ValidationError(field: type.field(field)?.label ?? field, reason: "找不到办件 \(fields[field] ?? "")。")
                }
                _ = try await DisclosureRegister.withdraw(matterID: original.id!, note: "经\(fields["kind"] ?? "复议或诉讼")，结果为「\(fields["outcome"] ?? "")」，原决定撤回公示",
                                                          on: db, now: now)
            case .freezeAnnualReport(let yearField):
                guard let year = fields[yearField].flatMap(Int.init) else { throw ValidationError(field: "报告年度", reason: "办件未记录报告年度。") }
                try await AnnualReportService.freeze(year: year, matters: self, by: actor?.username ?? "system", on: db, now: now)
            case .createRectifications(let prefix, let extraField, let deadlineField):
                guard let deadline = fields[deadlineField].flatMap(CivilDate.init(iso:)) else {
                    throw ValidationError(field: type.field(deadlineField)?.label ?? deadlineField, reason: "请填写整改期限。")
                }
                var items = plan.transition.inputs.filter { $0.key.hasPrefix(prefix) && plan.input[$0.key] == "yes" }.map(\.label)
                if let extraField, let extra = plan.input[extraField], !extra.isEmpty { items.append(extra) }
                for item in items { try await RectificationItems.add(to: matterID, description: item, deadline: deadline, on: db, now: now) }
            case .performOnReferenced(let referenceField, let choiceField, let transitions):
                guard let reference = fields[referenceField], !reference.isEmpty,
                      let transition = fields[choiceField].flatMap({ transitions[$0] }) else { break }
                guard let original = try await MatterRecord.query(on: db).filter(\.$reference == reference).first(), original.typeID == type.id.rawValue else {
                    throw ValidationError(field: type.field(referenceField)?.label ?? referenceField, reason: "找不到办件 \(reference)。")
                }
                _ = try await take(transition, on: Matter.ID(original.id!), by: nil, input: [:], context: JournalContext(actor: .system), now: now)
            }
        }
        // The matter's row changes after the effects, as they may act on other matters first (SQLKit: Fluent's `save`
        // reflects on every property of the model).
        var update = sql.update(MatterRecord.schema)
            .set("state", to: SQLBind(plan.toState.rawValue))
            .set("fields", to: SQLBind(try MatterColumns.sealed(fields, type: type, cipher: cipher)))
            .set("barred", to: SQLBind(barred))
            .set("updated_at", to: SQLBind(now))
        if plan.closesMatter { update = update.set("closed_at", to: SQLBind(now)) }
        if plan.transition.marks.contains(.crossProvince) { update = update.set("cross_province", to: SQLBind(true)) }
        try await update.where("id", .equal, SQLBind(matterID.rawValue)).run()

        let sequence = (snapshot.events.last?.sequence ?? 0) + 1
        var data = Self.eventData(plan.input.filter { type.field($0.key) == nil }, type: type)
        for (key, value) in Self.eventData(plan.input.filter { type.field($0.key) != nil }, type: type) { data[key] = value }
        let event = MatterEvent(sequence: sequence, kind: .transition, transitionID: plan.transition.id, fromState: plan.fromState,
                                toState: plan.toState, actorAccountID: actor?.accountID, actorName: actor?.username ?? "system",
                                actorRole: role, at: now, checks: plan.checks, marks: plan.transition.marks, data: data,
                                summary: "\(plan.transition.name)：\(type.stateName(plan.fromState)) → \(type.stateName(plan.toState))")
        try await Self.insert(event, matterID: matterID, on: db)

        for clock in snapshot.clocks where clock.isRunning && plan.clocksToStop.contains(clock.clockID) {
            try await MatterClockRecord.query(on: db).filter(\.$id == clock.id).set(\.$stoppedOn, to: today.description).update()
        }
        if !plan.clocksToStart.isEmpty {
            let unit = try await OrgUnitRepository(db: db).find(snapshot.matter.orgUnitID)
            let calendar = try await calendar(for: unit, on: db)
            for spec in plan.clocksToStart {
                try await startClock(spec, matterID: matterID, on: today, calendar: calendar, db: db)
            }
        }
        try await refreshNextDue(matterID, on: db)

        var numbers: [String] = []
        for spec in plan.transition.issues {
            let sequenceKind = spec.numberStyle == .certificate ? "doc:\(spec.numberPrefix)\(snapshot.matter.orgUnitCode.prefix(6))" : "doc:\(spec.numberPrefix)"
            let number = spec.number(year: today.year, sequence: try await NumberSequence(db: db).next(kind: sequenceKind, year: today.year),
                                     unitCode: snapshot.matter.orgUnitCode)
            numbers.append(number)
            if let key = spec.numberField {
                fields[key] = number
                try await sql.update(MatterRecord.schema).set("fields", to: SQLBind(try MatterColumns.sealed(fields, type: type, cipher: cipher)))
                    .where("id", .equal, SQLBind(matterID.rawValue)).run()
            }
            var documentData = Self.eventData(fields, type: type)
            for (key, value) in plan.input {
                let spec = type.field(key) ?? plan.transition.inputs.first { $0.key == key }
                documentData[key] = spec?.display(value) ?? value
            }
            documentData["_matterReference"] = snapshot.matter.reference
            documentData["_matterTitle"] = snapshot.matter.title
            documentData["_typeName"] = type.name
            documentData["_legalBasis"] = type.legalBasis
            documentData["_act"] = plan.transition.name
            documentData["_date"] = today.chineseDescription
            let data = JSONText.encode(documentData)
            let document = DocumentColumns(id: UUID(), kind: spec.kind, number: number, title: spec.title, template: spec.template, data: data,
                                           sha256: Digest.sha256Hex(Data(data.utf8)), issuedAt: now, issuedBy: actor?.username ?? "system")
            try await Self.insert(document, of: matterID, into: DocumentRecord.schema, on: db)
        }

        try await Journal(db: db).append(
            JournalEvent(action: "matter.transition", objectType: "matter", objectID: matterID.description,
                         summary: "\(snapshot.matter.reference) \(plan.transition.name)：\(type.stateName(plan.fromState)) → \(type.stateName(plan.toState))",
                         details: ["transition": plan.transition.id.rawValue,
                                   "checks": "\(plan.checks.filter { $0.status == .passed }.count)/\(plan.checks.count)",
                                   "documents": numbers.joined(separator: ",")]),
            context: context, at: now)
        if let applicant = snapshot.matter.applicantAccountID, applicant != actor?.accountID {
            try await NotificationService(db: db).notify(
                [applicant], title: "\(type.name)：\(plan.transition.name)",
                body: "办件 \(snapshot.matter.reference) 当前状态：\(type.stateName(plan.toState))。", link: "/my/matters/\(matterID)", at: now)
        }
    }

    /// D11 (✘ `deadline.noticeCountsTowardLimit` = false): the notice period does not count toward the overall limit.
    func excludeNoticeFromOverallClocks(_ matterID: Matter.ID, today: CivilDate, db: any Database) async throws {
        let clocks = try await MatterClockRecord.query(on: db).filter(\.$matterID == matterID.rawValue).filter(\.$stoppedOn == nil).all()
        guard let notice = clocks.first(where: { $0.clockID == ClockID.notice.rawValue })?.domain else { return }
        let unit = try await OrgUnitRepository(db: db).find(try await MatterRecord.find(matterID.rawValue, on: db).map { OrgUnit.ID($0.orgUnitID) } ?? OrgUnit.ID())
        let calendar = try await calendar(for: unit, on: db)
        for record in clocks where record.kind == ClockKind.overall.rawValue {
            var clock = record.domain
            clock.suspensions.append(DeadlineSuspension(from: today.adding(days: 1), through: notice.dueDate, reason: "公示期不计入总时限（设置）"))
            try clock.recompute(calendar: calendar, today: today)
            try await save(clock, db: db)
        }
        try await refreshNextDue(matterID, on: db)
    }

    // MARK: Helpers

    static func lock(_ matterID: Matter.ID, on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        _ = try await sql.select().column("id").from("matter").where("id", .equal, matterID.rawValue).for(.update).first()
    }

    static func insert(_ event: MatterEvent, matterID: Matter.ID, on db: any Database) async throws {
        try await insert(MatterEventColumns(event), of: matterID, into: MatterEventRecord.schema, on: db)
    }

    /// Inserts a row that belongs to a matter (an event, a clock, a document): its columns and the matter's id.
    static func insert(_ columns: some Encodable & Sendable, of matterID: Matter.ID, into table: String, on db: any Database) async throws {
        try await (db as! any SQLDatabase).insert(OwnedRow(ownerColumn: "matter_id", ownerID: matterID.rawValue, columns: columns), into: table)
    }

    /// Event data never holds personal data in clear: sensitive fields are masked.
    static func eventData(_ values: [String: String], type: MatterType) -> [String: String] {
        var result: [String: String] = [:]
        for (key, value) in values {
            result[key] = type.field(key).map { $0.isSensitive ? $0.display(value) : value } ?? value
        }
        return result
    }

    /// The channels a matter may come in by, with their names.
    public static let channels: [(code: String, name: String)] = [
        ("window", "窗口受理"), ("online", "网上申请"), ("proxy", "委托代办"), ("crossProvince", "跨省通办"),
    ]

    public static func channelName(_ channel: String) -> String {
        channels.first { $0.code == channel }?.name ?? channel
    }

    func calendar(for unit: OrgUnit?, on db: any Database) async throws -> OfficialCalendar {
        try await CalendarRepository(db: db).calendar(code: unit?.calendarCode ?? CalendarDefinition.bureauDefault.code)
    }

    /// Starts a clock. `isNewMatter`: the matter is being registered in this transaction, so no clock ran before.
    @discardableResult
    func startClock(_ spec: ClockSpec, matterID: Matter.ID, on day: CivilDate, calendar: OfficialCalendar, db: any Database,
                    isNewMatter: Bool = false) async throws -> MatterClock {
        // A restarted stage clock replaces the one that ran before.
        if !isNewMatter {
            try await MatterClockRecord.query(on: db).filter(\.$matterID == matterID.rawValue).filter(\.$clockID == spec.id.rawValue)
                .filter(\.$stoppedOn == nil).set(\.$stoppedOn, to: day.description).update()
        }
        var start = day
        if let after = spec.startsAfter,
           let previous = try await MatterClockRecord.query(on: db).filter(\.$matterID == matterID.rawValue)
               .filter(\.$clockID == after.rawValue).all().map(\.domain).max(by: { $0.startDate < $1.startDate }),
           !previous.isPending {
            start = previous.dueDate
        }
        let clock = try MatterClock.start(spec, on: start, calendar: calendar)
        try await Self.insert(MatterClockColumns(clock), of: matterID, into: MatterClockRecord.schema, on: db)
        if let year = clock.pendingYear {
            try await alertMissingCalendar(year: year, clock: clock, db: db)
        } else if spec.onExpiry != nil {
            try await JobQueue(db: db).scheduleExpiry(of: clock, matterID: matterID)
        } else {
            try await JobQueue(db: db).scheduleReminders(for: clock, matterID: matterID, calendar: calendar)
        }
        return clock
    }

    /// Tells the system administrators that a year is missing from the calendar (rules.md §1 fail safe).
    func alertMissingCalendar(year: Int, clock: MatterClock, db: any Database) async throws {
        let administrators = try await AccountRepository(db: db, cipher: cipher).list(AccountFilter(role: .systemAdministrator), page: Pagination(size: 100))
            .items.map(\.id.rawValue)
        try await NotificationService(db: db).notify(
            administrators, title: "\(year) 年节假日安排尚未导入",
            body: "「\(clock.name)」自 \(clock.startDate.chineseDescription) 起算，须用到 \(year) 年的节假日安排，到期日待定。请尽快导入。",
            link: "/admin/calendar")
    }

    func refreshNextDue(_ matterID: Matter.ID, on db: any Database) async throws {
        let clocks = try await MatterClockRecord.query(on: db).filter(\.$matterID == matterID.rawValue).filter(\.$stoppedOn == nil).all()
        try await MatterRecord.query(on: db).filter(\.$id == matterID.rawValue)
            .set(\.$nextDueDate, to: MatterClock.nextDue(of: clocks.map(\.domain))?.description).update()
    }

    /// Runs `body` (an access decision); a refusal is journaled in its own transaction, then rethrown.
    @discardableResult
    func guarded<T>(_ context: JournalContext, matter: Matter?, action: String, _ body: () throws -> T) async throws -> T {
        do {
            return try body()
        } catch let refusal as AccessRefused {
            try await store.write(on: db) { db in
                try await Journal(db: db).append(
                    JournalEvent(action: "access.refused", objectType: "matter", objectID: matter?.id.description,
                                 summary: "拒绝访问：\(action)", outcome: .failure, details: ["action": action]),
                    context: context)
            }
            throw refusal
        }
    }

    func journalRefusal(_ message: String, matterID: Matter.ID, transition: TransitionID, context: JournalContext, checks: [CheckResult]) async throws {
        try await store.write(on: db) { db in
            try await Journal(db: db).append(
                JournalEvent(action: "matter.actRefused", objectType: "matter", objectID: matterID.description,
                             summary: "操作未生效：\(transition.rawValue)", outcome: .failure,
                             details: ["transition": transition.rawValue, "failedChecks": checks.map(\.checkID).joined(separator: ",")]),
                context: context)
        }
    }
}

extension Optional {
    func asyncFlatMap<T>(_ transform: (Wrapped) async throws -> T?) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
