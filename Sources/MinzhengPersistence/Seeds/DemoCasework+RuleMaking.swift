import FluentKit
import Foundation
import MinzhengCore

/// The demo's rule-making and learning in 2025: the three normative documents the report names, the 惠民殡葬 major
/// decision in the published catalogue, the responsibility list with its activities on the themed dates, 32 study
/// sessions and 4 trainings.
extension DemoCasework {
    func loadRuleMaking() async throws -> Int {
        guard try await MatterRecord.query(on: db).filter(\.$typeID == NormativeDocument.id.rawValue).count() == 0 else { return 0 }
        func day(_ text: String) -> CivilDate { CivilDate(iso: text)! }
        let unit = try await OrgUnitRepository(db: db).find(code: "659003")!
        let reviewer = try await principal("reviewer")
        let legal = try await principal("legal")
        var created = 0

        let documents: [(String, String, String, String, Bool)] = [
            ("第三师图木舒克市惠民殡葬政策实施办法（试行）", "试行", "殡葬管理条例；兵团惠民殡葬政策", "2025-03-03", true),
            ("第三师图木舒克市殡葬领域跨部门综合监管实施方案", "正式", "殡葬管理条例；国务院关于加强和规范事中事后监管的指导意见", "2025-05-06", false),
            ("2025年低收入困难群体入住养老机构保障方案", "正式", "社会救助暂行办法；养老机构管理办法", "2025-07-01", false),
        ]
        for (title, kind, basis, start, withComment) in documents {
            let begin = day(start)
            let id = try await service.create(NormativeDocument.id, at: unit, applicant: nil, channel: "window", title: title,
                                              fields: ["title": title, "docKind": kind, "relation": "新制定", "leadIssuer": "第三师图木舒克市民政局",
                                                       "legalBasis": basis, "text": "第一条 为规范工作，根据\(basis)，结合本师市实际，制定本文件。（示例正文）"],
                                              by: reviewer, context: context(reviewer), now: at(begin))
            var next = begin
            if withComment {
                try await act("startComment", id, "reviewer", begin, ["commentNote": "向社会公开征求意见 30 日。"])
                try await RuleMakingService(matters: service).submitComment(to: id, content: "建议明确惠民殡葬补贴的申领材料和办理时限。（示例）",
                                                                             context: JournalContext(actor: .anonymous), now: at(begin.adding(days: 10)))
                next = begin.adding(days: 31)
                try await act("closeComment", id, "reviewer", next)
                if let comment = try await RuleMakingService(matters: service).comments(of: id).first {
                    try await RuleMakingService(matters: service).answer(comment.id, of: id, adopted: "采纳", answer: "已在第六条列明申领材料，办理时限为 5 个工作日。",
                                                                         by: reviewer, context: context(reviewer), now: at(next))
                }
                try await act("submitForReview", id, "reviewer", next, ["draftingNote": "起草说明（示例）。"])
            } else {
                try await act("submitWithoutComment", id, "reviewer", next, ["noCommentReason": "已书面征求相关部门意见，内容不涉及公民重大权利义务。（示例）",
                                                                              "draftingNote": "起草说明（示例）。"])
            }
            try await act("passLegality", id, "legal", next.adding(days: 7), ["opinion": "制定主体合法，未超越权限，与上位法不抵触，程序合法。"])
            try await act("collectiveReview", id, "leader", next.adding(days: 10), ["attendees": "褚局长（示例）、副局长甲（示例）、副局长乙（示例）", "minutes": "局党组会审议通过。"])
            try await act("register", id, "legal", next.adding(days: 11))
            try await act("publish", id, "leader", next.adding(days: 14), ["publicationChannel": "门户网站"])
            try await act("file", id, "legal", next.adding(days: 20), ["filingReceipt": "师司备〔2025〕\(created + 1)号（示例）"])
            created += 1
        }

        // The 惠民殡葬 major decision, in the published 2025 catalogue.
        let leader = try await principal("leader")
        let decision = try await service.create(MajorDecision.id, at: unit, applicant: nil, channel: "window", title: "实施惠民殡葬政策",
                                                fields: ["title": "实施惠民殡葬政策", "catalogueYear": "2025", "category": "重大公共政策",
                                                         "summary": "对本师市户籍居民减免基本殡葬服务费用。（示例）"],
                                                by: leader, context: context(leader), now: at(day("2025-01-06")))
        try await RuleMakingService(matters: service).publishCatalogue(year: 2025, by: leader, context: context(leader), now: at(day("2025-01-10")))
        try await act("start", decision, "leader", day("2025-01-13"), ["leadUnit": "社会事务科（示例）"])
        try await act("startConsultation", decision, "reviewer", day("2025-01-14"), ["consultationDays": "30", "draftText": "惠民殡葬政策（草案）。"])
        try await act("closeConsultation", decision, "reviewer", day("2025-02-14"), ["consultationSummary": "收到意见 5 条，采纳 3 条。"])
        try await act("recordExperts", decision, "reviewer", day("2025-02-17"), ["experts": "专家甲（示例）、专家乙（示例）", "expertOpinion": "政策可行，资金有保障。"])
        try await act("recordRisk", decision, "reviewer", day("2025-02-18"), ["riskReport": "风险低，已制定应对预案。", "riskControllable": "yes"])
        try await act("submitLegality", decision, "reviewer", day("2025-02-19"))
        try await act("passLegality", decision, "legal", day("2025-03-03"), ["opinion": "决策权限、程序、内容合法。"])
        try await act("discuss", decision, "leader", day("2025-03-04"), ["attendees": "褚局长（示例）、副局长甲（示例）、副局长乙（示例）",
                                                                          "membersViews": "副局长甲：同意。副局长乙：同意。", "headView": "同意实施。"])
        try await act("reportToParty", decision, "leader", day("2025-03-05"), ["partyReport": "已报师市党委，同意。"])
        try await act("decide", decision, "leader", day("2025-03-10"), ["decisionText": "自 2025 年 4 月 1 日起实施惠民殡葬政策。"])
        try await act("publish", decision, "leader", day("2025-03-11"), ["publicationChannel": "门户网站"])
        created += 1

        // The responsibility list and the activities, on the themed dates and at the windows.
        let learning = LearningService(matters: service)
        for (law, code, target) in [("中华人民共和国民法典", "659003", 3), ("中华人民共和国慈善法", "659003", 1), ("中华人民共和国老年人权益保障法", "659003", 1),
                                    ("社会救助暂行办法", "659003-101", 2)] {
            try await learning.addDuty(year: 2025, law: law, unitCode: code, target: target, by: legal, context: context(legal), now: at(day("2025-01-06")))
        }
        let photo = Data("%PDF-1.4\n% 活动照片（示例）\n%%EOF\n".utf8)
        var activities: [(String, String, CivilDate, String, Int)] = PublicityActivity.themes.filter { $0.month != 12 }
            .map { ($0.name, $0.laws, $0.date(in: 2025), "659003", 120) }  // the 2025 report names four themed dates; 宪法日 is not among them
        activities += [("社会救助政策进连队", "社会救助暂行办法", day("2025-06-18"), "659003-101", 80), ("最低生活保障政策宣讲", "社会救助暂行办法；最低生活保障审核确认办法", day("2025-11-12"), "659003-101", 60)]
        for (theme, laws, date, code, audience) in activities {
            let at0 = at(date.adding(days: -10))
            let place = try await OrgUnitRepository(db: db).find(code: code)!
            let id = try await service.create(PublicityActivity.id, at: place, applicant: nil, channel: "window", title: "2025 年\(theme)",
                                              fields: ["theme": theme, "laws": laws, "plannedOn": date.description, "place": "\(place.name)广场",
                                                       "audienceKind": "社区居民"],
                                              by: reviewer, context: context(reviewer), now: at0)
            _ = try await service.addMaterial(to: id, kind: "活动照片", filename: "活动照片.pdf", contentType: "application/pdf", data: photo,
                                              by: reviewer, context: context(reviewer), now: at(date))
            try await act("recordHeld", id, "reviewer", date, ["heldOn": date.description, "audienceSize": String(audience), "summary": "发放宣传资料、现场答疑。（示例）"])
            created += 1
        }

        // 32 study sessions and 4 trainings.
        let topics = ["中华人民共和国宪法", "中华人民共和国民法典", "中华人民共和国行政处罚法", "中华人民共和国行政复议法", "社会救助暂行办法", "中华人民共和国慈善法",
                      "婚姻登记条例", "重大行政决策程序暂行条例"]
        for index in 0..<36 {
            let training = index >= 32
            let kind = training ? StudySession.trainingKinds[index % 2] : StudySession.studyKinds[index % 3]
            let date = day("2025-01-08").adding(days: index * 9)
            let id = try await service.create(StudySession.id, at: unit, applicant: nil, channel: "window", title: "\(kind)：\(topics[index % topics.count])",
                                              fields: ["kind": kind, "topic": "学习\(topics[index % topics.count])", "materials": topics[index % topics.count],
                                                       "plannedOn": date.description],
                                              by: reviewer, context: context(reviewer), now: at(date.adding(days: -3)))
            try await act("recordHeld", id, "reviewer", date, ["heldOn": date.description,
                                                               "attendees": training ? "郑执法（示例）、王执法（示例）、何执法（示例）、吕执法（示例）" : "褚局长（示例）、李审核（示例）、吴法制（示例）、周审批（示例）",
                                                               "results": training ? "考试全部合格。" : ""])
            created += 1
        }
        return created
    }
}
