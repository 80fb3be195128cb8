import FluentKit
import Foundation
import MinzhengCore
import SQLKit

/// A booking as its holder and the registry see it.
public struct Appointment: Sendable, Hashable, Identifiable {
    public var id: UUID
    public var reference: String
    public var slot: AppointmentSlot
    public var accountID: UUID
    /// The holder's name, masked (张*三) — the registry checks the ID at the window.
    public var holderName: String
    public var status: AppointmentStatus
    public var createdAt: Date
}

/// The marriage registry's appointment book: registry staff open slots on working days; citizens book and cancel
/// their own. Every change is one transaction and journaled; the capacity is never exceeded, even by simultaneous
/// bookings.
public struct AppointmentBook: Sendable {
    let store: Store
    let db: any Database
    let permissions: PermissionTable

    public init(store: Store, db: any Database, permissions: PermissionTable = .standard) {
        self.store = store
        self.db = db
        self.permissions = permissions
    }

    var sql: any SQLDatabase { db as! any SQLDatabase }

    public struct Opening: Sendable, Hashable {
        public var opened: [CivilDate]
        public var alreadyOpen: [CivilDate]
        public var skipped: [DayClassification]
    }

    /// The registries (✘ `marriage.registryUnitCodes`) that exist in the org tree.
    public func registries() async throws -> [OrgUnit] {
        let codes = try await SettingRepository(db: db).snapshot().list("marriage.registryUnitCodes")
        let units = try await OrgUnitRepository(db: db).all()
        return codes.compactMap { code in units.first { $0.code == code } }
    }

    // MARK: Registry staff

    /// Opens `service` at `unit` for every working day in `from...through` with `capacity` places a day.
    public func open(_ service: AppointmentService, at unit: OrgUnit, from: CivilDate, through: CivilDate, capacity: Int?,
                     by principal: Principal, context: JournalContext, now: Date = Date()) async throws -> Opening {
        _ = try AccessPolicy.require(principal, .manageAppointments, on: AccessTarget(orgUnitPath: unit.path), table: permissions)
        guard try await registries().contains(where: { $0.id == unit.id }) else {
            throw ValidationError(field: "登记机关", reason: "\(unit.name)不是设置中的婚姻登记机关。")
        }
        let places = try AppointmentRules.validateCapacity(capacity)
        let calendar = try await CalendarRepository(db: db).calendar(code: unit.calendarCode)
        let days = try AppointmentRules.openingDays(from: from, through: through, today: CivilDate(now), calendar: calendar)
        return try await store.write(on: db) { db in
            let sql = db as! any SQLDatabase
            struct Existing: Decodable { var day: String }
            let existing = Set(try await sql.select().column("day").from("appointment_slot")
                .where("org_unit_id", .equal, unit.id.rawValue).where("service", .equal, service.rawValue)
                .where("day", .in, SQLBind.group(days.open.map(\.description))).all(decoding: Existing.self).map(\.day))
            var opened: [CivilDate] = []
            for day in days.open where !existing.contains(day.description) {
                try await sql.insert(into: "appointment_slot")
                    .columns("id", "org_unit_id", "day", "service", "capacity", "booked", "created_by", "created_at")
                    .values(SQLBind(UUID()), SQLBind(unit.id.rawValue), SQLBind(day.description), SQLBind(service.rawValue),
                            SQLBind(places), SQLBind(0), SQLBind(principal.username), SQLBind(now))
                    .run()
                opened.append(day)
            }
            try await Journal(db: db).append(
                JournalEvent(action: "appointment.open", objectType: "org_unit", objectID: unit.id.description,
                             summary: "开放\(service.chineseName)预约：\(unit.name) \(from)—\(through)，\(opened.count) 天，每日 \(places) 个名额",
                             details: ["service": service.rawValue, "opened": "\(opened.count)", "capacity": "\(places)"]),
                context: context, at: now)
            return Opening(opened: opened, alreadyOpen: days.open.filter { existing.contains($0.description) }, skipped: days.skipped)
        }
    }

