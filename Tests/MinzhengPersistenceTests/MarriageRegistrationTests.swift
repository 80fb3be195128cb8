import FluentKit
import Foundation
import MinzhengCore
import MinzhengPersistence
import MinzhengTestSupport
import Testing

@Suite struct MarriageRegistrationTests {
    typealias Harness = MinimumLivingAllowanceTests.Harness

    /// Man born 1995-01-01, woman born `womanBorn`.
    static func marriage(_ h: Harness, womanBorn: String = "19980506", on day: String = "2025-09-01") async throws -> Matter.ID {
        let registrar = try await h.base.principal("registrar")
        return try await h.service.create(
            MarriageRegistration.id, at: try await h.base.unit("659003-HY"), applicant: nil, channel: "window", title: "结婚登记",
            fields: ["partyAName": "艾力（示例）", "partyAID": Fixtures.idNumber("65900319950101001"),
                     "partyBName": "阿依古丽（示例）", "partyBID": Fixtures.idNumber("659003\(womanBorn)002"),
                     "noImpedimentDeclarationSigned": "yes"],
            by: registrar, context: MatterHarness.context(registrar), now: MatterHarness.at(day))
    }

    static func toInterviewed(_ h: Harness, _ id: Matter.ID, on day: String = "2025-09-01", statusB: String = "未婚") async throws {
        _ = try await h.act("checkDocuments", id, as: "registrar", on: day, input: ["photosProvided": "yes"])
        _ = try await h.act("interview", id, as: "registrar", on: day, input: [
            "partyAStatus": "离婚", "partyBStatus": statusB, "bothVoluntary": "yes", "illnessDisclosure": "双方均无须告知的重大疾病",
        ])
    }

