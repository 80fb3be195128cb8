import FluentKit
import Foundation
import MinzhengCore
import SQLKit

extension MatterService {
    /// The files of a matter's case bundle (documents, evidence, journal entries and the manifest), for someone allowed
    /// to read the matter; the export itself is journaled.
    public func caseBundle(_ id: Matter.ID, by principal: Principal, context: JournalContext, now: Date = Date()) async throws -> [String: Data] {
        let (snapshot, type) = try await read(id, by: principal, context: context)
        try await store.write(on: db) { db in
            try await Journal(db: db).append(JournalEvent(action: "matter.bundleExport", objectType: "matter", objectID: id.description,
                                                          summary: "导出案卷 \(snapshot.matter.reference)"), context: context, at: now)
        }
        let documents = try await DocumentRecord.query(on: db).filter(\.$matterID == id.rawValue).sort(\.$issuedAt).all().map { record in
            (CaseBundle.Document(number: record.number, title: record.title, path: "documents/\(Self.safe(record.number)).json", sha256: record.sha256),
             Data(record.data.utf8))
        }
        let evidence = try await MaterialRecord.query(on: db).filter(\.$matterID == id.rawValue).sort(\.$uploadedAt).all().map { record in
            let summary = record.summary
            return (CaseBundle.Evidence(kind: summary.kind, filename: summary.filename, path: "materials/\(summary.id.uuidString.lowercased())-\(Self.safe(summary.filename))",
                                        sha256: summary.sha256, size: summary.size, uploadedAt: ISO8601DateFormatter().string(from: summary.uploadedAt),
                                        metadata: summary.metadata),
                    record.content)
        }
        let sql = db as! any SQLDatabase
        let journal = try await sql.select().columns(JournalRow.columns.map { SQLIdentifier($0) }).from("journal_entry")
            .where("object_id", .equal, id.description).orderBy("seq").all(decoding: JournalRow.self).map(\.entry)
        return try CaseBundle.assemble(reference: snapshot.matter.reference, typeName: type.name, title: snapshot.matter.title,
                                       exportedAt: ISO8601DateFormatter().string(from: now), documents: documents, evidence: evidence, journal: journal)
    }

    static func safe(_ name: String) -> String {
        String(name.map { "/\\:*?\"<>|".contains($0) ? "_" : $0 })
    }
}