    /// Changes a slot's capacity; never below the places already booked.
    public func setCapacity(_ slotID: UUID, to capacity: Int?, by principal: Principal, context: JournalContext, now: Date = Date()) async throws {
        let places = try AppointmentRules.validateCapacity(capacity)
        try await store.write(on: db) { db in
            let slot = try await Self.lockedSlot(slotID, on: db)
            _ = try AccessPolicy.require(principal, .manageAppointments, on: AccessTarget(orgUnitPath: slot.path), table: self.permissions)
            guard places >= slot.slot.booked else {
                throw ValidationError(field: "每日名额", reason: "已有 \(slot.slot.booked) 人预约，名额不能少于此数。")
            }
            try await (db as! any SQLDatabase).update("appointment_slot").set("capacity", to: places).where("id", .equal, slotID).run()
            try await Journal(db: db).append(
                JournalEvent(action: "appointment.capacity", objectType: "appointment_slot", objectID: slotID.uuidString.lowercased(),
                             summary: "调整预约名额：\(slot.slot.day) \(slot.slot.service.chineseName) \(slot.slot.capacity) → \(places)"),
                context: context, at: now)
        }
    }

    /// The slots of the registries in the person's units, from `from` on, soonest first.
    public func slots(for principal: Principal, from: CivilDate, page: Pagination) async throws -> PagedList<AppointmentSlot> {
        let paths = principal.roles.filter { !permissions.scopes(of: $0.role, for: .manageAppointments).isEmpty }.map(\.orgUnitPath)
        guard !paths.isEmpty else { return PagedList(items: [], request: page, total: 0) }
        return try await slotPage(page: page, order: .ascending) { builder in
            builder.where(SQLColumn("day", table: "appointment_slot"), .greaterThanOrEqual, SQLBind(from.description)).where { group in
                for path in paths { group.orWhere(SQLColumn("path", table: "org_unit"), .like, SQLBind(path + "%")) }
                return group
            }
        }
    }

    /// The bookings of one slot, for the registry.
    public func bookings(of slotID: UUID, by principal: Principal, cipher: FieldCipher) async throws -> (AppointmentSlot, [Appointment]) {
        let slot = try await Self.lockedSlot(slotID, on: db, locking: false)
        _ = try AccessPolicy.require(principal, .manageAppointments, on: AccessTarget(orgUnitPath: slot.path), table: permissions)
        let list = try await appointments(page: Pagination(size: AppointmentRules.maximumCapacity)) { builder in
            builder.where(SQLColumn("slot_id", table: "appointment"), .equal, SQLBind(slotID))
        }
        return (slot.slot, list.items)
    }

    /// Records whether the holder came.
    public func mark(_ appointmentID: UUID, as status: AppointmentStatus, by principal: Principal, context: JournalContext, now: Date = Date()) async throws {
        guard status == .attended || status == .missed else { throw ValidationError(field: "状态", reason: "只能登记为已到场或未到场。") }
        try await store.write(on: db) { db in
            let (appointment, path) = try await self.locked(appointmentID, on: db)
            _ = try AccessPolicy.require(principal, .manageAppointments, on: AccessTarget(orgUnitPath: path), table: self.permissions)
            guard appointment.status == .booked else { throw ValidationError(field: "预约", reason: "此预约已\(appointment.status.chineseName)。") }
            guard appointment.slot.day <= CivilDate(now) else { throw ValidationError(field: "预约", reason: "预约日期尚未到来。") }
            try await (db as! any SQLDatabase).update("appointment").set("status", to: status.rawValue).set("updated_at", to: now)
                .where("id", .equal, appointmentID).run()
            try await Journal(db: db).append(
                JournalEvent(action: "appointment.mark", objectType: "appointment", objectID: appointment.reference,
                             summary: "预约 \(appointment.reference) 登记为\(status.chineseName)"),
                context: context, at: now)
        }
    }

    // MARK: Citizens

    /// Slots with places left in the booking horizon (✘ `marriage.bookingHorizonDays`), soonest first.
    public func available(_ service: AppointmentService?, today: CivilDate, page: Pagination) async throws -> PagedList<AppointmentSlot> {
        let horizon = try await SettingRepository(db: db).snapshot().int("marriage.bookingHorizonDays")
        return try await slotPage(page: page, order: .ascending) { builder in
            var builder = builder
                .where(SQLColumn("day", table: "appointment_slot"), .greaterThanOrEqual, SQLBind(today.description))
                .where(SQLColumn("day", table: "appointment_slot"), .lessThanOrEqual, SQLBind(today.adding(days: horizon).description))
                .where(SQLColumn("booked", table: "appointment_slot"), .lessThan, SQLColumn("capacity", table: "appointment_slot"))
            if let service { builder = builder.where(SQLColumn("service", table: "appointment_slot"), .equal, SQLBind(service.rawValue)) }
            return builder
        }
    }

