import FluentKit
import Foundation
import MinzhengCore
import MinzhengPersistence
import MinzhengTestSupport
import SQLKit
import Testing

@Suite struct IdentityStorageTests {
    static let idNumber = Fixtures.idNumber("65900319850312002")
    static let mobile = "13912345678"

    static func citizen(_ runtime: DatabaseRuntime, cipher: FieldCipher = Fixtures.cipher) async throws -> Account {
        try await runtime.store.write(on: runtime.db) { db in
            try await AccountRepository(db: db, cipher: cipher).createCitizen(
                name: "王小梅（示例）", idNumber: try ResidentIDNumber(Self.idNumber, today: Fixtures.today),
                mobile: try MobileNumber(Self.mobile), passwordHash: try Fixtures.hashPassword(Fixtures.strongPassword))
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func personalDataIsStoredEncryptedAndFoundByIndex(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let account = try await Self.citizen(runtime)
            #expect(account.maskedIDNumber == Masking.residentID(Self.idNumber))
            #expect(account.maskedMobile == "139****5678")
            let sql = runtime.db as! any SQLDatabase
            let row = try #require(try await sql.raw("SELECT * FROM account").first())
            for column in row.allColumns {
                if let text = try? row.decode(column: column, as: String.self) {
                    #expect(!text.contains(Self.idNumber) && !text.contains(Self.mobile), "\(column) holds plaintext")
                }
            }
            let found = try await AccountRepository(db: runtime.db, cipher: Fixtures.cipher).credentials(forLogin: Self.mobile)
            #expect(found?.account.id == account.id)
            #expect(try await AccountRepository(db: runtime.db, cipher: Fixtures.cipher).revealIDNumber(account.id) == Self.idNumber)
        }
    }

    @Test func theSQLiteFileAndItsWALHoldNoPlainIDOrPhone() async throws {
        let place = try await TestDatabase.makePlace(.sqlite)
        let runtime = try DatabaseRuntime(location: place.location, settings: place.settings, logger: TestDatabase.logger)
        try await runtime.open()
        _ = try await Self.citizen(runtime)
        guard case .sqlite(let path) = place.location else { return }
        for file in [path, path + "-wal"] {
            guard let bytes = FileManager.default.contents(atPath: file) else { continue }
            #expect(bytes.range(of: Data(Self.idNumber.utf8)) == nil, "\(file) contains the ID number")
            #expect(bytes.range(of: Data(Self.mobile.utf8)) == nil, "\(file) contains the phone number")
        }
        await runtime.shutdown()
        await place.cleanup()
    }

    @Test(arguments: TestDatabase.kinds)
    func aSecondRegistrationWithTheSameIDIsRefused(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            _ = try await Self.citizen(runtime)
            await #expect(throws: ValidationError.self) { _ = try await Self.citizen(runtime) }
            #expect(try await AccountRepository(db: runtime.db, cipher: Fixtures.cipher).count() == 1)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func rotatingKeysReencryptsAndKeepsLookupsWorking(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let account = try await Self.citizen(runtime)
            let newCipher = try FieldCipher(keys: ["test2": Data(repeating: 3, count: 32), "test1": Fixtures.dataKey], activeKeyID: "test2")
            let result = try await KeyRotation(store: runtime.store, cipher: newCipher).rotate(db: runtime.db)
            #expect(result.rotated == 2)
            let onlyNew = try FieldCipher(keys: ["test2": Data(repeating: 3, count: 32)], activeKeyID: "test2")
            let accounts = AccountRepository(db: runtime.db, cipher: onlyNew)
            #expect(try await accounts.revealMobile(account.id) == Self.mobile)
            #expect(try await accounts.credentials(forLogin: Self.mobile)?.account.id == account.id)
        }
    }

