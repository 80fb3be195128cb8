import Foundation
import MinzhengCore
import MinzhengPersistence
import MinzhengTestSupport
import Testing
import Vapor

@Suite struct SocialOrganizationPagesTests {
    static func csv(_ rows: [[String]]) -> Data {
        Data(([SocialOrganizationImport.columns] + rows).map { $0.joined(separator: ",") }.joined(separator: "\n").utf8)
    }

    @Test(arguments: TestDatabase.kinds)
    func theRegistryImportsOpensACampaignAndAnOrganisationSubmits(_ kind: TestDatabase.Kind) async throws {
        try await TestApp.withDemo(kind) { app, password in
            let registry = TestClient(app: app)
            try await registry.login("reviewer", password)
            #expect(try await registry.get("/work").body.contains("/work/organizations"))
            let group = UnifiedSocialCreditCode.completing("51659003MJ0000001")
            let file = Self.csv([
                [group, "图木舒克市书法家协会（示例）", "社会团体", "张三", "齐干却勒街道（示例）", "书法交流", "", "2015-03-01", "正常"],
                ["51659003MJ00000040", "坏代码协会（示例）", "社会团体", "李四", "x", "", "", "2015-03-01", "正常"],
            ])
            let imported = try await registry.upload("/work/organizations/import", filename: "名录.csv", contentType: "text/csv", data: file)
            #expect(imported.status == .unprocessableEntity)
            #expect(imported.body.contains("已导入 <strong>1</strong> 家"))
            #expect(imported.body.contains("校验"))
            let wrongType = try await registry.upload("/work/organizations/import", filename: "名录.txt", contentType: "text/plain", data: file)
            #expect(wrongType.body.contains("只接受"))
            let list = try await registry.get("/work/organizations?q=书法")
            #expect(list.body.contains("图木舒克市书法家协会（示例）"))
            let organizationID = try #require(list.body.components(separatedBy: "/work/organizations/").dropFirst()
                .first { $0.prefix(36).count == 36 && UUID(uuidString: String($0.prefix(36))) != nil }?.prefix(36))
            let login = try await registry.post("/work/organizations/\(organizationID)/login")
            #expect(login.status == .ok)
            let temporary = try #require(login.body.components(separatedBy: "一次性密码：<strong><code>").dropFirst().first?.components(separatedBy: "</code>").first)

            let opened = try await registry.post("/work/organizations/campaigns", form: [("year", String(CivilDate(Date()).year))])
            #expect(opened.status == .seeOther)
            let campaign = try await registry.get(opened.location ?? "")
            #expect(campaign.body.contains("应检"))

            let organization = TestClient(app: app)
            let signedIn = try await organization.login(OrganizationRegistry.username(for: group), temporary)
            #expect(signedIn.status == .seeOther)
            let my = try await organization.get("/my")
            #expect(my.body.contains("社会组织年度检查"))
            // Without a password issued, an organisation account cannot sign in.
            let other = TestClient(app: app)
            _ = try await other.login(OrganizationRegistry.username(for: group) + "x", "anything")
            #expect(try await other.get("/my").status == .seeOther)

            #expect(try await organization.get("/work/organizations").status == .forbidden)
            let clerk = TestClient(app: app)
            try await clerk.login("clerk", password)
            #expect(try await clerk.get("/work/organizations").status == .forbidden)
            #expect(try await clerk.post("/work/organizations/campaigns", form: [("year", "2030")]).status == .forbidden)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func thePortalShowsThePlanBeforeAndAfterTheDrawWithItsFile(_ kind: TestDatabase.Kind) async throws {
        try await TestApp.withDemo(kind) { app, password in
            let registry = TestClient(app: app)
            try await registry.login("reviewer", password)
            let rows = (1...12).map { index -> [String] in
                let kind = SocialOrganizationKind.allCases[index % 3]
                return [UnifiedSocialCreditCode.completing("5\(kind.creditCodePrefix.suffix(1))659003MJ\(String(format: "%07d", index))"),
                        "示例组织\(index)（示例）", kind.chineseName, "代表人\(index)", "图木舒克市（示例）", "", "", "2015-03-01", "正常"]
            }
            _ = try await registry.upload("/work/organizations/import", filename: "名录.csv", contentType: "text/csv", data: Self.csv(rows))
            #expect(try await registry.post("/work/organizations/checks/items", form: [
                ("code", "SZ-01"), ("name", "年度报告抽查"), ("basis", "民发〔2017〕45号"), ("body", "民政局"), ("content", "年度报告"),
                ("method", "书面检查"), ("kind", "general"), ("powerItemCode", "MZ-JC-001"),
            ]).status == .seeOther)
            let noBasis = try await registry.post("/work/organizations/checks/items", form: [("code", "SZ-02"), ("name", "无依据事项")])
            #expect(noBasis.status == .unprocessableEntity)
            #expect(noBasis.body.contains("无法律依据不得检查"))
            #expect(noBasis.body.contains("无依据事项"))
            for (index, name) in ["officer.a", "officer.b", "officer.c"].enumerated() {
                #expect(try await registry.post("/work/organizations/checks/inspectors", form: [
                    ("username", name), ("certificateNumber", "65900320250\(index)"), ("certified", "yes"),
                ]).status == .seeOther)
            }
            let created = try await registry.post("/work/organizations/checks/plans", form: [
                ("title", "示例抽查计划"), ("year", String(CivilDate(Date()).year)), ("checkItemCode", "SZ-01"), ("ratePercent", "10"),
                ("minimumOnePerCategory", "yes"),
            ])
            #expect(created.status == .seeOther)
            let planPath = try #require(created.location)
            let planID = String(planPath.suffix(36))
            // Not public before freezing; public with its fingerprints after.
            #expect(try await TestClient(app: app).get("/organizations/checks/\(planID)").status == .notFound)
            #expect(try await registry.post("\(planPath)/freeze").status == .seeOther)
            let frozen = try await TestClient(app: app).get("/organizations/checks/\(planID)")
            #expect(frozen.status == .ok)
            #expect(frozen.body.contains("SHA-256 指纹"))
            #expect(!frozen.body.contains("随机种子"))
            #expect(try await TestClient(app: app).get("/organizations/checks/\(planID)/draw.json").status == .notFound)
            let noWitness = try await registry.post("\(planPath)/draw", form: [("witnessValue", ""), ("witnesses", "见证人")])
            #expect(noWitness.status == .unprocessableEntity)
            #expect(try await registry.post("\(planPath)/draw", form: [("witnessValue", "815"), ("witnesses", "见证人甲、见证人乙")]).status == .seeOther)
            let drawn = try await TestClient(app: app).get("/organizations/checks/\(planID)")
            #expect(drawn.body.contains("随机种子"))
            #expect(drawn.body.contains("见证人甲"))
            let json = try await TestClient(app: app).get("/organizations/checks/\(planID)/draw.json")
            #expect(json.status == .ok)
            let file = try DoubleRandomDraw.decode(Data(json.body.utf8))
            #expect(DoubleRandomDraw.verify(file).isEmpty)
            #expect(file.outcome.assignments.count == 3)
            let figures = try await registry.get("/work/supervision-figures")
            #expect(figures.body.contains("检查覆盖率"))
            #expect(try await TestClient(app: app).get("/organizations").body.contains("示例组织1（示例）"))
        }
    }
}