    @Test(arguments: TestDatabase.kinds)
    func aMarriageIsRegisteredWithACertificateNumber(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let h = try await Harness(runtime)
            let id = try await Self.marriage(h)
            try await Self.toInterviewed(h, id)
            let registered = try await h.act("register", id, as: "registrar", on: "2025-09-01", input: ["ceremony": "已举行，父母到场"])
            #expect(registered.matter.state == "registered")
            #expect(registered.matter.fields["certificateNumber"] == "J659003-2025-000001")
            #expect(registered.documents.last?.number == "J659003-2025-000001")
            let second = try await Self.marriage(h, womanBorn: "19990101")
            try await Self.toInterviewed(h, second)
            #expect(try await h.act("register", second, as: "registrar", on: "2025-09-01").matter.fields["certificateNumber"] == "J659003-2025-000002")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func underAgeOrMarriedPartiesAreRefusedBeforeTheActTakesEffect(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let h = try await Harness(runtime)
            // The woman turns 20 on 2025-09-02: on 09-01 she is 19.
            let young = try await Self.marriage(h, womanBorn: "20050902")
            try await Self.toInterviewed(h, young)
            do {
                _ = try await h.act("register", young, as: "registrar", on: "2025-09-01")
                Issue.record("registered an under-age party")
            } catch let error as MatterError {
                #expect(error.failedChecks.map(\.checkID) == ["legalAge"])
                #expect(error.failedChecks.first?.message.contains("19 周岁") == true)
            }
            #expect(try await h.service.snapshot(young).matter.state == "interviewed")
            #expect(try await h.act("register", young, as: "registrar", on: "2025-09-02").matter.state == "registered")

            let married = try await Self.marriage(h)
            try await Self.toInterviewed(h, married, statusB: "已婚")
            do {
                _ = try await h.act("register", married, as: "registrar", on: "2025-09-01")
                Issue.record("registered a married party")
            } catch let error as MatterError {
                #expect(error.failedChecks.map(\.checkID) == ["neitherMarried"])
            }
            let refused = try await h.act("refuse", married, as: "registrar", on: "2025-09-01",
                                          input: ["refusalGround": "一方或者双方已有配偶", "reasons": "经查询全国婚姻基础信息库，女方登记为已婚。"])
            #expect(refused.matter.state == "refused")
            #expect(refused.documents.last?.title == "不予办理结婚登记告知书")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func twoMenOrAnInvalidIDCannotBeRegistered(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let h = try await Harness(runtime)
            let registrar = try await h.base.principal("registrar")
            await #expect(throws: ValidationError.self) {
                _ = try await h.service.create(MarriageRegistration.id, at: try await h.base.unit("659003-HY"), applicant: nil, channel: "window",
                                               title: "结婚登记", fields: ["partyAName": "甲（示例）", "partyAID": "659003199501010010",
                                                                         "partyBName": "乙（示例）", "partyBID": Fixtures.idNumber("65900319980101002")],
                                               by: registrar, context: MatterHarness.context(registrar))
            }
            let id = try await h.service.create(
                MarriageRegistration.id, at: try await h.base.unit("659003-HY"), applicant: nil, channel: "window", title: "结婚登记",
                fields: ["partyAName": "甲（示例）", "partyAID": Fixtures.idNumber("65900319950101001"),
                         "partyBName": "乙（示例）", "partyBID": Fixtures.idNumber("65900319980101003"), "noImpedimentDeclarationSigned": "yes"],
                by: registrar, context: MatterHarness.context(registrar), now: MatterHarness.at("2025-09-01"))
            do {
                _ = try await h.act("checkDocuments", id, as: "registrar", on: "2025-09-01", input: ["photosProvided": "yes"])
                Issue.record("accepted two men")
            } catch let error as MatterError {
                #expect(error.failedChecks.map(\.checkID) == ["manAndWoman"])
            }
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func registrationsAreMadeAtTheRegistryAndAssistanceAtTheTowns(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let h = try await Harness(runtime)
            let clerk = try await h.base.principal("clerk")
            do {
                _ = try await h.service.create(MarriageRegistration.id, at: try await h.base.unit("659003-101"), applicant: nil, channel: "window",
                                               title: "结婚登记", fields: [:], by: clerk, context: MatterHarness.context(clerk))
                Issue.record("a town registered a marriage")
            } catch let error as ValidationError {
                #expect(error.message.contains("不受理结婚登记"))
            }
            let registrar = try await h.base.principal("registrar")
            await #expect(throws: ValidationError.self) {
                _ = try await h.service.create(MinimumLivingAllowance.id, at: try await h.base.unit("659003-HY"), applicant: nil, channel: "window",
                                               title: "低保", fields: [:], by: registrar, context: MatterHarness.context(registrar))
            }
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func onlyRegistryStaffReadARegistrationAndEveryReadingIsJournaled(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let h = try await Harness(runtime)
            let id = try await Self.marriage(h)
            for username in ["leader", "reviewer", "clerk", "approver"] {
                let person = try await h.base.principal(username)
                await #expect(throws: AccessRefused.self, "\(username)") {
                    _ = try await h.service.read(id, by: person, context: MatterHarness.context(person))
                }
            }
            let registrar = try await h.base.principal("registrar")
            _ = try await h.service.read(id, by: registrar, context: MatterHarness.context(registrar))
            let reads = try await JournalQuery(db: runtime.db).list(JournalFilter(action: "matter.archiveRead"), page: Pagination())
            #expect(reads.items.count == 1)
            #expect(reads.items.first?.actor == .user(accountID: registrar.accountID, username: "registrar"))
            #expect(reads.items.first?.event.summary.contains("艾力") == false)
            let leader = try await h.base.principal("leader")
            let scopes = MatterScope.readable(by: leader, registry: .standard, table: .standard)
            #expect(scopes.allSatisfy { !$0.typeIDs.contains(MarriageRegistration.id) })
        }
    }
}

@Suite struct DivorceRegistrationTests {
    typealias Harness = MinimumLivingAllowanceTests.Harness

    static func received(_ h: Harness, on day: String = "2025-09-01") async throws -> Matter.ID {
        let registrar = try await h.base.principal("registrar")
        let id = try await h.service.create(
            DivorceRegistration.id, at: try await h.base.unit("659003-HY"), applicant: nil, channel: "window", title: "离婚登记",
            fields: ["partyAName": "艾力（示例）", "partyAID": Fixtures.idNumber("65900319900101001"),
                     "partyBName": "阿依古丽（示例）", "partyBID": Fixtures.idNumber("65900319920101002"),
                     "marriageCertificateNumber": "J659003-2015-000123", "agreementSigned": "yes", "fullCivilCapacity": "yes",
                     "registeredInMainland": "yes", "childCustody": "女儿由女方抚养。", "propertyDivision": "住房归女方。", "debtHandling": "无共同债务。"],
            by: registrar, context: MatterHarness.context(registrar), now: MatterHarness.at(day))
        _ = try await h.act("receive", id, as: "registrar", on: day)
        return id
    }

    static func expire(_ h: Harness, _ id: Matter.ID, clock: ClockID, on day: String) async throws -> MatterSnapshot? {
        let snapshot = try await h.service.snapshot(id)
        let running = try #require(snapshot.clocks.first { $0.clockID == clock && $0.isRunning })
        return try await h.service.expire(clock: running.id, of: id, now: MatterHarness.at(day, hour: 0))
    }

