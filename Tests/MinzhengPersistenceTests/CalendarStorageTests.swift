import FluentKit
import Foundation
import MinzhengCore
import MinzhengPersistence
import MinzhengTestSupport
import Testing

@Suite struct CalendarStorageTests {
    @Test(arguments: TestDatabase.kinds)
    func referenceCalendarIsLoadedByMigration(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let calendar = try await CalendarRepository(db: runtime.db).calendar(code: "xinjiang")
            #expect(calendar.nationalYears == [2024, 2025, 2026])
            #expect(calendar.isComplete(year: 2025))
            #expect(!calendar.isComplete(year: 2026))
            let due = try DeadlineCalculator(calendar: calendar).compute(from: CivilDate(iso: "2025-06-04")!, period: .workdays(10))
            #expect(due.dueDate == CivilDate(iso: "2025-06-23"))
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func importAddsAYearAndJournalsIt(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let csv = """
                year,region,date,kind,name,document_ref
                2027,national,2027-01-01,holiday,元旦,测试通知
                2027,national,2027-10-01,holiday,国庆节,测试通知
                2026,xinjiang,2026-03-20,regionalHoliday,肉孜节,测试自治区通知
                """
            let file = try CalendarImportParser.parse(Data(csv.utf8), fileName: "x.csv")
            _ = try await CalendarImportService(store: runtime.store).apply(
                file, context: .init(actor: .operator("tester")), at: Date(), logger: runtime.logger)
            let calendar = try await CalendarRepository(db: runtime.db).calendar(code: "xinjiang")
            #expect(calendar.holds(year: 2027))
            #expect(calendar.isComplete(year: 2026))
            #expect(try calendar.classify(CivilDate(iso: "2026-03-20")!).kind == .regionalHoliday)
            #expect(try await Journal(db: runtime.db).head().sequence == 2)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func reimportingAYearReplacesItWholly(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let csv = "year,region,date,kind,name,document_ref\n2025,national,2025-01-01,holiday,元旦,更正通知\n"
            let file = try CalendarImportParser.parse(Data(csv.utf8), fileName: "x.csv")
            _ = try await CalendarImportService(store: runtime.store).apply(
                file, context: .init(actor: .operator("tester")), at: Date(), logger: runtime.logger)
            let calendar = try await CalendarRepository(db: runtime.db).calendar(code: "national")
            #expect(calendar.entries(in: 2025).count == 1)
            #expect(try calendar.classify(CivilDate(iso: "2025-10-01")!).kind == .workday)
            #expect(calendar.entries(in: 2024).count > 20)
        }
    }
}

@Suite struct OrgUnitRepositoryTests {
    @Test(arguments: TestDatabase.kinds)
    func demoTreeLoadsOnceWithPathsCoveringSubtrees(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let first = try await Fixtures.demo(runtime.store).load(logger: runtime.logger)
            let second = try await Fixtures.demo(runtime.store).load(logger: runtime.logger)
            #expect(first.orgUnitsCreated == DemoOrgTree.nodes.count)
            #expect(second.orgUnitsCreated == 0)
            let units = try await OrgUnitRepository(db: runtime.db).all()
            let top = try #require(units.first { $0.code == "659003" })
            #expect(!top.isFictional)
            #expect(units.filter { $0.code != "659003" }.allSatisfy { $0.isFictional })
            #expect(units.allSatisfy { top.covers($0) })
            let town = try #require(units.first { $0.code == "659003-101" })
            let otherCompany = try #require(units.first { $0.code == "659003-102-01" })
            #expect(!town.covers(otherCompany))
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aUnitMustSitOneLevelBelowItsParent(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let units = OrgUnitRepository(db: runtime.db)
            let top = try await units.create(code: "659003", name: "第三师图木舒克市", level: .divisionCity, parentID: nil, calendarCode: "xinjiang", isFictional: false)
            await #expect(throws: ValidationError.self) {
                _ = try await units.create(code: "659003-9", name: "越级连队", level: .companyOrCommunity, parentID: top.id, calendarCode: "xinjiang", isFictional: true)
            }
            await #expect(throws: ValidationError.self) {
                _ = try await units.create(code: "659003", name: "重复代码", level: .divisionCity, parentID: nil, calendarCode: "xinjiang", isFictional: true)
            }
            await #expect(throws: ValidationError.self) {
                _ = try await units.create(code: "659003-8", name: "未知日历", level: .regimentTownOrSubdistrict, parentID: top.id, calendarCode: "moon", isFictional: true)
            }
            #expect(try await units.count() == 1)
        }
    }
}
