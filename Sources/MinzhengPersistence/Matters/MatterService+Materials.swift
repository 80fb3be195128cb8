import FluentKit
import Foundation
import MinzhengCore

/// Limits on uploaded materials: size and type, with Chinese refusals.
public enum MaterialRules {
    public static let maximumBytes = 10 * 1024 * 1024
    public static let allowedTypes: [String: String] = ["application/pdf": "PDF", "image/jpeg": "JPEG 图片", "image/png": "PNG 图片"]

    public static func validate(filename: String, contentType: String, data: Data) throws {
        guard !data.isEmpty else { throw ValidationError(field: "材料", reason: "文件是空的。") }
        guard data.count <= maximumBytes else {
            throw ValidationError(field: "材料", reason: "文件超过 10 MB（当前 \(data.count / 1024 / 1024) MB），请压缩或分页上传。")
        }
        guard allowedTypes[contentType] != nil, sniff(data) == contentType else {
            throw ValidationError(field: "材料", reason: "只接受 PDF、JPEG、PNG 文件（「\(filename)」不是这几种）。")
        }
        guard filename.count <= 200, !filename.contains("/"), !filename.contains("\\") else {
            throw ValidationError(field: "材料", reason: "文件名不能超过 200 个字符，也不能含路径。")
        }
    }

    /// The type the file's first bytes say it is.
    static func sniff(_ data: Data) -> String? {
        let bytes = [UInt8](data.prefix(8))
        if bytes.starts(with: [0x25, 0x50, 0x44, 0x46]) { return "application/pdf" }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        return nil
    }
}

extension MatterService {
    /// Stores an uploaded material with its SHA-256; the journal entry carries the hash.
    @discardableResult
    public func addMaterial(to matterID: Matter.ID, kind: String, filename: String, contentType: String, data: Data,
                            metadata: [String: String] = [:], by principal: Principal, context: JournalContext, now: Date = Date()) async throws -> MaterialSummary {
        try MaterialRules.validate(filename: filename, contentType: contentType, data: data)
        let kind = String(kind.trimmingCharacters(in: .whitespaces).prefix(40))
        guard !kind.isEmpty else { throw ValidationError(field: "材料类别", reason: "请选择材料类别。") }
        let metadata = try EvidenceRules.validate(kind: kind, metadata: metadata, today: CivilDate(now))
        let hash = Digest.sha256Hex(data)
        let id = UUID()
        try await clockAct(matterID, by: principal, action: { $0.handleAction }, context: context) { db, snapshot, type, role in
            let record = MaterialRecord()
            record.id = id
            record.matterID = matterID.rawValue
            record.kind = kind
            record.filename = filename
            record.contentType = contentType
            record.size = data.count
            record.sha256 = hash
            record.content = data
            record.uploadedBy = principal.accountID
            record.uploadedAt = now
            record.metadata = metadata.isEmpty ? nil : String(decoding: try JSONEncoder().encode(metadata), as: UTF8.self)
            try await record.create(on: db)
            var eventData = ["kind": kind, "sha256": hash, "size": String(data.count), "contentType": contentType]
            for (key, value) in metadata { eventData["evidence.\(key)"] = value }
            try await self.appendEvent(.material, on: snapshot, principal: principal, role: role, now: now, db: db,
                                       data: eventData,
                                       summary: "上传材料「\(kind)」（\(data.count / 1024) KB，SHA-256 \(hash.prefix(12))…）", context: context)
        }
        return MaterialSummary(id: id, kind: kind, filename: filename, contentType: contentType, size: data.count, sha256: hash, uploadedAt: now,
                               metadata: metadata)
    }

    /// The content of a material, for someone allowed to read the matter.
    public func material(_ id: UUID, of matterID: Matter.ID, by principal: Principal, context: JournalContext) async throws -> (MaterialSummary, Data) {
        _ = try await read(matterID, by: principal, context: context)
        guard let record = try await MaterialRecord.query(on: db).filter(\.$id == id).filter(\.$matterID == matterID.rawValue).first() else {
            throw MatterError.notFound
        }
        return (record.summary, record.content)
    }

    /// An objection from anyone during a public notice (rules.md §3.1, 第十九条). It must be handled before the
    /// matter moves on.
    public func fileObjection(to matterID: Matter.ID, content: String, context: JournalContext, now: Date = Date()) async throws {
        let text = content.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (5...1000).contains(text.count) else { throw ValidationError(field: "异议内容", reason: "请写明异议的事实和理由（5–1000 字）。") }
        let today = CivilDate(now)
        try await store.write(on: db) { db in
            try await Self.lock(matterID, on: db)
            let snapshot = try await self.snapshot(matterID, on: db)
            guard let notice = snapshot.clocks.last(where: { $0.clockID == .notice && $0.isRunning }), today <= notice.dueDate else {
                throw ValidationError(field: "异议", reason: "该事项不在公示期内，无法提出异议。")
            }
            let sequence = (snapshot.events.last?.sequence ?? 0) + 1
            let event = MatterEvent(sequence: sequence, kind: .objection, actorAccountID: nil, actorName: context.actor.name, actorRole: nil,
                                    at: now, marks: [.objectionFiled], data: ["content": text], summary: "公示期内收到异议")
            try await Self.insert(event, matterID: matterID, on: db)
            try await Journal(db: db).append(
                JournalEvent(action: "matter.objection", objectType: "matter", objectID: matterID.description,
                             summary: "\(snapshot.matter.reference) 公示期内收到异议"),
                context: context, at: now)
            let handlers = try await HandlerDirectory(db: db, registry: self.registry).handlers(of: matterID)
            try await NotificationService(db: db).notify(handlers, title: "公示收到异议", body: "办件 \(snapshot.matter.reference) 收到异议，请核查处理。",
                                                         link: "/work/matters/\(matterID)", at: now)
        }
    }
}
