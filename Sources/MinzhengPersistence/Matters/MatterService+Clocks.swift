import FluentKit
import Foundation
import MinzhengCore
import SQLKit

extension MatterService {
    /// Suspends a running clock (中止: 补正材料, 鉴定, a hearing …) from `from`, with reason and legal basis.
    public func suspend(_ clockID: ClockID, on matterID: Matter.ID, from: CivilDate, reason: String, legalBasis: String?,
                        by principal: Principal, context: JournalContext, now: Date = Date()) async throws {
        let reason = try Self.requireReason(reason)
        try await clockAct(matterID, by: principal, action: { $0.handleAction }, context: context) { db, snapshot, type, role in
            guard var clock = snapshot.clocks.last(where: { $0.clockID == clockID && $0.isRunning }) else {
                throw ValidationError(field: "期限", reason: "该期限未在计算中，无法中止。")
            }
            guard !clock.isSuspended else { throw ValidationError(field: "期限", reason: "该期限已处于中止状态。") }
            guard from >= clock.startDate else { throw ValidationError(field: "中止起始日", reason: "不能早于期限起算日。") }
            // A deadline that has run out cannot be suspended after the fact: the days past it are overdue and take a
            // recorded reason, not a suspension that would hide them.
            guard from <= clock.dueDate else {
                throw ValidationError(field: "中止起始日", reason: "该期限已于\(clock.dueDate.chineseDescription)届满，届满后不能中止；超期请在办理时写明原因。")
            }
            clock.suspendedSince = from
            clock.suspensionReason = reason
            try await self.save(clock, db: db)
            try await self.appendEvent(.suspended, on: snapshot, principal: principal, role: role, now: now, db: db,
                                       data: ["clock": clockID.rawValue, "from": from.description, "reason": reason, "legalBasis": legalBasis ?? ""],
                                       summary: "\(clock.name)自 \(from.chineseDescription) 起中止：\(reason)", context: context)
        }
    }

    /// Resumes a suspended clock; the suspended days are kept and do not count.
    public func resume(_ clockID: ClockID, on matterID: Matter.ID, by principal: Principal, context: JournalContext, now: Date = Date()) async throws {
        let today = CivilDate(now)
        try await clockAct(matterID, by: principal, action: { $0.handleAction }, context: context) { db, snapshot, type, role in
            guard var clock = snapshot.clocks.last(where: { $0.clockID == clockID && $0.isRunning }), let since = clock.suspendedSince else {
                throw ValidationError(field: "期限", reason: "该期限未处于中止状态。")
            }
            let through = max(since, today.adding(days: -1))
            if through >= since {
                clock.suspensions.append(DeadlineSuspension(from: since, through: through, reason: clock.suspensionReason ?? "中止"))
            }
            clock.suspendedSince = nil
            clock.suspensionReason = nil
            let old = clock.dueDate
            try clock.recompute(calendar: try await self.calendar(for: try await OrgUnitRepository(db: db).find(snapshot.matter.orgUnitID), on: db), today: today)
            try await self.save(clock, db: db)
            try await self.appendEvent(.resumed, on: snapshot, principal: principal, role: role, now: now, db: db,
                                       data: ["clock": clockID.rawValue, "oldDueDate": old.description, "newDueDate": clock.dueDate.description],
                                       summary: clock.dueDate == old ? "\(clock.name)恢复计算，到期日仍为 \(old.chineseDescription)"
                                           : "\(clock.name)恢复计算，到期日 \(old.chineseDescription) → \(clock.dueDate.chineseDescription)",
                                       context: context)
        }
    }

    /// Extends a clock (延长) within its rule, approved by a 领导 with a reason; the old and new due dates are kept.
    public func extend(_ clockID: ClockID, on matterID: Matter.ID, by period: Period, reason: String, partyNotified: Bool,
                       principal: Principal, context: JournalContext, now: Date = Date()) async throws {
        let reason = try Self.requireReason(reason)
        let today = CivilDate(now)
        try await clockAct(matterID, by: principal, action: { $0.extendAction }, context: context) { db, snapshot, type, role in
            guard var clock = snapshot.clocks.last(where: { $0.clockID == clockID && $0.isRunning }),
                  let rule = type.clock(clockID)?.extensionRule
            else { throw ValidationError(field: "期限", reason: "该期限依法不能延长。") }
            guard rule.approverRoles.contains(role) else { throw AccessRefused(reason: "延长期限须由\(rule.approverRoles.map(\.chineseName).joined(separator: "、"))批准。") }
            let used = clock.extensions.filter { $0.period.unit == period.unit }.reduce(0) { $0 + $1.period.length }
            guard period.unit == rule.maximum.unit, period.length > 0, period.length <= rule.maximum.length - used else {
                throw ValidationError(field: "延长期限", reason: "最多可延长 \(rule.maximum)（\(rule.legalBasis)），已延长 \(used)\(rule.maximum.unit.chineseName)。")
            }
            if rule.requiresNoticeToParty && !partyNotified {
                throw ValidationError(field: "告知当事人", reason: "延长须告知当事人延期理由（\(rule.legalBasis)）。")
            }
            let old = clock.dueDate
            clock.extensions.append(DeadlineExtension(period: period, reason: reason, legalBasis: rule.legalBasis))
            try clock.recompute(calendar: try await self.calendar(for: try await OrgUnitRepository(db: db).find(snapshot.matter.orgUnitID), on: db), today: today)
            try await self.save(clock, db: db)
            try await self.appendEvent(.extended, on: snapshot, principal: principal, role: role, now: now, db: db,
                                       data: ["clock": clockID.rawValue, "period": period.description, "reason": reason,
                                              "oldDueDate": old.description, "newDueDate": clock.dueDate.description,
                                              "partyNotified": partyNotified ? "yes" : "no"],
                                       summary: "\(clock.name)延长 \(period)，到期日 \(old.chineseDescription) → \(clock.dueDate.chineseDescription)",
                                       context: context)
        }
    }

