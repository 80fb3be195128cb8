import Foundation

/// How sure the rulebook is about a figure (rules.md, "How to read this rulebook").
public enum RuleConfidence: String, Codable, Sendable {
    /// ✔ confirmed in the official text.
    case confirmed
    /// ◐ gist confirmed, exact figure from a secondary or local source.
    case partly
    /// ✘ unconfirmed: a setting, flagged in the UI.
    case unconfirmed

    public var symbol: String {
        switch self {
        case .confirmed: "✔"
        case .partly: "◐"
        case .unconfirmed: "✘"
        }
    }

    /// The hint every screen relying on a ✘ setting shows.
    public static let unconfirmedHint = "✘ 未经官方文本确认，请按兵团/师市规定核定"
}

/// The value type of a setting, used to validate what an administrator enters.
public enum SettingValueKind: String, Codable, Sendable {
    case bool, integer, text, choice, list
}

/// One entry of the configuration register (rules.md §15).
public struct SettingDefinition: Hashable, Sendable, Identifiable {
    public let key: String
    public let title: String
    public let defaultValue: String
    public let kind: SettingValueKind
    public let choices: [String]
    public let confidence: RuleConfidence
    /// The rule it implements and where a local value comes from.
    public let rule: String
    public let source: String

    public var id: String { key }

    public init(_ key: String, _ title: String, default defaultValue: String, kind: SettingValueKind,
                choices: [String] = [], confidence: RuleConfidence, rule: String, source: String) {
        self.key = key
        self.title = title
        self.defaultValue = defaultValue
        self.kind = kind
        self.choices = choices
        self.confidence = confidence
        self.rule = rule
        self.source = source
    }

    /// Checks a proposed value against the kind; returns the normalised value.
    public func normalize(_ raw: String) throws -> String {
        let value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        switch kind {
        case .bool:
            switch value.lowercased() {
            case "true", "是", "1": return "true"
            case "false", "否", "0": return "false"
            default: throw ValidationError(field: title, reason: "应为 true 或 false。")
            }
        case .integer:
            guard let number = Int(value), number >= 0 else {
                throw ValidationError(field: title, reason: "应为非负整数。")
            }
            return String(number)
        case .choice:
            guard choices.contains(value) else {
                throw ValidationError(field: title, reason: "应为以下之一：\(choices.joined(separator: "、"))。")
            }
            return value
        case .text, .list:
            guard value.count <= 500 else { throw ValidationError(field: title, reason: "不超过 500 个字符。") }
            return value
        }
    }
}

