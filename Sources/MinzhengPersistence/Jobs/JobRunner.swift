import FluentKit
import Foundation
import Logging
import MinzhengCore

/// Handles one kind of job; runs inside its own transaction.
public typealias JobHandler = @Sendable (_ job: ClaimedJob, _ db: any Database, _ now: Date) async throws -> Void

/// Claims due jobs and runs their handlers: deadline reminders, the end of a public-notice period, and whatever the
/// application adds (journal checkpoints).
public struct JobRunner: Sendable {
    let store: Store
    let registry: MatterTypeRegistry
    let logger: Logger
    var handlers: [String: JobHandler]
    public let worker: String

    public init(store: Store, registry: MatterTypeRegistry, logger: Logger, worker: String = "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)") {
        self.store = store
        self.registry = registry
        self.logger = logger
        self.worker = worker
        self.handlers = [:]
        handlers["deadline.remind"] = { job, db, now in try await Self.remind(job, db: db, now: now, registry: registry) }
        handlers["notice.end"] = { job, db, now in try await Self.endNotice(job, db: db, now: now, registry: registry) }
    }

    public mutating func register(_ kind: String, _ handler: @escaping JobHandler) {
        handlers[kind] = handler
    }

    /// Claims and runs due jobs until none is left (or `limit` is reached); returns how many ran.
    @discardableResult
    public func runDue(now: Date = Date(), limit: Int = 500) async throws -> Int {
        let db = store.database(logger: logger)
        try await store.write(on: db) { db in try await JobQueue(db: db).requeueExpired(now: now) }
        var ran = 0
        while ran < limit {
            let jobs = try await store.write(on: db) { db in try await JobQueue(db: db).claim(worker: self.worker, limit: 10, now: now) }
            if jobs.isEmpty { break }
            for job in jobs {
                do {
                    guard let handler = handlers[job.kind] else { throw JobFailure("没有处理此类任务的程序：\(job.kind)") }
                    try await store.write(on: db) { db in
                        try await handler(job, db, now)
                        try await JobQueue(db: db).complete(job.id, now: now)
                    }
                } catch {
                    logger.warning("job failed", metadata: ["job.kind": "\(job.kind)", "job.id": "\(job.id)", "job.attempts": "\(job.attempts)"])
                    try await store.write(on: db) { db in try await JobQueue(db: db).fail(job, error: String(describing: error), now: now) }
                }
                ran += 1
            }
        }
        return ran
    }

    // MARK: Standard handlers

    static func remind(_ job: ClaimedJob, db: any Database, now: Date, registry: MatterTypeRegistry) async throws {
        guard let clockID = job.payload["clock"].flatMap(UUID.init(uuidString:)), let matterID = job.payload["matter"].flatMap(Matter.ID.init),
              let record = try await MatterClockRecord.find(clockID, on: db)
        else { return }
        let clock = record.domain
        guard clock.isRunning, !clock.isSuspended else { return }
        guard let matter = try await MatterRecord.find(matterID.rawValue, on: db) else { return }
        let level = job.payload["level"] ?? "due"
        let text: String
        switch level {
        case "dueSoon": text = "将于 \(clock.dueDate.chineseDescription) 到期"
        case "due": text = "今天（\(clock.dueDate.chineseDescription)）到期"
        default:
            guard CivilDate(now) > clock.dueDate else { return }
            text = "已于 \(clock.dueDate.chineseDescription) 超期"
        }
        let handlers = try await HandlerDirectory(db: db, registry: registry).handlers(of: matterID)
        try await NotificationService(db: db).notify(handlers, title: "期限提醒：\(clock.name)", body: "办件 \(matter.reference) \(clock.name)\(text)。",
                                                     link: "/work/matters/\(matterID)", at: now)
    }

    static func endNotice(_ job: ClaimedJob, db: any Database, now: Date, registry: MatterTypeRegistry) async throws {
        guard let clockID = job.payload["clock"].flatMap(UUID.init(uuidString:)), let matterID = job.payload["matter"].flatMap(Matter.ID.init),
              let record = try await MatterClockRecord.find(clockID, on: db), record.stoppedOn == nil,
              let matter = try await MatterRecord.find(matterID.rawValue, on: db)
        else { return }
        let clock = record.domain
        guard CivilDate(now) > clock.dueDate else { return }
        record.stoppedOn = clock.dueDate.description
        try await record.save(on: db)
        let sequence = (try await MatterEventRecord.query(on: db).filter(\.$matterID == matterID.rawValue).max(\.$sequence) ?? 0) + 1
        let event = MatterEvent(sequence: sequence, kind: .note, actorAccountID: nil, actorName: "system", actorRole: nil, at: now,
                                marks: [.noticeCompleted], data: ["noticeEnd": clock.dueDate.description],
                                summary: "公示期于 \(clock.dueDate.chineseDescription) 届满")
        try await MatterService.insert(event, matterID: matterID, on: db)
        try await Journal(db: db).append(
            JournalEvent(action: "matter.noticeEnded", objectType: "matter", objectID: matterID.description,
                         summary: "\(matter.reference) 公示期届满"),
            context: JournalContext(actor: .system), at: now)
        let handlers = try await HandlerDirectory(db: db, registry: registry).handlers(of: matterID)
        try await NotificationService(db: db).notify(handlers, title: "公示期届满", body: "办件 \(matter.reference) 公示期已届满，请办理下一环节。",
                                                     link: "/work/matters/\(matterID)", at: now)
    }
}

struct JobFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
