import Foundation

/// The reusable checks (issue 4, item 2). Modules compose these, and add their own with `Check(id:rule:source:)`.
extension Check {
    /// Required fields are filled in (from the act's form or the matter).
    public static func requiredFields(_ keys: [String], source: String) -> Check {
        Check(id: "requiredFields", rule: "必要信息未填写齐全", source: source, readsInput: true) { context in
            let missing = keys.filter { context.value($0) == nil }
            guard !missing.isEmpty else { return .passed }
            let labels = missing.map { key in context.type.field(key)?.label ?? context.transition.inputs.first { $0.key == key }?.label ?? key }
            return .failed("缺少" + labels.joined(separator: "、"))
        }
    }

    /// Required materials were uploaded (one-time notice of every missing item).
    public static func requiredMaterials(_ kinds: [(kind: String, label: String)], source: String) -> Check {
        Check(id: "requiredMaterials", rule: "申请材料不齐全", source: source) { context in
            let present = Set(context.materials.map(\.kind))
            let missing = kinds.filter { !present.contains($0.kind) }
            return missing.isEmpty ? .passed : .failed("缺少" + missing.map(\.label).joined(separator: "、"))
        }
    }

    /// A previous step was done.
    public static func stepDone(_ transition: TransitionID, rule: String, source: String) -> Check {
        Check(id: "stepDone.\(transition.rawValue)", rule: rule, source: source) { context in
            context.events(of: transition).isEmpty ? .failed("前一环节尚未完成") : .passed
        }
    }

    /// The actor is not the one who did the step this one reviews (审核 vs 审批, 办案 vs 法制审核).
    public static func differentActor(from transitions: [TransitionID], rule: String, source: String) -> Check {
        Check(id: "differentActor", rule: rule, source: source) { context in
            let earlier = Set(transitions.flatMap { context.events(of: $0) }.compactMap(\.actorAccountID))
            return earlier.contains(context.actor.accountID) ? .failed("您办理了被审查的前一环节") : .passed
        }
    }

    /// A clock has not run out — or it has and a reason for the delay is recorded with the act.
    public static func clockNotOverdue(_ clock: ClockID, source: String) -> Check {
        Check(id: "clockNotOverdue.\(clock.rawValue)", rule: "已超过法定期限，须记录超期原因", source: source, readsInput: true) { context in
            guard let running = context.clocks.last(where: { $0.clockID == clock && $0.isRunning }), !running.isPending else { return .notApplicable }
            guard context.today > running.dueDate else { return .passed }
            return context.input["lateReason"].map { $0.count >= 4 } == true
                ? .passed : .failed("期限已于 \(running.dueDate.chineseDescription) 届满，请填写超期原因")
        }
    }

    /// A written legal review by a 法制审核员 who did not handle the matter has passed (行政处罚法 第五十八条).
    /// The clock has run its course: today is after its due date (the cooling-off is over).
    public static func clockElapsed(_ clock: ClockID, rule: String, source: String) -> Check {
        Check(id: "clockElapsed.\(clock.rawValue)", rule: rule, source: source) { context in
            guard let last = context.clocks.last(where: { $0.clockID == clock }) else { return .failed("期限尚未开始计算") }
            guard !last.isPending else { return .failed("期限的到期日待定（节假日安排尚未导入）") }
            return context.today > last.dueDate ? .passed : .failed("期限至 \(last.dueDate.chineseDescription) 届满，届满前不得办理")
        }
    }

    /// The clock's due date has come (a hearing held no earlier than the end of its notice period).
    public static func clockReached(_ clock: ClockID, rule: String, source: String) -> Check {
        Check(id: "clockReached.\(clock.rawValue)", rule: rule, source: source) { context in
            guard let last = context.clocks.last(where: { $0.clockID == clock }) else { return .failed("期限尚未开始计算") }
            guard !last.isPending else { return .failed("期限的到期日待定（节假日安排尚未导入）") }
            return context.today >= last.dueDate ? .passed : .failed("须在 \(last.dueDate.chineseDescription) 及以后办理")
        }
    }

    /// The acting officer and the named second officer both hold an enforcement certificate valid today
    /// (行政处罚法 第四十二条、第五十五条). Certificates come in the facts as `certificate.<username>` = `number|validUntil`.
    public static func twoCertifiedOfficers(secondKey: String = "coOfficer") -> Check {
        Check(id: "twoCertifiedOfficers", rule: "执法人员不得少于两人，均应持有效执法证件", source: "行政处罚法 第四十二条、第五十五条", readsInput: true,
              reads: [.certificates]) { context in
            func valid(_ username: String) -> String? {
                guard let entry = context.facts["certificate.\(username)"] else { return "\(username) 没有执法证" }
                let parts = entry.split(separator: "|").map(String.init)
                guard parts.count >= 2, let until = CivilDate(iso: parts[1]) else { return "\(username) 的执法证信息不完整" }
                return until >= context.today ? nil : "\(username) 的执法证已于 \(until.chineseDescription) 过期"
            }
            var problems: [String] = []
            if let problem = valid(context.actor.username) { problems.append(problem) }
            guard let second = context.value(secondKey), !second.isEmpty else { return .failed(problems.joined(separator: "；") + (problems.isEmpty ? "" : "；") + "须填写同行的第二名执法人员") }
            if second == context.actor.username { problems.append("第二名执法人员不能是本人") } else if let problem = valid(second) { problems.append(problem) }
            return problems.isEmpty ? .passed : .failed(problems.joined(separator: "；"))
        }
    }

