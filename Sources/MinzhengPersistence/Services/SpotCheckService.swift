import FluentKit
import Foundation
import MinzhengCore
import SQLKit

/// A recorded random draw for the 师市 spot check of a batch (特困人员认定办法 第十六条: at least 30%): the seed, the
/// algorithm, the operator and time, the batch and the files drawn — enough for anyone to re-run it.
public struct SpotCheckDraw: Sendable, Hashable {
    public var id: UUID
    public var typeID: MatterTypeID
    public var seed: String
    public var algorithm: String
    public var operatorName: String
    public var drawnAt: Date
    public var batch: [String]
    public var selected: [String]
}

public struct SpotCheckService: Sendable {
    let matters: MatterService

    public init(matters: MatterService) {
        self.matters = matters
    }

    public static let algorithm = "SHA-256(种子‖办件编号) 升序，取前 ⌈30%⌉ 件"

    /// Ranks by SHA-256 of the seed and each reference; the lowest ⌈share × n⌉ are drawn.
    public static func select(batch: [String], seed: String, share: Double) -> [String] {
        guard !batch.isEmpty else { return [] }
        let count = max(1, Int((Double(batch.count) * share).rounded(.up)))
        return batch.map { ($0, Digest.sha256Hex(Data((seed + "|" + $0).utf8))) }
            .sorted { $0.1 < $1.1 }.prefix(count).map(\.0).sorted()
    }

    /// Draws the spot check over the files of `typeID` waiting at 师市 review in the person's units and not drawn yet.
    public func draw(_ typeID: MatterTypeID, share: Double, by principal: Principal, context: JournalContext, now: Date = Date()) async throws -> SpotCheckDraw {
        let type = try matters.registry.require(typeID)
        guard let review = type.transition("startReview") else { throw MatterError.unknownTransition("startReview") }
        let paths = principal.roles.filter { review.roles.contains($0.role) }.map(\.orgUnitPath)
        guard !paths.isEmpty else { throw AccessRefused(reason: "只有师市审核员可以抽取抽查对象。") }
        var generator = SystemRandomNumberGenerator()
        let seed = (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        return try await matters.store.write(on: matters.db) { db in
            let candidates = try await MatterRecord.query(on: db).filter(\.$typeID == typeID.rawValue)
                .filter(\.$state == "divisionReview").all()
                .filter { record in paths.contains { record.orgUnitPath.hasPrefix($0) } }
            var batch: [(MatterRecord, Matter)] = []
            for record in candidates {
                let matter = try record.toDomain(cipher: self.matters.cipher, type: type, orgUnitCode: "")
                if (matter.fields["spotCheckDraw"] ?? "").isEmpty { batch.append((record, matter)) }
            }
            guard !batch.isEmpty else { throw ValidationError(field: "抽查", reason: "没有待抽查的办件（师市审核中、尚未纳入抽查批次）。") }
            let references = batch.map(\.1.reference).sorted()
            let selected = Set(Self.select(batch: references, seed: seed, share: share))
            let drawID = UUID()
            for (record, matter) in batch {
                var fields = matter.fields
                fields["spotCheckDraw"] = drawID.uuidString.lowercased()
                fields["spotCheckSelected"] = selected.contains(matter.reference) ? "yes" : "no"
                try record.setFields(fields, type: type, cipher: self.matters.cipher)
                try await record.save(on: db)
                let sequence = (try await MatterEventRecord.query(on: db).filter(\.$matterID == record.id!).max(\.$sequence) ?? 0) + 1
                try await MatterService.insert(
                    MatterEvent(sequence: sequence, kind: .note, actorAccountID: principal.accountID, actorName: principal.username, actorRole: .reviewer,
                                at: now, data: ["draw": drawID.uuidString.lowercased(), "seed": seed],
                                summary: selected.contains(matter.reference) ? "纳入随机抽查批次：被抽中，须核实" : "纳入随机抽查批次：未被抽中"),
                    matterID: matter.id, on: db)
            }
            try await (db as! any SQLDatabase).insert(into: "spot_check_draw")
                .columns("id", "type_id", "seed", "algorithm", "operator", "drawn_at", "batch", "selected")
                .values(SQLBind(drawID), SQLBind(typeID.rawValue), SQLBind(seed), SQLBind(Self.algorithm), SQLBind(principal.username), SQLBind(now),
                        SQLBind(JSONText.encode(references)), SQLBind(JSONText.encode(selected.sorted())))
                .run()
            try await Journal(db: db).append(
                JournalEvent(action: "spotCheck.draw", objectType: "spot_check_draw", objectID: drawID.uuidString.lowercased(),
                             summary: "\(type.name)随机抽查：批次 \(references.count) 件，抽中 \(selected.count) 件",
                             details: ["seed": seed, "batch": references.joined(separator: ","), "selected": selected.sorted().joined(separator: ",")]),
                context: context, at: now)
            return SpotCheckDraw(id: drawID, typeID: typeID, seed: seed, algorithm: Self.algorithm, operatorName: principal.username,
                                 drawnAt: now, batch: references, selected: selected.sorted())
        }
    }

    public func draws(_ typeID: MatterTypeID, page: Pagination) async throws -> PagedList<SpotCheckDraw> {
        struct Row: Decodable { var id: UUID; var type_id: String; var seed: String; var algorithm: String; var `operator`: String; var drawn_at: Date; var batch: String; var selected: String }
        struct Count: Decodable { var n: Int }
        let sql = matters.db as! any SQLDatabase
        let total = try await sql.select().column(SQLFunction("count", args: SQLLiteral.all), as: "n").from("spot_check_draw")
            .where("type_id", .equal, typeID.rawValue).first(decoding: Count.self)?.n ?? 0
        let rows = try await sql.select().columns("id", "type_id", "seed", "algorithm", "operator", "drawn_at", "batch", "selected")
            .from("spot_check_draw").where("type_id", .equal, typeID.rawValue).orderBy("drawn_at", .descending)
            .limit(page.size).offset(page.offset).all(decoding: Row.self)
        return PagedList(items: rows.map {
            SpotCheckDraw(id: $0.id, typeID: MatterTypeID(rawValue: $0.type_id), seed: $0.seed, algorithm: $0.algorithm, operatorName: $0.operator,
                          drawnAt: $0.drawn_at, batch: JSONText.decode([String].self, $0.batch) ?? [], selected: JSONText.decode([String].self, $0.selected) ?? [])
        }, request: page, total: total)
    }
}
