import FluentKit
import Foundation
import MinzhengCore
import MinzhengPersistence
import MinzhengTestSupport
import SQLKit
import Testing

@Suite struct MatterClockTests {
    @Test(arguments: TestDatabase.kinds)
    func clocksFollowTheRulebookVectors(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let harness = try await MatterHarness(runtime)
            let id = try await harness.submitted()
            let accepted = try await harness.act("accept", id, as: "clerk", on: "2025-09-26")
            // Stage: 5 WD after 2025-09-26 → 2025-10-10 (the rulebook's vector); overall: 20 WD, counting the make-up
            // Sunday 28 September and Saturday 11 October and skipping 1–8 October → 2025-10-30.
            let stage = try #require(accepted.clocks.first { $0.clockID == .stage("accepted") })
            #expect(stage.dueDate == CivilDate(iso: "2025-10-10"))
            let overall = try #require(accepted.clocks.first { $0.clockID == "overall" })
            #expect(overall.dueDate == CivilDate(iso: "2025-10-30"))
            #expect(!overall.isUnconfirmed)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func suspensionAndExtensionMoveTheDueDateAndKeepTheOld(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let harness = try await MatterHarness(runtime)
            let id = try await harness.submitted()
            try await harness.act("accept", id, as: "clerk", on: "2025-09-26")
            let reviewer = try await harness.principal("reviewer")
            try await harness.service.suspend("overall", on: id, from: CivilDate(iso: "2025-10-13")!, reason: "补正材料", legalBasis: "样例条例 第十二条",
                                              by: reviewer, context: MatterHarness.context(reviewer), now: MatterHarness.at("2025-10-13"))
            let suspended = try await harness.service.snapshot(id)
            #expect(suspended.clocks.first { $0.clockID == "overall" }?.isSuspended == true)
            try await harness.service.resume("overall", on: id, by: reviewer, context: MatterHarness.context(reviewer), now: MatterHarness.at("2025-10-20"))
            let resumed = try #require(try await harness.service.snapshot(id).clocks.first { $0.clockID == "overall" })
            // 13–19 October suspended: five workdays (13–17) do not count, so 30 October moves to 6 November.
            #expect(resumed.dueDate == CivilDate(iso: "2025-11-06"))
            #expect(resumed.suspensions.count == 1)
            // Resuming clears the stored suspension (written as NULL, not left as it was).
            #expect(!resumed.isSuspended && resumed.suspendedSince == nil && resumed.suspensionReason == nil)
            // A suspension may not start after the deadline has run out: refused before anything is written.
            let before = try await harness.service.snapshot(id)
            await #expect(throws: ValidationError.self) {
                try await harness.service.suspend("overall", on: id, from: CivilDate(iso: "2025-11-07")!, reason: "届满后补中止",
                                                  legalBasis: nil, by: reviewer, context: MatterHarness.context(reviewer),
                                                  now: MatterHarness.at("2025-11-10"))
            }
            let after = try await harness.service.snapshot(id)
            #expect(after.clocks == before.clocks && after.events.count == before.events.count)

