import FluentKit
import Foundation
import MinzhengCore

/// The demo's enforcement in 2025: certificates, a benchmark for each penalty item, two penalty decisions served and
/// published, a 首违不罚, three licences granted, and a reconsideration that upheld the act — none overturned.
extension DemoCasework {
    static func demoBenchmarks() -> [DiscretionBenchmark] {
        let from = CivilDate(iso: "2025-01-01")!
        func tiers(_ min: Int, _ max: Int) -> [BenchmarkTier] {
            let third = (max - min) / 3
            return [BenchmarkTier(tier: .noPenalty, conditions: "初次违法且危害后果轻微并及时改正；违法行为轻微并及时改正，没有造成危害后果", minimumFen: 0, maximumFen: 0),
                    BenchmarkTier(tier: .lighter, conditions: "主动消除或者减轻危害后果；受他人胁迫或者诱骗；配合查处有立功表现", minimumFen: min, maximumFen: min + third),
                    BenchmarkTier(tier: .normal, conditions: "无从轻、从重情形", minimumFen: min + third + 100, maximumFen: min + 2 * third),
                    BenchmarkTier(tier: .heavier, conditions: "一年内因同类违法行为受过处罚；拒绝、阻碍执法；造成较重危害后果", minimumFen: min + 2 * third + 100, maximumFen: max)]
        }
        return [
            DiscretionBenchmark(code: "CF-001-01", powerItemCode: "MZ-CF-001", violation: "社会团体未按规定接受年度检查（示例）",
                                basisClause: "社会团体登记管理条例 第二十八条", penaltyClause: "社会团体登记管理条例 第三十条（示例幅度）",
                                legalMinimumFen: 100_000, legalMaximumFen: 1_000_000, tiers: tiers(100_000, 1_000_000), effectiveFrom: from),
            DiscretionBenchmark(code: "CF-002-01", powerItemCode: "MZ-CF-002", violation: "民办非企业单位超出章程规定的宗旨和业务范围进行活动（示例）",
                                basisClause: "民办非企业单位登记管理暂行条例 第二十五条", penaltyClause: "民办非企业单位登记管理暂行条例 第二十五条（示例幅度）",
                                legalMinimumFen: 200_000, legalMaximumFen: 2_000_000, tiers: tiers(200_000, 2_000_000), effectiveFrom: from),
            DiscretionBenchmark(code: "CF-003-01", powerItemCode: "MZ-CF-003", violation: "基金会未按照章程规定的宗旨和公益活动的业务范围进行活动（示例）",
                                basisClause: "基金会管理条例 第四十二条", penaltyClause: "基金会管理条例 第四十二条（示例幅度）",
                                legalMinimumFen: 500_000, legalMaximumFen: 5_000_000, tiers: tiers(500_000, 5_000_000), effectiveFrom: from),
            DiscretionBenchmark(code: "CF-004-01", powerItemCode: "MZ-CF-004", violation: "擅自兴建殡葬设施（示例）",
                                basisClause: "殡葬管理条例 第八条", penaltyClause: "殡葬管理条例 第十八条（示例幅度）",
                                legalMinimumFen: 100_000, legalMaximumFen: 3_000_000, tiers: tiers(100_000, 3_000_000), effectiveFrom: from),
        ]
    }

