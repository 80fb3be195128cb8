import Foundation

/// 婚姻登记 (rules.md §4): 婚姻登记条例 as revised by 国务院令第804号 (in force 2025-05-10) and 民法典 婚姻家庭编.
/// Registration is in person at the 师市 registry, free of charge, never shown publicly; only registry staff read
/// the records, and every reading is journaled.
public enum MarriageRules {
    static let regulation = "婚姻登记条例（国务院令第804号修订，2025年5月10日起施行）"
    static let civilCode = "民法典 婚姻家庭编"

    /// 法定婚龄 (民法典 第一千零四十七条): man 22, woman 20.
    public static let minimumAgeMale = 22
    public static let minimumAgeFemale = 20

    /// The parties as their ID numbers describe them; `nil` when an ID is missing or invalid.
    static func parties(_ context: CheckContext) -> (a: ResidentIDNumber, b: ResidentIDNumber)? {
        guard let a = context.value("partyAID").flatMap({ try? ResidentIDNumber($0, today: context.today, acceptLegacy15: false) }),
              let b = context.value("partyBID").flatMap({ try? ResidentIDNumber($0, today: context.today, acceptLegacy15: false) })
        else { return nil }
        return (a, b)
    }

    /// Age on the registration date, from the birth date in each ID (民法典 第一千零四十七条).
    static let legalAge = Check(id: "legalAge", rule: "结婚年龄，男不得早于二十二周岁，女不得早于二十周岁", source: "民法典 第一千零四十七条") { context in
        guard let (a, b) = parties(context) else { return .failed("双方公民身份号码须有效") }
        var problems: [String] = []
        for (label, id) in [("男方", a), ("女方", b)] {
            let minimum = id.isMale ? minimumAgeMale : minimumAgeFemale
            let age = id.age(on: context.today)
            if age < minimum { problems.append("\(label)登记之日为 \(age) 周岁，未达法定婚龄 \(minimum) 周岁") }
        }
        return problems.isEmpty ? .passed : .failed(problems.joined(separator: "；"))
    }

    /// 结婚应当男女双方完全自愿 (民法典 第一千零四十六条): party A is the man, party B the woman.
    static let manAndWoman = Check(id: "manAndWoman", rule: "结婚登记由男女双方申请", source: "民法典 第一千零四十六条、第一千零四十九条") { context in
        guard let (a, b) = parties(context) else { return .failed("双方公民身份号码须有效") }
        if !a.isMale { return .failed("男方的公民身份号码显示为女性，请核对") }
        if b.isMale { return .failed("女方的公民身份号码显示为男性，请核对") }
        return .passed
    }

    static let declarationSigned = Check(id: "declaration", rule: "双方签署无配偶及无禁止结婚亲属关系的声明", source: "\(regulation) 第五条") { context in
        context.value("noImpedimentDeclarationSigned") == "yes" ? .passed : .failed("双方尚未签署声明")
    }

    static let bothVoluntary = Check(id: "voluntary", rule: "结婚须男女双方完全自愿", source: "民法典 第一千零四十六条") { context in
        context.value("bothVoluntary") == "yes" ? .passed : .failed("未确认双方完全自愿")
    }

    /// Current marital status from the 全国婚姻基础信息库 (民法典 第一千零四十二条 重婚之禁止).
    static let neitherMarried = Check(id: "neitherMarried", rule: "一方或者双方已有配偶的，不予登记", source: "民法典 第一千零四十二条；\(regulation) 第四条") { context in
        let statuses = [("男方", context.value("partyAStatus")), ("女方", context.value("partyBStatus"))]
        if statuses.contains(where: { $0.1 == nil }) { return .failed("尚未查询全国婚姻基础信息库") }
        let married = statuses.filter { $0.1 == "已婚" }.map(\.0)
        return married.isEmpty ? .passed : .failed("\(married.joined(separator: "、"))在全国婚姻基础信息库中登记为已婚")
    }

    static let noProhibitedRelation = Check(id: "noProhibitedRelation", rule: "直系血亲或者三代以内的旁系血亲禁止结婚", source: "民法典 第一千零四十八条") { context in
        context.value("prohibitedRelation") == "yes" ? .failed("双方属于禁止结婚的亲属关系") : .passed
    }

    public static let maritalStatuses = ["未婚", "离婚", "丧偶", "已婚"]
    public static let marriageRefusalGrounds = ["未达法定婚龄", "非双方完全自愿", "一方或者双方已有配偶", "属于直系血亲或者三代以内的旁系血亲", "证件或声明不符合规定"]
    /// The 2003 text's grounds (✘ `marriage.divorceRefusalGrounds` for the 2025 text).
    public static let divorceRefusalGrounds = ["未达成离婚协议", "一方或者双方为无民事行为能力或者限制民事行为能力人", "结婚登记不是在中国内地办理"]

