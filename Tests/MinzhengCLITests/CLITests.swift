import ArgumentParser
import Foundation
import MinzhengCore
import MinzhengPersistence
import MinzhengTestSupport
import MinzhengWeb
import SQLKit
import Testing
@testable import MinzhengCLI

/// The CLI reads its keys from the environment, as an operator's shell would give them.
private let environmentPrepared: Bool = {
    setenv("MINZHENG_DATA_KEY", "test1:" + Fixtures.dataKey.base64EncodedString(), 1)
    setenv("MINZHENG_JOURNAL_KEY", Fixtures.journalKey.base64EncodedString(), 1)
    setenv("MINZHENG_ROOT", TestApp.rootDirectory, 1)
    return true
}()

private func exitCode(_ body: () async throws -> Void) async -> Int32 {
    do {
        try await body()
        return 0
    } catch let code as ExitCode {
        return code.rawValue
    } catch {
        return -1
    }
}

@Suite struct ValidateCommandTests {
    @Test(arguments: [("11010519491231002X", Int32(0)), ("110105194912310021", 1), ("1101", 1)])
    func idValidationExitsWithItsVerdict(_ value: String, _ expected: Int32) async {
        let code = await exitCode { try ValidateIDCommand.parse([value]).run() }
        #expect(code == expected)
    }

    @Test(arguments: [("51659003MJ00000016", Int32(0)), ("51659003MJ00000017", 1), ("91350100M000100Y43", 0)])
    func usccValidationExitsWithItsVerdict(_ value: String, _ expected: Int32) async {
        let code = await exitCode { try ValidateUSCCCommand.parse([value]).run() }
        #expect(code == expected)
    }

    @Test func aCompanyCodeFailsTheSocialOrganizationCheck() async {
        let code = await exitCode { try ValidateUSCCCommand.parse(["91350100M000100Y43", "--social-organization"]).run() }
        #expect(code == 1)
    }
}

@Suite struct DatabaseCommandTests {
    static func withDatabase(_ body: (String, DatabaseRuntime) async throws -> Void) async throws {
        _ = environmentPrepared
        let place = try await TestDatabase.makePlace(.sqlite)
        guard case .sqlite(let path) = place.location else { return }
        let runtime = try DatabaseRuntime(location: place.location, settings: place.settings, logger: TestDatabase.logger)
        try await runtime.open()
        do {
            try await body("sqlite://" + path, runtime)
        } catch {
            await runtime.shutdown()
            await place.cleanup()
            throw error
        }
        await runtime.shutdown()
        await place.cleanup()
    }

    @Test func deadlineCommandComputesAndRefusesAMissingYear() async throws {
        try await Self.withDatabase { url, _ in
            let ok = await exitCode {
                let command = try CalendarDeadlineCommand.parse(["--from", "2025-09-26", "--days", "5", "--unit", "workday", "--database", url])
                try await command.run()
            }
            #expect(ok == 0)
            let missing = await exitCode {
                let command = try CalendarDeadlineCommand.parse(["--from", "2026-12-20", "--days", "10", "--database", url])
                try await command.run()
            }
            #expect(missing == 1)
        }
    }