            let leader = try await harness.principal("leader")
            await #expect(throws: ValidationError.self) {
                try await harness.service.extend("overall", on: id, by: .workdays(15), reason: "案情复杂", partyNotified: true,
                                                 principal: leader, context: MatterHarness.context(leader))
            }
            await #expect(throws: AccessRefused.self) {
                try await harness.service.extend("overall", on: id, by: .workdays(5), reason: "案情复杂", partyNotified: true,
                                                 principal: reviewer, context: MatterHarness.context(reviewer))
            }
            await #expect(throws: ValidationError.self) {
                try await harness.service.extend("overall", on: id, by: .workdays(5), reason: "案情复杂", partyNotified: false,
                                                 principal: leader, context: MatterHarness.context(leader))
            }
            try await harness.service.extend("overall", on: id, by: .workdays(10), reason: "案情复杂，经负责人批准", partyNotified: true,
                                             principal: leader, context: MatterHarness.context(leader), now: MatterHarness.at("2025-10-21"))
            let extended = try await harness.service.snapshot(id)
            let clock = try #require(extended.clocks.first { $0.clockID == "overall" })
            #expect(clock.originalDueDate == CivilDate(iso: "2025-11-06"))
            #expect(clock.dueDate == CivilDate(iso: "2025-11-20"))
            let event = try #require(extended.events.last)
            #expect(event.kind == .extended)
            #expect(event.data["oldDueDate"] == "2025-11-06")
            #expect(event.data["newDueDate"] == "2025-11-20")
            // After one extension, a length as large as Int allows is refused in Chinese (the sum once overflowed).
            await #expect(throws: ValidationError.self) {
                try await harness.service.extend("overall", on: id, by: .workdays(.max), reason: "案情复杂", partyNotified: true,
                                                 principal: leader, context: MatterHarness.context(leader), now: MatterHarness.at("2025-10-21"))
            }
            #expect(try await harness.service.snapshot(id).clocks == extended.clocks)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func anOverdueStageNeedsARecordedReason(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let harness = try await MatterHarness(runtime)
            let id = try await harness.submitted()
            try await harness.act("accept", id, as: "clerk", on: "2025-09-26")
            do {
                try await harness.act("review", id, as: "reviewer", on: "2025-10-13", input: ["investigators": "钱调查、孙初审", "opinion": "符合。"])
                Issue.record("an overdue review went through without a reason")
            } catch let error as MatterError {
                #expect(error.failedChecks.map(\.checkID) == ["clockNotOverdue.stage:accepted"])
            }
            let late = try await harness.act("review", id, as: "reviewer", on: "2025-10-13",
                                             input: ["investigators": "钱调查、孙初审", "opinion": "符合。", "lateReason": "申请人外出，入户调查顺延"])
            #expect(late.events.last?.data["lateReason"] == "申请人外出，入户调查顺延")
            #expect(late.clocks.first { $0.clockID == .stage("accepted") }?.alert(today: CivilDate(iso: "2025-10-13")!,
                    calendar: try await CalendarRepository(db: runtime.db).calendar(code: "xinjiang"), warnWorkdays: 3) == .late)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aCalendarImportRecomputesTheOpenClocksItTouches(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let harness = try await MatterHarness(runtime)
            let id = try await harness.submitted()
            try await harness.act("accept", id, as: "clerk", on: "2025-09-26")
            // A (hypothetical) corrected 2025 notice adds 13 and 14 October as days off.
            let entries = ReferenceCalendarData.entries.filter { $0.region == nil && $0.date.year == 2025 }
            var csv = "year,region,date,kind,name,document_ref\n"
            for entry in entries { csv += "2025,national,\(entry.date),\(entry.kind.rawValue),\(entry.name),更正\n" }
            csv += "2025,national,2025-10-13,holiday,测试调整,更正\n2025,national,2025-10-14,holiday,测试调整,更正\n"
            let file = try CalendarImportParser.parse(Data(csv.utf8), fileName: "fix.csv")
            _ = try await CalendarImportService(store: runtime.store).apply(file, context: .init(actor: .operator("t")), at: Date(), logger: runtime.logger)
            let moved = try await harness.service.recomputeOpenClocks(years: [2025], context: .init(actor: .operator("t")))
            // The overall clock (due 30 October) moves two workdays; the stage clock (due 10 October) does not.
            #expect(moved == 1)
            let snapshot = try await harness.service.snapshot(id)
            #expect(snapshot.clocks.first { $0.clockID == "overall" }?.dueDate == CivilDate(iso: "2025-11-03"))
            #expect(snapshot.clocks.first { $0.clockID == .stage("accepted") }?.dueDate == CivilDate(iso: "2025-10-10"))
            let recomputed = try await JournalQuery(db: runtime.db).list(JournalFilter(action: "matter.clockRecomputed"), page: Pagination()).total
            #expect(recomputed == 1)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func documentNumbersStayUniqueAndGaplessUnderFiftyConcurrentIssues(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let harness = try await MatterHarness(runtime)
            var ids: [Matter.ID] = []
            for _ in 0..<50 { ids.append(try await harness.submitted()) }
            let clerk = try await harness.principal("clerk")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for id in ids {
                    group.addTask {
                        _ = try await harness.service.perform("accept", on: id, by: clerk, input: [:], context: MatterHarness.context(clerk),
                                                              now: MatterHarness.at("2025-09-26"))
                    }
                }
                try await group.waitForAll()
            }
            let numbers = try await (runtime.db as! any SQLDatabase).raw("SELECT number FROM document").all()
                .map { try $0.decode(column: "number", as: String.self) }
            let expected = Set((1...50).map { "图民样受字〔2025〕\($0)号" })
            #expect(numbers.count == 50)
            #expect(Set(numbers) == expected)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func remindersAreQueuedWithTheActAndEachJobRunsOnce(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let harness = try await MatterHarness(runtime)
            let id = try await harness.submitted()
            try await harness.act("accept", id, as: "clerk", on: "2025-09-26")
            let queued = try await JobQueue(db: runtime.db).counts()
            #expect(queued.queued == 6)
            let runners = (0..<3).map { JobRunner(store: runtime.store, registry: SampleMatterType.registry, logger: runtime.logger, worker: "w\($0)") }
            let later = MatterHarness.at("2025-11-30")
            let counts = try await withThrowingTaskGroup(of: Int.self) { group in
                for runner in runners { group.addTask { try await runner.runDue(now: later) } }
                return try await group.reduce(0, +)
            }
            #expect(counts == 6)
            let done = try await JobQueue(db: runtime.db).counts()
            #expect(done.done == 6 && done.queued == 0 && done.running == 0)
            let reviewer = try #require(try await AccountRepository(db: runtime.db, cipher: Fixtures.cipher).find(username: "reviewer"))
            let notes = try await NotificationService(db: runtime.db).list(reviewer.id.rawValue, page: Pagination(number: 1, size: 50)).items
            #expect(notes.filter { $0.title.hasPrefix("期限提醒") }.count == 6)
            _ = id
        }
    }
}