    @Test func sealedValuesDifferEachTimeAndRefuseTampering() throws {
        let a = try Fixtures.cipher.seal("13912345678")
        let b = try Fixtures.cipher.seal("13912345678")
        #expect(a != b)
        #expect(a.hasPrefix("v1:test1:"))
        #expect(try Fixtures.cipher.open(a) == "13912345678")
        var tampered = Array(a)
        tampered[tampered.count - 3] = tampered[tampered.count - 3] == "A" ? "B" : "A"
        #expect(throws: FieldCipher.Failure.self) { try Fixtures.cipher.open(String(tampered)) }
    }

    @Test(arguments: TestDatabase.kinds)
    func changingRolesBumpsTheRolesVersion(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            _ = try await Fixtures.demo(runtime.store).load(logger: runtime.logger)
            let accounts = AccountRepository(db: runtime.db, cipher: Fixtures.cipher)
            let clerk = try #require(try await accounts.find(username: "clerk"))
            let before = try #require(try await accounts.credentials(clerk.id)).rolesVersion
            let town = try #require(try await OrgUnitRepository(db: runtime.db).find(code: "659003-102"))
            try await runtime.store.write(on: runtime.db) { db in
                try await AccountRepository(db: db, cipher: Fixtures.cipher).assign(.investigator, at: town, to: clerk.id)
            }
            #expect(try #require(try await accounts.credentials(clerk.id)).rolesVersion == before + 1)
            await #expect(throws: ValidationError.self) {
                try await runtime.store.write(on: runtime.db) { db in
                    try await AccountRepository(db: db, cipher: Fixtures.cipher).assign(.auditAdministrator, at: town, to: clerk.id)
                }
            }
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func accountListIsPaged(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            _ = try await Fixtures.demo(runtime.store).load(logger: runtime.logger)
            let accounts = AccountRepository(db: runtime.db, cipher: Fixtures.cipher)
            let first = try await accounts.list(AccountFilter(kind: .staff), page: Pagination(number: 1, size: 10))
            let second = try await accounts.list(AccountFilter(kind: .staff), page: Pagination(number: 2, size: 10))
            #expect(first.total == DemoAccounts.staff.count)
            #expect(first.items.count == 10)
            #expect(second.items.count == min(10, DemoAccounts.staff.count - 10))
            #expect(Set(first.items.map(\.id)).isDisjoint(with: Set(second.items.map(\.id))))
            let reviewers = try await accounts.list(AccountFilter(role: .reviewer), page: Pagination())
            #expect(reviewers.total == DemoAccounts.staff.filter { $0.role == .reviewer }.count)
        }
    }
}

@Suite struct TOTPTests {
    /// RFC 6238 Appendix B.
    @Test(arguments: [
        (59.0, "94287082", "46119246", "90693936"),
        (1_111_111_109.0, "07081804", "68084774", "25091201"),
        (1_111_111_111.0, "14050471", "67062674", "99943326"),
        (1_234_567_890.0, "89005924", "91819424", "93441116"),
        (2_000_000_000.0, "69279037", "90698825", "38618901"),
        (20_000_000_000.0, "65353130", "77737706", "47863826"),
    ])
    func matchesTheRFCVectors(_ time: Double, _ sha1: String, _ sha256: String, _ sha512: String) {
        let date = Date(timeIntervalSince1970: time)
        let seed = "1234567890"
        #expect(TOTP(secret: Data(String(repeating: seed, count: 2).utf8), digits: 8, algorithm: .sha1).code(at: date) == sha1)
        #expect(TOTP(secret: Data((String(repeating: seed, count: 3) + "12").utf8), digits: 8, algorithm: .sha256).code(at: date) == sha256)
        #expect(TOTP(secret: Data((String(repeating: seed, count: 6) + "1234").utf8), digits: 8, algorithm: .sha512).code(at: date) == sha512)
    }

    @Test func aCodeWorksOnceAndOnlyNearItsTime() {
        let totp = TOTP(secret: Data(repeating: 1, count: 20))
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let code = totp.code(at: now)
        let step = totp.verify(code, at: now)
        #expect(step != nil)
        #expect(totp.verify(code, at: now, after: step) == nil)
        #expect(totp.verify(code, at: now.addingTimeInterval(120)) == nil)
        #expect(totp.verify("12345", at: now) == nil)
    }
}