    /// Books a place: one open booking per person and service; never beyond the capacity; only on a working day
    /// that has not passed.
    public func book(_ slotID: UUID, by principal: Principal, context: JournalContext, now: Date = Date()) async throws -> Appointment {
        _ = try AccessPolicy.require(principal, .bookAppointment, on: .system, table: permissions)
        let today = CivilDate(now)
        let id = try await store.write(on: db) { db -> UUID in
            let sql = db as! any SQLDatabase
            let slot = try await Self.lockedSlot(slotID, on: db)
            guard slot.slot.day >= today else { throw ValidationError(field: "预约日期", reason: "\(slot.slot.day.chineseDescription)已过，不能预约。") }
            let horizon = try await SettingRepository(db: db).snapshot().int("marriage.bookingHorizonDays")
            guard slot.slot.day <= today.adding(days: horizon) else {
                throw ValidationError(field: "预约日期", reason: "只能预约 \(horizon) 天以内的日期。")
            }
            let calendar = try await CalendarRepository(db: db).calendar(code: slot.calendarCode)
            let day = try calendar.classify(slot.slot.day)
            guard day.isWorkday else { throw ValidationError(field: "预约日期", reason: "\(slot.slot.day.chineseDescription)为\(day.reason)，登记机关不办公。") }
            struct Count: Decodable { var n: Int }
            let open = try await sql.select().column(SQLFunction("count", args: SQLLiteral.all), as: "n").from("appointment")
                .join("appointment_slot", on: SQLColumn("slot_id", table: "appointment"), .equal, SQLColumn("id", table: "appointment_slot"))
                .where(SQLColumn("account_id", table: "appointment"), .equal, SQLBind(principal.accountID))
                .where(SQLColumn("status", table: "appointment"), .equal, SQLBind(AppointmentStatus.booked.rawValue))
                .where(SQLColumn("service", table: "appointment_slot"), .equal, SQLBind(slot.slot.service.rawValue))
                .where(SQLColumn("day", table: "appointment_slot"), .greaterThanOrEqual, SQLBind(today.description))
                .first(decoding: Count.self)?.n ?? 0
            guard open == 0 else {
                throw ValidationError(field: "预约", reason: "您已有一个未办理的「\(slot.slot.service.chineseName)」预约，请先取消后再预约。")
            }
            guard slot.slot.remaining > 0 else { throw ValidationError(field: "预约", reason: "\(slot.slot.day.chineseDescription)的名额已约满，请选择其他日期。") }
            try await sql.update("appointment_slot")
                .set(SQLIdentifier("booked"), to: SQLBinaryExpression(SQLIdentifier("booked"), .add, SQLLiteral.numeric("1")))
                .where("id", .equal, slotID).run()
            let number = try await NumberSequence(db: db).next(kind: "appointment", year: today.year)
            let reference = "YY-\(today.year)-" + String(format: "%06d", number)
            let id = UUID()
            try await sql.insert(into: "appointment").columns("id", "slot_id", "account_id", "reference", "status", "created_at", "updated_at")
                .values(SQLBind(id), SQLBind(slotID), SQLBind(principal.accountID), SQLBind(reference), SQLBind(AppointmentStatus.booked.rawValue),
                        SQLBind(now), SQLBind(now))
                .run()
            try await Journal(db: db).append(
                JournalEvent(action: "appointment.book", objectType: "appointment", objectID: reference,
                             summary: "预约\(slot.slot.service.chineseName)：\(slot.slot.unitName) \(slot.slot.day)"),
                context: context, at: now)
            try await NotificationService(db: db).notify(
                [principal.accountID], title: "预约成功：\(slot.slot.service.chineseName)",
                body: "预约号 \(reference)，\(slot.slot.day.chineseDescription)，\(slot.slot.unitName)。请双方携带本人居民身份证按时到场。",
                link: "/my/appointments", at: now)
            return id
        }
        return try await appointment(id)
    }

