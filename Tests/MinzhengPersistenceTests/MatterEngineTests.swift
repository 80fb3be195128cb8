import FluentKit
import Foundation
import MinzhengCore
import MinzhengPersistence
import MinzhengTestSupport
import SQLKit
import Testing

@Suite struct MatterEngineTests {
    @Test(arguments: TestDatabase.kinds)
    func aMatterRunsFromSubmissionToDecisionWithEveryActChecked(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let harness = try await MatterHarness(runtime)
            let (_, done) = try await harness.approved()
            #expect(done.matter.state == "approved")
            #expect(done.matter.closedAt != nil)
            let transitions = done.events.filter { $0.kind == .transition }
            #expect(transitions.map(\.transitionID?.rawValue) == ["accept", "review", "startNotice", "legalReview", "approve"])
            let approve = try #require(transitions.last)
            #expect(Set(approve.checks.map(\.checkID)) == ["legalReviewPassed", "legalBasisCited", "differentActor", "clockNotOverdue.overall"])
            #expect(approve.checks.allSatisfy { $0.status != .failed })
            #expect(done.documents.map(\.number) == ["图民样受字〔2025〕1号", "图民样许字〔2025〕1号"])
            #expect(done.documents.last?.data["amount"] == "1,234.50 元")
            #expect(done.clocks.allSatisfy { !$0.isRunning })
            let journal = try await JournalQuery(db: runtime.db).list(JournalFilter(action: "matter.transition"), page: Pagination()).items
            #expect(journal.count == 5)
            guard case .intact = try await JournalVerifier(db: runtime.db).verify() else { Issue.record("journal broken"); return }
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aFailedCheckChangesNothingAndSaysWhy(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let harness = try await MatterHarness(runtime)
            let id = try await harness.submitted()
            try await harness.act("accept", id, as: "clerk", on: "2025-09-26")
            try await harness.act("review", id, as: "reviewer", on: "2025-09-29", input: ["investigators": "钱调查、孙初审", "opinion": "符合条件。"])
            try await harness.act("startNotice", id, as: "reviewer", on: "2025-09-29")
            let before = try await harness.service.snapshot(id)
            do {
                try await harness.act("legalReview", id, as: "legal", on: "2025-10-03", input: ["opinion": "程序合法。"])
                Issue.record("the notice period had not ended")
            } catch let error as MatterError {
                #expect(error.message.contains("公示期未满或异议未处理（样例条例 第八条）"))
                #expect(error.message.contains("公示期至 2025年10月9日 届满"))
            }
            let after = try await harness.service.snapshot(id)
            #expect(after.matter.state == before.matter.state)
            #expect(after.events.count == before.events.count)
            let refused = try await JournalQuery(db: runtime.db).list(JournalFilter(action: "matter.actRefused"), page: Pagination()).items
            #expect(refused.first?.event.details["failedChecks"] == "publicNoticeCompleted")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func actsOutOfOrderOrWithoutMaterialsAreRefused(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let harness = try await MatterHarness(runtime)
            let id = try await harness.submitted()
            try await harness.act("accept", id, as: "clerk", on: "2025-09-26")
            await #expect(throws: MatterError.invalidState(current: "已受理", transition: "准予许可")) {
                try await harness.act("approve", id, as: "approver", on: "2025-09-29", input: ["amount": "100"])
            }
            let missing = try await harness.submitted(withApplication: false)
            do {
                try await harness.act("accept", missing, as: "clerk", on: "2025-09-26")
                Issue.record("accepted without the application")
            } catch let error as MatterError {
                #expect(error.message.contains("申请材料不齐全（样例条例 第四条）：缺少申请书"))
            }
        }
    }

    @Test func checksNameEachFailedRuleWithItsSource() async throws {
        try await TestDatabase.withStore(.sqlite) { runtime in
            let harness = try await MatterHarness(runtime)
            let id = try await harness.submitted()
            try await harness.act("accept", id, as: "clerk", on: "2025-09-26")
            do {
                try await harness.act("review", id, as: "reviewer", on: "2025-09-29", input: ["investigators": "钱调查", "opinion": "可以。"])
                Issue.record("one investigator passed")
            } catch let error as MatterError {
                #expect(error.failedChecks.map(\.checkID) == ["minimumPeople.investigators"])
                #expect(error.message == "未通过事前校验，本次操作未生效：调查人员不少于二人（样例条例 第六条）：只有 1 人")
            }
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func onlyTheRightRoleInTheRightUnitMayAct(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let harness = try await MatterHarness(runtime)
            let id = try await harness.submitted()
            await #expect(throws: AccessRefused.self) { try await harness.act("accept", id, as: "clerk.huyang", on: "2025-09-26") }
            await #expect(throws: AccessRefused.self) { try await harness.act("accept", id, as: "reviewer", on: "2025-09-26") }
            await #expect(throws: AccessRefused.self) { try await harness.act("accept", id, as: "admin", on: "2025-09-26") }
            let citizen = try await harness.principal("13900000001")
            await #expect(throws: AccessRefused.self) { _ = try await harness.service.read(id, by: citizen, context: MatterHarness.context(citizen)) }
            let refusals = try await JournalQuery(db: runtime.db).list(JournalFilter(action: "access.refused"), page: Pagination()).total
            #expect(refusals == 1)
            // Registering: who may comes before what was filled in — an administrator with a malformed ID number is
            // refused for the role, not told the ID number's rule.
            let admin = try await harness.principal("admin")
            await #expect(throws: AccessRefused.self) {
                _ = try await harness.service.create(SampleMatterType.id, at: try await harness.unit("659003-101-01"), applicant: nil, channel: "window",
                                                     title: "样例许可申请", fields: ["applicantName": "王小梅（示例）", "applicantID": "123"],
                                                     by: admin, context: MatterHarness.context(admin), now: MatterHarness.at("2025-09-26"))
            }
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func theReviewerMayNotApproveWhatTheyReviewed(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let harness = try await MatterHarness(runtime)
            // The approver also holds a reviewer post, and reviews the matter.
            let accounts = AccountRepository(db: runtime.db, cipher: Fixtures.cipher)
            let approver = try #require(try await accounts.find(username: "approver"))
            let division = try await harness.unit("659003")
            try await runtime.store.write(on: runtime.db) { db in
                try await AccountRepository(db: db, cipher: Fixtures.cipher).assign(.reviewer, at: division, to: approver.id)
            }
            let id = try await harness.submitted()
            try await harness.act("accept", id, as: "clerk", on: "2025-09-26")
            try await harness.act("review", id, as: "approver", on: "2025-09-29", input: ["investigators": "钱调查、孙初审", "opinion": "可以。"])
            try await harness.act("startNotice", id, as: "reviewer", on: "2025-09-29")
            try await harness.act("legalReview", id, as: "legal", on: "2025-10-10", input: ["opinion": "程序合法，依据充分。"])
            do {
                try await harness.act("approve", id, as: "approver", on: "2025-10-11", input: ["amount": "100"])
                Issue.record("the reviewer approved their own review")
            } catch let error as MatterError {
                #expect(error.failedChecks.map(\.checkID) == ["differentActor"])
                #expect(error.message.contains("审查人不得审批本人审查的事项"))
            }
        }
    }
}
