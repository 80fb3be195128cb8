import FluentKit
import Foundation
import Logging
import MinzhengCore

/// Loads the demo dataset (DESIGN.md §8). Idempotent: what is already there is left alone.
public struct DemoSeed: Sendable {
    public let store: Store
    public let cipher: FieldCipher
    public let year: Int
    /// bcrypt, supplied by the caller (the web layer owns password hashing).
    public let hashPassword: @Sendable (String) throws -> String
    /// Whether to run the demo's casework through the engine (tests that need a clean slate leave it out).
    public let includesCasework: Bool
    /// Whether to load the year's full volume (the report's 894 mediations); tests leave it out.
    public let includesVolume: Bool

    public init(store: Store, cipher: FieldCipher, year: Int = 2025, includesCasework: Bool = true, includesVolume: Bool = true,
                hashPassword: @escaping @Sendable (String) throws -> String) {
        self.store = store
        self.cipher = cipher
        self.year = year
        self.includesCasework = includesCasework
        self.includesVolume = includesVolume
        self.hashPassword = hashPassword
    }

    public struct Login: Sendable, Equatable {
        public var username: String
        public var role: String
        public var unit: String
    }

    public struct Summary: Sendable, Equatable {
        public var orgUnitsCreated: Int
        public var mattersCreated: Int = 0
        public var logins: [Login]
        /// The shared password of the accounts created by this load; `nil` when none was created.
        public var password: String?
    }

    public func load(logger: Logger, today: CivilDate = CivilDate(Date())) async throws -> Summary {
        var summary = try await loadReference(logger: logger)
        if includesCasework {
            summary.mattersCreated = try await DemoCasework(store: store, cipher: cipher, logger: logger, includesVolume: includesVolume).load(today: today)
        }
        return summary
    }

    private func loadReference(logger: Logger) async throws -> Summary {
        let db = store.database(logger: logger)
        let password = DemoAccounts.generatePassword()
        let hash = try hashPassword(password)
        let cipher = self.cipher
        return try await store.write(on: db) { db in
            let units = OrgUnitRepository(db: db)
            var created = 0
            for node in DemoOrgTree.nodes where try await units.find(code: node.code) == nil {
                let parent = try await node.parentCode.asyncMap { try await units.find(code: $0) } ?? nil
                _ = try await units.create(
                    code: node.code, name: node.name, level: node.level, parentID: parent?.id,
                    calendarCode: CalendarDefinition.bureauDefault.code, isFictional: node.name.contains("（示例）"))
                created += 1
            }
            let accounts = AccountRepository(db: db, cipher: cipher)
            var logins: [Login] = []
            for staff in DemoAccounts.staff where try await accounts.find(username: staff.username) == nil {
                guard let unit = try await units.find(code: staff.orgUnitCode) else { continue }
                let account = try await accounts.createStaff(
                    username: staff.username, displayName: staff.displayName, passwordHash: hash, mustChangePassword: false)
                try await accounts.assign(staff.role, at: unit, to: account.id)
                logins.append(Login(username: staff.username, role: staff.role.chineseName, unit: unit.name))
            }
            let today = CivilDate(Date())
            for citizen in DemoAccounts.citizens {
                let mobile = try MobileNumber(citizen.mobile)
                guard try await accounts.credentials(forLogin: mobile.value) == nil else { continue }
                _ = try await accounts.createCitizen(
                    name: citizen.name, idNumber: try ResidentIDNumber(citizen.idNumber, today: today), mobile: mobile, passwordHash: hash)
                logins.append(Login(username: citizen.mobile, role: Role.citizen.chineseName, unit: "（手机号登录）"))
            }
            let powers = PowerListRepository(db: db)
            var publishedPowers = 0
            // The list in force for the whole demo year (the report counts the items in force at its end).
            let now = min(Date(), CivilDate(year: year, month: 1, day: 6)!.startInstant.addingTimeInterval(10 * 3600))
            let division = try await units.find(code: "659003")
            for item in DemoPowerList.items where try await powers.current(item.code) == nil {
                _ = try await powers.saveDraft(item, at: now)
                _ = try await powers.approve(code: item.code, reference: "师市机构编制委员会办公室审定（演示）", at: now)
                _ = try await powers.publish(code: item.code, at: now)
                if item.isSupervisionItem, let division {
                    try await powers.claim(code: item.code, unit: division, by: "demo", at: now)
                }
                publishedPowers += 1
            }
            if created > 0 || !logins.isEmpty || publishedPowers > 0 {
                try await Journal(db: db).append(
                    JournalEvent(action: "demo.load", objectType: "demo", objectID: String(year),
                                 summary: "载入演示数据：单位 \(created) 个，账户 \(logins.count) 个，权责事项 \(publishedPowers) 项"),
                    context: JournalContext(actor: .system))
            }
            return Summary(orgUnitsCreated: created, logins: logins, password: logins.isEmpty ? nil : password)
        }
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
