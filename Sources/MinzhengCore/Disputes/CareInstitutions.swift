import Foundation

/// 养老机构 emergency management (rules.md §9): plans per institution and the bureau's own, drills with their
/// rectification items, the major-hazard checklist used in inspections with the risk ledger, and incident reports with
/// their reporting delay.
public enum CareInstitutionMatters {
    public static let planKinds = ["消防安全", "自然灾害", "公共卫生（传染病）", "食物中毒", "老年人走失", "噎食", "跌倒", "治安（暴力伤害）", "综合"]

    /// The major-hazard checklist (养老机构重大事故隐患判定标准, 民政部办公厅 2023): the situations rules.md names for
    /// categories 1, 2, 4 and 5; category 3 (✘ `majorHazard.category3Items`) comes from the settings.
    public static let hazardChecklist: [(key: String, category: String, label: String)] = [
        ("h_dangerousBuilding", "一、建筑设施设备", "房屋经鉴定为C级、D级危房"),
        ("h_fireFacilities", "一、建筑设施设备", "消防设施不符合强制性标准或不能正常使用"),
        ("h_electricGas", "一、建筑设施设备", "电气、燃气设施不符合强制性标准"),
        ("h_sandwichPanels", "一、建筑设施设备", "使用易燃可燃夹芯材料彩钢板搭建有人员活动的场所"),
        ("h_specialEquipment", "一、建筑设施设备", "电梯、锅炉、压力容器、氧气管道等特种设备未经检验或已报废仍在使用"),
        ("h_clinicLicence", "二、资质", "内设医疗机构未取得执业许可或未备案"),
        ("h_foodLicence", "二、资质", "食堂未取得食品经营许可"),
        ("h_operators", "二、资质", "特种设备作业人员未取得相应资格"),
        ("h_illegalServices", "四、违法违规服务", "存在严重违法违规服务行为"),
        ("h_other", "五、其他", "其他经专家论证确定的重大事故隐患"),
    ]

    static let drillPlan = DocumentSpec(kind: "yingji.drill", title: "应急演练评估报告", numberPrefix: "图民应演字")
    static let rectificationOrder = DocumentSpec(kind: "yingji.rectify", title: "重大事故隐患整改通知书", numberPrefix: "图民隐改字")

    static let rectificationsClosed = Check(id: "rectificationsClosed", rule: "整改事项全部完成并销号", source: "民政部《养老机构突发事件应急预案》（2025）",
                                                reads: [.openRectifications]) { context in
        let open = Int(context.facts["openRectifications"] ?? "0") ?? 0
        return open == 0 ? .passed : .failed("尚有 \(open) 项整改未完成")
    }

    public static let emergencyPlan = MatterType(
        id: "emergencyPlan", name: "养老机构突发事件应急预案", powerItemCode: nil, legalBasis: "养老机构管理办法（民政部令第66号）；民政部《养老机构突发事件应急预案》（2025）",
        referencePrefix: "YA",
        states: [StateSpec("draft", "起草中"), StateSpec("forComment", "征求意见中"), StateSpec("effective", "已生效"),
                 StateSpec("superseded", "已修订替代", isTerminal: true)],
        initialState: "draft",
        transitions: [
            TransitionSpec("circulate", "征求意见", from: ["draft"], to: "forComment", roles: [.reviewer],
                           inputs: [FieldSpec("commentScope", "征求意见范围", kind: .longText)]),
            TransitionSpec("adopt", "印发生效", from: ["forComment"], to: "effective", roles: [.leader, .reviewer],
                           inputs: [FieldSpec("adoptedOn", "印发日期", kind: .date), FieldSpec("commentsHandled", "意见采纳情况", kind: .longText)],
                           derive: { context in
                               let years = context.settings.int("emergencyPlan.reviewYears")
                               return ["reviewDate": context.today.adding(years: years).description]
                           }),
            TransitionSpec("supersede", "修订替代", from: ["effective"], to: "superseded", roles: [.leader, .reviewer],
                           inputs: [FieldSpec("reasons", "修订原因及新预案", kind: .longText)]),
        ],
        clocks: [
            ClockSpec("review", "预案评估修订期限", kind: .stage, period: .days(0), legalBasis: "✘ emergencyPlan.reviewYears",
                      startsOn: ["adopt"], stopsOn: ["supersede"], rollsForward: false, dueDateField: "reviewDate"),
        ],
        fields: [
            FieldSpec("institutionCode", "养老机构（统一社会信用代码；本局预案填 659003）"),
            FieldSpec("institutionName", "机构名称"),
            FieldSpec("planKind", "预案类别", kind: .choice, choices: planKinds),
            FieldSpec("summary", "主要内容（分级响应、处置流程、报告程序、保障措施）", kind: .longText),
            FieldSpec("reviewDate", "评估修订日期", kind: .date, required: false, onApplicationForm: false),
        ],
        creatorRoles: [.reviewer], createdAt: .levels([.divisionCity]))

