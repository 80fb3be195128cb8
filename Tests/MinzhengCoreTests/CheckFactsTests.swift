import Foundation
import MinzhengCore
import Testing

/// A page or an act loads only the facts its type's checks and derivations declare. A check that read a fact it did
/// not declare would see nothing (no open rectification, no certificate) — so reading one stops the process, and
/// every registered type's checks are run here against exactly the facts their type declares.
@Suite struct CheckFactsTests {
    @Test func aDeclaredFactIsReadAndAnAbsentOneIsNil() {
        var facts = CheckFacts(loaded: [])
        facts.load(.openRectifications, ["openRectifications": "2"])
        facts.load(.certificates)
        #expect(facts["openRectifications"] == "2")
        #expect(facts["certificate.officer"] == nil)
        #expect(CheckFact(key: "standard.minimumLivingAllowance") == .assistanceStandards)
        #expect(CheckFact(key: "certificate.x") == .certificates)
        #expect(CheckFact(key: "benchmark") == .benchmark)
        #expect(CheckFact(key: "certificates") == nil)
        #expect(CheckFact(key: "anything") == nil)
    }

    @Test func theTypesDeclareWhatTheirRulesRead() throws {
        let types = MatterTypeRegistry.standard
        #expect(try types.require(CareInstitutionMatters.drill.id).factsRead == [.openRectifications])
        #expect(try types.require(MinimumLivingAllowance.type.id).factsRead == [.assistanceStandards])
        #expect(try types.require(PenaltyCase.type.id).factsRead == [.certificates, .benchmark])
        #expect(try types.require(NormativeDocument.type.id).factsRead == [.unansweredComments])
        #expect(try types.require(MarriageRegistration.type.id).factsRead.isEmpty)
        // The matter page lists rectification items for exactly the types whose acts they block.
        #expect(types.types.filter(\.tracksRectifications).map(\.id) == [CareInstitutionMatters.drill.id, CareInstitutionMatters.hazardInspection.id])
    }

    #if os(Linux) || os(macOS)
    @Test func readingAnUndeclaredFactStopsTheProcess() async {
        await #expect(processExitsWith: .failure) {
            _ = CheckFacts(loaded: [.certificates])["openRectifications"]
        }
    }

    /// Every check and derivation of every registered type, in every state it leaves, with its inputs filled in and
    /// the facts its type declares — in a child process, which a check reading an undeclared fact would stop.
    @Test func everyRegisteredCheckReadsOnlyDeclaredFacts() async {
        await #expect(processExitsWith: .success) {
            let actor = Principal(accountID: UUID(), kind: .staff, username: "officer", roles: [])
            let today = CivilDate(iso: "2025-09-01")!
            for type in MatterTypeRegistry.standard.types {
                var values: [String: String] = [:]
                for field in type.fields { values[field.key] = Self.sample(field) }
                values["benchmarkCode"] = "MZ-1"
                for transition in type.transitions {
                    var input: [String: String] = [:]
                    for field in transition.inputs { input[field.key] = Self.sample(field) }
                    for state in transition.from {
                        let matter = Matter(typeID: type.id, reference: "X-2025-000001", title: "示例", state: state, orgUnitID: .init(),
                                            orgUnitPath: "/659003/", orgUnitCode: "659003", channel: "window", fields: values, createdAt: Date())
                        let context = CheckContext(type: type, matter: matter, transition: transition, events: [], clocks: [], materials: [],
                                                   actor: actor, actingRole: nil, input: input, today: today, powerItemIsCitable: true,
                                                   facts: CheckFacts(loaded: type.factsRead))
                        _ = try? transition.derive?(context)
                        for check in transition.checks { _ = check.run(context) }
                    }
                }
            }
        }
    }
    #endif

    static func sample(_ field: FieldSpec) -> String {
        switch field.kind {
        case .date: "2025-08-01"
        case .amountFen, .integer: "100"
        case .choice: field.choices.first ?? "是"
        case .flag: "yes"
        case .idNumber: "659003199501010012"
        default: "示例"
        }
    }
}
