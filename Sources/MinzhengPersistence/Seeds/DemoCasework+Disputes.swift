import FluentKit
import Foundation
import MinzhengCore

/// The demo's disputes and emergencies in 2025: the mediation centre's 894 cases of which 367 couples did not go on
/// with divorce (the full volume only when `includesVolume`; otherwise a sample), petitions answered on time, three
/// care institutions with the bureau's plan, three drills closed, a hazard cleared and an incident reviewed.
extension DemoCasework {
    func loadDisputes() async throws -> Int {
        guard try await MatterRecord.query(on: db).filter(\.$typeID == MediationCase.id.rawValue).count() == 0 else { return 0 }
        @Sendable func day(_ text: String) -> CivilDate { CivilDate(iso: text)! }
        let unit = try await OrgUnitRepository(db: db).find(code: "659003")!
        let mediator = try await principal("mediator")
        let total = includesVolume ? 894 : 12
        let reconciledCount = includesVolume ? 367 : 5
        let agreementCount = includesVolume ? 330 : 4
        // One transaction for the volume: one commit instead of thousands.
        var created = try await store.write(on: db) { _ -> Int in
            for index in 0..<total {
                let start = day("2025-01-03").adding(days: (index * 359) / total)
                let source = index % 3 == 0 ? "离婚冷静期转介" : index % 7 == 0 ? "人民法院委托" : "当事人申请"
                let id = try await service.create(
                    MediationCase.id, at: unit, applicant: nil, channel: "window", title: "婚姻家庭纠纷调解",
                    fields: ["disputeType": index % 5 == 0 ? "家庭纠纷" : "婚姻纠纷", "source": source, "partyAName": "当事人甲\(index + 1)（示例）",
                             "partyBName": "当事人乙\(index + 1)（示例）", "facts": "夫妻因家庭琐事产生矛盾。（示例）"],
                    by: mediator, context: context(mediator), now: at(start))
                try await act("accept", id, "mediator", start, ["mediators": "冯调解（示例）", "mode": "不公开调解"])
                if index < reconciledCount {
                    try await act("reconcile", id, "mediator", start.adding(days: 3), ["reconciliationNote": "经调解双方和好，不再办理离婚。（示例）"])
                    try await act("followUpVisit", id, "mediator", start.adding(days: 5), ["visitNote": "回访家庭和睦。"])
                } else if index < reconciledCount + agreementCount {
                    try await act("reachAgreement", id, "mediator", start.adding(days: 4),
                                  ["terms": "双方就子女抚养和财产分割达成一致。（示例）", "performance": "按约定履行。", "performanceDeadline": start.adding(days: 60).description,
                                   "signaturesComplete": "yes"])
                    try await act("followUpVisit", id, "mediator", start.adding(days: 6), ["visitNote": "协议正在履行。"])
                } else {
                    try await act("fail", id, "mediator", start.adding(days: 5), ["otherRoutes": "已告知可向人民法院起诉或办理离婚登记。"])
                }
            }
            return total
        }

        // Petitions, answered within their clocks.
        let handler = try await principal("petition")
        for index in 0..<6 {
            let start = day("2025-02-10").adding(days: index * 50)
            let id = try await service.create(Petition.id, at: unit, applicant: nil, channel: "window", title: "信访事项",
                                              fields: ["channel": index % 2 == 0 ? "来访" : "来信", "category": index == 5 ? "建议意见" : "申诉求决",
                                                       "petitionerName": "信访人\(index + 1)（示例）", "request": "反映低保、养老服务相关诉求。（示例）"],
                                              by: handler, context: context(handler), now: at(start))
            try await act("register", id, "petition", start, ["transcript": "来访人反映的诉求已如实记录。（示例）"])
            try await act("accept", id, "petition", start.adding(days: 3))
            try await act("investigate", id, "petition", start.adding(days: 10), ["investigation": "已调查核实。（示例）"])
            try await act("issueOpinion", id, "petition", start.adding(days: 25),
                          ["outcome": index % 3 == 0 ? "支持" : "解释说明", "opinionText": "经核实，依法作出处理。（示例）", "opinionBasis": "社会救助暂行办法；信访工作条例 第三十二条"])
            created += 1
        }

        // Care institutions, the bureau's plan, three drills closed, a hazard cleared, an incident reviewed.
        let reviewer = try await principal("reviewer")
        let registry = CareInstitutionRegistry(matters: service)
        let institutions = [(UnifiedSocialCreditCode.completing("52659003MJ0000067"), "图木舒克市夕阳红养老服务中心（示例）", 150),
                            (UnifiedSocialCreditCode.completing("52659003MJ0000068"), "图木舒克市金秋老年公寓（示例）", 90),
                            (UnifiedSocialCreditCode.completing("52659003MJ0000069"), "图木舒克市社会福利院（示例）", 200)]
        for (code, name, beds) in institutions {
            try await registry.add(creditCode: code, name: name, address: "图木舒克市（示例）", beds: beds, isKeyFireUnit: true, by: reviewer,
                                   context: context(reviewer), now: at(day("2025-01-06")))
        }
        let plan = try await service.create(CareInstitutionMatters.emergencyPlan.id, at: unit, applicant: nil, channel: "window", title: "第三师图木舒克市养老机构突发事件应急预案",
                                            fields: ["institutionCode": "659003", "institutionName": "第三师图木舒克市民政局", "planKind": "综合",
                                                     "summary": "分级响应、先期处置、信息报告、善后与保障。（示例）"],
                                            by: reviewer, context: context(reviewer), now: at(day("2025-02-03")))
        // The 2025 report: the plan was drafted and circulated for comment (征求意见稿), not yet adopted.
        try await act("circulate", plan, "reviewer", day("2025-02-03"), ["commentScope": "各养老机构、消防救援部门。"])
        created += 1
        for (index, (code, name, _)) in institutions.enumerated() {
            let date = day("2025-04-15").adding(days: index * 60)
            let drill = try await service.create(CareInstitutionMatters.drill.id, at: unit, applicant: nil, channel: "window", title: "\(name)消防演练",
                                                 fields: ["institutionCode": code, "institutionName": name, "planKind": "消防安全", "plannedOn": date.description],
                                                 by: reviewer, context: context(reviewer), now: at(date.adding(days: -7)))
            try await act("recordDrill", drill, "reviewer", date, ["drilledOn": date.description, "scenario": "夜间火灾，疏散失能老人。（示例）",
                                                                   "participants": "员工及老人 60 人", "evaluation": "疏散有序。", "problems": "部分灭火器压力不足。"])
            try await service.addRectification(to: drill, description: "更换压力不足的灭火器", deadline: date.adding(days: 10), by: reviewer,
                                               context: context(reviewer), now: at(date))
            if let item = try await RectificationItems(db: db).open(of: drill).first {
                try await service.closeRectification(item.id, of: drill, note: "已全部更换。", by: reviewer, context: context(reviewer), now: at(date.adding(days: 7)))
            }
            try await act("closeDrill", drill, "reviewer", date.adding(days: 7))
            created += 1
        }
        let inspection = try await service.create(CareInstitutionMatters.hazardInspection.id, at: unit, applicant: nil, channel: "window", title: "重大事故隐患检查",
                                                  fields: ["institutionCode": institutions[1].0, "institutionName": institutions[1].1],
                                                  by: try await principal("officer.a"), context: context(try await principal("officer.a")), now: at(day("2025-06-03")))
        try await act("recordHazards", inspection, "officer.a", day("2025-06-03"),
                      ["coOfficer": "officer.b", "inspectedOn": "2025-06-03", "deadline": "2025-07-03", "h_foodLicence": "yes"])
        for item in try await RectificationItems(db: db).open(of: inspection) {
            try await service.closeRectification(item.id, of: inspection, note: "已取得食品经营许可证。", by: try await principal("officer.a"),
                                                 context: context(try await principal("officer.a")), now: at(day("2025-06-25")))
        }
        try await act("clear", inspection, "officer.a", day("2025-06-30"), ["coOfficer": "officer.b", "notes": "复查隐患已清零。"])
        let incident = try await service.create(CareInstitutionMatters.incident.id, at: unit, applicant: nil, channel: "window", title: "老人跌倒受伤",
                                                fields: ["institutionCode": institutions[0].0, "institutionName": institutions[0].1, "eventKind": "跌倒",
                                                         "occurredAt": "2025-08-12 07:40", "reportedAt": "2025-08-12 08:25", "reportedTo": "齐干却勒街道、第三师图木舒克市民政局",
                                                         "casualties": "1 人轻伤", "actions": "立即送医，通知家属。"],
                                                by: reviewer, context: context(reviewer), now: at(day("2025-08-12")))
        try await act("review", incident, "reviewer", day("2025-08-20"), ["aftermath": "已康复出院。", "lessons": "加强夜间巡查和防跌倒培训。"])
        created += 2
        return created
    }
}