    @Test func calendarImportRefusesABadFileWhole() async throws {
        try await Self.withDatabase { url, runtime in
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID()).csv")
            defer { try? FileManager.default.removeItem(at: file) }
            try "year,region,date,kind,name,document_ref\n2027,national,2027-01-01,holiday,元旦,\n2027,national,2027-02-30,holiday,春节,\n"
                .write(to: file, atomically: true, encoding: .utf8)
            let refused = await exitCode {
                let command = try CalendarImportCommand.parse([file.path, "--database", url])
                try await command.run()
            }
            #expect(refused == 1)
            let calendar = try await CalendarRepository(db: runtime.db).calendar(code: "national")
            #expect(!calendar.holds(year: 2027))
        }
    }

    @Test func usersCreateGrantsThePostAndJournalsIt() async throws {
        try await Self.withDatabase { url, runtime in
            _ = try await Fixtures.demo(runtime.store).load(logger: runtime.logger)
            let code = await exitCode {
                let command = try UsersCreateCommand.parse(["--username", "new.clerk", "--role", "intakeClerk", "--org", "659003-201", "--database", url])
                try await command.run()
            }
            #expect(code == 0)
            let account = try await AccountRepository(db: runtime.db, cipher: Fixtures.cipher).find(username: "new.clerk")
            #expect(account?.roles.first?.role == .intakeClerk)
            #expect(account?.mustChangePassword == true)
            let badRole = await exitCode {
                let command = try UsersCreateCommand.parse(["--username", "x.y", "--role", "emperor", "--org", "659003", "--database", url])
                try await command.run()
            }
            #expect(badRole == 1)
        }
    }

    @Test func reportAnnualWritesAWordDocumentAndMarkdownFromTheRecords() async throws {
        try await Self.withDatabase { url, runtime in
            _ = try await Fixtures.demo(runtime.store).load(logger: runtime.logger)
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mz-report-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let docx = directory.appendingPathComponent("report.docx").path
            let code = await exitCode {
                let command = try ReportAnnualCommand.parse(["--year", "2025", "--format", "docx", "--out", docx, "--database", url])
                try await command.run()
            }
            #expect(code == 0)
            let files = try ZipFiles.unpack(try Data(contentsOf: URL(fileURLWithPath: docx)))
            let document = String(decoding: try #require(files["word/document.xml"]), as: UTF8.self)
            #expect(document.contains("第三师图木舒克市民政局2025年度法治政府建设工作报告"))
            #expect(document.contains("经梳理细化权责事项37项"))
            let markdown = directory.appendingPathComponent("report.md").path
            #expect(await exitCode {
                let command = try ReportAnnualCommand.parse(["--year", "2025", "--format", "md", "--out", markdown, "--database", url])
                try await command.run()
            } == 0)
            #expect(try String(contentsOfFile: markdown, encoding: .utf8).contains("## 附：数据来源"))
            // A docx needs a file to go to.
            #expect(await exitCode {
                let command = try ReportAnnualCommand.parse(["--year", "2025", "--format", "docx", "--database", url])
                try await command.run()
            } == 1)
        }
    }

    @Test func tokensAndAnOnlineBackupFromTheShell() async throws {
        try await Self.withDatabase { url, runtime in
            _ = try await Fixtures.demo(runtime.store).load(logger: runtime.logger)
            #expect(await exitCode {
                let command = try TokensIssueCommand.parse(["--name", "bridge", "--role", "reviewer", "--org", "659003", "--days", "7", "--database", url])
                try await command.run()
            } == 0)
            #expect(try await APITokenRepository(db: runtime.db).all().first?.name == "bridge")
            #expect(await exitCode {
                let command = try TokensIssueCommand.parse(["--name", "root", "--role", "systemAdministrator", "--org", "659003", "--database", url])
                try await command.run()
            } == 1)
            let out = FileManager.default.temporaryDirectory.appendingPathComponent("mz-backup-\(UUID().uuidString).sqlite").path
            defer { try? FileManager.default.removeItem(atPath: out) }
            #expect(await exitCode {
                let command = try BackupCommand.parse(["--out", out, "--database", url])
                try await command.run()
            } == 0)
            let copy = try DatabaseRuntime(location: .sqlite(path: out), logger: TestDatabase.logger)
            try await copy.open(migrate: false)
            let accounts = try await AccountRepository(db: copy.db, cipher: Fixtures.cipher).find(username: "leader")
            let outcome = try await JournalVerifier(db: copy.db).verify()
            await copy.shutdown()
            #expect(accounts != nil)
            if case .intact = outcome {} else { Issue.record("the backup's journal does not verify: \(outcome)") }
            // It never overwrites.
            #expect(await exitCode {
                let command = try BackupCommand.parse(["--out", out, "--database", url])
                try await command.run()
            } == 1)
        }
    }

    @Test func auditVerifyExitsZeroWhenIntactAndOneWhenEdited() async throws {
        try await Self.withDatabase { url, runtime in
            _ = try await Fixtures.demo(runtime.store).load(logger: runtime.logger)
            let checkpoints = FileManager.default.temporaryDirectory.appendingPathComponent("cp-\(UUID())").path
            defer { try? FileManager.default.removeItem(atPath: checkpoints) }
            let intact = await exitCode {
                let command = try AuditVerifyCommand.parse(["--database", url, "--checkpoints", checkpoints])
                try await command.run()
            }
            #expect(intact == 0)
            let sql = runtime.db as! any SQLDatabase
            try await sql.raw("DROP TRIGGER journal_entry_no_update").run()
            try await sql.raw("UPDATE journal_entry SET summary = '改' WHERE seq = 1").run()
            let broken = await exitCode {
                let command = try AuditVerifyCommand.parse(["--database", url, "--checkpoints", checkpoints])
                try await command.run()
            }
            #expect(broken == 1)
        }
    }
}