@Suite struct PendingClockTests {
    @Test(arguments: TestDatabase.kinds)
    func anActWhoseClockNeedsAMissingYearStandsAndTheDueDateWaitsForTheCalendar(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let harness = try await MatterHarness(runtime)
            let id = try await harness.submitted(on: "2026-12-15")
            let accepted = try await harness.act("accept", id, as: "clerk", on: "2026-12-15")
            let overall = try #require(accepted.clocks.first { $0.clockID == "overall" })
            #expect(overall.pendingYear == 2027)
            #expect(accepted.matter.state == "accepted")
            let admin = try #require(try await AccountRepository(db: runtime.db, cipher: Fixtures.cipher).find(username: "admin"))
            let notes = try await NotificationService(db: runtime.db).list(admin.id.rawValue, page: Pagination()).items
            #expect(notes.contains { $0.title == "2027 年节假日安排尚未导入" })
            // The stage clock (5 workdays) stays inside 2026 and is computed.
            #expect(accepted.clocks.first { $0.clockID == .stage("accepted") }?.isPending == false)

            let csv = "year,region,date,kind,name,document_ref\n2027,national,2027-01-01,holiday,元旦,测试\n"
            let file = try CalendarImportParser.parse(Data(csv.utf8), fileName: "2027.csv")
            _ = try await CalendarImportService(store: runtime.store).apply(file, context: .init(actor: .operator("t")), at: Date(), logger: runtime.logger)
            let moved = try await harness.service.recomputeOpenClocks(years: [2027], context: .init(actor: .operator("t")))
            #expect(moved == 1)
            let computed = try #require(try await harness.service.snapshot(id).clocks.first { $0.clockID == "overall" })
            #expect(computed.pendingYear == nil)
            #expect(computed.dueDate.year == 2027)
        }
    }
}
