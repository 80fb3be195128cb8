import MinzhengCore
import MinzhengPersistence
import Vapor

/// `/work/appointments`: the registry opens appointment slots on working days, adjusts a day's places, sees each
/// day's bookings and records who came.
struct RegistryAppointmentsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let work = routes.grouped(RequireLoginMiddleware()).grouped("work", "appointments")
        work.get(use: list)
        work.get("export", ":format", use: export)
        work.post(use: open)
        work.get(":slotID", use: slot)
        work.post(":slotID", "capacity", use: capacity)
        work.post("bookings", ":appointmentID", use: mark)
    }

    struct OpenForm: Content {
        var unit: String?
        var service: String?
        var from: String?
        var through: String?
        var capacity: String?
    }

    @Sendable
    func list(_ request: Request) async throws -> Response {
        try await authorizeRegistryStaff(request)
        return try await request.render(try await listPage(request, form: OpenForm()))
    }

    @Sendable
    func open(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        try await authorizeRegistryStaff(request)
        let form = try request.content.decode(OpenForm.self)
        do {
            let registries = try await book(request).registries()
            guard let unit = registries.first(where: { $0.code == form.unit }) else {
                throw ValidationError(field: "登记机关", reason: "请选择婚姻登记机关。")
            }
            guard let service = form.service.flatMap(AppointmentService.init(rawValue:)) else {
                throw ValidationError(field: "预约事项", reason: "请选择预约事项。")
            }
            guard let from = form.from.flatMap(CivilDate.init(iso:)) else { throw ValidationError(field: "开始日期", reason: "应为 YYYY-MM-DD 格式的真实日期。") }
            let through = form.through.flatMap { $0.isEmpty ? nil : CivilDate(iso: $0) } ?? from
            let capacity = form.capacity.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            let opening = try await book(request).open(service, at: unit, from: from, through: through, capacity: capacity,
                                                       by: user.principal, context: request.journalContext())
            var message = "已开放 \(opening.opened.count) 天。"
            if !opening.alreadyOpen.isEmpty { message += "\(opening.alreadyOpen.count) 天此前已开放，未重复开放。" }
            if !opening.skipped.isEmpty {
                message += "跳过非工作日：" + opening.skipped.prefix(10).map { "\($0.date.month)月\($0.date.day)日（\($0.reason)）" }.joined(separator: "、")
                if opening.skipped.count > 10 { message += " 等 \(opening.skipped.count) 天" }
                message += "。"
            }
            return request.redirect(to: "/work/appointments", flash: message)
        } catch let error as any DomainError {
            var page = try await listPage(request, form: form)
            page.error = error.message
            return try await request.render(page, status: .unprocessableEntity)
        } catch let error as AccessRefused {
            throw AccessDenied(reason: error.reason)
        }
    }

    @Sendable
    func slot(_ request: Request) async throws -> Response {
        try await authorizeRegistryStaff(request)
        return try await request.render(try await slotPage(request))
    }

    @Sendable
    func capacity(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        try await authorizeRegistryStaff(request)
        guard let slotID = request.parameters.get("slotID", as: UUID.self) else { throw Abort(.notFound) }
        struct Form: Content { var capacity: String? }
        let form = try request.content.decode(Form.self)
        do {
            try await book(request).setCapacity(slotID, to: form.capacity.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) },
                                                by: user.principal, context: request.journalContext())
            return request.redirect(to: "/work/appointments/\(slotID)", flash: "名额已调整。")
        } catch let error as ValidationError {
            var page = try await slotPage(request)
            page.error = error.message
            return try await request.render(page, status: .unprocessableEntity)
        } catch let error as AccessRefused {
            throw AccessDenied(reason: error.reason)
        }
    }

    @Sendable
    func mark(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        try await authorizeRegistryStaff(request)
        guard let id = request.parameters.get("appointmentID", as: UUID.self) else { throw Abort(.notFound) }
        struct Form: Content { var status: String? }
        let form = try request.content.decode(Form.self)
        let appointment = try await book(request).appointment(id)
        do {
            guard let status = form.status.flatMap(AppointmentStatus.init(rawValue:)) else {
                throw ValidationError(field: "状态", reason: "请选择到场情况。")
            }
            try await book(request).mark(id, as: status, by: user.principal, context: request.journalContext())
            return request.redirect(to: "/work/appointments/\(appointment.slot.id)", flash: "已登记 \(appointment.reference) 为\(status.chineseName)。")
        } catch let error as ValidationError {
            return request.redirect(to: "/work/appointments/\(appointment.slot.id)", flash: error.message)
        } catch let error as AccessRefused {
            throw AccessDenied(reason: error.reason)
        }
    }

    /// The open slots as the list shows them, every page.
    @Sendable
    func export(_ request: Request) async throws -> Response {
        try await authorizeRegistryStaff(request)
        let user = try request.requireUser()
        let format = try await request.exportFormat()
        let book = book(request)
        let slots = try await allPages { page in try await book.slots(for: user.principal, from: request.today, page: page) }
        let table = ExportTable(title: "婚姻登记预约名额", columns: ["日期", "星期", "登记机关", "业务", "已预约", "名额"],
                                rows: slots.map { [.date($0.day), .text($0.day.weekday.chineseName), .text($0.unitName), .text($0.service.chineseName),
                                                   .number(Double($0.booked)), .number(Double($0.capacity))] })
        return try await request.export(table, as: format, list: "work.appointments")
    }

    /// Registry staff only: allowed at one of the registries at least (each slot is checked again by the book).
    private func authorizeRegistryStaff(_ request: Request) async throws {
        let registries = try await book(request).registries()
        if registries.contains(where: { request.isAllowed(.manageAppointments, on: AccessTarget(orgUnitPath: $0.path)) }) { return }
        try await request.authorize(.manageAppointments, on: AccessTarget(orgUnitPath: registries.first?.path ?? "/"))
    }

    private func book(_ request: Request) -> AppointmentBook {
        AppointmentBook(store: request.minzheng.store, db: request.database, permissions: request.minzheng.permissions)
    }

    private func listPage(_ request: Request, form: OpenForm) async throws -> RegistryAppointmentsPage {
        let user = try request.requireUser()
        let book = book(request)
        let list = try await book.slots(for: user.principal, from: request.today, page: try request.pagination)
        let registries = try await book.registries().filter { unit in
            AccessPolicy.decide(user.principal, .manageAppointments, on: AccessTarget(orgUnitPath: unit.path), table: request.minzheng.permissions).isAllowed
        }
        return RegistryAppointmentsPage(
            layout: Layout(title: "婚姻登记预约管理", section: .work, request: request),
            registries: registries.map { Option(value: $0.code, label: $0.name) },
            services: AppointmentService.allCases.map { Option(value: $0.rawValue, label: $0.chineseName) },
            form: .init(unit: form.unit ?? registries.first?.code ?? "", service: form.service ?? AppointmentService.marriage.rawValue,
                        from: form.from ?? request.today.adding(days: 1).description, through: form.through ?? "", capacity: form.capacity ?? "20"),
            rows: list.items.map { slot in
                .init(id: slot.id.uuidString, day: slot.day.chineseDescription, weekday: slot.day.weekday.chineseName, unit: slot.unitName,
                      service: slot.service.chineseName, booked: slot.booked, capacity: slot.capacity)
            },
            pager: Pager(list, path: "/work/appointments", query: [], export: "/work/appointments/export"), maximumCapacity: AppointmentRules.maximumCapacity)
    }

    private func slotPage(_ request: Request) async throws -> AppointmentSlotPage {
        let user = try request.requireUser()
        guard let slotID = request.parameters.get("slotID", as: UUID.self) else { throw Abort(.notFound) }
        let (slot, bookings): (AppointmentSlot, [Appointment])
        do {
            (slot, bookings) = try await book(request).bookings(of: slotID, by: user.principal, cipher: request.minzheng.cipher)
        } catch is ValidationError {
            throw Abort(.notFound)
        } catch let error as AccessRefused {
            throw AccessDenied(reason: error.reason)
        }
        let today = request.today
        return AppointmentSlotPage(
            layout: Layout(title: "预约名单", section: .work, request: request),
            id: slot.id.uuidString, day: slot.day.chineseDescription, weekday: slot.day.weekday.chineseName, unit: slot.unitName,
            service: slot.service.chineseName, booked: slot.booked, capacity: slot.capacity,
            rows: bookings.map { item in
                .init(id: item.id.uuidString, reference: item.reference, holder: item.holderName, status: item.status.chineseName,
                      statusCode: item.status.rawValue, booked: ChineseTime.dateTime(item.createdAt),
                      canMark: item.status == .booked && slot.day <= today)
            })
    }
}

struct RegistryAppointmentsPage: Page {
    static let template = "work/appointments"

    struct Form: Encodable {
        var unit: String
        var service: String
        var from: String
        var through: String
        var capacity: String
    }

    struct Row: Encodable {
        var id: String
        var day: String
        var weekday: String
        var unit: String
        var service: String
        var booked: Int
        var capacity: Int
    }

    var layout: Layout
    var registries: [Option]
    var services: [Option]
    var form: Form
    var rows: [Row]
    var pager: Pager
    var maximumCapacity: Int
    var error: String?
}

struct AppointmentSlotPage: Page {
    static let template = "work/appointment-slot"

    struct Row: Encodable {
        var id: String
        var reference: String
        var holder: String
        var status: String
        var statusCode: String
        var booked: String
        var canMark: Bool
    }

    var layout: Layout
    var id: String
    var day: String
    var weekday: String
    var unit: String
    var service: String
    var booked: Int
    var capacity: Int
    var rows: [Row]
    var error: String?
}
