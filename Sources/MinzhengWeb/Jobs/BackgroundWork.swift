import Foundation
import Logging
import MinzhengCore
import MinzhengPersistence
import Vapor

/// The background work of an instance: due jobs, the outbox, and the daily journal checkpoint. Runs inside
/// `minzheng serve` (unless `MINZHENG_WORKER=false`) and as `minzheng jobs work`.
public struct BackgroundWork: Sendable {
    public let services: MinzhengServices
    public let logger: Logger

    public init(services: MinzhengServices, logger: Logger) {
        self.services = services
        self.logger = logger
    }

    public var runner: JobRunner {
        var runner = JobRunner(store: services.store, registry: services.registry, logger: logger)
        let directory = JournalCheckpointDirectory(path: services.config.checkpointDirectory, key: services.config.journalKey)
        let logger = self.logger
        runner.register("journal.checkpoint") { _, db, _ in
            let (checkpoint, file) = try await directory.write(db: db)
            logger.notice("journal checkpoint", metadata: ["journal.seq": "\(checkpoint.sequence)", "journal.hash": "\(checkpoint.hash)",
                                                           "journal.signature": "\(checkpoint.signature)", "file": "\(file)"])
        }
        let matters = services.matters(logger: logger)
        runner.register("clock.expire") { job, _, now in
            guard let clock = job.payload["clock"].flatMap(UUID.init(uuidString:)), let matter = job.payload["matter"].flatMap(Matter.ID.init)
            else { return }
            try await matters.expire(clock: clock, of: matter, now: now)
        }
        return runner
    }

    /// One pass: schedule tonight's checkpoint, run due jobs, drain the outbox. Returns the jobs run.
    @discardableResult
    public func runOnce(now: Date = Date()) async throws -> Int {
        let db = services.store.database(logger: logger)
        let tomorrow = CivilDate(now).adding(days: 1)
        try await services.store.write(on: db) { db in
            try await JobQueue(db: db).enqueue("journal.checkpoint", payload: [:], runAt: tomorrow.startInstant.addingTimeInterval(2 * 3600),
                                               dedupeKey: "checkpoint:\(tomorrow)", now: now)
        }
        let ran = try await runner.runDue(now: now)
        let sender = LogFileSender(path: services.config.rootDirectory + "outbox.log")
        try await OutboxDrainer(store: services.store, cipher: services.cipher, sender: sender, logger: logger).drain()
        return ran
    }
}

/// Starts the worker loop with the server and stops it with the server.
final class BackgroundWorkLifecycle: LifecycleHandler, @unchecked Sendable {
    private var task: Task<Void, Never>?
    let interval: Duration

    init(interval: Duration = .seconds(15)) {
        self.interval = interval
    }

    func didBootAsync(_ application: Application) async throws {
        let work = BackgroundWork(services: application.minzheng, logger: application.logger)
        let interval = self.interval
        task = Task {
            while !Task.isCancelled {
                do {
                    try await work.runOnce()
                } catch {
                    work.logger.error("background work failed", metadata: ["error.type": "\(type(of: error))"])
                }
                try? await Task.sleep(for: interval)
            }
        }
    }

    func shutdownAsync(_ application: Application) async {
        task?.cancel()
        _ = await task?.value
    }
}
