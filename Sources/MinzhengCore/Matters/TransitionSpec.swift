import Foundation

public struct TransitionID: Hashable, Codable, Sendable, RawRepresentable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }

    /// The pseudo-transition that creates a matter.
    public static let created: TransitionID = "created"
}

/// Facts a transition establishes, which later checks look for (a legal review passed, a notice started …).
public enum EventMark: String, Codable, Sendable, CaseIterable {
    case legalReviewPassed, legalReviewReturned, collectiveDecisionTaken, noticeStarted, noticeCompleted
    case objectionFiled, objectionUpheld, objectionDismissed, decided, served, closed
    /// The act hands the matter to another province (跨省通办): the matter counts as cross-province in the figures.
    case crossProvince
}

/// A change outside the matter that an act makes, as data the persistence layer carries out.
public enum MatterEffect: Sendable, Hashable {
    /// Sets the status of the matter's organisation (活动异常名录, 撤销登记 …), with the history kept.
    case setOrganizationStatus(OrganizationStatus)
    /// Publishes the decision in the public register of decisions (行政执法公示), with the type's `publicDecision` fields.
    case publishDecision
    /// Takes the matter's published decision down with a notice (a decision revoked, changed or found unlawful).
    case withdrawDecision
    /// Takes down the published decision of the matter whose reference a field holds (a challenge that corrected it).
    case withdrawReferencedDecision(field: String)
    /// Takes an automatic act on the matter whose reference a field holds, chosen by another field's value (a document
    /// that amends or repeals an earlier one ends that one's force).
    case performOnReferenced(referenceField: String, choiceField: String, transitions: [String: TransitionID])
    /// Opens a rectification item, with the deadline from a field, for each flag input with the prefix that is set and
    /// for the text of an extra field (hazards found in an inspection go on the risk ledger).
    case createRectifications(prefix: String, extraField: String?, deadlineField: String)
    /// Freezes the annual report of the year a field holds: its figures and paragraphs stop following the records.
    case freezeAnnualReport(yearField: String)
}

/// A transition as declared: from which states, to which, who may take it, what it must pass first, and what it
/// asks for, starts, stops and issues.
public struct TransitionSpec: Sendable {
    public var id: TransitionID
    public var name: String
    public var from: Set<StateID>
    public var to: StateID
    public var roles: [Role]
    /// Where the roles reach: the matter's unit subtree for staff, `own` for the applicant.
    public var scope: AccessScope
    public var checks: [Check]
    /// What the person fills in with the act (an opinion, an amount, a reason).
    public var inputs: [FieldSpec]
    public var marks: Set<EventMark>
    /// Documents issued by the act (受理通知书 …).
    public var issues: [DocumentSpec]
    /// A public notice period the act opens (7 d in the 连队/社区).
    public var opensNotice: Period?
    /// A setting whose integer value replaces the notice length (✘ local periods such as `disabilitySubsidy.noticeDays`).
    public var noticeLengthSetting: String?
    /// What the act changes outside the matter, carried out in the same transaction (an organisation's status).
    public var effects: [MatterEffect]
    /// Taken by the system when a clock runs out (`ClockSpec.onExpiry`); staff may take it too when `roles` allows.
    public var isAutomatic: Bool
    /// Values the act computes from the matter, its input and the facts (an amount from the standard), before the
    /// checks run; they are stored like input.
    public var derive: (@Sendable (CheckContext) throws -> [String: String])?
    /// The kinds of facts `derive` reads.
    public var derivationReads: Set<CheckFact>

    public init(_ id: TransitionID, _ name: String, from: Set<StateID>, to: StateID, roles: [Role], scope: AccessScope = .subtree,
                checks: [Check] = [], inputs: [FieldSpec] = [], marks: Set<EventMark> = [], issues: [DocumentSpec] = [],
                opensNotice: Period? = nil, noticeLengthSetting: String? = nil, isAutomatic: Bool = false, effects: [MatterEffect] = [], derive: (@Sendable (CheckContext) throws -> [String: String])? = nil,
                derivationReads: Set<CheckFact> = []) {
        self.id = id
        self.name = name
        self.from = from
        self.to = to
        self.roles = roles
        self.scope = scope
        self.checks = checks
        self.inputs = inputs
        self.marks = marks
        self.issues = issues
        self.opensNotice = opensNotice
        self.noticeLengthSetting = noticeLengthSetting
        self.isAutomatic = isAutomatic
        self.effects = effects
        self.derive = derive
        self.derivationReads = derivationReads
    }
}