    /// Cancels one's own booking before its day; the place returns to the slot.
    public func cancel(_ appointmentID: UUID, by principal: Principal, context: JournalContext, now: Date = Date()) async throws {
        try await store.write(on: db) { db in
            let (appointment, _) = try await self.locked(appointmentID, on: db)
            guard appointment.accountID == principal.accountID else { throw AccessRefused(reason: "只能取消本人的预约。") }
            guard appointment.status == .booked else { throw ValidationError(field: "预约", reason: "此预约已\(appointment.status.chineseName)。") }
            guard appointment.slot.day > CivilDate(now) else { throw ValidationError(field: "预约", reason: "预约当天及之后不能在网上取消，请联系登记机关。") }
            let sql = db as! any SQLDatabase
            try await sql.update("appointment").set("status", to: AppointmentStatus.cancelled.rawValue).set("updated_at", to: now)
                .where("id", .equal, appointmentID).run()
            try await sql.update("appointment_slot")
                .set(SQLIdentifier("booked"), to: SQLBinaryExpression(SQLIdentifier("booked"), .subtract, SQLLiteral.numeric("1")))
                .where("id", .equal, appointment.slot.id).run()
            try await Journal(db: db).append(
                JournalEvent(action: "appointment.cancel", objectType: "appointment", objectID: appointment.reference,
                             summary: "取消预约 \(appointment.reference)"),
                context: context, at: now)
        }
    }

    public func mine(_ accountID: UUID, page: Pagination) async throws -> PagedList<Appointment> {
        try await appointments(page: page, newestFirst: true) { $0.where(SQLColumn("account_id", table: "appointment"), .equal, SQLBind(accountID)) }
    }

    public func appointment(_ id: UUID) async throws -> Appointment {
        guard let found = try await appointments(page: Pagination(size: 1), { $0.where(SQLColumn("id", table: "appointment"), .equal, SQLBind(id)) }).items.first
        else { throw ValidationError(field: "预约", reason: "预约不存在。") }
        return found
    }

    // MARK: Rows

    private struct SlotRow: Decodable {
        var id: UUID
        var org_unit_id: UUID
        var unit_name: String
        var path: String
        var calendar_code: String
        var day: String
        var service: String
        var capacity: Int
        var booked: Int

        var slot: AppointmentSlot {
            AppointmentSlot(id: id, orgUnitID: .init(org_unit_id), unitName: unit_name, day: CivilDate(iso: day) ?? CivilDate(dayNumber: 0),
                            service: AppointmentService(rawValue: service) ?? .marriage, capacity: capacity, booked: booked)
        }
    }

    private static func slotSelect(_ builder: SQLSelectBuilder) -> SQLSelectBuilder {
        builder
            .column(SQLColumn("id", table: "appointment_slot")).column(SQLColumn("org_unit_id", table: "appointment_slot"))
            .column(SQLColumn("name", table: "org_unit"), as: "unit_name").column(SQLColumn("path", table: "org_unit"))
            .column(SQLColumn("calendar_code", table: "org_unit"))
            .column(SQLColumn("day", table: "appointment_slot")).column(SQLColumn("service", table: "appointment_slot"))
            .column(SQLColumn("capacity", table: "appointment_slot")).column(SQLColumn("booked", table: "appointment_slot"))
            .from("appointment_slot")
            .join("org_unit", on: SQLColumn("org_unit_id", table: "appointment_slot"), .equal, SQLColumn("id", table: "org_unit"))
    }

    /// The slot, its unit's path and calendar; locked for update inside a transaction.
    private static func lockedSlot(_ slotID: UUID, on db: any Database, locking: Bool = true)
        async throws -> (slot: AppointmentSlot, path: String, calendarCode: String) {
        let sql = db as! any SQLDatabase
        if locking { _ = try await sql.select().column("id").from("appointment_slot").where("id", .equal, slotID).for(.update).first() }
        guard let row = try await slotSelect(sql.select()).where(SQLColumn("id", table: "appointment_slot"), .equal, SQLBind(slotID))
            .first(decoding: SlotRow.self)
        else { throw ValidationError(field: "预约时段", reason: "预约时段不存在。") }
        return (row.slot, row.path, row.calendar_code)
    }

    private func locked(_ appointmentID: UUID, on db: any Database) async throws -> (Appointment, String) {
        let sql = db as! any SQLDatabase
        _ = try await sql.select().column("id").from("appointment").where("id", .equal, appointmentID).for(.update).first()
        let appointment = try await AppointmentBook(store: store, db: db, permissions: permissions).appointment(appointmentID)
        let slot = try await Self.lockedSlot(appointment.slot.id, on: db)
        return (appointment, slot.path)
    }

