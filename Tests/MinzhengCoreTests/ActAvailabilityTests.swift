import Foundation
import MinzhengCore
import Testing

/// The matter page offers an act whose only failing checks concern what the person fills in with it; a failing
/// check on the matter itself makes the act unavailable, with the reason.
@Suite struct ActAvailabilityTests {
    static let registrar = Principal(accountID: UUID(), kind: .staff, username: "registrar",
                                     roles: [RoleAssignment(role: .intakeClerk, orgUnitID: .init(), orgUnitPath: "/659003/659003-HY/", orgUnitCode: "659003-HY")])

    static func availability(_ transitionID: TransitionID, state: StateID, fields: [String: String]) throws -> ActAvailability {
        let type = MarriageRegistration.type
        let matter = Matter(typeID: type.id, reference: "JH-2025-000001", title: "结婚登记", state: state, orgUnitID: .init(),
                            orgUnitPath: "/659003/659003-HY/", orgUnitCode: "659003-HY", channel: "window", fields: fields, createdAt: Date())
        let transition = try #require(type.transition(transitionID))
        let context = CheckContext(type: type, matter: matter, transition: transition, events: [], clocks: [], materials: [],
                                   actor: registrar, actingRole: nil, input: [:], today: CivilDate(iso: "2025-09-01")!, powerItemIsCitable: true)
        return MatterEngine.availability(of: transition, context: context, access: .allowed(role: .intakeClerk))
    }

    @Test func aCheckOnTheActsOwnInputIsGuidanceNotARefusal() throws {
        let fields = ["partyAName": "甲", "partyAID": "659003199501010012", "partyBName": "乙", "partyBID": "659003199801010022",
                      "noImpedimentDeclarationSigned": "yes"]
        let open = try Self.availability("checkDocuments", state: "applied", fields: fields)
        #expect(open.isAllowed)
        #expect(open.guidance.contains { $0.contains("照片") })
        var unsigned = fields
        unsigned["noImpedimentDeclarationSigned"] = nil
        let blocked = try Self.availability("checkDocuments", state: "applied", fields: unsigned)
        #expect(!blocked.isAllowed)
        #expect(blocked.reasons.contains { $0.contains("声明") })
    }
}
