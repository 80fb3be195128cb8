import Foundation
import MinzhengCore
import MinzhengPersistence
import MinzhengTestSupport
import MinzhengWeb
import Testing
import Vapor

@Suite struct MarriageRegistryPagesTests {
    /// The next Monday after today that is a working day, and the Saturday before it.
    static func nextWeek(_ app: Application) async throws -> (saturday: CivilDate, monday: CivilDate, friday: CivilDate) {
        let calendar = try await CalendarRepository(db: app.minzheng.store.database(logger: app.logger)).calendar(code: CalendarDefinition.bureauDefault.code)
        var day = CivilDate(Date()).adding(days: 1)
        while try !(day.weekday == .monday && calendar.isWorkday(day)) { day = day.adding(days: 1) }
        return (day.adding(days: -2), day, day.adding(days: 4))
    }

    @Test(arguments: TestDatabase.kinds)
    func theRegistryOpensWorkingDaysAndACitizenBooksAndCancels(_ kind: TestDatabase.Kind) async throws {
        try await TestApp.withDemo(kind) { app, password in
            let week = try await Self.nextWeek(app)
            let registrar = TestClient(app: app)
            try await registrar.login("registrar", password)
            let home = try await registrar.get("/work")
            #expect(home.body.contains("/work/appointments"))
            #expect(home.body.contains("type=marriageRegistration"))
            #expect(!home.body.contains("type=minimumLivingAllowance"))
            let page = try await registrar.get("/work/appointments")
            #expect(page.status == .ok)
            #expect(page.body.contains("图木舒克市婚姻登记处（示例）"))
            let weekend = try await registrar.post("/work/appointments", form: [
                ("unit", "659003-HY"), ("service", "marriage"), ("from", week.saturday.description), ("capacity", "2"),
            ])
            #expect(weekend.status == .unprocessableEntity)
            #expect(weekend.body.contains("不是工作日"))
            #expect(weekend.body.contains("value=\"\(week.saturday.description)\""))
            let opened = try await registrar.post("/work/appointments", form: [
                ("unit", "659003-HY"), ("service", "marriage"), ("from", week.saturday.description), ("through", week.friday.description), ("capacity", "2"),
            ])
            #expect(opened.status == .seeOther)
            let after = try await registrar.get("/work/appointments")
            #expect(after.body.contains("跳过非工作日"))
            #expect(after.body.contains(week.monday.chineseDescription))

            let anonymous = TestClient(app: app)
            let portal = try await anonymous.get("/appointments")
            #expect(portal.body.contains(week.monday.chineseDescription))
            #expect(portal.body.contains("请先") || portal.body.contains("登录"))
            #expect(!portal.body.contains("预约此日"))

            let citizen = TestClient(app: app)
            try await citizen.login("13900000001", password)
            let listed = try await citizen.get("/appointments?service=marriage")
            let slotID = try #require(listed.body.components(separatedBy: "action=\"/appointments/").dropFirst().first?.prefix(36))
            let booked = try await citizen.post("/appointments/\(slotID)")
            #expect(booked.status == .seeOther)
            #expect(booked.location == "/my/appointments")
            let mine = try await citizen.get("/my/appointments")
            #expect(mine.body.contains("YY-"))
            #expect(mine.body.contains("取消预约"))
            let twice = try await citizen.post("/appointments/\(slotID)")
            #expect(twice.status == .unprocessableEntity)
            #expect(twice.body.contains("请先取消后再预约"))
            let appointmentID = try #require(mine.body.components(separatedBy: "action=\"/my/appointments/").dropFirst().first?.prefix(36))
            let other = TestClient(app: app)
            try await other.login("13900000002", password)
            #expect(try await other.post("/my/appointments/\(appointmentID)/cancel").status == .forbidden)
            #expect(try await citizen.post("/my/appointments/\(appointmentID)/cancel").status == .seeOther)
            #expect(try await citizen.get("/my/appointments").body.contains("已取消"))

            let slotPage = try await registrar.get("/work/appointments/\(slotID)")
            #expect(slotPage.status == .ok)
            #expect(slotPage.body.contains("王*梅（示例）"))
            #expect(!slotPage.body.contains("王小梅"))
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func onlyRegistryStaffManageAppointmentsAndSeeRegistrations(_ kind: TestDatabase.Kind) async throws {
        try await TestApp.withDemo(kind) { app, password in
            let reviewer = TestClient(app: app)
            try await reviewer.login("reviewer", password)
            #expect(try await reviewer.get("/work/appointments").status == .forbidden)
            let citizen = TestClient(app: app)
            try await citizen.login("13900000001", password)
            #expect(try await citizen.get("/work/appointments").status == .forbidden)
            #expect(try await citizen.post("/work/appointments", form: [("unit", "659003-HY"), ("service", "marriage"), ("from", "2026-12-01")]).status == .forbidden)

            let registrar = TestClient(app: app)
            try await registrar.login("registrar", password)
            let form = try await registrar.get("/work/matters/new?type=marriageRegistration")
            #expect(form.status == .ok)
            let unit = try #require(try await OrgUnitRepository(db: app.minzheng.store.database(logger: app.logger)).find(code: "659003-HY"))
            let bad = try await registrar.post("/work/matters", form: [
                ("type", "marriageRegistration"), ("orgUnitID", unit.id.description), ("title", "结婚登记"),
                ("partyAName", "艾力（示例）"), ("partyAID", "659003199501010011"), ("partyBName", "古丽（示例）"),
                ("partyBID", Fixtures.idNumber("65900319980101002")),
            ])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.contains("校验码"))
            let created = try await registrar.post("/work/matters", form: [
                ("type", "marriageRegistration"), ("orgUnitID", unit.id.description), ("title", "结婚登记"),
                ("partyAName", "艾力（示例）"), ("partyAID", Fixtures.idNumber("65900319950101001")), ("partyBName", "古丽（示例）"),
                ("partyBID", Fixtures.idNumber("65900319980101002")), ("noImpedimentDeclarationSigned", "yes"),
            ])
            #expect(created.status == .seeOther)
            let path = try #require(created.location)
            let matter = try await registrar.get(path)
            #expect(matter.status == .ok)
            #expect(matter.body.contains("审查证件和声明"))
            #expect(try await reviewer.get(path).status == .forbidden)
            let leader = TestClient(app: app)
            try await leader.login("leader", password)
            #expect(try await leader.get(path).status == .forbidden)
            #expect(!(try await leader.get("/work/matters").body.contains("结婚登记")))
            #expect(!(try await Self.anonymousNotices(app).contains("艾力")))
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func theWorkerDeemsADivorceWithdrawnWhenNobodyComesInTheWindow(_ kind: TestDatabase.Kind) async throws {
        try await TestApp.withDemo(kind) { app, _ in
            let services = app.minzheng
            let db = services.store.database(logger: app.logger)
            let matters = services.matters(logger: app.logger)
            let registrar = try #require(try await AccountRepository(db: db, cipher: services.cipher).find(username: "registrar")).principal
            let context = JournalContext(actor: .user(accountID: registrar.accountID, username: "registrar"))
            let unit = try #require(try await OrgUnitRepository(db: db).find(code: "659003-HY"))
            func at(_ iso: String) -> Date { CivilDate(iso: iso)!.startInstant.addingTimeInterval(3 * 3600) }
            let id = try await matters.create(
                DivorceRegistration.id, at: unit, applicant: nil, channel: "window", title: "离婚登记",
                fields: ["partyAName": "甲（示例）", "partyAID": Fixtures.idNumber("65900319900101001"), "partyBName": "乙（示例）",
                         "partyBID": Fixtures.idNumber("65900319920101002"), "marriageCertificateNumber": "J659003-2015-000123",
                         "agreementSigned": "yes", "fullCivilCapacity": "yes", "registeredInMainland": "yes"],
                by: registrar, context: context, now: at("2025-09-01"))
            _ = try await matters.perform("receive", on: id, by: registrar, input: [:], context: context, now: at("2025-09-01"))
            let work = BackgroundWork(services: services, logger: app.logger)
            _ = try await work.runOnce(now: at("2025-10-09"))
            #expect(try await matters.snapshot(id).matter.state == "coolingOff")
            _ = try await work.runOnce(now: at("2025-10-10"))
            #expect(try await matters.snapshot(id).matter.state == "issueWindow")
            _ = try await work.runOnce(now: at("2025-11-11"))
            let ended = try await matters.snapshot(id)
            #expect(ended.matter.state == "deemedWithdrawn")
            #expect(ended.events.last?.summary.contains("视为撤回") == true)
            let journal = try await JournalQuery(db: db).list(JournalFilter(action: "matter.transition", objectID: id.description), page: Pagination())
            #expect(journal.items.first?.actor == .system)
        }
    }

    static func anonymousNotices(_ app: Application) async throws -> String {
        try await TestClient(app: app).get("/notices").body
    }
}
