import FluentKit
import Foundation
import MinzhengCore

/// The demo's social-organisation supervision for 2025 (the seed report: 108 organisations, all annually inspected):
/// the registry imported, the 2025 campaign run to its conclusions and announced, the check list, the inspector pool,
/// and a 3% double-random plan drawn, inspected and published.
extension DemoCasework {
    static let organizationCount = 108

    /// The fictional register: 61 社会团体, 45 社会服务机构, 2 基金会.
    static func demoOrganizationRows() -> [(line: Int, fields: [String])] {
        let groups = ["书法家协会", "摄影家协会", "老年人体育协会", "红枣产业协会", "志愿者协会", "棉花种植协会", "青年企业家协会", "围棋协会",
                      "诗词学会", "篮球协会", "养蜂协会", "民间文艺家协会", "物流行业协会", "餐饮行业协会", "残疾人福利基金会联谊会", "乒乓球协会"]
        let agencies = ["阳光幼儿园", "夕阳红养老服务中心", "启航职业技能培训学校", "爱心社会工作服务中心", "晨光康复服务中心", "七彩艺术培训学校",
                        "金秋老年公寓", "春苗托育服务中心", "博文书画培训学校"]
        var rows: [(line: Int, fields: [String])] = [(1, SocialOrganizationImport.columns)]
        for index in 0..<organizationCount {
            let kind: SocialOrganizationKind = index < 61 ? .socialGroup : index < 106 ? .socialServiceAgency : .foundation
            let serial = String(format: "%07d", index + 1)
            let code = UnifiedSocialCreditCode.completing("5\(kind.creditCodePrefix.suffix(1))659003MJ\(serial)")
            let name: String
            switch kind {
            case .socialGroup: name = "图木舒克市\(groups[index % groups.count])\(index >= groups.count ? "第\(index / groups.count + 1)分会" : "")（示例）"
            case .socialServiceAgency: name = "图木舒克市\(agencies[index % agencies.count])\(index - 61 >= agencies.count ? "第\((index - 61) / agencies.count + 1)分部" : "")（示例）"
            case .foundation: name = index == 106 ? "图木舒克市慈善基金会（示例）" : "图木舒克市助学基金会（示例）"
            }
            let supervisor = kind == .socialServiceAgency ? (index % 3 == 0 ? "659003-JY" : "") : (index % 4 == 0 ? "659003-WT" : "")
            let registered = CivilDate(year: 2005 + index % 19, month: 1 + index % 12, day: 1 + index % 28)!
            rows.append((index + 2, [code, name, kind.chineseName, "法定代表人\(index + 1)（示例）", "图木舒克市齐干却勒街道（示例）\(index + 1)号",
                                     "按章程开展活动", supervisor, registered.description, "正常"]))
        }
        return rows
    }

