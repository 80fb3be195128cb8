import Foundation

/// What an allowed act will change: computed by the engine, applied by persistence in one transaction.
public struct TransitionPlan: Sendable {
    public var transition: TransitionSpec
    public var fromState: StateID
    public var toState: StateID
    public var checks: [CheckResult]
    public var input: [String: String]
    /// Clocks to start on the act's day (overall clocks, the new state's stage clock, a notice period).
    public var clocksToStart: [ClockSpec]
    /// Running clocks to stop on the act's day.
    public var clocksToStop: [ClockID]
    public var closesMatter: Bool
}

/// Runs matter types: validates input, runs every check before the act, and plans its effects. Pure: it reads a
/// snapshot and returns a plan; nothing changes unless every check passes.
public enum MatterEngine {
    /// Validates the act's input against the transition's declared fields.
    public static func normalizeInput(_ transition: TransitionSpec, raw: [String: String]) throws -> [String: String] {
        var result: [String: String] = [:]
        var errors: [ValidationError] = []
        for field in transition.inputs {
            do {
                if let value = try field.normalize(raw[field.key]) { result[field.key] = value }
            } catch let error as ValidationError {
                errors.append(error)
            }
        }
        if let late = raw["lateReason"]?.trimmingCharacters(in: .whitespacesAndNewlines), !late.isEmpty {
            result["lateReason"] = String(late.prefix(500))
        }
        if let first = errors.first {
            throw errors.count == 1 ? first : ValidationError(field: first.field, reason: first.reason + "（另有 \(errors.count - 1) 项需修改：" + errors.dropFirst().map(\.message).joined(separator: "；") + "）")
        }
        return result
    }

    /// Runs the transition's checks; throws unless all pass. The matter must be in a state the transition leaves.
    public static func plan(_ context: CheckContext) throws -> TransitionPlan {
        let type = context.type, transition = context.transition
        guard transition.from.contains(context.matter.state) else {
            throw MatterError.invalidState(current: type.stateName(context.matter.state), transition: transition.name)
        }
        var context = context
        if let derive = transition.derive {
            for (key, value) in try derive(context) { context.input[key] = value }
        }
        let results = transition.checks.map { $0.run(context) }
        guard !results.contains(where: { $0.status == .failed }) else { throw MatterError.checksFailed(results) }
        let target = type.state(transition.to)
        var starting = type.clocks.filter { $0.startsOn.contains(transition.id) }.map { spec in
            spec.adjusted(value: context.value, settings: context.settings, startingOn: context.today)
        }
        if let limit = target?.stageLimit, transition.to != context.matter.state {
            starting.append(ClockSpec(.stage(transition.to), "\(type.stateName(transition.to))环节时限", kind: .stage, period: limit,
                                      legalBasis: target?.stageBasis ?? type.legalBasis, startsOn: [transition.id]))
        }
        if var period = transition.opensNotice {
            if let key = transition.noticeLengthSetting, context.settings.int(key) > 0 { period.length = context.settings.int(key) }
            // D13: a notice period rolls forward over a rest day unless the setting says otherwise (✘ publicNotice.rollForward).
            starting.append(ClockSpec(.notice, "公示期", kind: .notice, period: period, legalBasis: type.legalBasis, startsOn: [transition.id],
                                      rollsForward: context.settings.bool("publicNotice.rollForward")))
        }
        let closes = target?.isTerminal ?? false
        let running = Set(context.clocks.filter(\.isRunning).map(\.clockID))
        var stopping = type.clocks.filter { $0.stopsOn.contains(transition.id) }.map(\.id).filter(running.contains)
        if transition.to != context.matter.state, running.contains(.stage(context.matter.state)) {
            stopping.append(.stage(context.matter.state))
        }
        if closes { stopping = Array(running) }
        return TransitionPlan(transition: transition, fromState: context.matter.state, toState: transition.to, checks: results,
                              input: context.input, clocksToStart: starting, clocksToStop: Array(Set(stopping)), closesMatter: closes)
    }

    /// Whether each act leaving the current state could be taken now by this person, and if not, why.
    public static func availability(of transition: TransitionSpec, context: CheckContext, access: AccessPolicy.Decision) -> ActAvailability {
        if case .denied(let reason) = access { return ActAvailability(transition: transition, isAllowed: false, reasons: [reason]) }
        let failed = transition.checks.map { ($0, $0.run(context)) }.filter { $0.1.status == .failed }
        // Checks on what the person fills in with the act are guidance until they submit it, not refusals.
        let blocking = failed.filter { !$0.0.readsInput }.map(\.1)
        let guidance = failed.filter(\.0.readsInput).map(\.1)
        return ActAvailability(transition: transition, isAllowed: blocking.isEmpty, reasons: blocking.map(\.message),
                               guidance: guidance.map(\.message))
    }
}

/// An act the matter page offers, or shows as not yet possible with the reasons.
public struct ActAvailability: Sendable {
    public var transition: TransitionSpec
    public var isAllowed: Bool
    public var reasons: [String]
    public var guidance: [String] = []
}
