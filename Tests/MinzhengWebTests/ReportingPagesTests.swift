import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import MinzhengCore
import MinzhengPersistence
import MinzhengTestSupport
import MinzhengWeb
import Testing
import Vapor

/// Collects the text of the elements named `element`, and whether the document parsed.
private final class TextCollector: NSObject, XMLParserDelegate {
    let element: String
    var texts: [String] = []
    private var current: String?
    init(_ element: String) { self.element = element }
    static func parse(_ data: Data, _ element: String) -> (ok: Bool, texts: [String]) {
        let collector = TextCollector(element)
        let parser = XMLParser(data: data)
        parser.delegate = collector
        return (parser.parse(), collector.texts)
    }
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
        if name == element { current = "" }
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { current? += string }
    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == element, let text = current { texts.append(text); current = nil }
    }
}

@Suite struct ReportingPagesTests {
    /// The whole demo, with the year's full volume (894 mediations), and the 2025 report generated from it shows the
    /// figures of the bureau's own report.
    @Test(arguments: TestDatabase.kinds)
    func theDemoReportFor2025ShowsTheSeedReportsFigures(_ kind: TestDatabase.Kind) async throws {
        try await TestApp.with(kind) { app in
            let summary = try await DemoSeed(store: app.minzheng.store, cipher: Fixtures.cipher, includesCasework: true, includesVolume: true,
                                             hashPassword: Fixtures.hashPassword).load(logger: app.logger)
            let matters = app.minzheng.matters(logger: app.logger)
            let document = try await AnnualReportService(matters: matters).document(year: 2025)
            func value(_ key: String) -> String? { document.figures[key]?.value }
            #expect(value("studySessions") == "32")
            #expect(value("authorizedPowers") == "28")
            #expect(value("powerItems") == "37")
            #expect(value("powerItemsByType") == "行政给付7项、行政确认6项、行政许可6项、其他行政权力13项、行政处罚4项、行政检查1项")
            #expect(value("claimRate") == "100%")
            #expect(value("coverageRate") == "100%")
            #expect(value("inspectedOrganizations") == "108")
            #expect(value("normativeDocuments") == "《第三师图木舒克市惠民殡葬政策实施办法（试行）》《第三师图木舒克市殡葬领域跨部门综合监管实施方案》《2025年低收入困难群体入住养老机构保障方案》")
            #expect(value("actsCorrected") == "0")
            #expect(value("publicityThemes") == "“民法典宣传月”、“七夕婚俗改革和婚姻家庭宣传”、“中华慈善日”、“敬老月”")
            #expect(value("mediations") == "894")
            #expect(value("reconciliations") == "367")
            #expect(value("legalCounsel") == "1")
            #expect(value("emergencyPlans") == "起草《第三师图木舒克市养老机构突发事件应急预案（征求意见稿）》")
            #expect(value("drills") == "3")
            #expect(document.figures["mediations"]?.records.count == 894)
            // The demo took the report through its workflow on time: published, with its figures frozen.
            #expect(document.frozenAt != nil)
            #expect(try await AnnualReportService(matters: matters).workflow(year: 2025)?.state == "published")

            // A 领导 reads it with every figure linked to its records, prints it and downloads it.
            let leader = TestClient(app: app)
            try await leader.login("leader", summary.password ?? "")
            let page = try await leader.get("/work/reports/2025")
            #expect(page.status == .ok)
            #expect(page.body.contains("href=\"/work/reports/2025/figures/mediations\""))
            let records = try await leader.get("/work/reports/2025/figures/mediations")
            #expect(records.body.contains("共 894 条"))
            let print = try await leader.get("/work/reports/2025/print")
            let printed = print.body.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
            #expect(printed.contains("调解纠纷894件，经调未办理离婚367件"))
            #expect(print.body.contains("<a href=\"/work/reports/2025/figures/mediations\">894</a>"))
            #expect(print.body.contains("/css/report-print.css"))
            let docx = try await leader.get("/work/reports/2025/download/docx")
            #expect(docx.headers.contentType?.subType == "vnd.openxmlformats-officedocument.wordprocessingml.document")
            let files = try ZipFiles.unpack(docx.data)
            for (path, data) in files where path.hasSuffix(".xml") || path.hasSuffix(".rels") {
                #expect(TextCollector.parse(data, "x").ok, "\(path) is not well-formed")
            }
            let text = TextCollector.parse(try #require(files["word/document.xml"]), "w:t").texts.joined()
            #expect(text.contains("深入学习贯彻习近平法治思想和各项政策法规32次"))
            #expect(text.contains("对全师108家社会组织"))
            let markdown = try await leader.get("/work/reports/2025/download/md")
            #expect(markdown.body.hasPrefix("# 第三师图木舒克市民政局2025年度法治政府建设工作报告"))
            // The portal has the published report; it does not have an unpublished one.
            #expect(try await TestClient(app: app).get("/reports/2025").body.contains("法治政府建设工作报告"))
            #expect(try await TestClient(app: app).get("/reports/2024").status == .notFound)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func theDashboardDrawsItsChartsAndOnlyTheHeadsAndLegalStaffSeeIt(_ kind: TestDatabase.Kind) async throws {
        try await TestApp.withDemo(kind) { app, password in
            let leader = TestClient(app: app)
            try await leader.login("leader", password)
            let page = try await leader.get("/work/dashboard?year=2025")
            #expect(page.status == .ok)
            #expect(page.body.components(separatedBy: "<svg").count - 1 == 3)
            #expect(page.body.contains("按期办结率") && page.body.contains("上年同期"))
            #expect(page.body.contains("href=\"/work/matters?urgency=overdue\""))
            let clerk = TestClient(app: app)
            try await clerk.login("clerk", password)
            #expect(try await clerk.get("/work/dashboard").status == .forbidden)
            #expect(try await clerk.get("/work/reports/2025").status == .forbidden)
            #expect(try await clerk.post("/work/reports/2025/paragraphs/s2", form: [("text", "改。")]).status == .forbidden)
            // The year's report is opened from its own page, never typed in through the generic form or the API.
            let legalForm = TestClient(app: app)
            try await legalForm.login("legal", password)
            let redirected = try await legalForm.get("/work/matters/new?type=annualReport")
            #expect(redirected.status == .seeOther && redirected.location == "/work/reports")
            #expect(try await legalForm.get("/work/reports").body.contains("不在此登记"))
            #expect(!(try await legalForm.get("/work").body.contains("type=annualReport")))
            // Without the CSRF token, even the legal office cannot change the text.
            let legal = TestClient(app: app)
            try await legal.login("legal", password)
            #expect(try await legal.post("/work/reports/2025/paragraphs/s2", form: [("text", "改。")], csrf: false).status == .forbidden)
            let refused = try await legal.post("/work/reports/2025/paragraphs/s2", form: [("text", "存在{{noSuch}}问题。")])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains("没有这些数据项：noSuch"))
            #expect(refused.body.contains("存在{{noSuch}}问题。"))  // the form keeps what was typed
            #expect(try await legal.post("/work/reports/2025/paragraphs/s2", form: [("text", "一是法制力量薄弱。")]).status == .seeOther)
            #expect(try await legal.get("/work/reports/2025").body.contains("一是法制力量薄弱。"))
        }
    }

    /// Every export route in the router, filled in from the demo, answers with a BOM-prefixed CSV to the people who
    /// may see the list (the page links it) — and refuses the others. A new list's export route that this test does not
    /// know fails it.
    @Test func everyPagedListExportsForThoseWhoSeeIt() async throws {
        try await TestApp.with(.sqlite) { app in
            let summary = try await Fixtures.demo(app.minzheng.store, casework: true).load(logger: app.logger)
            let password = summary.password ?? ""
            let anonymous = TestClient(app: app)
            func firstLink(_ page: String, _ prefix: String) async throws -> String {
                let body = try await anonymous.get(page).body
                let pattern = NSRegularExpression.escapedPattern(for: prefix) + "[0-9A-Fa-f-]{36}"
                return try #require(body.range(of: pattern, options: .regularExpression).map { String(body[$0]) }, "no \(prefix) link on \(page)")
            }
            let plan = try await firstLink("/organizations/checks", "/organizations/checks/")
            let reviewer = TestClient(app: app)
            try await reviewer.login("reviewer", password)
            let organizationBody = try await reviewer.get("/work/organizations").body
            let organization = try #require(organizationBody.range(of: "/work/organizations/[0-9A-Fa-f-]{36}", options: .regularExpression)
                .map { String(organizationBody[$0]) })
            let workPlan = plan.replacingOccurrences(of: "/organizations/checks/", with: "/work/organizations/checks/plans/")
            // (route pattern, who, the page that lists it, the export)
            let cases: [(route: String, user: String?, page: String, export: String)] = [
                ("work/matters/export/:format", "reviewer", "/work/matters", "/work/matters/export/csv"),
                ("work/waiting/export/:format", "reviewer", "/work", "/work/waiting/export/csv"),
                ("work/organizations/campaigns/:year/export/:format", "reviewer", "/work/organizations/campaigns/2025", "/work/organizations/campaigns/2025/export/csv"),
                ("work/organizations/export/:format", "reviewer", "/work/organizations", "/work/organizations/export/csv"),
                ("work/organizations/:organizationID/export/:format", "reviewer", organization, organization + "/export/csv"),
                ("work/organizations/checks/export/:format", "reviewer", "/work/organizations/checks", "/work/organizations/checks/export/csv"),
                ("work/organizations/checks/plans/:planID/export/:format", "reviewer", workPlan, workPlan + "/export/csv"),
                ("work/spot-checks/export/:format", "reviewer", "/work/spot-checks", "/work/spot-checks/export/csv"),
                ("work/appointments/export/:format", "registrar", "/work/appointments", "/work/appointments/export/csv"),
                ("work/reports/:year/figures/:key/export/:format", "leader", "/work/reports/2025/figures/studySessions", "/work/reports/2025/figures/studySessions/export/csv"),
                ("admin/accounts/export/:format", "admin", "/admin/accounts", "/admin/accounts/export/csv"),
                ("admin/powers/export/:format", "admin", "/admin/powers", "/admin/powers/export/csv"),
                ("admin/journal/export/:format", "auditor", "/admin/journal", "/admin/journal/export/csv"),
                ("my/matters/export/:format", "13900000001", "/my", "/my/matters/export/csv"),
                ("my/appointments/export/:format", "13900000001", "/my/appointments", "/my/appointments/export/csv"),
                ("notifications/export/:format", "13900000001", "/notifications", "/notifications/export/csv"),
                ("powers/export/:format", nil, "/powers", "/powers/export/csv"),
                ("notices/export/:format", nil, "/notices", "/notices/export/csv"),
                ("appointments/export/:format", nil, "/appointments", "/appointments/export/csv"),
                ("enforcement/decisions/export/:format", nil, "/enforcement/decisions", "/enforcement/decisions/export/csv"),
                ("organizations/export/:format", nil, "/organizations", "/organizations/export/csv"),
                ("organizations/inspections/:year/export/:format", nil, "/organizations/inspections/2025", "/organizations/inspections/2025/export/csv"),
                ("organizations/checks/export/:format", nil, "/organizations/checks", "/organizations/checks/export/csv"),
                ("organizations/checks/:planID/export/:format", nil, plan, plan + "/export/csv"),
            ]
            let routed = Set(app.routes.all.filter { $0.method == .GET }.map { $0.path.map(\.description).joined(separator: "/") }
                .filter { $0.hasSuffix("export/:format") })
            #expect(routed == Set(cases.map(\.route)), "export routes not covered here: \(routed.subtracting(cases.map(\.route)))")
            for item in cases {
                let client = TestClient(app: app)
                if let user = item.user { try await client.login(user, password) }
                let page = try await client.get(item.page)
                #expect(page.status == .ok, "\(item.page) answered \(page.status.code)")
                // The page links its export unless its list is empty (an empty list offers nothing to export).
                if !page.body.contains("共 0 条") {
                    #expect(page.body.contains("href=\"\(item.export.replacingOccurrences(of: "/csv", with: "/xlsx"))"), "\(item.page) has no export link")
                }
                let csv = try await client.get(item.export)
                #expect(csv.status == .ok, "\(item.export) answered \(csv.status.code)")
                #expect(Array(csv.data.prefix(3)) == [0xEF, 0xBB, 0xBF])
                #expect(String(decoding: csv.data.dropFirst(3), as: UTF8.self).split(separator: "\r\n").count >= 1)
            }
            let clerk = TestClient(app: app)
            try await clerk.login("clerk", password)
            for path in ["/admin/accounts/export/csv", "/admin/powers/export/csv", "/work/organizations/campaigns/2025/export/csv", "/work/appointments/export/csv",
                         "/work/organizations/checks/export/csv", "/admin/journal/export/csv", "/work/reports/2025/figures/studySessions/export/csv"] {
                #expect(try await clerk.get(path).status == .forbidden, "the window clerk exported \(path)")
            }
            for path in ["/notifications/export/csv", "/my/appointments/export/csv", "/my/matters/export/csv", "/work/matters/export/csv"] {
                let refused = try await anonymous.get(path)
                #expect(refused.status != .ok, "an anonymous visitor exported \(path)")
            }
            // The portal's public exports: 公示 masked as on the page — no full identity number.
            let notices = String(decoding: try await anonymous.get("/notices/export/csv").data, as: UTF8.self)
            #expect(notices.range(of: "[0-9]{17}[0-9X]", options: .regularExpression) == nil)
        }
    }