/// A field of a matter or of a transition's form.
public struct FieldSpec: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case text, longText, date, amountFen, integer, choice, flag
        /// 公民身份号码, checked by GB 11643 (rules.md §13.1).
        case idNumber
        /// A mainland mobile number (rules.md §13).
        case mobile
        /// 第二代残疾人证号: the holder's 18-character ID number, then the category (1–7) and grade (1–4).
        case disabilityCertificate
    }

    /// How a sensitive value is masked on pages (rules.md §11).
    public enum Mask: String, Sendable, Hashable {
        case idNumber, phone, bankAccount, name, hidden
    }

    public var key: String
    public var label: String
    public var kind: Kind
    public var isRequired: Bool
    public var choices: [String]
    /// Personal data: stored sealed, shown masked; `nil` for ordinary fields.
    public var mask: Mask?
    public var hint: String?
    /// Asked on the application form (false for values computed or filled in later by staff).
    public var isOnApplicationForm: Bool

    public var isSensitive: Bool { mask != nil }

    public init(_ key: String, _ label: String, kind: Kind = .text, required: Bool = true, choices: [String] = [],
                mask: Mask? = nil, hint: String? = nil, onApplicationForm: Bool = true) {
        self.key = key
        self.label = label
        self.kind = kind
        self.isRequired = required
        self.choices = choices
        self.mask = mask
        self.hint = hint
        self.isOnApplicationForm = onApplicationForm
    }

    /// The value as a page may show it.
    public func display(_ value: String) -> String {
        switch mask {
        case nil:
            switch kind {
            case .amountFen: Int(value).map { Money.formatYuan($0) + " 元" } ?? value
            case .flag: value == "yes" ? "是" : "否"
            default: value
            }
        case .idNumber: Masking.residentID(value)
        case .phone: Masking.phone(value)
        case .bankAccount: Masking.bankAccount(value)
        case .name: Masking.name(value)
        case .hidden: "（已隐藏）"
        }
    }

    /// Checks and normalises a submitted value; an empty optional value yields `nil`.
    public func normalize(_ raw: String?, today: CivilDate = CivilDate(Date())) throws -> String? {
        let value = (raw ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if value.isEmpty {
            if isRequired { throw ValidationError(field: label, reason: "必须填写。") }
            return nil
        }
        switch kind {
        case .text:
            guard value.count <= 200 else { throw ValidationError(field: label, reason: "不超过 200 个字。") }
        case .longText:
            guard value.count <= 5000 else { throw ValidationError(field: label, reason: "不超过 5000 个字。") }
        case .date:
            guard CivilDate(iso: value) != nil else { throw ValidationError(field: label, reason: "应为 YYYY-MM-DD 格式的真实日期。") }
        case .amountFen:
            guard let fen = Money.parseYuan(value) else { throw ValidationError(field: label, reason: "应为不小于 0 的金额（元，最多两位小数）。") }
            return String(fen)
        case .integer:
            guard let number = Int(value), number >= 0 else { throw ValidationError(field: label, reason: "应为非负整数。") }
        case .choice:
            guard choices.contains(value) else { throw ValidationError(field: label, reason: "请从给定选项中选择。") }
        case .flag:
            return value == "yes" || value == "true" ? "yes" : nil
        case .idNumber:
            do { return try ResidentIDNumber(value, today: today, acceptLegacy15: false).value } catch let error as ValidationError {
                throw ValidationError(field: label, reason: error.reason)
            }
        case .mobile:
            do { return try MobileNumber(value).value } catch let error as ValidationError {
                throw ValidationError(field: label, reason: error.reason)
            }
        case .disabilityCertificate:
            let characters = Array(value.uppercased())
            guard characters.count == 20 else { throw ValidationError(field: label, reason: "应为 20 位（18 位公民身份号码加残疾类别、等级各 1 位），实际 \(characters.count) 位。") }
            do { _ = try ResidentIDNumber(String(characters.prefix(18)), today: today, acceptLegacy15: false) } catch let error as ValidationError {
                throw ValidationError(field: label, reason: "前 18 位" + error.reason)
            }
            guard ("1"..."7").contains(String(characters[18])) else { throw ValidationError(field: label, reason: "第 19 位为残疾类别，应为 1–7。") }
            guard ("1"..."4").contains(String(characters[19])) else { throw ValidationError(field: label, reason: "第 20 位为残疾等级，应为 1–4。") }
            return String(characters)
        }
        return value
    }
}

/// A document an act issues: its kind, title and number prefix (图民救字〔2025〕12号).
public struct DocumentSpec: Sendable, Hashable {
    public var kind: String
    public var title: String
    /// The prefix before 〔year〕, e.g. 图民救字.
    public var numberPrefix: String
    /// The template that renders it (`documents/<template>`).
    public var template: String
    /// How the number is written.
    public var numberStyle: NumberStyle
    /// A matter field that keeps the number once issued (the 结婚证字号 on the registration).
    public var numberField: String?

    public enum NumberStyle: Sendable, Hashable {
        /// 图民救字〔2025〕12号: an official document of the bureau.
        case official
        /// J659003-2025-000012: a certificate, the prefix letter, the registry's 6-digit 行政区划代码, year and sequence
        /// (民政部婚姻登记工作规范 字号 format).
        case certificate
    }

    public init(kind: String, title: String, numberPrefix: String, template: String = "notice", numberStyle: NumberStyle = .official,
                numberField: String? = nil) {
        self.kind = kind
        self.title = title
        self.numberPrefix = numberPrefix
        self.template = template
        self.numberStyle = numberStyle
        self.numberField = numberField
    }

    public func number(year: Int, sequence: Int, unitCode: String = "") -> String {
        switch numberStyle {
        case .official: "\(numberPrefix)〔\(year)〕\(sequence)号"
        case .certificate: "\(numberPrefix)\(unitCode.prefix(6))-\(year)-" + String(format: "%06d", sequence)
        }
    }
}