    static func partyFields(hints: Bool = true) -> [FieldSpec] {
        [
            FieldSpec("partyAName", "男方姓名", mask: .name),
            FieldSpec("partyAID", "男方公民身份号码", kind: .idNumber, mask: .idNumber),
            FieldSpec("partyBName", "女方姓名", mask: .name),
            FieldSpec("partyBID", "女方公民身份号码", kind: .idNumber, mask: .idNumber),
            FieldSpec("phone", "联系电话", kind: .mobile, required: false, mask: .phone),
        ]
    }
}

/// 结婚登记: applied → documentsChecked → interviewed → registered (written to the national database) | refused.
public enum MarriageRegistration {
    public static let id: MatterTypeID = "marriageRegistration"
    static let basis = MarriageRules.regulation

    static let certificate = DocumentSpec(kind: "marriage.certificate", title: "结婚证（存根）", numberPrefix: "J", numberStyle: .certificate,
                                          numberField: "certificateNumber")
    static let refusal = DocumentSpec(kind: "marriage.refusal", title: "不予办理结婚登记告知书", numberPrefix: "图民婚不字")

    public static let type = MatterType(
        id: id, name: "结婚登记", powerItemCode: "MZ-QR-004", legalBasis: "\(basis)；\(MarriageRules.civilCode)", referencePrefix: "JH",
        states: [
            StateSpec("applied", "已申请，待审查证件"),
            StateSpec("documentsChecked", "证件已审查，待询问"),
            StateSpec("interviewed", "已询问，待登记"),
            StateSpec("registered", "已登记，已颁发结婚证", isTerminal: true),
            StateSpec("refused", "不予登记", isTerminal: true),
        ],
        initialState: "applied",
        transitions: [
            TransitionSpec("checkDocuments", "审查证件和声明", from: ["applied"], to: "documentsChecked", roles: [.intakeClerk],
                           checks: [.requiredFields(["partyAName", "partyAID", "partyBName", "partyBID"], source: "\(basis) 第五条"),
                                    MarriageRules.manAndWoman, MarriageRules.declarationSigned,
                                    Check(id: "photos", rule: "提交双方合影照片", source: "\(basis) 第五条（照片规格 ✘ marriage.photoSpec）", readsInput: true) { context in
                                        context.value("photosProvided") == "yes" ? .passed : .failed("尚未提交照片（\(context.settings.string("marriage.photoSpec"))）")
                                    }],
                           inputs: [FieldSpec("photosProvided", "已提交近期半身免冠合影照片", kind: .flag, required: false)]),
            TransitionSpec("interview", "询问并查询全国婚姻基础信息库", from: ["documentsChecked"], to: "interviewed", roles: [.intakeClerk],
                           inputs: [FieldSpec("partyAStatus", "男方婚姻状况（信息库查询结果）", kind: .choice, choices: MarriageRules.maritalStatuses),
                                    FieldSpec("partyBStatus", "女方婚姻状况（信息库查询结果）", kind: .choice, choices: MarriageRules.maritalStatuses),
                                    FieldSpec("bothVoluntary", "双方当场确认完全自愿", kind: .flag, required: false),
                                    FieldSpec("illnessDisclosure", "重大疾病告知（民法典 第一千零五十三条）", kind: .choice,
                                              choices: ["双方均无须告知的重大疾病", "已如实告知对方"]),
                                    FieldSpec("interviewNotes", "询问记录", kind: .longText, required: false)]),
            TransitionSpec("register", "登记并颁发结婚证", from: ["interviewed"], to: "registered", roles: [.intakeClerk],
                           checks: [MarriageRules.legalAge, MarriageRules.manAndWoman, MarriageRules.declarationSigned,
                                    MarriageRules.bothVoluntary, MarriageRules.neitherMarried, MarriageRules.noProhibitedRelation,
                                    .legalBasisCited()],
                           inputs: [FieldSpec("ceremony", "颁证仪式", kind: .choice, required: false, choices: ["未举行", "已举行", "已举行，父母到场"])],
                           marks: [.decided], issues: [certificate]),
            TransitionSpec("refuse", "不予登记", from: ["applied", "documentsChecked", "interviewed"], to: "refused", roles: [.intakeClerk],
                           inputs: [FieldSpec("refusalGround", "不予登记的理由", kind: .choice, choices: MarriageRules.marriageRefusalGrounds),
                                    FieldSpec("reasons", "书面说明", kind: .longText)],
                           marks: [.decided], issues: [refusal]),
        ],
        fields: MarriageRules.partyFields() + [
            FieldSpec("noImpedimentDeclarationSigned", "双方已签署无配偶及无禁止结婚亲属关系声明", kind: .flag, required: false),
            FieldSpec("prohibitedRelation", "双方属于直系血亲或三代以内旁系血亲", kind: .flag, required: false, onApplicationForm: false),
            FieldSpec("partyAStatus", "男方婚姻状况", required: false, mask: .hidden, onApplicationForm: false),
            FieldSpec("partyBStatus", "女方婚姻状况", required: false, mask: .hidden, onApplicationForm: false),
            FieldSpec("bothVoluntary", "双方完全自愿", kind: .flag, required: false, onApplicationForm: false),
            FieldSpec("photosProvided", "已提交照片", kind: .flag, required: false, onApplicationForm: false),
            FieldSpec("certificateNumber", "结婚证字号", required: false, onApplicationForm: false),
        ],
        creatorRoles: [.intakeClerk],
        isConfidential: true, createdAt: .unitsOfSetting("marriage.registryUnitCodes"))
}