    private func slotPage(page: Pagination, order: SQLDirection, _ condition: (SQLSelectBuilder) -> SQLSelectBuilder) async throws -> PagedList<AppointmentSlot> {
        struct Count: Decodable { var n: Int }
        let total = try await condition(sql.select().column(SQLFunction("count", args: SQLLiteral.all), as: "n").from("appointment_slot")
            .join("org_unit", on: SQLColumn("org_unit_id", table: "appointment_slot"), .equal, SQLColumn("id", table: "org_unit")))
            .first(decoding: Count.self)?.n ?? 0
        let rows = try await condition(Self.slotSelect(sql.select()))
            .orderBy(SQLColumn("day", table: "appointment_slot"), order).orderBy(SQLColumn("name", table: "org_unit"))
            .orderBy(SQLColumn("service", table: "appointment_slot"))
            .limit(page.size).offset(page.offset).all(decoding: SlotRow.self)
        return PagedList(items: rows.map(\.slot), request: page, total: total)
    }

    private struct AppointmentRow: Decodable {
        var appointment_id: UUID
        var reference: String
        var account_id: UUID
        var display_name: String
        var status: String
        var created_at: Date
    }

    private func appointments(page: Pagination, newestFirst: Bool = false, _ condition: (SQLSelectBuilder) -> SQLSelectBuilder) async throws -> PagedList<Appointment> {
        struct Count: Decodable { var n: Int }
        func joined(_ builder: SQLSelectBuilder) -> SQLSelectBuilder {
            builder.join("appointment_slot", on: SQLColumn("slot_id", table: "appointment"), .equal, SQLColumn("id", table: "appointment_slot"))
                .join("org_unit", on: SQLColumn("org_unit_id", table: "appointment_slot"), .equal, SQLColumn("id", table: "org_unit"))
                .join("account", on: SQLColumn("account_id", table: "appointment"), .equal, SQLColumn("id", table: "account"))
        }
        let total = try await condition(joined(sql.select().column(SQLFunction("count", args: SQLLiteral.all), as: "n").from("appointment")))
            .first(decoding: Count.self)?.n ?? 0
        let rows = try await condition(Self.appointmentSelect(sql.select()))
            .orderBy(SQLColumn("day", table: "appointment_slot"), newestFirst ? SQLDirection.descending : SQLDirection.ascending)
            .orderBy(SQLColumn("created_at", table: "appointment"), SQLDirection.ascending)
            .limit(page.size).offset(page.offset).all()
        var items: [Appointment] = []
        for row in rows {
            let slot = try row.decode(model: SlotRow.self)
            let appointment = try row.decode(model: AppointmentRow.self)
            items.append(Appointment(id: appointment.appointment_id, reference: appointment.reference, slot: slot.slot, accountID: appointment.account_id,
                                     holderName: Masking.name(appointment.display_name), status: AppointmentStatus(rawValue: appointment.status) ?? .booked,
                                     createdAt: appointment.created_at))
        }
        return PagedList(items: items, request: page, total: total)
    }

    private static func appointmentSelect(_ builder: SQLSelectBuilder) -> SQLSelectBuilder {
        builder
            .column(SQLColumn("id", table: "appointment_slot")).column(SQLColumn("org_unit_id", table: "appointment_slot"))
            .column(SQLColumn("name", table: "org_unit"), as: "unit_name").column(SQLColumn("path", table: "org_unit"))
            .column(SQLColumn("calendar_code", table: "org_unit"))
            .column(SQLColumn("day", table: "appointment_slot")).column(SQLColumn("service", table: "appointment_slot"))
            .column(SQLColumn("capacity", table: "appointment_slot")).column(SQLColumn("booked", table: "appointment_slot"))
            .column(SQLColumn("id", table: "appointment"), as: "appointment_id").column(SQLColumn("reference", table: "appointment"))
            .column(SQLColumn("account_id", table: "appointment")).column(SQLColumn("display_name", table: "account"))
            .column(SQLColumn("status", table: "appointment")).column(SQLColumn("created_at", table: "appointment"))
            .from("appointment")
            .join("appointment_slot", on: SQLColumn("slot_id", table: "appointment"), .equal, SQLColumn("id", table: "appointment_slot"))
            .join("org_unit", on: SQLColumn("org_unit_id", table: "appointment_slot"), .equal, SQLColumn("id", table: "org_unit"))
            .join("account", on: SQLColumn("account_id", table: "appointment"), .equal, SQLColumn("id", table: "account"))
    }
}