    func loadEnforcement() async throws -> Int {
        let repository = EnforcementRepository(store: store, db: db, cipher: cipher)
        guard try await repository.certificates().isEmpty else { return 0 }
        func day(_ text: String) -> CivilDate { CivilDate(iso: text)! }
        let legal = try await principal("legal")
        for (index, username) in ["officer.a", "officer.b", "officer.c", "officer.d"].enumerated() {
            try await repository.addCertificate(username: username, number: "6590032025\(String(format: "%04d", index + 1))", category: "民政综合执法",
                                                validFrom: day("2024-01-01"), validUntil: day("2027-12-31"), by: legal, context: context(legal), now: at(day("2025-01-02")))
        }
        for benchmark in Self.demoBenchmarks() {
            _ = try await repository.saveDraft(benchmark, by: legal, context: context(legal), now: at(day("2025-01-03")))
            try await repository.publish(code: benchmark.code, by: legal, context: context(legal), now: at(day("2025-01-06")))
        }
        let unit = try await OrgUnitRepository(db: db).find(code: "659003")!
        let officer = try await principal("officer.a")
        var created = 0
        // Two penalties, decided, served and published; one executed and closed.
        for (index, (party, code, amount, tier)) in [("图木舒克市红枣产业协会（示例）", UnifiedSocialCreditCode.completing("51659003MJ0000004"), "3000", "从轻处罚"),
                                                    ("图木舒克市夕阳红养老服务中心（示例）", UnifiedSocialCreditCode.completing("52659003MJ0000063"), "10000", "一般处罚")].enumerated() {
            let start = day(index == 0 ? "2025-07-01" : "2025-08-04")
            let id = try await service.create(PenaltyCase.id, at: unit, applicant: nil, channel: "window", title: "\(party)违法案",
                                              fields: ["partyType": "法人或者其他组织", "partyName": party, "partyCode": code,
                                                       "benchmarkCode": index == 0 ? "CF-001-01" : "CF-002-01", "violationDate": start.adding(days: -20).description,
                                                       "caseSource": "双随机抽查", "caseFacts": "抽查发现违法行为（示例）。"],
                                              by: officer, context: context(officer), now: at(start))
            try await act("file", id, "leader", start, ["filingOpinion": "同意立案调查。"])
            _ = try await service.addMaterial(to: id, kind: "证据：照片", filename: "现场照片.pdf", contentType: "application/pdf",
                                              data: Data("%PDF-1.4\n% 现场照片（示例）\n%%EOF\n".utf8),
                                              metadata: ["device": "执法记录仪 ZFY-00\(index + 1)", "capturedAt": "\(start.adding(days: 1)) 10:30"],
                                              by: officer, context: context(officer), now: at(start.adding(days: 1)))
            var notice = ["coOfficer": "officer.b", "violationFacts": "经查，当事人存在违法行为（示例）。", "proposedTier": tier, "proposedAmount": amount]
            if tier == "从轻处罚" { notice["c_eliminatedHarm"] = "yes" }
            try await act("notifyRights", id, "officer.a", start.adding(days: 3), notice)
            try await act("recordDefence", id, "officer.a", start.adding(days: 5),
                          ["coOfficer": "officer.b", "defence": "当事人表示已整改（示例）。", "defenceAdopted": "部分采纳", "defenceReply": "已在裁量中考虑。"])
            try await act("decide", id, "leader", start.adding(days: 10),
                          ["decidedTier": tier, "decidedAmount": amount, "benchmarkApplication": "依据裁量基准 \(index == 0 ? "CF-001-01" : "CF-002-01") 第 1 版适用「\(tier)」。"])
            try await act("serve", id, "officer.a", start.adding(days: 12),
                          ["coOfficer": "officer.b", "serviceMethod": "直接送达", "serviceDate": start.adding(days: 12).description])
            if index == 0 {
                try await act("execute", id, "officer.a", start.adding(days: 20), ["execution": "当事人已缴纳罚款（示例）。"])
                try await act("close", id, "leader", start.adding(days: 22), ["closingReport": "案件执行完毕，结案。"])
            }
            created += 1
        }
        // A 首违不罚.
        let first = try await service.create(PenaltyCase.id, at: unit, applicant: nil, channel: "window", title: "某殡葬服务点违法案（示例）",
                                             fields: ["partyType": "自然人", "partyName": "马某某（示例）", "partyCode": DemoAccounts.fictionalID("65900319750101007"),
                                                      "benchmarkCode": "CF-004-01", "violationDate": "2025-09-01", "caseSource": "投诉举报", "caseFacts": "擅自设置殡葬服务点（示例）。"],
                                             by: officer, context: context(officer), now: at(day("2025-09-08")))
        try await act("file", first, "leader", day("2025-09-08"), ["filingOpinion": "同意立案。"])
        _ = try await service.addMaterial(to: first, kind: "证据：书证", filename: "询问笔录.pdf", contentType: "application/pdf",
                                          data: Data("%PDF-1.4\n% 询问笔录（示例）\n%%EOF\n".utf8), by: officer, context: context(officer), now: at(day("2025-09-09")))
        try await act("notifyRights", first, "officer.a", day("2025-09-10"),
                      ["coOfficer": "officer.b", "violationFacts": "初次违法，已当场拆除（示例）。", "proposedTier": "不予处罚", "proposedAmount": "0",
                       "c_firstViolationSlightCorrected": "yes"])
        try await act("decideNoPenalty", first, "leader", day("2025-09-19"),
                      ["noPenaltyGround": "初次违法且危害后果轻微并及时改正（行政处罚法 第三十三条）。", "educationRecord": "已对当事人进行殡葬管理法规教育（示例）。"])
        created += 1
        // Three licences.
        let clerk = try await principal("officer.c")
        for (index, applicant) in ["图木舒克市青年志愿者协会（示例）", "图木舒克市老年书画研究会（示例）", "图木舒克市启智康复服务中心（示例）"].enumerated() {
            let start = day("2025-03-03").adding(days: index * 40)
            let id = try await service.create(AdministrativeLicence.id, at: unit, applicant: nil, channel: "window", title: "\(applicant)成立登记",
                                              fields: ["powerItemCode": index == 2 ? "MZ-XK-003" : "MZ-XK-001", "applicantType": "法人或者其他组织",
                                                       "applicantName": applicant, "request": "申请成立登记（示例）。"],
                                              by: clerk, context: context(clerk), now: at(start))
            try await act("accept", id, "officer.c", start)
            try await act("review", id, "reviewer", start.adding(days: 7), ["reviewOpinion": "材料齐全，符合条件。"])
            try await act("grant", id, "approver", start.adding(days: 10),
                          ["licenceNumber": "图民社登字〔2025〕\(index + 1)号", "decisionText": "准予成立登记。"])
            try await act("serve", id, "officer.c", start.adding(days: 11), ["serviceDate": start.adding(days: 11).description])
            created += 1
        }
        // A reconsideration of the second penalty, upheld.
        if let penalty = try await MatterRecord.query(on: db).filter(\.$typeID == PenaltyCase.id.rawValue).filter(\.$state == "served").first() {
            let challenge = try await service.create(LegalChallenge.id, at: unit, applicant: nil, channel: "window", title: "行政复议（示例）",
                                                     fields: ["kind": "行政复议", "originalReference": penalty.reference, "body": "第三师图木舒克市人民政府（示例）",
                                                              "applicant": "图木舒克市夕阳红养老服务中心（示例）", "receivedDate": "2025-09-22", "claims": "请求撤销处罚决定。"],
                                                     by: legal, context: context(legal), now: at(day("2025-09-22")))
            try await act("answer", challenge, "legal", day("2025-09-29"), ["answerSummary": "事实清楚，证据确凿，程序合法，适用裁量基准正确。"])
            try await act("recordOutcome", challenge, "legal", day("2025-11-14"), ["outcome": "维持", "outcomeDate": "2025-11-14"])
            created += 1
        }
        return created
    }
}
