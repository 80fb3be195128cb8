import Foundation
import MinzhengCore
import MinzhengPersistence
import MinzhengTestSupport
import Testing

@Suite struct PowerListTests {
    static func item(_ code: String = "T-001", name: String = "测试事项给付", type: PowerType = .benefitPayment, supervision: Bool = false) -> PowerItem {
        PowerItem(code: code, name: name, type: type, authorizedPower: "P99 测试", bases: [LegalBasis(law: "测试条例", article: "第一条")],
                  body: "第三师图木舒克市民政局", handlingUnit: "测试科", level: "师市",
                  responsibilities: [ResponsibilityItem(stage: "受理", content: "依法受理", basis: "测试条例 第二条")],
                  accountability: ["不依法履职的"], complaintPhone: "12345", flow: ["受理", "决定"], riskPoints: ["把关不严"], isSupervisionItem: supervision)
    }

    @Test(arguments: TestDatabase.kinds)
    func theDemoListRefinesTwentyEightPowersIntoThirtySevenItems(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            _ = try await Fixtures.demo(runtime.store).load(logger: runtime.logger)
            let listing = try await PowerListRepository(db: runtime.db).published(type: nil, text: nil, page: Pagination())
            #expect(listing.items.total == 37)
            #expect(listing.authorizedPowers == 28)
            #expect(listing.countsByType == [.benefitPayment: 7, .confirmation: 6, .licensing: 6, .other: 13, .penalty: 4, .inspection: 1])
            let rate = try await PowerListRepository(db: runtime.db).claimRate()
            #expect(rate.claimed == rate.total && rate.total > 0)
            let search = try await PowerListRepository(db: runtime.db).published(type: nil, text: "婚姻", page: Pagination())
            #expect(search.items.items.map(\.code).contains("MZ-QR-004"))
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aNewVersionNeverOverwritesThePublishedOne(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let repository = PowerListRepository(db: runtime.db)
            let now = Date()
            _ = try await repository.saveDraft(Self.item(), at: now)
            await #expect(throws: ValidationError.self) { _ = try await repository.publish(code: "T-001", at: now) }
            _ = try await repository.approve(code: "T-001", reference: "编办〔2025〕1号", at: now)
            _ = try await repository.publish(code: "T-001", at: now)
            var revised = Self.item()
            revised.name = "测试事项给付（修订）"
            revised.bases.append(LegalBasis(law: "测试办法", article: "第三条"))
            let draft = try await repository.saveDraft(revised, at: now)
            #expect(draft.version == 2)
            #expect(try await repository.current("T-001")?.name == "测试事项给付")
            _ = try await repository.approve(code: "T-001", reference: "编办〔2025〕2号", at: now)
            _ = try await repository.publish(code: "T-001", at: now.addingTimeInterval(60))
            let versions = try await repository.versions(of: "T-001")
            #expect(versions.count == 2)
            #expect(versions[0].supersededAt != nil)
            #expect(versions[1].item.changes(from: versions[0].item).contains { $0.hasPrefix("事项名称") })
            #expect(try await repository.current("T-001")?.version == 2)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aRepealedItemCannotBeCited(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let repository = PowerListRepository(db: runtime.db)
            _ = try await repository.saveDraft(Self.item(), at: Date())
            _ = try await repository.approve(code: "T-001", reference: "编办〔2025〕1号", at: Date())
            _ = try await repository.publish(code: "T-001", at: Date())
            #expect(try await repository.isCitable("T-001"))
            try await repository.repeal(code: "T-001", at: Date())
            #expect(try await !repository.isCitable("T-001"))
            #expect(try await !repository.isCitable("NO-SUCH"))
        }
    }

    @Test func penaltyItemsAreNamedAsTheRuleSays() {
        #expect(throws: ValidationError.self) { try Self.item(name: "社会团体违法处罚", type: .penalty).validate() }
        #expect(throws: Never.self) { try Self.item(name: "对社会团体违法行为的处罚", type: .penalty).validate() }
        var noBasis = Self.item()
        noBasis.bases = []
        #expect(throws: ValidationError.self) { try noBasis.validate() }
    }
}