/// 离婚登记 with the 离婚冷静期 (民法典 第一千零七十七条): receipt → 30 days in which either party may withdraw → the
/// next 30 days in which both come in person to the same registry; if they do not, the application is deemed
/// withdrawn by the system at the end of the window.
public enum DivorceRegistration {
    public static let id: MatterTypeID = "divorceRegistration"
    static let basis = MarriageRules.regulation
    static let coolingOffBasis = "民法典 第一千零七十七条"

    static let receipt = DocumentSpec(kind: "divorce.receipt", title: "离婚登记申请受理回执单", numberPrefix: "图民离受字")
    static let notAccepted = DocumentSpec(kind: "divorce.notAccepted", title: "离婚登记申请不予受理告知书", numberPrefix: "图民离不字")
    static let withdrawal = DocumentSpec(kind: "divorce.withdrawal", title: "撤回离婚登记申请确认单", numberPrefix: "图民离撤字")
    static let certificate = DocumentSpec(kind: "divorce.certificate", title: "离婚证（存根）", numberPrefix: "L", numberStyle: .certificate,
                                          numberField: "divorceCertificateNumber")
    static let refusal = DocumentSpec(kind: "divorce.refusal", title: "不予办理离婚登记告知书", numberPrefix: "图民离拒字")

    static let agreementAndCapacity = Check(id: "agreement", rule: "双方签署离婚协议，均具有完全民事行为能力，结婚登记在中国内地办理",
                                            source: "\(basis)；婚姻登记条例（2003）第十二条（✘ marriage.divorceRefusalGrounds）") { context in
        var problems: [String] = []
        let grounds = context.settings.list("marriage.divorceRefusalGrounds")
        if context.value("agreementSigned") != "yes" { problems.append("未提交双方签名的离婚协议书") }
        if grounds.contains("incapacity") && context.value("fullCivilCapacity") != "yes" { problems.append("未确认双方均具有完全民事行为能力") }
        if grounds.contains("notMainland") && context.value("registeredInMainland") != "yes" { problems.append("结婚登记不是在中国内地办理的，不予受理") }
        return problems.isEmpty ? .passed : .failed(problems.joined(separator: "；"))
    }

