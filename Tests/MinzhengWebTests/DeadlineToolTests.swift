import Foundation
import MinzhengTestSupport
import Testing

@Suite struct DeadlineToolTests {
    @Test(arguments: [
        ("2025-09-26", "5", "workday", "xinjiang", "2025年10月10日"),
        ("2025-03-27", "3", "workday", "xinjiang", "2025年4月2日"),
        ("2025-03-27", "3", "workday", "national", "2025年4月1日"),
        ("2025-09-05", "30", "calendarDay", "national", "2025年10月9日"),
    ])
    func publicToolShowsTheDueDateAndEachDay(_ from: String, _ days: String, _ unit: String, _ calendar: String, _ due: String) async throws {
        try await TestApp.with(.sqlite) { app in
            let page = try await TestClient(app: app).get("/tools/deadline?from=\(from)&days=\(days)&unit=\(unit)&calendar=\(calendar)")
            #expect(page.status == .ok)
            #expect(page.body.contains("到期日：\(due)"))
            #expect(page.body.contains("民法典 第二百零一条"))
        }
    }

    @Test func skippedDaysNameTheirReason() async throws {
        try await TestApp.with(.sqlite) { app in
            let page = try await TestClient(app: app).get("/tools/deadline?from=2025-06-04&days=10&unit=workday&calendar=xinjiang")
            #expect(page.body.contains("新疆地方节日（古尔邦节）"))
            #expect(page.body.contains("周末"))
            let holiday = try await TestClient(app: app).get("/tools/deadline?from=2025-09-26&days=5&unit=workday&calendar=national")
            #expect(holiday.body.contains("法定节假日（国庆节、中秋节）"))
            #expect(holiday.body.contains("调休上班"))
        }
    }

    @Test func badInputIsRefusedInChineseAndKeepsTheForm() async throws {
        try await TestApp.with(.sqlite) { app in
            let page = try await TestClient(app: app).get("/tools/deadline?from=2025-02-30&days=5&unit=workday&calendar=xinjiang")
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.contains("起算事件日期：请填写真实的日期"))
            #expect(page.body.contains("value=\"2025-02-30\""))
        }
    }

    @Test func aMissingYearIsSaidNotGuessed() async throws {
        try await TestApp.with(.sqlite) { app in
            let page = try await TestClient(app: app).get("/tools/deadline?from=2026-12-20&days=10&unit=workday&calendar=national")
            #expect(page.body.contains("2027 年节假日安排尚未导入"))
            #expect(!page.body.contains("到期日："))
        }
    }

    @Test func holidayCalendarPageListsTheYear() async throws {
        try await TestApp.with(.sqlite) { app in
            let page = try await TestClient(app: app).get("/calendar/2025?calendar=xinjiang")
            #expect(page.status == .ok)
            #expect(page.body.contains("古尔邦节"))
            #expect(page.body.contains("1月28日—2月4日"))
            let missing = try await TestClient(app: app).get("/calendar/2030")
            #expect(missing.body.contains("2030 年节假日安排尚未导入"))
        }
    }
}