/// The register of settings. ✘ items carry the hint on every screen that uses them.
public enum SettingsRegister {
    public static let all: [SettingDefinition] = [
        .init("deadline.noticeCountsTowardLimit", "公示期计入总时限", default: "true", kind: .bool, confidence: .unconfirmed,
              rule: "rules.md §1 D11", source: "兵团低保/特困实施细则"),
        .init("deadline.fixedDateRollForward", "固定日期期限遇休息日顺延", default: "false", kind: .bool, confidence: .unconfirmed,
              rule: "rules.md §1 D12", source: "兵团低保/特困实施细则"),
        .init("publicNotice.rollForward", "公示期末日遇休息日顺延", default: "true", kind: .bool, confidence: .unconfirmed,
              rule: "rules.md §1 D13", source: "兵团低保/特困实施细则"),
        .init("deadline.warnBeforeWorkdays", "到期前提醒（工作日）", default: "3", kind: .integer, confidence: .partly,
              rule: "rules.md §1", source: "自治区通知"),
        .init("deadline.closeOfBusiness", "期限截止时点", default: "24:00", kind: .choice, choices: ["24:00", "officeHours"],
              confidence: .unconfirmed, rule: "rules.md §1 D4", source: "自治区作息时间通知"),
        .init("calendar.regionalSource", "地方节日来源", default: "xinjiang", kind: .choice, choices: ["xinjiang", "bingtuan"],
              confidence: .unconfirmed, rule: "rules.md §12", source: "自治区/兵团年度通知"),
        .init("calendar.officeHours", "作息时间", default: "夏季 10:00–14:00、16:00–20:00；冬季 10:00–14:00、15:30–19:30",
              kind: .text, confidence: .unconfirmed, rule: "rules.md §12", source: "自治区年度作息时间通知"),
        .init("validation.acceptLegacy15", "接受 15 位旧身份证号码（提示）", default: "true", kind: .bool, confidence: .unconfirmed,
              rule: "rules.md §13.1", source: "统计用区划代码"),
        .init("orgMapping.countyLevel", "县级职责对应层级", default: "divisionCity", kind: .choice,
              choices: ["divisionCity"], confidence: .unconfirmed, rule: "rules.md §2", source: "兵团实施细则"),
        .init("orgMapping.townshipLevel", "乡镇职责对应层级", default: "regimentTownOrSubdistrict", kind: .choice,
              choices: ["regimentTownOrSubdistrict"], confidence: .unconfirmed, rule: "rules.md §2", source: "兵团实施细则"),
        .init("orgMapping.villageLevel", "村（居）职责对应层级", default: "companyOrCommunity", kind: .choice,
              choices: ["companyOrCommunity"], confidence: .unconfirmed, rule: "rules.md §2", source: "兵团实施细则"),
        .init("disabilitySubsidy.townPreliminaryWorkdays", "两项补贴团镇初审时限（工作日）", default: "10", kind: .integer, confidence: .unconfirmed,
              rule: "rules.md §3.3 disabilitySubsidy.stageLimits", source: "兵团两项补贴实施办法"),
        .init("disabilitySubsidy.noticeDays", "两项补贴公示期（日）", default: "7", kind: .integer, confidence: .unconfirmed,
              rule: "rules.md §3.3 disabilitySubsidy.stageLimits", source: "兵团两项补贴实施办法"),
        .init("disabilitySubsidy.federationWorkdays", "两项补贴残联审核时限（工作日）", default: "10", kind: .integer, confidence: .unconfirmed,
              rule: "rules.md §3.3 disabilitySubsidy.stageLimits", source: "兵团两项补贴实施办法"),
        .init("disabilitySubsidy.paymentStartRule", "两项补贴发放起始", default: "acceptanceMonth", kind: .choice,
              choices: ["acceptanceMonth", "nextMonth"], confidence: .unconfirmed, rule: "rules.md §3.3", source: "国发〔2015〕52号；兵团实施办法"),
        .init("disabilitySubsidy.overlapRules", "两项补贴重叠排除规则", default: "orphanScheme,otherCareBenefit", kind: .list,
              confidence: .unconfirmed, rule: "rules.md §3.3（orphanScheme 孤儿保障不享受生活补贴，otherCareBenefit 其他护理补贴不享受护理补贴）",
              source: "国发〔2015〕52号；兵团实施办法"),
        .init("disabilitySubsidy.crossProvinceEnabled", "两项补贴跨省通办", default: "true", kind: .bool, confidence: .unconfirmed,
              rule: "rules.md §3.3", source: "兵团实施办法"),
        .init("disabilitySubsidy.federationUnitCode", "残联审核单位代码", default: "659003-CL", kind: .text, confidence: .unconfirmed,
              rule: "rules.md §3.3（残联审核）", source: "师市组织机构"),
        .init("marriage.registryUnitCodes", "婚姻登记机关（组织机构代码，逗号分隔）", default: "659003-HY", kind: .text, confidence: .unconfirmed,
              rule: "rules.md §4（婚姻登记机关：县级民政部门或省级指定的乡镇）", source: "婚姻登记条例 第二条；兵团指定"),
        .init("marriage.divorceRefusalGrounds", "离婚登记不予受理情形", default: "noAgreement,incapacity,notMainland", kind: .list,
              confidence: .unconfirmed, rule: "rules.md §4（2003 第十二条：noAgreement 未达成协议，incapacity 非完全民事行为能力，notMainland 非内地登记）",
              source: "婚姻登记条例（2025）文本"),
        .init("marriage.photoSpec", "婚姻登记照片规格", default: "近期 2 寸半身免冠双人合影照片", kind: .text, confidence: .unconfirmed,
              rule: "rules.md §4", source: "婚姻登记工作规范"),
        .init("marriage.bookingHorizonDays", "婚姻登记可预约天数", default: "30", kind: .integer, confidence: .unconfirmed,
              rule: "rules.md §4（预约 ◐）", source: "婚姻登记条例（2025）"),
        .init("socialOrganization.annualRegime", "社会组织年度监管方式", default: "inspection", kind: .choice, choices: ["inspection", "report"],
              confidence: .unconfirmed, rule: "rules.md §5.1（inspection 年检 / report 年报）", source: "第三师社会组织登记管理规定"),
        .init("inspection.socialOrganizationMinRate", "社会组织定期抽查最低比例（‰）", default: "30", kind: .integer, confidence: .unconfirmed,
              rule: "rules.md §5.4（县级不低于 3%）", source: "社会组织抽查暂行办法（民发〔2017〕45号）；师市适用比例"),
        .init("inspection.publisherRule", "抽查结果公示主体", default: "inspectingUnit", kind: .choice, choices: ["inspectingUnit", "registry"],
              confidence: .unconfirmed, rule: "rules.md §5.4（谁检查、谁录入、谁公开）", source: "国发〔2019〕5号 地方适用"),
        .init("enforcement.majorFineIndividual", "重大执法决定罚款标准：自然人（元）", default: "10000", kind: .integer, confidence: .unconfirmed,
              rule: "rules.md §6.2（重大执法决定法制审核目录）", source: "师市重大执法决定法制审核目录"),
        .init("enforcement.majorFineEntity", "重大执法决定罚款标准：法人或其他组织（元）", default: "50000", kind: .integer, confidence: .unconfirmed,
              rule: "rules.md §6.2", source: "师市重大执法决定法制审核目录"),
        .init("enforcement.hearingFineIndividual", "较大数额罚款（听证）：自然人（元）", default: "10000", kind: .integer, confidence: .unconfirmed,
              rule: "rules.md §6.3（行政处罚法 第六十三条 较大数额）", source: "自治区较大数额罚款标准"),
        .init("enforcement.hearingFineEntity", "较大数额罚款（听证）：法人或其他组织（元）", default: "50000", kind: .integer, confidence: .unconfirmed,
              rule: "rules.md §6.3", source: "自治区较大数额罚款标准"),
        .init("disclosure.retentionYears", "执法决定公示保留年限", default: "5", kind: .integer, confidence: .unconfirmed,
              rule: "rules.md §6.2", source: "地方规定"),
        .init("disclosure.retentionYearsNaturalPerson", "执法决定公示保留年限（自然人）", default: "2", kind: .integer, confidence: .unconfirmed,
              rule: "rules.md §6.2", source: "地方规定"),
        .init("normativeDocument.commentDays", "规范性文件征求意见期（日）", default: "30", kind: .integer, confidence: .unconfirmed,
              rule: "rules.md §7.1", source: "兵团/师市规范性文件管理规定"),
        .init("normativeDocument.legalityReviewWorkdays", "规范性文件合法性审核期限（工作日）", default: "10", kind: .integer, confidence: .unconfirmed,
              rule: "rules.md §7.1（5–15）", source: "国办发〔2018〕115号 地方规定"),
        .init("normativeDocument.effectiveAfterDays", "规范性文件公布至施行（日）", default: "30", kind: .integer, confidence: .partly,
              rule: "rules.md §7.1", source: "地方规定"),
        .init("normativeDocument.validityYears", "规范性文件有效期（年）", default: "5", kind: .integer, confidence: .partly,
              rule: "rules.md §7.1", source: "地方规定"),
        .init("normativeDocument.provisionalValidityYears", "试行、暂行规范性文件有效期（年）", default: "2", kind: .integer, confidence: .partly,
              rule: "rules.md §7.1", source: "地方规定"),
        .init("normativeDocument.filingDays", "规范性文件备案期限（日）", default: "30", kind: .integer, confidence: .unconfirmed,
              rule: "rules.md §7.1", source: "地方规定（15 或 30 日）"),
        .init("normativeDocument.cleanupCycleYears", "规范性文件清理周期（年）", default: "1", kind: .integer, confidence: .unconfirmed,
              rule: "rules.md §7.1", source: "地方规定"),
        .init("emergencyPlan.reviewYears", "应急预案评估修订周期（年）", default: "3", kind: .integer, confidence: .unconfirmed,
              rule: "rules.md §9", source: "民政部《养老机构突发事件应急预案》"),
        .init("emergencyDrill.generalIntervalMonths", "应急演练间隔（月）", default: "12", kind: .integer, confidence: .unconfirmed,
              rule: "rules.md §9（GB 38600-2019）", source: "GB 38600-2019"),
        .init("emergencyDrill.fireIntervalMonthsKeyUnit", "消防安全重点单位灭火和应急疏散演练间隔（月）", default: "6", kind: .integer, confidence: .partly,
              rule: "rules.md §9", source: "公安部令第61号"),
        .init("emergencyDrill.isKeyFireUnitDefault", "养老机构默认为消防安全重点单位", default: "true", kind: .bool, confidence: .unconfirmed,
              rule: "rules.md §9", source: "当地消防救援机构认定"),
        .init("majorHazard.category3Items", "重大事故隐患第三类（日常管理）情形", default: "未落实24小时值班；未建立巡查交接班记录", kind: .list,
              confidence: .unconfirmed, rule: "rules.md §9", source: "养老机构重大事故隐患判定标准（地方细化）"),
        .init("petition.hotline", "信访电话", default: "0998-0000000（示例）", kind: .text, confidence: .unconfirmed,
              rule: "rules.md §8.1（信访工作条例 第十八条）", source: "本局信访渠道公告"),
        .init("petition.address", "信访接待地址", default: "第三师图木舒克市民政局一楼信访接待室（示例）", kind: .text, confidence: .unconfirmed,
              rule: "rules.md §8.1", source: "本局信访渠道公告"),
        .init("petition.receptionHours", "信访接待时间", default: "工作日 10:00–14:00、16:00–19:30（示例）", kind: .text, confidence: .unconfirmed,
              rule: "rules.md §8.1", source: "本局信访渠道公告"),
        .init("ruleOfLawReport.recipients", "法治政府建设年度报告报送对象", default: "师市党委、师市人民政府；兵团民政局；师市依法治市办", kind: .text,
              confidence: .unconfirmed, rule: "rules.md §10", source: "法治政府建设与责任落实督察工作规定；师市要求"),
        .init("auth.maxFailures", "连续登录失败锁定次数", default: "5", kind: .integer, confidence: .unconfirmed,
              rule: "rules.md §14.1", source: "等保测评机构"),
        .init("auth.lockMinutes", "锁定时长（分钟）", default: "15", kind: .integer, confidence: .unconfirmed,
              rule: "rules.md §14.1", source: "等保测评机构"),
        .init("audit.retentionMonths", "审计日志在线保存（月）", default: "6", kind: .integer, confidence: .unconfirmed,
              rule: "rules.md §14.1；网络安全法 第二十一条", source: "等保测评机构"),
        .init("masking.idNumber", "身份证号脱敏规则", default: "前6后4", kind: .text, confidence: .unconfirmed,
              rule: "rules.md §11", source: "本地信用平台规则"),
        .init("masking.phone", "手机号脱敏规则", default: "前3后4", kind: .text, confidence: .unconfirmed,
              rule: "rules.md §11", source: "本地信用平台规则"),
        .init("masking.bankAccount", "银行账号脱敏规则", default: "仅后4位", kind: .text, confidence: .unconfirmed,
              rule: "rules.md §11", source: "本地信用平台规则"),
    ]

    public static func definition(for key: String) -> SettingDefinition? { all.first { $0.key == key } }
}