    /// The act falls within the clock's period; unlike `clockNotOverdue` no late reason can cure it (the issue window).
    public static func withinClock(_ clock: ClockID, rule: String, source: String) -> Check {
        Check(id: "withinClock.\(clock.rawValue)", rule: rule, source: source) { context in
            guard let last = context.clocks.last(where: { $0.clockID == clock }), !last.isPending else { return .notApplicable }
            return context.today <= last.dueDate ? .passed : .failed("期限已于 \(last.dueDate.chineseDescription) 届满")
        }
    }

    public static func legalReviewPassed(source: String = "行政处罚法 第五十八条") -> Check {
        Check(id: "legalReviewPassed", rule: "未完成法制审核，不得作出决定", source: source) { context in
            guard let review = context.lastEvent(marked: .legalReviewPassed) else { return .failed("尚无法制审核通过意见") }
            if let returned = context.lastEvent(marked: .legalReviewReturned), returned.sequence > review.sequence {
                return .failed("最近一次法制审核意见为退回")
            }
            guard review.actorRole == .legalReviewer else { return .failed("审核意见不是法制审核员作出的") }
            guard (review.data["opinion"]?.count ?? 0) >= 4 else { return .failed("法制审核意见未成文") }
            let handlers = context.handlers(excluding: [.legalReviewPassed, .legalReviewReturned])
            if let reviewer = review.actorAccountID, handlers.contains(reviewer) {
                return .failed("法制审核员办理过本案，审核无效")
            }
            return .passed
        }
    }

    /// A collective decision was taken, with attendees and outcome minuted (行政处罚法 第五十七条).
    public static func collectiveDecisionTaken(source: String = "行政处罚法 第五十七条") -> Check {
        Check(id: "collectiveDecisionTaken", rule: "未经集体讨论决定", source: source) { context in
            guard let meeting = context.lastEvent(marked: .collectiveDecisionTaken) else { return .failed("尚无集体讨论记录") }
            let outcome = ["outcome", "minutes", "headView"].compactMap { meeting.data[$0] }.first { !$0.isEmpty }
            guard let attendees = meeting.data["attendees"], !attendees.isEmpty, outcome != nil else {
                return .failed("会议记录缺少出席人员或结论")
            }
            return .passed
        }
    }

    /// The public notice ran its full period and no objection stands unresolved.
    public static func publicNoticeCompleted(source: String) -> Check {
        Check(id: "publicNoticeCompleted", rule: "公示期未满或异议未处理", source: source) { context in
            guard let started = context.lastEvent(marked: .noticeStarted) else { return .failed("尚未公示") }
            guard let notice = context.clocks.last(where: { $0.clockID == .notice }) else { return .failed("尚未公示") }
            if let year = notice.pendingYear { return .failed("\(year) 年节假日安排尚未导入，公示期届满日待定") }
            if context.today <= notice.dueDate { return .failed("公示期至 \(notice.dueDate.chineseDescription) 届满") }
            let objections = context.events.filter { $0.sequence > started.sequence && $0.marks.contains(.objectionFiled) }.count
            let resolved = context.events.filter {
                $0.sequence > started.sequence && !$0.marks.isDisjoint(with: [.objectionUpheld, .objectionDismissed])
            }.count
            return objections > resolved ? .failed("公示期内收到 \(objections - resolved) 件异议尚未处理") : .passed
        }
    }

    /// The matter cites its legal basis and a power item that may be cited (published, not repealed).
    public static func legalBasisCited() -> Check {
        Check(id: "legalBasisCited", rule: "未援引法律依据和权责事项", source: "国办发〔2018〕118号；权责清单制度") { context in
            guard !context.type.legalBasis.isEmpty, context.powerItemIsCitable != nil else { return .failed("事项未关联权责清单") }
            if context.powerItemIsCitable == false { return .failed("所援引的权责事项已废止或未公布") }
            return .passed
        }
    }

    /// At least `minimum` people took part (e.g. two investigators, two officers), named in a list field.
    public static func minimumPeople(_ key: String, minimum: Int, rule: String, source: String) -> Check {
        Check(id: "minimumPeople.\(key)", rule: rule, source: source, readsInput: true) { context in
            let names = (context.value(key) ?? "").split(whereSeparator: { "，,、 ".contains($0) }).map(String.init).filter { !$0.isEmpty }
            return Set(names).count >= minimum ? .passed : .failed("只有 \(Set(names).count) 人")
        }
    }
}
