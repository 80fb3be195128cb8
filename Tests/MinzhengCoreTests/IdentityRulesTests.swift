import Foundation
import MinzhengCore
import Testing

@Suite struct PasswordPolicyTests {
    @Test(arguments: ["Abcdefg1", "abc-def-123", "Zh0ngWen!", "长城Abc1234"])
    func passwordsOfThreeClassesAreAccepted(_ password: String) throws {
        try PasswordPolicy.validate(password)
    }

    @Test(arguments: [
        ("Abc12", "至少 8 个字符"),
        ("abcdefgh1", "至少三类"),
        ("ABCDEFGH", "至少三类"),
        ("Abcdefg1\u{0}", "空字符"),
        (String(repeating: "Ab1", count: 22), "不能超过 64 个字符"),
        ("Admin-2025x", "不能包含用户名"),
    ])
    func weakPasswordsAreRefusedWithTheReason(_ password: String, _ reason: String) {
        do {
            try PasswordPolicy.validate(password, username: "admin")
            Issue.record("accepted \(password)")
        } catch let error as ValidationError {
            #expect(error.reason.contains(reason), "\(error.reason)")
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test func lockoutLocksAtTheFifthConsecutiveFailure() {
        let policy = LockoutPolicy(maxFailures: 5, lockMinutes: 15)
        let now = Date(timeIntervalSince1970: 1_000_000)
        var failures = 0
        for _ in 0..<4 {
            let outcome = policy.afterFailure(previousFailures: failures, at: now)
            #expect(outcome.lockedUntil == nil)
            failures = outcome.failures
        }
        let fifth = policy.afterFailure(previousFailures: failures, at: now)
        #expect(fifth.lockedUntil == now.addingTimeInterval(900))
    }

    @Test func temporaryPasswordsSatisfyThePolicy() throws {
        for _ in 0..<50 { try PasswordPolicy.validate(TemporaryPassword.generate()) }
    }
}

@Suite struct AccessPolicyTests {
    static let divisionPath = "/659003/"
    static let townA = "/659003/659003-101/"
    static let townB = "/659003/659003-102/"
    static let companyA = "/659003/659003-101/659003-101-01/"

    static func staff(_ role: Role, at path: String, id: UUID = UUID()) -> Principal {
        Principal(accountID: id, kind: .staff, username: role.rawValue,
                  roles: [RoleAssignment(role: role, orgUnitID: .init(), orgUnitPath: path, orgUnitCode: path)])
    }

    @Test(arguments: [
        (Role.intakeClerk, townA, companyA, true),
        (Role.intakeClerk, townA, townA, true),
        (Role.intakeClerk, townA, townB, false),
        (Role.intakeClerk, townA, divisionPath, false),
        (Role.reviewer, divisionPath, townB, true),
        (Role.reviewer, divisionPath, companyA, true),
        (Role.systemAdministrator, divisionPath, companyA, false),
        (Role.auditAdministrator, divisionPath, townA, false),
        (Role.leader, divisionPath, townA, false),
    ])
    func staffSeePersonalDataOnlyInTheirSubtree(_ role: Role, _ post: String, _ record: String, _ allowed: Bool) {
        let decision = AccessPolicy.decide(Self.staff(role, at: post), .viewPersonalData, on: AccessTarget(orgUnitPath: record))
        #expect(decision.isAllowed == allowed)
    }

    @Test func aCitizenReachesOnlyTheirOwnRecords() {
        let me = Principal(accountID: UUID(), kind: .citizen, username: "c", roles: [])
        #expect(AccessPolicy.decide(me, .viewPersonalData, on: AccessTarget(ownerAccountID: me.accountID)).isAllowed)
        #expect(!AccessPolicy.decide(me, .viewPersonalData, on: AccessTarget(ownerAccountID: UUID())).isAllowed)
        #expect(!AccessPolicy.decide(me, .viewPersonalData, on: AccessTarget(orgUnitPath: Self.townA)).isAllowed)
        #expect(AccessPolicy.decide(me, .openCitizenArea).isAllowed)
        #expect(!AccessPolicy.decide(me, .openWorkbench).isAllowed)
    }

    @Test func theThreeAdministratorsEachSeeOnlyTheirOwnFunctions() {
        let system = Self.staff(.systemAdministrator, at: Self.divisionPath)
        let audit = Self.staff(.auditAdministrator, at: Self.divisionPath)
        let security = Self.staff(.securityAdministrator, at: Self.divisionPath)
        #expect(AccessPolicy.decide(system, .administerAccounts).isAllowed)
        #expect(!AccessPolicy.decide(system, .readJournal).isAllowed)
        #expect(AccessPolicy.decide(audit, .readJournal).isAllowed)
        #expect(!AccessPolicy.decide(audit, .administerAccounts).isAllowed)
        #expect(AccessPolicy.decide(security, .administerSecuritySettings).isAllowed)
        #expect(!AccessPolicy.decide(security, .administerSettings).isAllowed)
        #expect(!AccessPolicy.decide(system, .openWorkbench).isAllowed)
    }

    @Test func anExcludedPersonIsRefusedWhateverTheirRole() {
        let handler = Self.staff(.reviewer, at: Self.divisionPath)
        let target = AccessTarget(orgUnitPath: Self.townA, excludedAccountIDs: [handler.accountID], exclusionReason: "您办理了前一环节，不得审批本环节。")
        #expect(AccessPolicy.decide(handler, .viewPersonalData, on: target) == .denied(reason: "您办理了前一环节，不得审批本环节。"))
    }

    @Test func refusalsSayWhyInChinese() {
        let clerk = Self.staff(.intakeClerk, at: Self.townA)
        guard case .denied(let outside) = AccessPolicy.decide(clerk, .viewPersonalData, on: AccessTarget(orgUnitPath: Self.townB)) else {
            Issue.record("allowed")
            return
        }
        #expect(outside.contains("不在您的管辖范围内"))
        guard case .denied(let noRole) = AccessPolicy.decide(clerk, .readJournal) else { return }
        #expect(noRole == "您无权查阅审计日志（限审计管理员）。")
    }

    @Test func administratorRolesAreMutuallyExclusiveAndHoldNoCasework() {
        #expect(throws: ValidationError.self) { try AdministratorRoles.validate(adding: .auditAdministrator, to: [.systemAdministrator]) }
        #expect(throws: ValidationError.self) { try AdministratorRoles.validate(adding: .reviewer, to: [.securityAdministrator]) }
        #expect(throws: ValidationError.self) { try AdministratorRoles.validate(adding: .citizen, to: []) }
        #expect(throws: Never.self) { try AdministratorRoles.validate(adding: .approver, to: [.reviewer]) }
    }
}

@Suite struct MaskingTests {
    @Test func identifiersAreMaskedByTheRule() {
        #expect(Masking.residentID("65310119850615201X") == "653101********201X")
        #expect(Masking.phone("13812345678") == "138****5678")
        #expect(Masking.bankAccount("6222020200112233445") == "***************3445")
        #expect(Masking.name("张三") == "张*")
        #expect(Masking.name("张小三") == "张*三")
        #expect(Masking.name("欧阳小华") == "欧**华")
    }
}

@Suite struct QRCodeTests {
    /// "hello" in version 1-M, as decoded by zbarimg when this encoder was written.
    static let hello = """
        #######..##...#######
        #.....#.##....#.....#
        #.###.#..#.##.#.###.#
        #.###.#...##..#.###.#
        #.###.#.##..#.#.###.#
        #.....#.....#.#.....#
        #######.#.#.#.#######
        ..........###........
        #.#.#.#..#.#....#..#.
        ..#.##....#...#....##
        .#.#..#.###.#...#####
        ##..#.........#....#.
        .##.#.##..#.#.#.#....
        ........####.#.#..###
        #######...##.###..###
        #.....#...####.##....
        #.###.#.#.##.###...##
        #.###.#..#....##..##.
        #.###.#.###.#...#.#.#
        #.....#..#....#.#..#.
        #######.###.#.##...##
        """

    @Test func encodesAKnownCodeExactly() throws {
        let code = try QRCode(text: "hello")
        let drawn = (0..<code.size).map { y in (0..<code.size).map { code.isDark(x: $0, y: y) ? "#" : "." }.joined() }
        #expect(drawn.joined(separator: "\n") == Self.hello)
    }

    @Test func choosesTheSmallestVersionAndDrawsSVG() throws {
        let uri = "otpauth://totp/%E6%B3%95%E6%B2%BB%E6%B0%91%E6%94%BF%3Aadmin?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=%E6%B3%95%E6%B2%BB%E6%B0%91%E6%94%BF&algorithm=SHA1&digits=6&period=30"
        let code = try QRCode(text: uri)
        #expect(code.version == 9)
        #expect(code.size == 53)
        let svg = code.svg()
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(!svg.contains("<script"))
        #expect(throws: QRCode.Failure.tooLong) { try QRCode(text: String(repeating: "x", count: 3000)) }
    }
}

@Suite struct Base32Tests {
    @Test(arguments: [("", ""), ("f", "MY"), ("fo", "MZXQ"), ("foo", "MZXW6"), ("foob", "MZXW6YQ"), ("fooba", "MZXW6YTB"), ("foobar", "MZXW6YTBOI")])
    func matchesRFC4648(_ plain: String, _ encoded: String) {
        #expect(Base32.encode(Data(plain.utf8)) == encoded)
        #expect(Base32.decode(encoded) == Data(plain.utf8))
    }
}

@Suite struct MaskingNoteTests {
    @Test func aBracketedNoteAfterTheNameStays() {
        #expect(Masking.name("李春花（示例）") == "李*花（示例）")
        #expect(Masking.name("王小（示例）") == "王*（示例）")
    }
}
