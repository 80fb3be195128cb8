import FluentKit
import Foundation
import SQLKit

/// Every column that holds sealed personal data, so that `minzheng keys rotate` reaches all of them. A module that
/// adds an encrypted column registers it here.
public enum EncryptedColumns {
    public struct Column: Sendable {
        public var table: String
        public var sealed: String
        /// The HMAC lookup index recomputed from the plaintext, if the column has one.
        public var index: String?
    }

    public static let all: [Column] = [
        Column(table: "account", sealed: "id_number_enc", index: "id_number_index"),
        Column(table: "account", sealed: "mobile_enc", index: "mobile_index"),
        Column(table: "account", sealed: "totp_secret_enc", index: nil),
    ]
}

/// Re-encrypts every sealed value with the active key and recomputes the lookup indexes, in one transaction.
public struct KeyRotation: Sendable {
    let store: Store
    let cipher: FieldCipher

    public init(store: Store, cipher: FieldCipher) {
        self.store = store
        self.cipher = cipher
    }

    public struct Result: Sendable, Equatable {
        public var rotated: Int
        public var alreadyCurrent: Int
    }

    public func rotate(db: any Database) async throws -> Result {
        let cipher = self.cipher
        return try await store.write(on: db) { db in
            let sql = db as! any SQLDatabase
            var result = Result(rotated: 0, alreadyCurrent: 0)
            for column in EncryptedColumns.all {
                struct Row: Decodable { var id: UUID; var value: String }
                let rows = try await sql.select()
                    .column("id").column(SQLColumn(column.sealed), as: "value")
                    .from(column.table)
                    .where(SQLColumn(column.sealed), .isNot, SQLLiteral.null)
                    .all(decoding: Row.self)
                for row in rows {
                    let plain = try cipher.open(row.value)
                    if FieldCipher.keyID(of: row.value) == cipher.activeKeyID && column.index == nil {
                        result.alreadyCurrent += 1
                        continue
                    }
                    var update = sql.update(column.table).set(SQLColumn(column.sealed), to: try cipher.seal(plain))
                    if let index = column.index { update = update.set(SQLColumn(index), to: cipher.index(plain)) }
                    try await update.where("id", .equal, row.id).run()
                    result.rotated += 1
                }
            }
            return result
        }
    }
}
