import FluentKit
import Foundation
import Logging
import MinzhengCore
import SQLKit

/// Delivers an outbound message. A deployment plugs a real SMS or e-mail gateway in here; nothing else changes.
public protocol MessageSender: Sendable {
    /// `recipient` is the account's mobile number, resolved at send time and never logged.
    func send(channel: String, recipient: String, body: String) async throws
}

/// The default sender: appends each message to a log file, with the recipient masked.
public struct LogFileSender: MessageSender {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    public func send(channel: String, recipient: String, body: String) async throws {
        let line = "\(ISO8601DateFormatter().string(from: Date()))\t\(channel)\t\(Masking.phone(recipient))\t\(body.replacingOccurrences(of: "\n", with: " "))\n"
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(line.utf8))
    }
}

/// Drains the outbox through a sender.
public struct OutboxDrainer: Sendable {
    let store: Store
    let cipher: FieldCipher
    let sender: any MessageSender
    let logger: Logger

    public init(store: Store, cipher: FieldCipher, sender: any MessageSender, logger: Logger) {
        self.store = store
        self.cipher = cipher
        self.sender = sender
        self.logger = logger
    }

    /// Sends up to `limit` pending messages; returns how many were sent.
    @discardableResult
    public func drain(limit: Int = 50) async throws -> Int {
        struct Row: Decodable { var id: UUID; var channel: String; var account_id: UUID; var body: String; var attempts: Int }
        let db = store.database(logger: logger)
        let sql = db as! any SQLDatabase
        let rows = try await sql.select().columns("id", "channel", "account_id", "body", "attempts").from("outbound_message")
            .where("status", .equal, "pending").orderBy("created_at").limit(limit).all(decoding: Row.self)
        var sent = 0
        for row in rows {
            var status = "sent"
            var failure: String?
            if let mobile = try await AccountRepository(db: db, cipher: cipher).revealMobile(.init(row.account_id)) {
                do {
                    try await sender.send(channel: row.channel, recipient: mobile, body: row.body)
                    sent += 1
                } catch {
                    status = row.attempts >= 4 ? "failed" : "pending"
                    failure = String(describing: error)
                }
            } else {
                status = "skipped"
                failure = "账户没有手机号码"
            }
            let finalStatus = status, finalFailure = failure
            try await store.write(on: db) { db in
                try await (db as! any SQLDatabase).update("outbound_message")
                    .set("status", to: finalStatus).set("attempts", to: row.attempts + 1)
                    .set("sent_at", to: finalStatus == "sent" ? SQLBind(Date()) as any SQLExpression : SQLLiteral.null)
                    .set("last_error", to: finalFailure.map { SQLBind($0) as any SQLExpression } ?? SQLLiteral.null)
                    .where("id", .equal, row.id).run()
            }
        }
        return sent
    }
}
