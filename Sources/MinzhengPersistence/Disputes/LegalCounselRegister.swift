import FluentKit
import Foundation
import MinzhengCore
import SQLKit

/// The register of legal counsel (法律顾问) the bureau engages, for the 民政+司法 joint mediation and for legal opinions;
/// the annual report counts those engaged in the year.
public struct LegalCounselRegister: Sendable {
    let db: any Database

    public init(db: any Database) {
        self.db = db
    }

    public struct Counsel: Sendable, Hashable, Identifiable {
        public var id: UUID
        public var name: String
        public var firm: String
        public var licenceNumber: String
        public var scope: String
        public var engagedFrom: CivilDate
        public var engagedUntil: CivilDate

        public func isEngaged(on day: CivilDate) -> Bool { engagedFrom <= day && day <= engagedUntil }
    }

    private struct Row: Decodable {
        var id: UUID; var name: String; var firm: String; var licence_number: String; var scope: String; var engaged_from: String; var engaged_until: String
        var counsel: Counsel? {
            guard let from = CivilDate(iso: engaged_from), let until = CivilDate(iso: engaged_until) else { return nil }
            return Counsel(id: id, name: name, firm: firm, licenceNumber: licence_number, scope: scope, engagedFrom: from, engagedUntil: until)
        }
    }

    public func all() async throws -> [Counsel] {
        try await (db as! any SQLDatabase).select().columns("id", "name", "firm", "licence_number", "scope", "engaged_from", "engaged_until")
            .from("legal_counsel").orderBy("engaged_from", .descending).all(decoding: Row.self).compactMap(\.counsel)
    }

    /// Counsel whose engagement overlaps `year`.
    public func engaged(in year: Int) async throws -> [Counsel] {
        let first = CivilDate(year: year, month: 1, day: 1)!, last = CivilDate(year: year, month: 12, day: 31)!
        return try await all().filter { $0.engagedFrom <= last && $0.engagedUntil >= first }
    }

    /// Records an engagement; the journal keeps who recorded it (the name is a professional's, not a party's).
    public func add(name: String, firm: String, licenceNumber: String, scope: String, from: String, until: String,
                    by principal: Principal, permissions: PermissionTable, context: JournalContext, store: Store, now: Date = Date()) async throws {
        _ = try AccessPolicy.require(principal, .manageLegalCounsel, on: .system, table: permissions)
        let name = name.trimmingCharacters(in: .whitespaces), firm = firm.trimmingCharacters(in: .whitespaces)
        let licence = licenceNumber.trimmingCharacters(in: .whitespaces), scope = scope.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (2...30).contains(name.count) else { throw ValidationError(field: "姓名", reason: "请填写法律顾问姓名。") }
        guard (2...60).contains(firm.count) else { throw ValidationError(field: "执业机构", reason: "请填写律师事务所或执业机构名称。") }
        guard licence.count == 17, licence.allSatisfy(\.isNumber) else { throw ValidationError(field: "执业证号", reason: "律师执业证号应为 17 位数字。") }
        guard let start = CivilDate(iso: from) else { throw ValidationError(field: "聘期开始", reason: "请填写日期，如 2025-01-01。") }
        guard let end = CivilDate(iso: until), end >= start else { throw ValidationError(field: "聘期结束", reason: "聘期结束日期应不早于开始日期。") }
        guard !scope.isEmpty, scope.count <= 300 else { throw ValidationError(field: "服务范围", reason: "请填写服务范围（300 字以内）。") }
        try await store.write(on: db) { db in
            let id = UUID()
            try await (db as! any SQLDatabase).insert(into: "legal_counsel")
                .columns("id", "name", "firm", "licence_number", "scope", "engaged_from", "engaged_until", "created_at")
                .values(SQLBind(id), SQLBind(name), SQLBind(firm), SQLBind(licence), SQLBind(scope), SQLBind(start.description), SQLBind(end.description), SQLBind(now))
                .run()
            try await Journal(db: db).append(JournalEvent(action: "legalCounsel.add", objectType: "legal_counsel", objectID: id.uuidString,
                                                          summary: "登记法律顾问（\(firm)，聘期 \(start)—\(end)）"), context: context, at: now)
        }
    }
}