    func loadSocialOrganizations() async throws -> Int {
        let registry = OrganizationRegistry(store: store, db: db, cipher: cipher)
        guard try await registry.count() == 0 else { return 0 }
        func day(_ text: String) -> CivilDate { CivilDate(iso: text)! }
        let reviewer = try await principal("reviewer")
        _ = try await registry.importRows(Self.demoOrganizationRows(), by: reviewer, context: context(reviewer), now: at(day("2025-01-02")))

        // The 2025 campaign (the work of 2024), every organisation reporting and concluded; six 基本合格 rectified, two 不合格 rectifying.
        let campaigns = InspectionCampaigns(matters: service, registry: registry)
        _ = try await campaigns.open(year: 2025, by: reviewer, context: context(reviewer), now: at(day("2025-01-06")))
        let batch = try await campaigns.campaign(2025)!.id
        let matters = try await MatterRecord.query(on: db).filter(\.$batchID == batch).sort(\.$reference).all()
        let statement = Data("%PDF-1.4\n% 财务会计报告（示例）\n%%EOF\n".utf8)
        var created = 0
        for (index, record) in matters.enumerated() {
            let id = Matter.ID(record.id!)
            let matter = try await service.snapshot(id).matter
            let account = OrganizationRegistry.username(for: matter.fields["creditCode"] ?? "")
            let organization = try await principal(account)
            let submitted = day("2025-02-10").adding(days: index % 30)
            _ = try await service.addMaterial(to: id, kind: "财务会计报告", filename: "财务会计报告.pdf", contentType: "application/pdf", data: statement,
                                              by: organization, context: context(organization), now: at(submitted))
            if matter.fields["kind"] == SocialOrganizationKind.foundation.chineseName {
                _ = try await service.addMaterial(to: id, kind: "审计报告", filename: "审计报告.pdf", contentType: "application/pdf", data: statement,
                                                  by: organization, context: context(organization), now: at(submitted))
            }
            let report = ["activities": "全年按章程开展活动 \(4 + index % 9) 次（示例）。", "governance": "按期召开理事会，负责人无变动。",
                          "staffCount": String(1 + index % 6), "totalAssets": String(50_000 + index * 1_000), "netAssets": String(30_000 + index * 800),
                          "income": String(20_000 + index * 500), "expenditure": String(18_000 + index * 450)]
            let supervisor = matter.fields["supervisorUnitCode"] ?? ""
            if supervisor.isEmpty {
                try await act("submitDirect", id, account, submitted, report)
            } else {
                try await act("submit", id, account, submitted, report)
                try await act("supervisorApprove", id, supervisor == "659003-JY" ? "jy.reviewer" : "wt.reviewer", submitted.adding(days: 5),
                              ["supervisorOpinion": "经审查，同意报送。"])
            }
            let concluded = day("2025-04-07").adding(days: index % 35)
            switch index {
            case 10, 25, 40, 55, 70, 85:
                try await act("concludeBasicPass", id, "reviewer", concluded,
                              ["grounds": "财务制度不健全", "groundsDetail": "未按规定建立会计账簿（示例）。", "reviewOpinion": "基本合格，限期整改。"])
                try await act("submitRectification", id, account, concluded.adding(days: 30), ["rectificationReport": "已聘请专职会计，建立会计账簿（示例）。"])
                try await act("acceptRectification", id, "reviewer", concluded.adding(days: 40), ["assessment": "整改到位。"])
            case 33, 97:
                try await act("concludeFail", id, "reviewer", concluded,
                              ["grounds": "本年度未开展业务活动", "groundsDetail": "全年未按章程开展活动（示例）。", "reviewOpinion": "不合格，限期整改。"])
            default:
                try await act("concludePass", id, "reviewer", concluded, ["reviewOpinion": "年检合格。"])
            }
            created += 1
        }
        try await campaigns.publish(2025, by: reviewer, context: context(reviewer), now: at(day("2025-06-09")))

        // The check list, the inspector pool and the 2025 plan.
        let plans = DoubleRandomPlans(matters: service, registry: registry)
        try await plans.addCheckItem(.init(code: "SZ-CC-01", name: "社会组织年度报告及信息公开情况抽查", basis: "社会组织抽查暂行办法（民发〔2017〕45号）第四条",
                                           body: "第三师图木舒克市民政局", content: "年度报告、信息公开、内部治理、财务状况、业务活动",
                                           method: "书面检查与实地检查相结合", kind: "general", powerItemCode: "MZ-JC-001"),
                                     by: reviewer, context: context(reviewer), now: at(day("2025-01-02")))
        try await plans.addCheckItem(.init(code: "SZ-CC-02", name: "养老服务类社会服务机构安全管理抽查", basis: "养老机构管理办法（民政部令第66号）第四十条",
                                           body: "第三师图木舒克市民政局", content: "消防安全、食品安全、应急预案与演练",
                                           method: "实地检查", kind: "key", powerItemCode: "MZ-JC-001"),
                                     by: reviewer, context: context(reviewer), now: at(day("2025-01-02")))
        for (index, username) in ["officer.a", "officer.b", "officer.c", "officer.d"].enumerated() {
            _ = try await plans.registerInspector(username: username, certificateNumber: "6590032025\(String(format: "%04d", index + 1))", certified: true,
                                                  by: reviewer, context: context(reviewer), now: at(day("2025-01-02")))
        }
        let planID = try await plans.createPlan(year: 2025, title: "2025 年度社会组织双随机抽查", checkItemCode: "SZ-CC-01", ratePerMille: 30,
                                                minimumOnePerCategory: true, prioritizeRisk: true, by: reviewer, context: context(reviewer),
                                                now: at(day("2025-06-02")))
        try await plans.freeze(planID, by: reviewer, context: context(reviewer), now: at(day("2025-06-03")))
        let outcome = try await plans.draw(planID, witnessValue: "7302", witnesses: ["纪检监察组监督员（示例）", "社会组织代表（示例）"],
                                           by: reviewer, context: context(reviewer), now: at(day("2025-06-10")))
        let checks = try await MatterRecord.query(on: db).filter(\.$batchID == planID).all()
        let inspectors = try await plans.inspectors()
        for record in checks {
            let id = Matter.ID(record.id!)
            let matter = try await service.snapshot(id).matter
            let drawn = (matter.fields["inspectorAccountIDs"] ?? "").split(separator: ",").compactMap { account in
                inspectors.first { $0.accountID.uuidString.lowercased() == account }
            }
            guard let lead = drawn.first, let leadAccount = try await AccountRepository(db: db, cipher: cipher).find(Account.ID(lead.accountID)) else { continue }
            let username = leadAccount.username ?? ""
            try await act("notify", id, username, day("2025-06-16"), ["method": "书面检查与实地检查相结合"])
            try await act("recordResult", id, username, day("2025-07-08"), [
                "inspectionDate": "2025-07-08", "inspectorsPresent": drawn.map(\.name).joined(separator: "、"),
                "findings": "年度报告按时报送，信息公开完整，财务收支符合规定（示例）。", "result": RandomInspection.results[0]])
            try await act("publish", id, username, day("2025-07-15"))
            created += 1
        }
        logger.notice("demo social organisations loaded", metadata: ["organizations": "\(Self.organizationCount)", "checks": "\(outcome.assignments.count)"])
        return created
    }
}
