import Foundation
import MinzhengCore
import MinzhengPersistence
import Vapor

/// Fixed keys and fast password hashing for tests.
public enum Fixtures {
    public static let dataKey = Data(repeating: 7, count: 32)
    public static let journalKey = Data(repeating: 9, count: 32)

    public static let cipher: FieldCipher = try! FieldCipher(keys: ["test1": dataKey], activeKeyID: "test1")

    /// bcrypt at the minimum cost, so that tests stay fast; the service uses cost 12.
    @Sendable public static func hashPassword(_ password: String) throws -> String {
        try Bcrypt.hash(password, cost: 4)
    }

    public static let today = CivilDate(iso: "2026-11-26")!

    /// A fictional, well-formed 公民身份号码 with the given first 17 digits.
    public static func idNumber(_ first17: String) -> String {
        first17 + String(ResidentIDNumber.checkCharacter(for: Array(first17)))
    }

    public static let strongPassword = "Minzheng-2025"

    /// The demo's reference data (org tree, accounts, power list) with test hashing; `casework` adds the demo's matters.
    public static func demo(_ store: Store, casework: Bool = false) -> DemoSeed {
        DemoSeed(store: store, cipher: cipher, includesCasework: casework, includesVolume: false, hashPassword: hashPassword)
    }
}