    /// One address without a session gets a limited number of exports an hour (each reads a whole list and leaves a
    /// journal entry); then a Chinese refusal with 429, and no journal entry; signing in lifts the limit.
    @Test func anonymousExportsAreRateLimited() async throws {
        try await TestApp.with(.sqlite) { app in
            let summary = try await Fixtures.demo(app.minzheng.store).load(logger: app.logger)
            let journal = { try await JournalQuery(db: app.minzheng.store.database(logger: app.logger)).list(JournalFilter(action: "export.list"), page: Pagination()).total }
            let anonymous = TestClient(app: app)
            for _ in 0..<30 { #expect(try await anonymous.get("/powers/export/csv").status == .ok) }
            #expect(try await journal() == 30)
            let refused = try await anonymous.get("/powers/export/xlsx")
            #expect(refused.status == .tooManyRequests)
            #expect(refused.body.contains("下载过于频繁"))
            #expect(try await journal() == 30)
            let citizen = TestClient(app: app)
            try await citizen.login("13900000001", summary.password ?? "")
            #expect(try await citizen.get("/powers/export/csv").status == .ok)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func exportsAreRealFilesLimitedToWhatTheScreenShowsAndJournaled(_ kind: TestDatabase.Kind) async throws {
        try await TestApp.with(kind) { app in
            let summary = try await Fixtures.demo(app.minzheng.store, casework: true).load(logger: app.logger)
            let password = summary.password ?? ""
            let reviewer = TestClient(app: app)
            try await reviewer.login("reviewer", password)
            let screen = try await reviewer.get("/work/matters?type=minimumLivingAllowance")
            let total = try #require(screen.body.components(separatedBy: "共 ").dropFirst().first?.components(separatedBy: " 条").first.flatMap { Int($0) })
            // The list pages at the size asked for (20 unless asked, at most 100), and its links keep the size.
            func rows(_ body: String) -> Int { body.components(separatedBy: "<tr class=\"urgency-").count - 1 }
            #expect(rows(screen.body) == min(total, 20))
            let fifty = try await reviewer.get("/work/matters?size=50")
            #expect(rows(fifty.body) == 50)
            #expect(fifty.body.contains("/work/matters?page=2&amp;size=50"))
            #expect(fifty.body.contains("aria-current=\"page\">50</a>"))
            #expect(rows(try await reviewer.get("/work/matters?size=1000").body) == 100)
            let malformed = try await reviewer.get("/work/matters?size=x")
            #expect(malformed.status == .badRequest)
            #expect(malformed.body.contains("每页条数应为 1 至 100 的整数"))
            let csv = try await reviewer.get("/work/matters/export/csv?type=minimumLivingAllowance")
            #expect(csv.status == .ok)
            #expect(Array(csv.data.prefix(3)) == [0xEF, 0xBB, 0xBF])
            #expect(csv.headers.first(name: .contentDisposition)?.contains("filename*=UTF-8''") == true)
            let lines = String(decoding: csv.data.dropFirst(3), as: UTF8.self).split(separator: "\r\n")
            #expect(lines.first == "办件编号,事项,标题,状态,办理单位,期限,时限状态,登记日期")
            #expect(lines.count == total + 1)
            // No identity number reaches an export (the list does not show one).
            #expect(!lines.contains { $0.range(of: "[0-9]{17}[0-9X]", options: .regularExpression) != nil })
            let xlsx = try await reviewer.get("/work/matters/export/xlsx?type=minimumLivingAllowance")
            let files = try ZipFiles.unpack(xlsx.data)
            for (path, data) in files { #expect(TextCollector.parse(data, "x").ok, "\(path) is not well-formed") }
            let cells = TextCollector.parse(try #require(files["xl/worksheets/sheet1.xml"]), "t").texts
            #expect(cells.prefix(8) == ["办件编号", "事项", "标题", "状态", "办理单位", "期限", "时限状态", "登记日期"])
            #expect(TextCollector.parse(try #require(files["xl/worksheets/sheet1.xml"]), "v").texts.count == total)  // one date cell per row
            // A town clerk's export holds only the town's matters, as the screen does.
            let clerk = TestClient(app: app)
            try await clerk.login("clerk.huyang", password)
            let townCSV = String(decoding: try await clerk.get("/work/matters/export/csv").data.dropFirst(3), as: UTF8.self)
            #expect(!townCSV.contains("红柳团镇"))
            // Each export is on the journal, without the rows.
            let journal = try await JournalQuery(db: app.minzheng.store.database(logger: app.logger))
                .list(JournalFilter(action: "export.list"), page: Pagination())
            #expect(journal.total == 3)  // before the registry and journal exports below
            #expect(journal.items.allSatisfy { !$0.event.summary.contains("王小梅") && $0.event.details["rows"] != nil })
            #expect(try await reviewer.get("/work/matters/export/pdf").status == .notFound)
            // The list links its exports with the same filters.
            #expect(screen.body.contains("href=\"/work/matters/export/xlsx?type=minimumLivingAllowance\""))
            // The registry exports its register; the journal its entries, for the 审计管理员 only.
            let registry = try await reviewer.get("/work/organizations/export/csv")
            #expect(registry.status == .ok)
            #expect(String(decoding: registry.data.dropFirst(3), as: UTF8.self).hasPrefix("统一社会信用代码,名称,类型"))
            #expect(try await reviewer.get("/admin/journal/export/csv").status == .forbidden)
            let auditor = TestClient(app: app)
            try await auditor.login("auditor", password)
            let journalExport = try await auditor.get("/admin/journal/export/xlsx?action=export.list")
            #expect(journalExport.status == .ok)
            #expect(try ZipFiles.unpack(journalExport.data)["xl/worksheets/sheet1.xml"] != nil)
        }
    }
}