    public static let type = MatterType(
        id: id, name: "离婚登记", powerItemCode: "MZ-QR-004", legalBasis: "\(basis)；\(coolingOffBasis)", referencePrefix: "LH",
        states: [
            StateSpec("applied", "双方已申请，待受理"),
            StateSpec("coolingOff", "离婚冷静期"),
            StateSpec("issueWindow", "冷静期届满，待双方到场"),
            StateSpec("registered", "已登记，已颁发离婚证", isTerminal: true),
            StateSpec("refused", "不予受理或不予登记", isTerminal: true),
            StateSpec("withdrawn", "已撤回", isTerminal: true),
            StateSpec("deemedWithdrawn", "视为撤回", isTerminal: true),
        ],
        initialState: "applied",
        transitions: [
            TransitionSpec("receive", "受理并出具回执", from: ["applied"], to: "coolingOff", roles: [.intakeClerk],
                           checks: [.requiredFields(["partyAName", "partyAID", "partyBName", "partyBID", "marriageCertificateNumber"],
                                                    source: "\(basis)；民法典 第一千零七十六条"),
                                    agreementAndCapacity, .legalBasisCited()],
                           issues: [receipt]),
            TransitionSpec("notAccept", "不予受理", from: ["applied"], to: "refused", roles: [.intakeClerk],
                           inputs: [FieldSpec("refusalGround", "不予受理的理由", kind: .choice, choices: MarriageRules.divorceRefusalGrounds),
                                    FieldSpec("reasons", "书面说明", kind: .longText)],
                           marks: [.decided], issues: [notAccepted]),
            TransitionSpec("withdraw", "一方撤回离婚登记申请", from: ["coolingOff"], to: "withdrawn", roles: [.intakeClerk],
                           checks: [.withinClock("coolingOff", rule: "冷静期内任何一方可以撤回申请", source: coolingOffBasis)],
                           inputs: [FieldSpec("withdrawingParty", "撤回方", kind: .choice, choices: ["男方", "女方", "双方"]),
                                    FieldSpec("withdrawalIDChecked", "已核验撤回方身份证件", kind: .flag)],
                           issues: [withdrawal]),
            TransitionSpec("endCoolingOff", "冷静期届满", from: ["coolingOff"], to: "issueWindow", roles: [.intakeClerk],
                           checks: [.clockElapsed("coolingOff", rule: "冷静期届满后方可办理", source: coolingOffBasis)],
                           isAutomatic: true),
            TransitionSpec("register", "双方到场，登记并颁发离婚证", from: ["issueWindow"], to: "registered", roles: [.intakeClerk],
                           checks: [.withinClock("issueWindow", rule: "冷静期届满后三十日内双方亲自到场", source: "\(coolingOffBasis) 第二款"),
                                    Check(id: "bothPresentAndAgreed", rule: "双方亲自到场，确属自愿，并对子女抚养、财产及债务处理达成一致",
                                          source: "民法典 第一千零七十八条", readsInput: true) { context in
                                        context.input["bothPresent"] == "yes" && context.input["agreementConfirmed"] == "yes"
                                            ? .passed : .failed("须双方亲自到场并当场确认离婚协议")
                                    }, .legalBasisCited()],
                           inputs: [FieldSpec("bothPresent", "双方亲自到场", kind: .flag, required: false),
                                    FieldSpec("agreementConfirmed", "双方确认自愿离婚并对子女、财产、债务处理无异议", kind: .flag, required: false),
                                    FieldSpec("counsellingNotes", "婚姻家庭辅导或调解记录", kind: .longText, required: false)],
                           marks: [.decided], issues: [certificate]),
            TransitionSpec("refuse", "不予登记", from: ["issueWindow"], to: "refused", roles: [.intakeClerk],
                           inputs: [FieldSpec("refusalGround", "不予登记的理由", kind: .choice,
                                              choices: ["一方不同意离婚", "双方对子女抚养、财产或债务处理未达成一致"] + MarriageRules.divorceRefusalGrounds),
                                    FieldSpec("reasons", "书面说明", kind: .longText)],
                           marks: [.decided], issues: [refusal]),
            TransitionSpec("deemWithdrawn", "期满未到场，视为撤回", from: ["issueWindow"], to: "deemedWithdrawn", roles: [],
                           checks: [.clockElapsed("issueWindow", rule: "冷静期届满后三十日内未共同到场的，视为撤回", source: "\(coolingOffBasis) 第二款")],
                           isAutomatic: true),
        ],
        clocks: [
            ClockSpec("coolingOff", "离婚冷静期", kind: .overall, period: .days(30), legalBasis: "\(coolingOffBasis) 第一款",
                      startsOn: ["receive"], stopsOn: ["withdraw", "endCoolingOff"], onExpiry: "endCoolingOff"),
            ClockSpec("issueWindow", "领证期限（冷静期届满后三十日）", kind: .overall, period: .days(30), legalBasis: "\(coolingOffBasis) 第二款",
                      startsOn: ["endCoolingOff"], stopsOn: ["register", "refuse", "deemWithdrawn"], startsAfter: "coolingOff",
                      onExpiry: "deemWithdrawn"),
        ],
        fields: MarriageRules.partyFields() + [
            FieldSpec("marriageCertificateNumber", "结婚证字号"),
            FieldSpec("agreementSigned", "已提交双方签名的离婚协议书", kind: .flag, required: false),
            FieldSpec("fullCivilCapacity", "双方均具有完全民事行为能力", kind: .flag, required: false),
            FieldSpec("registeredInMainland", "结婚登记在中国内地办理", kind: .flag, required: false),
            FieldSpec("childCustody", "子女抚养", kind: .longText, required: false, mask: .hidden),
            FieldSpec("propertyDivision", "财产处理", kind: .longText, required: false, mask: .hidden),
            FieldSpec("debtHandling", "债务处理", kind: .longText, required: false, mask: .hidden),
            FieldSpec("divorceCertificateNumber", "离婚证字号", required: false, onApplicationForm: false),
        ],
        creatorRoles: [.intakeClerk],
        isConfidential: true, createdAt: .unitsOfSetting("marriage.registryUnitCodes"))
}
