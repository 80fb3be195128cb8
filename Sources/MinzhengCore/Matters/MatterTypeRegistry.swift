import Foundation

/// The matter types the platform runs. Modules declare their types; the registry validates them and contributes
/// their transitions to the permission table, so access to every act is decided by the one table.
public struct MatterTypeRegistry: Sendable {
    public let types: [MatterType]

    public init(_ types: [MatterType]) throws {
        for type in types { try type.validate() }
        guard Set(types.map(\.id)).count == types.count else { throw MatterDeclarationError("duplicate matter type") }
        self.types = types
    }

    public func type(_ id: MatterTypeID) -> MatterType? { types.first { $0.id == id } }

    public func require(_ id: MatterTypeID) throws -> MatterType {
        guard let type = type(id) else { throw MatterError.unknownType(id.rawValue) }
        return type
    }

    /// Rows for the permission table: each transition for its roles, creation for the creator roles, reading for
    /// every role that acts on the type (in its subtree) and for the applicant (own).
    public var permissionEntries: [PermissionTable.Entry] {
        var entries: [PermissionTable.Entry] = []
        for type in types {
            var readers = Set<Role>()
            for transition in type.transitions {
                for role in transition.roles {
                    let scope: AccessScope = role == .citizen ? .own : role == .socialOrganizationUser ? .ownOrganization : transition.scope
                    entries.append(.init(role: role, action: type.action(for: transition), scope: scope))
                    readers.insert(role)
                }
            }
            for role in type.creatorRoles {
                let scope: AccessScope = role == .citizen || role == .socialOrganizationUser ? .everywhere : .subtree
                entries.append(.init(role: role, action: type.createAction, scope: scope))
                readers.insert(role)
            }
            for role in readers where role.isStaff {
                entries.append(.init(role: role, action: type.handleAction, scope: .subtree))
            }
            if type.creatorRoles.contains(.citizen) || type.transitions.contains(where: { $0.roles.contains(.citizen) }) {
                entries.append(.init(role: .citizen, action: type.handleAction, scope: .own))
            }
            if type.transitions.contains(where: { $0.roles.contains(.socialOrganizationUser) }) {
                entries.append(.init(role: .socialOrganizationUser, action: type.handleAction, scope: .ownOrganization))
            }
            for role in type.extensionApprovers {
                entries.append(.init(role: role, action: type.extendAction, scope: .subtree))
            }
            if !type.isConfidential { readers.insert(.leader) }
            for role in readers {
                let scope: AccessScope = role == .citizen ? .own : role == .socialOrganizationUser ? .ownOrganization : .subtree
                entries.append(.init(role: role, action: type.readAction, scope: scope))
            }
            if !readers.contains(.citizen) && type.creatorRoles.contains(.citizen) == false {
                entries.append(.init(role: .citizen, action: type.readAction, scope: .own))
            }
        }
        return entries
    }

    /// The registry of the platform's modules (each module's declaration file adds its type here).
    public static let standard: MatterTypeRegistry = try! MatterTypeRegistry(ModuleMatterTypes.all)
}

/// Every module's matter types, in one list.
public enum ModuleMatterTypes {
    public static var all: [MatterType] { [
        MinimumLivingAllowance.type, ExtremePoverty.type, DisabilitySubsidy.type, MarriageRegistration.type, DivorceRegistration.type,
        AnnualInspection.type, RandomInspection.type, PenaltyCase.type, AdministrativeLicence.type, LegalChallenge.type,
        NormativeDocument.type, MajorDecision.type, PublicityActivity.type, StudySession.type,
        MediationCase.type, Petition.type, CareInstitutionMatters.emergencyPlan, CareInstitutionMatters.drill, CareInstitutionMatters.hazardInspection,
        CareInstitutionMatters.incident, AnnualReportWorkflow.type, ServiceFollowUp.type,
    ] }
}