    public static let drill = MatterType(
        id: "emergencyDrill", name: "应急演练", powerItemCode: nil, legalBasis: "GB 38600-2019 养老机构服务安全基本规范；机关、团体、企业、事业单位消防安全管理规定",
        referencePrefix: "YL",
        states: [StateSpec("planned", "已计划"), StateSpec("held", "已演练，整改中"), StateSpec("closed", "整改完成，已闭环", isTerminal: true)],
        initialState: "planned",
        transitions: [
            TransitionSpec("recordDrill", "记录演练", from: ["planned"], to: "held", roles: [.reviewer, .enforcementOfficer],
                           inputs: [FieldSpec("drilledOn", "演练日期", kind: .date), FieldSpec("scenario", "演练情景", kind: .longText),
                                    FieldSpec("participants", "参演人员及人数"), FieldSpec("evaluation", "演练评估", kind: .longText),
                                    FieldSpec("problems", "发现的问题（整改事项另行登记）", kind: .longText, required: false)],
                           issues: [drillPlan]),
            TransitionSpec("closeDrill", "整改闭环", from: ["held"], to: "closed", roles: [.reviewer, .enforcementOfficer],
                           checks: [rectificationsClosed], marks: [.closed]),
        ],
        fields: [
            FieldSpec("institutionCode", "养老机构（统一社会信用代码）"),
            FieldSpec("institutionName", "机构名称"),
            FieldSpec("planKind", "演练类别", kind: .choice, choices: planKinds),
            FieldSpec("plannedOn", "计划日期", kind: .date),
            FieldSpec("drilledOn", "演练日期", kind: .date, required: false, onApplicationForm: false),
        ],
        creatorRoles: [.reviewer, .enforcementOfficer], createdAt: .levels([.divisionCity]))