    @Test(arguments: TestDatabase.kinds)
    func theCoolingOffRollsOverNationalDayAndTheWindowFollowsIt(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let h = try await Harness(runtime)
            let id = try await Self.received(h)
            let cooling = try #require(try await h.service.snapshot(id).clocks.first { $0.clockID == "coolingOff" })
            // Day 30 is 2025-10-01, in the National Day holiday (10-01 … 10-08): it rolls forward to 10-09.
            #expect(cooling.dueDate == CivilDate(iso: "2025-10-09"))
            await #expect(throws: MatterError.self) { _ = try await h.act("register", id, as: "registrar", on: "2025-09-20", input: ["bothPresent": "yes", "agreementConfirmed": "yes"]) }
            await #expect(throws: MatterError.self) { _ = try await h.act("endCoolingOff", id, as: "registrar", on: "2025-10-09") }
            #expect(try await Self.expire(h, id, clock: "coolingOff", on: "2025-10-09") == nil)
            let window = try #require(try await Self.expire(h, id, clock: "coolingOff", on: "2025-10-10"))
            #expect(window.matter.state == "issueWindow")
            #expect(window.events.last?.actorName == "system")
            let issue = try #require(window.clocks.first { $0.clockID == "issueWindow" })
            #expect(issue.startDate == CivilDate(iso: "2025-10-09"))
            // 10-10 … 11-08 (a Saturday) → Monday 11-10.
            #expect(issue.dueDate == CivilDate(iso: "2025-11-10"))
            await #expect(throws: MatterError.self) { _ = try await h.act("register", id, as: "registrar", on: "2025-10-20", input: ["bothPresent": "yes"]) }
            let registered = try await h.act("register", id, as: "registrar", on: "2025-10-20", input: ["bothPresent": "yes", "agreementConfirmed": "yes"])
            #expect(registered.matter.state == "registered")
            #expect(registered.matter.fields["divorceCertificateNumber"] == "L659003-2025-000001")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func eitherPartyMayWithdrawDuringTheCoolingOffOnly(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let h = try await Harness(runtime)
            let id = try await Self.received(h)
            let withdrawn = try await h.act("withdraw", id, as: "registrar", on: "2025-09-15", input: ["withdrawingParty": "女方", "withdrawalIDChecked": "yes"])
            #expect(withdrawn.matter.state == "withdrawn")
            #expect(withdrawn.documents.last?.title == "撤回离婚登记申请确认单")
            #expect(withdrawn.clocks.allSatisfy { !$0.isRunning })

            let late = try await Self.received(h)
            do {
                _ = try await h.act("withdraw", late, as: "registrar", on: "2025-10-10", input: ["withdrawingParty": "男方", "withdrawalIDChecked": "yes"])
                Issue.record("withdrew after the cooling-off")
            } catch let error as MatterError {
                #expect(error.failedChecks.map(\.checkID) == ["withinClock.coolingOff"])
            }
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func nobodyComingInTheWindowIsDeemedAWithdrawalBySystem(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let h = try await Harness(runtime)
            let id = try await Self.received(h)
            _ = try await Self.expire(h, id, clock: "coolingOff", on: "2025-10-10")
            #expect(try await Self.expire(h, id, clock: "issueWindow", on: "2025-11-10") == nil)
            let ended = try #require(try await Self.expire(h, id, clock: "issueWindow", on: "2025-11-11"))
            #expect(ended.matter.state == "deemedWithdrawn")
            #expect(ended.matter.closedAt != nil)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func withoutAnAgreementTheApplicationIsNotAccepted(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let h = try await Harness(runtime)
            let registrar = try await h.base.principal("registrar")
            let id = try await h.service.create(
                DivorceRegistration.id, at: try await h.base.unit("659003-HY"), applicant: nil, channel: "window", title: "离婚登记",
                fields: ["partyAName": "甲（示例）", "partyAID": Fixtures.idNumber("65900319900101001"), "partyBName": "乙（示例）",
                         "partyBID": Fixtures.idNumber("65900319920101002"), "marriageCertificateNumber": "J659003-2015-000123",
                         "fullCivilCapacity": "yes", "registeredInMainland": "yes"],
                by: registrar, context: MatterHarness.context(registrar), now: MatterHarness.at("2025-09-01"))
            await #expect(throws: MatterError.self) { _ = try await h.act("receive", id, as: "registrar", on: "2025-09-01") }
            let refused = try await h.act("notAccept", id, as: "registrar", on: "2025-09-01",
                                          input: ["refusalGround": "未达成离婚协议", "reasons": "双方未就财产分割达成书面协议。"])
            #expect(refused.matter.state == "refused")
            #expect(refused.clocks.isEmpty)
        }
    }
}