@Suite struct ConfigurationTests {
    @Test func productionRefusesToStartWithoutItsSecretsAndListsThem() {
        do {
            _ = try AppConfig.load(flags: .init(), environment: ["MINZHENG_ENV": "production"])
            Issue.record("production started without keys")
        } catch let error as AppConfigError {
            #expect(error.description.contains("MINZHENG_DATA_KEY"))
            #expect(error.description.contains("MINZHENG_JOURNAL_KEY"))
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test func badValuesAreListedTogether() {
        do {
            _ = try AppConfig.load(flags: .init(), environment: ["MINZHENG_PORT": "eighty", "DATABASE_URL": "mysql://x", "MINZHENG_SQLITE_SYNCHRONOUS": "OFF",
                                            "MINZHENG_DATA_KEY": "short", "MINZHENG_JOURNAL_KEY": Fixtures.journalKey.base64EncodedString()])
            Issue.record("accepted")
        } catch let error as AppConfigError {
            #expect(error.description.contains("MINZHENG_PORT"))
            #expect(error.description.contains("sqlite://"))
            #expect(error.description.contains("FULL 或 NORMAL"))
            #expect(error.description.contains("MINZHENG_DATA_KEY 无效"))
        } catch {
            Issue.record("\(error)")
        }
    }
}

@Suite struct DrawVerifyCommandTests {
    static func publishedFile() throws -> DoubleRandomDraw.File {
        let targets = (0..<40).map { DoubleRandomDraw.Target(id: String(format: "5%d659003MJ%07d", $0 % 3 + 1, $0), name: "示例组织\($0)（示例）",
                                                             category: SocialOrganizationKind.allCases[$0 % 3].chineseName) }
        let inspectors = (0..<5).map { DoubleRandomDraw.Inspector(id: "65900320250\($0)", name: "检查员\($0)（示例）", unit: "659003", certified: true) }
        let plan = DoubleRandomDraw.Plan(id: "p", title: "示例抽查", year: 2025, checkItemCode: "SZ-01", checkItemName: "年度报告抽查", ratePerMille: 30,
                                         minimumOnePerCategory: true, prioritizeRisk: false, inspectorsPerTarget: 2)
        let seed = DoubleRandomDraw.seed(commitment: "abc", witness: "42")
        return DoubleRandomDraw.File(
            format: DoubleRandomDraw.format, algorithm: DoubleRandomDraw.algorithm, plan: plan, targets: targets, inspectors: inspectors, interests: [],
            targetPoolHash: DoubleRandomDraw.targetPoolHash(targets), inspectorPoolHash: DoubleRandomDraw.inspectorPoolHash(inspectors, interests: []),
            commitment: "abc", frozenAt: "2025-06-03T02:00:00Z", witnessValue: "42", witnesses: ["见证人（示例）"], operatorName: "reviewer",
            drawnAt: "2025-06-10T02:00:00Z", seed: seed,
            outcome: try DoubleRandomDraw.run(plan: plan, targets: targets, inspectors: inspectors, interests: [], seed: seed))
    }

    @Test func aPublishedDrawVerifiesAndATamperedOneFails() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("draw-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var file = try Self.publishedFile()
        let good = directory.appendingPathComponent("good.json")
        try DoubleRandomDraw.encode(file).write(to: good)
        #expect(await exitCode { try DrawVerifyCommand.parse([good.path]).run() } == 0)
        file.witnessValue = "43"
        let bad = directory.appendingPathComponent("bad.json")
        try DoubleRandomDraw.encode(file).write(to: bad)
        #expect(await exitCode { try DrawVerifyCommand.parse([bad.path]).run() } == 1)
        let garbage = directory.appendingPathComponent("garbage.json")
        try Data("not json".utf8).write(to: garbage)
        #expect(await exitCode { try DrawVerifyCommand.parse([garbage.path]).run() } == 1)
    }
}

@Suite struct BundleVerifyCommandTests {
    @Test func anIntactBundleVerifiesAndAChangedByteFails() async throws {
        let entry = JournalEntry(sequence: 1, timestampMilliseconds: 1_750_000_000_000, actor: .system,
                                 event: JournalEvent(action: "matter.create", objectType: "matter", objectID: "m", summary: "登记"),
                                 clientAddress: nil, requestID: nil, previousHash: JournalEntry.genesisHash, hash: "")
        var hashed = entry
        hashed.hash = SHA256Hash.hex(entry.canonicalText)
        let document = Data("{\"_act\":\"立案\"}".utf8)
        let evidence = Data("%PDF-1.4\n%%EOF\n".utf8)
        let files = try CaseBundle.assemble(
            reference: "CF-2025-000001", typeName: "行政处罚案件", title: "案", exportedAt: "2025-09-01T00:00:00Z",
            documents: [(CaseBundle.Document(number: "图民罚立字〔2025〕1号", title: "立案审批表", path: "documents/1.json",
                                             sha256: SHA256Hash.hexString(SHA256Hash.digest(Array(document)))), document)],
            evidence: [(CaseBundle.Evidence(kind: "证据：照片", filename: "a.pdf", path: "materials/a.pdf", sha256: SHA256Hash.hexString(SHA256Hash.digest(Array(evidence))),
                                            size: evidence.count, uploadedAt: "2025-09-01T00:00:00Z", metadata: ["device": "ZFY-1"]), evidence)],
            journal: [hashed])
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bundle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let good = directory.appendingPathComponent("good.zip")
        try ZipFiles.pack(files).write(to: good)
        #expect(await exitCode { try BundleVerifyCommand.parse([good.path]).run() } == 0)
        var changed = files
        changed["materials/a.pdf"]![3] ^= 0x01
        let bad = directory.appendingPathComponent("bad.zip")
        try ZipFiles.pack(changed).write(to: bad)
        #expect(await exitCode { try BundleVerifyCommand.parse([bad.path]).run() } == 1)
        // Even with the manifest recomputed, the evidence no longer matches the hash taken at upload.
        var forged = changed
        forged["manifest.json"] = nil
        let reassembled = try CaseBundle.assemble(reference: "CF-2025-000001", typeName: "行政处罚案件", title: "案", exportedAt: "2025-09-01T00:00:00Z",
                                                  documents: [], evidence: [], journal: [])
        forged["manifest.json"] = reassembled["manifest.json"]
        #expect(!CaseBundle.verify(forged).isEmpty)
    }
}