    public static let hazardInspection = MatterType(
        id: "hazardInspection", name: "养老机构重大事故隐患检查", powerItemCode: "MZ-JC-001",
        legalBasis: "养老机构重大事故隐患判定标准（民政部办公厅，2023）；养老机构管理办法", referencePrefix: "YH",
        states: [StateSpec("planned", "待检查"), StateSpec("rectifying", "发现隐患，整改中"), StateSpec("cleared", "隐患已清零", isTerminal: true),
                 StateSpec("clean", "未发现重大事故隐患", isTerminal: true)],
        initialState: "planned",
        transitions: [
            TransitionSpec("recordClean", "检查未发现重大事故隐患", from: ["planned"], to: "clean", roles: [.enforcementOfficer],
                           checks: [.twoCertifiedOfficers()],
                           inputs: [FieldSpec("coOfficer", "同行执法人员（用户名）"), FieldSpec("inspectedOn", "检查日期", kind: .date),
                                    FieldSpec("notes", "检查情况", kind: .longText)]),
            TransitionSpec("recordHazards", "检查发现重大事故隐患，责令整改", from: ["planned"], to: "rectifying", roles: [.enforcementOfficer],
                           checks: [.twoCertifiedOfficers(),
                                    Check(id: "anyHazard", rule: "至少勾选一项隐患", source: "养老机构重大事故隐患判定标准", readsInput: true) { context in
                                        hazardChecklist.contains { context.input[$0.key] == "yes" } || !(context.input["category3"] ?? "").isEmpty
                                            ? .passed : .failed("未勾选隐患；未发现的请使用「检查未发现重大事故隐患」")
                                    }],
                           inputs: [FieldSpec("coOfficer", "同行执法人员（用户名）"), FieldSpec("inspectedOn", "检查日期", kind: .date),
                                    FieldSpec("deadline", "整改期限", kind: .date)]
                               + hazardChecklist.map { FieldSpec($0.key, "\($0.category)：\($0.label)", kind: .flag, required: false) }
                               + [FieldSpec("category3", "三、日常管理严重问题（✘ majorHazard.category3Items，如有填写）", required: false)],
                           issues: [rectificationOrder],
                           effects: [.createRectifications(prefix: "h_", extraField: "category3", deadlineField: "deadline")]),
            TransitionSpec("clear", "复查，隐患清零", from: ["rectifying"], to: "cleared", roles: [.enforcementOfficer],
                           checks: [.twoCertifiedOfficers(), rectificationsClosed],
                           inputs: [FieldSpec("coOfficer", "同行执法人员（用户名）"), FieldSpec("notes", "复查情况", kind: .longText)], marks: [.closed]),
        ],
        fields: [
            FieldSpec("institutionCode", "养老机构（统一社会信用代码）"),
            FieldSpec("institutionName", "机构名称"),
            FieldSpec("inspectedOn", "检查日期", kind: .date, required: false, onApplicationForm: false),
            FieldSpec("deadline", "整改期限", kind: .date, required: false, onApplicationForm: false),
        ],
        creatorRoles: [.enforcementOfficer, .reviewer], createdAt: .levels([.divisionCity]))

    /// Reporting delay in minutes between the event and the report.
    public static func reportingDelay(occurred: String?, reported: String?) -> Int? {
        func parse(_ text: String?) -> Date? {
            guard let text, text.count >= 16, let day = CivilDate(iso: String(text.prefix(10))) else { return nil }
            let parts = text.dropFirst(11).prefix(5).split(separator: ":").compactMap { Int($0) }
            guard parts.count == 2 else { return nil }
            return day.startInstant.addingTimeInterval(TimeInterval(parts[0] * 3600 + parts[1] * 60))
        }
        guard let start = parse(occurred), let end = parse(reported), end >= start else { return nil }
        return Int(end.timeIntervalSince(start) / 60)
    }

    public static let incident = MatterType(
        id: "incidentReport", name: "养老机构突发事件报告", powerItemCode: nil, legalBasis: "民政部《养老机构突发事件应急预案》（2025）（不得迟报、漏报、谎报、瞒报）",
        referencePrefix: "SJ",
        states: [StateSpec("reported", "已报告，处置中"), StateSpec("reviewed", "已复盘总结", isTerminal: true)],
        initialState: "reported",
        transitions: [
            TransitionSpec("review", "处置完毕，复盘总结", from: ["reported"], to: "reviewed", roles: [.reviewer, .leader],
                           inputs: [FieldSpec("aftermath", "善后处置", kind: .longText), FieldSpec("lessons", "复盘总结及培训演练安排", kind: .longText)]),
        ],
        fields: [
            FieldSpec("institutionCode", "养老机构（统一社会信用代码）"),
            FieldSpec("institutionName", "机构名称"),
            FieldSpec("eventKind", "事件类别", kind: .choice, choices: planKinds),
            FieldSpec("occurredAt", "发生时间（YYYY-MM-DD HH:MM）"),
            FieldSpec("reportedAt", "报告时间（YYYY-MM-DD HH:MM）"),
            FieldSpec("reportedTo", "报告对象（属地政府、民政部门等）"),
            FieldSpec("casualties", "伤亡情况", required: false),
            FieldSpec("actions", "已采取的措施", kind: .longText),
        ],
        creatorRoles: [.reviewer, .enforcementOfficer, .intakeClerk], createdAt: .levels([.divisionCity]))
}
