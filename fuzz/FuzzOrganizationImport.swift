import Foundation

// libFuzzer target: the social-organisation register importer, from the CSV reader through row validation.
func fuzzOrganizationImport(_ input: UnsafeBufferPointer<UInt8>) {
    let bytes = Data(input)
    guard let records = try? CSVReader().records(in: bytes) else { return }
    _ = try? SocialOrganizationImport.parse(records.map { (line: $0.line, fields: $0.fields) }, knownUnitCodes: ["659003", "659003-101"],
                                            existingCodes: [], today: CivilDate(year: 2026, month: 11, day: 27)!)
}
