import MinzhengCore
import MinzhengPersistence
import Vapor

/// The matter page (issue 4, item 5): timeline with the checks of each act, the clocks with their calculation, the
/// acts this person may take now (and why the others are not open), documents and materials.
struct MatterPage: Page {
    static let template = "work/matter"

    struct Field: Encodable {
        var label: String
        var value: String
    }

    struct Clock: Encodable {
        struct Step: Encodable {
            var date: String
            var weekday: String
            var role: String
            var reason: String
        }
        var id: String
        var name: String
        var kind: String
        var period: String
        var legalBasis: String
        var start: String
        var due: String
        var originalDue: String?
        var alert: String
        var alertCode: String
        var isRunning: Bool
        var isSuspended: Bool
        var suspension: String?
        var extensions: [String]
        var unconfirmed: Bool
        var steps: [Step]
        var canExtend: Bool
    }

    struct Event: Encodable {
        struct CheckLine: Encodable {
            var passed: Bool
            var text: String
        }
        var sequence: Int
        var time: String
        var actor: String
        var role: String
        var summary: String
        var checks: [CheckLine]
        var details: [Field]
    }

    struct Act: Encodable {
        struct Input: Encodable {
            var key: String
            var label: String
            var kind: String
            var required: Bool
            var choices: [String]
            var hint: String?
            var value: String
        }
        var id: String
        var name: String
        var isAllowed: Bool
        var reasons: [String]
        var guidance: [String]
        var inputs: [Input]
        var opensNotice: String?
        var issues: String?
        var asksLateReason: Bool
    }

    struct Document: Encodable {
        var id: String
        var number: String
        var title: String
        var issuedAt: String
        var sha256: String
    }

    struct Material: Encodable {
        var id: String
        var kind: String
        var filename: String
        var size: String
        var sha256: String
        var uploadedAt: String
        var evidence: String?
    }

    var layout: Layout
    var matterID: String
    var reference: String
    var title: String
    var typeName: String
    var legalBasis: String
    var powerItemCode: String?
    var state: String
    var isClosed: Bool
    var unit: String
    var channel: String
    var created: String
    var fields: [Field]
    var hasSensitiveFields: Bool
    var canRevealPersonalData: Bool
    var revealed: Bool
    var clocks: [Clock]
    var events: [Event]
    var acts: [Act]
    var documents: [Document]
    var materials: [Material]
    var canHandle: Bool
    var runningClocks: [Option]
    var error: String?
    var failedChecks: [String]
    var actError: String?
    var csrfToken: String
    var basePath: String
    /// Evidence kinds offered for upload (enforcement cases), with the device and capture time.
    var evidenceKinds: [String]
    var bundleURL: String?
    /// Rectification items (drills, hazard inspections), and whether new ones may be added here.
    var rectifications: [Rectification]
    var tracksRectifications: Bool
    /// The reporting delay of an incident report.
    var reportingDelay: String?

    struct Rectification: Encodable {
        var id: String
        var description: String
        var deadline: String
        var closed: String?
        var note: String?
        var overdue: Bool
    }
}

/// Builds the matter page from a snapshot.
struct MatterPageBuilder {
    let request: Request
    let snapshot: MatterSnapshot
    let type: MatterType
    let principal: Principal

