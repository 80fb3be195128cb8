import ArgumentParser
import Foundation
import MinzhengCore
import MinzhengPersistence
import MinzhengWeb
import class Vapor.Application
import struct Vapor.Environment

/// `minzheng jobs work [--once]`: runs due jobs (reminders, notice ends, checkpoints) and drains the outbox, as
/// the worker inside `serve` does; on PostgreSQL several workers never take the same job.
struct JobsWorkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "work", abstract: "执行到期的后台任务")

    @Option(help: "数据库地址") var database: String?
    @Flag(help: "只执行一轮后退出") var once = false
    @Option(help: "两轮之间的间隔（秒）") var interval = 15

    func run() async throws {
        let context = try CommandContext(database: database)
        var config = context.config
        config.runsWorker = false
        let app = try await Application.make(Environment(name: config.environment.rawValue, arguments: ["minzheng"]))
        do {
            try await MinzhengApp.configure(app, config: config)
            let work = BackgroundWork(services: app.minzheng, logger: app.logger)
            repeat {
                let ran = try await work.runOnce()
                if once || ran > 0 { printLine("已执行后台任务 \(ran) 个。") }
                if !once { try await Task.sleep(for: .seconds(interval)) }
            } while !once
            try await app.asyncShutdown()
        } catch {
            try? await app.asyncShutdown()
            throw reportAndFail(error)
        }
    }
}
