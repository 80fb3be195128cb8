import Foundation
import MinzhengCore
import Testing

/// The libFuzzer targets' inputs (scripts/fuzz.sh): the seeds — real files the app produced or accepts — must parse or
/// verify cleanly, and every input that ever crashed a target (fuzz/crashes/<target>/) is replayed here, on every run.
@Suite struct FuzzRegressionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fuzz")
    static let today = CivilDate(year: 2026, month: 11, day: 27)!

    static func inputs(_ kind: String, _ target: String) -> [(name: String, data: Data)] {
        let directory = root.appendingPathComponent(kind).appendingPathComponent(target)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        return names.compactMap { name in (try? Data(contentsOf: directory.appendingPathComponent(name))).map { (name, $0) } }
    }

    static func replayed(_ target: String) -> [(name: String, data: Data)] { inputs("crashes", target) + inputs("seeds", target) }

    /// The bundle target's input: manifest, journal, documents and evidence, split at 0xFF.
    static func bundle(_ data: Data) -> [String: Data] {
        let parts = data.split(separator: 0xFF, maxSplits: 3, omittingEmptySubsequences: false).map { Data($0) }
        return Dictionary(uniqueKeysWithValues: zip(["manifest.json", "journal.json", "documents.json", "evidence.json"], parts).map { ($0, $1) })
    }

    @Test func theSeedsAreValidInputs() throws {
        for seed in Self.inputs("seeds", "IDNumber") {
            #expect(throws: Never.self, "\(seed.name)") { try ResidentIDNumber(String(decoding: seed.data, as: UTF8.self), today: Self.today) }
        }
        for seed in Self.inputs("seeds", "USCC") {
            #expect(throws: Never.self, "\(seed.name)") { try UnifiedSocialCreditCode(String(decoding: seed.data, as: UTF8.self)) }
        }
        for seed in Self.inputs("seeds", "CalendarImport") {
            let parsed = try CalendarImportParser.parse(seed.data, fileName: seed.name)
            #expect(parsed.entryCount > 0, "\(seed.name)")
        }
        for seed in Self.inputs("seeds", "OrganizationImport") {
            let records = try CSVReader().records(in: seed.data)
            let result = try SocialOrganizationImport.parse(records.map { (line: $0.line, fields: $0.fields) }, knownUnitCodes: ["659003", "659003-101"],
                                                           existingCodes: [], today: Self.today)
            #expect(result.refused.isEmpty && result.accepted.count == records.count - 1, "\(seed.name): \(result.refused)")
        }
        let draws = Self.inputs("seeds", "DrawVerify")
        #expect(!draws.isEmpty)
        for seed in draws { #expect(DoubleRandomDraw.verify(try DoubleRandomDraw.decode(seed.data)).isEmpty, "\(seed.name)") }
        let bundles = Self.inputs("seeds", "BundleVerify")
        #expect(!bundles.isEmpty)
        for seed in bundles { #expect(CaseBundle.verify(Self.bundle(seed.data)).isEmpty, "\(seed.name)") }
    }

    /// Inputs that once crashed a target (and the seeds, replayed the same way): each must now be refused or accepted
    /// without crashing.
    @Test func pastCrashesStayFixed() throws {
        for input in Self.replayed("IDNumber") { _ = try? ResidentIDNumber(String(decoding: input.data, as: UTF8.self), today: Self.today) }
        for input in Self.replayed("USCC") { _ = try? UnifiedSocialCreditCode(String(decoding: input.data, as: UTF8.self)) }
        for input in Self.replayed("CalendarImport") {
            _ = try? CalendarImportParser.parse(input.data, fileName: "notice.csv")
            _ = try? CalendarImportParser.parse(input.data, fileName: "notice.json")
        }
        for input in Self.replayed("OrganizationImport") {
            if let records = try? CSVReader().records(in: input.data) {
                _ = try? SocialOrganizationImport.parse(records.map { (line: $0.line, fields: $0.fields) }, knownUnitCodes: ["659003"], existingCodes: [],
                                                        today: Self.today)
            }
        }
        for input in Self.replayed("DrawVerify") { _ = (try? DoubleRandomDraw.decode(input.data)).map(DoubleRandomDraw.verify) }
        for input in Self.replayed("BundleVerify") { _ = CaseBundle.verify(Self.bundle(input.data)) }
    }
}