    func build(revealed: Bool = false, failedAct: TransitionID? = nil, submitted: [String: String] = [:], error: String? = nil,
               failedChecks: [String] = []) async throws -> MatterPage {
        let services = request.minzheng
        let today = request.today
        let db = request.database
        let unit = snapshot.unit
        let calendar = try await CalendarRepository(db: db).calendar(code: unit?.calendarCode ?? CalendarDefinition.bureauDefault.code)
        let settings = try await SettingRepository(db: db).snapshot()
        let warn = settings.int("deadline.warnBeforeWorkdays")
        let acts = try await request.matters.availableActs(snapshot, type: type, principal: principal, today: today, settings: settings)
        let tracksRectifications = type.tracksRectifications
        let target = snapshot.matter.accessTarget
        let canExtend = AccessPolicy.decide(principal, type.extendAction, on: target, table: services.permissions).isAllowed
        let canHandle = AccessPolicy.decide(principal, type.handleAction, on: target, table: services.permissions).isAllowed
        let canReveal = AccessPolicy.decide(principal, .viewPersonalData, on: target, table: services.permissions).isAllowed
        let fields: [MatterPage.Field] = type.fields.compactMap { field in
            guard let value = snapshot.matter.fields[field.key], !value.isEmpty else { return nil }
            return .init(label: field.label, value: revealed ? (field.kind == .amountFen ? field.display(value) : value) : field.display(value))
        }
        return MatterPage(
            layout: Layout(title: "\(type.name) \(snapshot.matter.reference)", section: .work, request: request),
            matterID: snapshot.matter.id.description, reference: snapshot.matter.reference, title: snapshot.matter.title,
            typeName: type.name, legalBasis: type.legalBasis, powerItemCode: type.powerItemCode,
            state: type.stateName(snapshot.matter.state), isClosed: snapshot.matter.closedAt != nil,
            unit: unit?.name ?? snapshot.matter.orgUnitCode, channel: MatterService.channelName(snapshot.matter.channel),
            created: ChineseTime.dateTime(snapshot.matter.createdAt), fields: fields,
            hasSensitiveFields: type.fields.contains { $0.isSensitive && snapshot.matter.fields[$0.key] != nil },
            canRevealPersonalData: canReveal, revealed: revealed,
            clocks: snapshot.clocks.map { clock in
                let calculation = try? clock.calculation(calendar: calendar, today: today)
                let alert = clock.alert(today: today, calendar: calendar, warnWorkdays: warn)
                return MatterPage.Clock(
                    id: clock.clockID.rawValue, name: clock.name, kind: clock.kind.rawValue, period: clock.period.description,
                    legalBasis: clock.legalBasis, start: clock.startDate.chineseDescription,
                    due: clock.pendingYear.map { "待定（\($0) 年节假日安排尚未导入）" } ?? clock.dueDate.chineseDescription,
                    originalDue: clock.originalDueDate != clock.dueDate ? clock.originalDueDate.chineseDescription : nil,
                    alert: alert.chineseName, alertCode: alert.rawValue, isRunning: clock.isRunning, isSuspended: clock.isSuspended,
                    suspension: clock.suspendedSince.map { "自 \($0.chineseDescription) 起中止：\(clock.suspensionReason ?? "")" },
                    extensions: clock.extensions.map { "延长 \($0.period)：\($0.reason)（\($0.legalBasis ?? "")）" },
                    unconfirmed: clock.isUnconfirmed,
                    steps: (calculation?.steps ?? []).map {
                        .init(date: $0.date.description, weekday: $0.date.weekday.chineseName, role: DeadlineRulesText.roleName($0.role), reason: $0.reason)
                    },
                    canExtend: canExtend && clock.isRunning && type.clock(clock.clockID)?.extensionRule != nil)
            },
            events: snapshot.events.reversed().map { event in
                MatterPage.Event(
                    sequence: event.sequence, time: ChineseTime.dateTime(event.at), actor: event.actorName,
                    role: event.actorRole?.chineseName ?? (event.actorAccountID == nil ? "公众/系统" : ""), summary: event.summary,
                    checks: event.checks.map { .init(passed: $0.status != .failed, text: $0.status == .notApplicable ? "（不适用）\($0.rule)" : "\($0.rule)（\($0.source)）") },
                    details: event.data.sorted { $0.key < $1.key }.compactMap { key, value in
                        let label = type.field(key)?.label ?? type.transition(event.transitionID ?? "")?.inputs.first { $0.key == key }?.label
                            ?? MatterPageBuilder.eventLabels[key]
                        return label.map { .init(label: $0, value: value) }
                    })
            },
            acts: acts.map { act in
                MatterPage.Act(
                    id: act.transition.id.rawValue, name: act.transition.name, isAllowed: act.isAllowed, reasons: act.reasons,
                    guidance: act.guidance,
                    inputs: act.transition.inputs.map {
                        .init(key: $0.key, label: $0.label, kind: $0.kind.rawValue, required: $0.isRequired, choices: $0.choices, hint: $0.hint,
                              value: failedAct == act.transition.id ? submitted[$0.key] ?? "" : "")
                    },
                    opensNotice: act.transition.opensNotice.map { "将开始 \($0) 公示" },
                    issues: act.transition.issues.isEmpty ? nil : "将生成：" + act.transition.issues.map(\.title).joined(separator: "、"),
                    asksLateReason: act.transition.checks.contains { $0.id.hasPrefix("clockNotOverdue") })
            },
            documents: snapshot.documents.map {
                .init(id: $0.id.uuidString.lowercased(), number: $0.number, title: $0.title, issuedAt: ChineseTime.dateTime($0.issuedAt), sha256: String($0.sha256.prefix(16)))
            },
            materials: snapshot.materials.map {
                .init(id: $0.id.uuidString.lowercased(), kind: $0.kind, filename: $0.filename, size: "\(max(1, $0.size / 1024)) KB",
                      sha256: String($0.sha256.prefix(16)), uploadedAt: ChineseTime.dateTime($0.uploadedAt),
                      evidence: $0.metadata.isEmpty ? nil : [$0.metadata["device"].map { "设备 \($0)" }, $0.metadata["capturedAt"].map { "采集于 \($0)" },
                                                             $0.metadata["interruption"].map { "中断说明：\($0)" }].compactMap { $0 }.joined(separator: "，"))
            },
            canHandle: canHandle,
            runningClocks: snapshot.clocks.filter(\.isRunning).map { Option(value: $0.clockID.rawValue, label: $0.name) },
            error: error, failedChecks: failedChecks, actError: failedAct?.rawValue, csrfToken: request.csrfToken,
            basePath: "/work/matters/\(snapshot.matter.id)",
            evidenceKinds: type.id == PenaltyCase.id ? EvidenceRules.kinds : [],
            bundleURL: principal.roles.isEmpty ? nil : "/matters/\(snapshot.matter.id)/bundle.zip",
            rectifications: !tracksRectifications ? [] : try await RectificationItems(db: db).items(of: snapshot.matter.id).map {
                .init(id: $0.id.uuidString, description: $0.description, deadline: $0.deadline.chineseDescription, closed: $0.closedOn?.chineseDescription,
                      note: $0.closureNote, overdue: $0.isOverdue(on: today))
            },
            tracksRectifications: tracksRectifications,
            reportingDelay: type.id == CareInstitutionMatters.incident.id
                ? CareInstitutionMatters.reportingDelay(occurred: snapshot.matter.fields["occurredAt"], reported: snapshot.matter.fields["reportedAt"])
                    .map { "发生后 \($0 / 60) 小时 \($0 % 60) 分钟报告" } : nil)
    }

    static let eventLabels: [String: String] = [
        "lateReason": "超期原因", "reason": "理由", "from": "起始日", "clock": "期限", "oldDueDate": "原到期日", "newDueDate": "新到期日",
        "period": "延长", "kind": "材料类别", "sha256": "SHA-256", "size": "字节数", "content": "异议内容", "noticeEnd": "公示届满日",
        "legalBasis": "依据", "partyNotified": "已告知当事人",
    ]
}
