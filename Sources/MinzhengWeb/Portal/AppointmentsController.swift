import MinzhengCore
import MinzhengPersistence
import Vapor

/// 婚姻登记预约: `/appointments` lists the places open in the booking horizon (anyone may look); a signed-in citizen
/// books one; `/my/appointments` lists and cancels the person's own bookings.
struct AppointmentsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("appointments", use: available)
        routes.get("appointments", "export", ":format", use: exportAvailable)
        let signedIn = routes.grouped(RequireLoginMiddleware())
        signedIn.post("appointments", ":slotID", use: book)
        signedIn.get("my", "appointments", use: mine)
        signedIn.get("my", "appointments", "export", ":format", use: exportMine)
        signedIn.post("my", "appointments", ":appointmentID", "cancel", use: cancel)
    }

    struct Filter: Content {
        var service: String?
        var page: Int?
    }

    @Sendable
    func available(_ request: Request) async throws -> Response {
        try await request.render(try await availablePage(request))
    }

    /// The places open in the booking horizon, as the page lists them.
    @Sendable
    func exportAvailable(_ request: Request) async throws -> Response {
        let format = try await request.exportFormat()
        let service = try request.query.decode(Filter.self).service.flatMap(AppointmentService.init(rawValue:))
        let book = appointmentBook(request)
        let slots = try await allPages { page in try await book.available(service, today: request.today, page: page) }
        let table = ExportTable(title: "婚姻登记可预约时段", columns: ["日期", "星期", "登记机关", "业务", "余量", "名额"],
                                rows: slots.map { [.date($0.day), .text($0.day.weekday.chineseName), .text($0.unitName), .text($0.service.chineseName),
                                                   .number(Double($0.remaining)), .number(Double($0.capacity))] })
        return try await request.export(table, as: format, list: "appointments", filters: ["service": service?.rawValue ?? ""])
    }

    /// The person's own bookings, every page.
    @Sendable
    func exportMine(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        try await request.authorize(.bookAppointment)
        let format = try await request.exportFormat()
        let book = appointmentBook(request)
        let items = try await allPages { page in try await book.mine(user.account.id.rawValue, page: page) }
        let table = ExportTable(title: "我的婚姻登记预约", columns: ["预约号", "日期", "登记机关", "业务", "状态"],
                                rows: items.map { [.text($0.reference), .date($0.slot.day), .text($0.slot.unitName), .text($0.slot.service.chineseName),
                                                   .text($0.status.chineseName)] })
        return try await request.export(table, as: format, list: "my.appointments")
    }

    @Sendable
    func book(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        try await request.authorize(.bookAppointment)
        guard let slotID = request.parameters.get("slotID", as: UUID.self) else { throw Abort(.notFound) }
        do {
            let appointment = try await appointmentBook(request).book(slotID, by: user.principal, context: request.journalContext())
            return request.redirect(to: "/my/appointments",
                                    flash: "预约成功：预约号 \(appointment.reference)，\(appointment.slot.day.chineseDescription)，\(appointment.slot.unitName)。")
        } catch let error as ValidationError {
            var page = try await availablePage(request)
            page.error = error.message
            return try await request.render(page, status: .unprocessableEntity)
        } catch let error as CalendarError {
            var page = try await availablePage(request)
            page.error = error.message
            return try await request.render(page, status: .unprocessableEntity)
        }
    }

    @Sendable
    func mine(_ request: Request) async throws -> Response {
        try await request.authorize(.bookAppointment)
        return try await request.render(try await minePage(request))
    }

    @Sendable
    func cancel(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        try await request.authorize(.bookAppointment)
        guard let id = request.parameters.get("appointmentID", as: UUID.self) else { throw Abort(.notFound) }
        do {
            try await appointmentBook(request).cancel(id, by: user.principal, context: request.journalContext())
            return request.redirect(to: "/my/appointments", flash: "预约已取消，名额已释放。")
        } catch let error as ValidationError {
            var page = try await minePage(request)
            page.error = error.message
            return try await request.render(page, status: .unprocessableEntity)
        } catch let error as AccessRefused {
            throw AccessDenied(reason: error.reason)
        }
    }

    private func appointmentBook(_ request: Request) -> AppointmentBook {
        AppointmentBook(store: request.minzheng.store, db: request.database, permissions: request.minzheng.permissions)
    }

    private func availablePage(_ request: Request) async throws -> AvailableAppointmentsPage {
        let filter = try request.query.decode(Filter.self)
        let service = filter.service.flatMap(AppointmentService.init(rawValue:))
        let list = try await appointmentBook(request).available(service, today: request.today, page: try request.pagination)
        let settings = try await SettingRepository(db: request.database).snapshot()
        return AvailableAppointmentsPage(
            layout: Layout(title: "婚姻登记预约", section: .portal, request: request),
            services: AppointmentService.allCases.map { Option(value: $0.rawValue, label: $0.chineseName) },
            service: service?.rawValue ?? "",
            rows: list.items.map { slot in
                .init(id: slot.id.uuidString, day: slot.day.chineseDescription, weekday: slot.day.weekday.chineseName, unit: slot.unitName,
                      service: slot.service.chineseName, remaining: slot.remaining, capacity: slot.capacity)
            },
            pager: Pager(list, path: "/appointments", query: [("service", service?.rawValue)], export: "/appointments/export"),
            canBook: request.currentUser?.principal.holds(.citizen) == true, signedIn: request.currentUser != nil,
            horizon: settings.int("marriage.bookingHorizonDays"), photoSpec: settings.string("marriage.photoSpec"))
    }

    private func minePage(_ request: Request) async throws -> MyAppointmentsPage {
        let user = try request.requireUser()
        let list = try await appointmentBook(request).mine(user.account.id.rawValue, page: try request.pagination)
        let today = request.today
        return MyAppointmentsPage(
            layout: Layout(title: "我的预约", section: .my, request: request),
            rows: list.items.map { item in
                .init(id: item.id.uuidString, reference: item.reference, day: item.slot.day.chineseDescription, unit: item.slot.unitName,
                      service: item.slot.service.chineseName, status: item.status.chineseName, statusCode: item.status.rawValue,
                      canCancel: item.status == .booked && item.slot.day > today)
            },
            pager: Pager(list, path: "/my/appointments", query: [], export: "/my/appointments/export"))
    }
}

struct AvailableAppointmentsPage: Page {
    static let template = "portal/appointments"

    struct Row: Encodable {
        var id: String
        var day: String
        var weekday: String
        var unit: String
        var service: String
        var remaining: Int
        var capacity: Int
    }

    var layout: Layout
    var services: [Option]
    var service: String
    var rows: [Row]
    var pager: Pager
    var canBook: Bool
    var signedIn: Bool
    var horizon: Int
    var photoSpec: String
    var error: String?
}

struct MyAppointmentsPage: Page {
    static let template = "my/appointments"

    struct Row: Encodable {
        var id: String
        var reference: String
        var day: String
        var unit: String
        var service: String
        var status: String
        var statusCode: String
        var canCancel: Bool
    }

    var layout: Layout
    var rows: [Row]
    var pager: Pager
    var error: String?
}
