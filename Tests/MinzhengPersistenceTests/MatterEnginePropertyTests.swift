import Foundation
import MinzhengCore
import MinzhengTestSupport
import PropertyBased
import Testing

/// The engine's invariants over random sequences of acts, by random people, with random input, on random days.
@Suite struct MatterEnginePropertyTests {
    static let type = SampleMatterType.type
    static let roles: [Role] = [.intakeClerk, .reviewer, .legalReviewer, .approver, .leader, .citizen]
    static let people: [UUID] = (0..<4).map { _ in UUID() }

    /// Applies a plan to an in-memory snapshot the way persistence does (state, event, clocks).
    static func apply(_ plan: TransitionPlan, to matter: inout Matter, events: inout [MatterEvent], clocks: inout [MatterClock],
                      actor: UUID, role: Role, today: CivilDate) throws {
        matter.state = plan.toState
        events.append(MatterEvent(sequence: events.count + 1, kind: .transition, transitionID: plan.transition.id, fromState: plan.fromState,
                                  toState: plan.toState, actorAccountID: actor, actorName: "p", actorRole: role, at: today.startInstant,
                                  checks: plan.checks, marks: plan.transition.marks, data: plan.input, summary: ""))
        for index in clocks.indices where clocks[index].isRunning && plan.clocksToStop.contains(clocks[index].clockID) {
            clocks[index].stoppedOn = today
        }
        for spec in plan.clocksToStart { clocks.append(try MatterClock.start(spec, on: today, calendar: ReferenceCalendarTestData.xinjiang)) }
    }

    @Test func noActSucceedsUnlessEveryCheckPassesAndStatesStayDeclared() async {
        let steps = Gen.int(in: 0..<64).array(of: 1...25)
        await propertyCheck(count: 200, input: steps) { choices in
            var matter = Matter(typeID: Self.type.id, reference: "YL-2025-000001", title: "t", state: Self.type.initialState,
                                orgUnitID: .init(), orgUnitPath: "/659003/", orgUnitCode: "659003", channel: "window",
                                fields: ["applicantName": "甲", "applicantID": "x"], createdAt: Date())
            var events: [MatterEvent] = []
            var clocks: [MatterClock] = []
            var today = CivilDate(iso: "2025-09-26")!
            let materials = [MaterialSummary(id: UUID(), kind: "application", filename: "a.pdf", contentType: "application/pdf", size: 1, sha256: "", uploadedAt: Date())]
            let declared = Set(Self.type.states.map(\.id))
            for choice in choices {
                let transition = Self.type.transitions[choice % Self.type.transitions.count]
                let role = Self.roles[(choice / 8) % Self.roles.count]
                let actor = Self.people[(choice / 3) % Self.people.count]
                today = today.adding(days: choice % 5)
                let input: [String: String] = choice % 2 == 0
                    ? ["investigators": "甲、乙", "opinion": "意见充分。", "amount": "100", "deficiencies": "缺申请书", "reasons": "不符", "handling": "不成立"]
                    : [:]
                let principal = Principal(accountID: actor, kind: .staff, username: "p",
                                          roles: [RoleAssignment(role: role, orgUnitID: .init(), orgUnitPath: "/659003/", orgUnitCode: "659003")])
                let context = CheckContext(type: Self.type, matter: matter, transition: transition, events: events, clocks: clocks,
                                           materials: materials, actor: principal, actingRole: role, input: input, today: today,
                                           powerItemIsCitable: true)
                let before = matter.state
                let wasTerminal = Self.type.state(before)?.isTerminal ?? false
                do {
                    let plan = try MatterEngine.plan(context)
                    #expect(!wasTerminal)
                    #expect(transition.from.contains(before))
                    #expect(plan.checks.allSatisfy { $0.status != .failed })
                    try Self.apply(plan, to: &matter, events: &events, clocks: &clocks, actor: actor, role: role, today: today)
                } catch is MatterError {
                    #expect(matter.state == before)
                } catch {
                    Issue.record("unexpected \(error)")
                }
                #expect(declared.contains(matter.state))
                #expect(events.map(\.sequence) == Array(1...max(events.count, 1)).prefix(events.count).map { $0 })
                if Self.type.state(matter.state)?.isTerminal == true { #expect(clocks.allSatisfy { !$0.isRunning }) }
            }
        }
    }

    @Test func aDecisionIsNeverPlannedWithoutAPassedLegalReviewByAnotherPerson() async {
        let steps = Gen.int(in: 0..<64).array(of: 1...30)
        await propertyCheck(count: 200, input: steps) { choices in
            var matter = Matter(typeID: Self.type.id, reference: "r", title: "t", state: "legalReviewed", orgUnitID: .init(),
                                orgUnitPath: "/659003/", orgUnitCode: "659003", channel: "window", createdAt: Date())
            var events: [MatterEvent] = []
            for (index, choice) in choices.enumerated() {
                let mark: Set<EventMark> = choice % 3 == 0 ? [.legalReviewPassed] : choice % 3 == 1 ? [.legalReviewReturned] : []
                events.append(MatterEvent(sequence: index + 1, kind: .transition, transitionID: choice % 2 == 0 ? "review" : "legalReview",
                                          actorAccountID: Self.people[choice % Self.people.count], actorName: "p",
                                          actorRole: choice % 4 == 0 ? .legalReviewer : .reviewer, at: Date(), marks: mark,
                                          data: choice % 5 == 0 ? [:] : ["opinion": "程序合法，依据充分。"], summary: ""))
            }
            matter.state = "legalReviewed"
            let approve = Self.type.transition("approve")!
            let context = CheckContext(type: Self.type, matter: matter, transition: approve, events: events, clocks: [], materials: [],
                                       actor: Principal(accountID: UUID(), kind: .staff, username: "a", roles: []), actingRole: .approver,
                                       input: ["amount": "1"], today: CivilDate(iso: "2025-10-10")!, powerItemIsCitable: true)
            guard (try? MatterEngine.plan(context)) != nil else { return }
            let passed = events.last { $0.marks.contains(.legalReviewPassed) }
            #expect(passed != nil)
            #expect(passed?.actorRole == .legalReviewer)
            let returnedLater = events.contains { $0.marks.contains(.legalReviewReturned) && $0.sequence > (passed?.sequence ?? 0) }
            #expect(!returnedLater)
            let handlers = Set(events.filter { $0.marks.isDisjoint(with: [.legalReviewPassed, .legalReviewReturned]) }.compactMap(\.actorAccountID))
            #expect(!handlers.contains(passed?.actorAccountID ?? UUID()))
        }
    }
}

/// The reference calendar, for in-memory clocks.
enum ReferenceCalendarTestData {
    static let xinjiang = OfficialCalendar(definition: .xinjiang, entries: ReferenceCalendarData.entries, years: ReferenceCalendarData.years)
}