    /// Recomputes the open clocks of every matter after a calendar change; returns how many due dates moved.
    public func recomputeOpenClocks(years: Set<Int>, context: JournalContext, now: Date = Date()) async throws -> Int {
        let today = CivilDate(now)
        return try await store.write(on: db) { db in
            let open = try await MatterClockRecord.query(on: db).filter(\.$stoppedOn == nil).all()
            var moved = 0
            var calendars: [String: OfficialCalendar] = [:]
            for record in open {
                var clock = record.domain
                let touched = Set([clock.startDate.year, clock.dueDate.year, clock.dueDate.year + 1] + (clock.pendingYear.map { [$0] } ?? []))
                guard !touched.isDisjoint(with: years) else { continue }
                if calendars[clock.calendarCode] == nil {
                    calendars[clock.calendarCode] = try await CalendarRepository(db: db).calendar(code: clock.calendarCode)
                }
                let old = clock.dueDate
                let wasPending = clock.isPending
                guard (try? clock.recompute(calendar: calendars[clock.calendarCode]!, today: today)) != nil else { continue }
                guard clock.dueDate != old || clock.isUnconfirmed != record.unconfirmed || wasPending != clock.isPending else { continue }
                let expires = try await MatterRecord.find(record.matterID, on: db)
                    .flatMap { self.registry.type(MatterTypeID(rawValue: $0.typeID))?.clock(clock.clockID)?.onExpiry } != nil
                if expires && !clock.isPending && (wasPending || clock.dueDate != old) {
                    try await JobQueue(db: db).scheduleExpiry(of: clock, matterID: .init(record.matterID))
                } else if wasPending && !clock.isPending {
                    try await JobQueue(db: db).scheduleReminders(for: clock, matterID: .init(record.matterID), calendar: calendars[clock.calendarCode]!)
                }
                try await self.save(clock, db: db)
                try await self.refreshNextDue(.init(record.matterID), on: db)
                if clock.dueDate != old {
                    moved += 1
                    try await Journal(db: db).append(
                        JournalEvent(action: "matter.clockRecomputed", objectType: "matter", objectID: record.matterID.uuidString.lowercased(),
                                     summary: "日历调整，\(clock.name)到期日 \(old.chineseDescription) → \(clock.dueDate.chineseDescription)",
                                     details: ["oldDueDate": old.description, "newDueDate": clock.dueDate.description]),
                        context: context, at: now)
                    let handlers = try await HandlerDirectory(db: db, registry: self.registry).handlers(of: .init(record.matterID))
                    try await NotificationService(db: db).notify(handlers, title: "期限因日历调整而变化",
                                                                 body: "\(clock.name)：\(old.chineseDescription) → \(clock.dueDate.chineseDescription)",
                                                                 link: "/work/matters/\(record.matterID.uuidString.lowercased())", at: now)
                }
            }
            return moved
        }
    }

    // MARK: Shared

    static func requireReason(_ reason: String) throws -> String {
        let trimmed = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (4...500).contains(trimmed.count) else { throw ValidationError(field: "理由", reason: "请写明理由（4–500 字）。") }
        return trimmed
    }

    func clockAct(_ matterID: Matter.ID, by principal: Principal, action: @escaping @Sendable (MatterType) -> Action, context: JournalContext,
                  _ body: @escaping @Sendable (any Database, MatterSnapshot, MatterType, Role) async throws -> Void) async throws {
        do {
            try await store.write(on: db) { db in
                try await Self.lock(matterID, on: db)
                let snapshot = try await self.snapshot(matterID, on: db)
                let type = try self.registry.require(snapshot.matter.typeID)
                let role = try AccessPolicy.require(principal, action(type), on: snapshot.matter.accessTarget, table: self.permissions)
                try await body(db, snapshot, type, role)
                try await self.refreshNextDue(matterID, on: db)
            }
        } catch let refusal as AccessRefused {
            try await journalRefusal(refusal.reason, matterID: matterID, transition: "clock", context: context, checks: [])
            throw refusal
        }
    }

    /// Writes a clock over its stored row: every column from `MatterClockColumns`, a cleared value (a suspension
    /// ended, a stop undone) as NULL.
    func save(_ clock: MatterClock, db: any Database) async throws {
        try await (db as! any SQLDatabase).update(MatterClockColumns(clock), in: MatterClockRecord.schema)
    }

    func appendEvent(_ kind: MatterEvent.Kind, on snapshot: MatterSnapshot, principal: Principal, role: Role?, now: Date, db: any Database,
                     data: [String: String], summary: String, marks: Set<EventMark> = [], context: JournalContext) async throws {
        let sequence = try await MatterEventRecord.query(on: db).filter(\.$matterID == snapshot.matter.id.rawValue).max(\.$sequence) ?? 0
        let event = MatterEvent(sequence: sequence + 1, kind: kind, actorAccountID: principal.accountID, actorName: principal.username,
                                actorRole: role, at: now, marks: marks, data: data, summary: summary)
        try await Self.insert(event, matterID: snapshot.matter.id, on: db)
        try await Journal(db: db).append(
            JournalEvent(action: "matter.\(kind.rawValue)", objectType: "matter", objectID: snapshot.matter.id.description,
                         summary: "\(snapshot.matter.reference) \(summary)", details: data.filter { $0.key != "content" }),
            context: context, at: now)
    }
}
