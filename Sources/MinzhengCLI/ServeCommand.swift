import ArgumentParser
import Foundation
import Logging
import MinzhengCore
import MinzhengPersistence
import MinzhengWeb
import class Vapor.Application
import struct Vapor.Environment

/// `minzheng serve`: migrates, optionally loads the demo, then serves.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "迁移数据库并启动网站服务")

    @Option(help: "监听地址（默认 127.0.0.1）") var hostname: String?
    @Option(help: "监听端口（默认 8080）") var port: Int?
    @Option(help: "数据库地址（默认 sqlite://minzheng.sqlite，也可用 DATABASE_URL）") var database: String?
    @Option(name: .customLong("env"), help: "运行环境：development / production / testing") var environment: String?
    @Flag(help: "空库时载入演示数据，并打印演示账号") var demo = false

    func run() async throws {
        let config: AppConfig
        do {
            config = try AppConfig.load(
                flags: .init(environment: environment, hostname: hostname, port: port, database: database, demo: demo),
                environment: ProcessInfo.processInfo.environment)
        } catch let error as AppConfigError {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(1)
        }
        let vaporEnvironment = Vapor.Environment(
            name: config.environment.rawValue,
            arguments: ["minzheng", "serve", "--hostname", config.hostname, "--port", String(config.port)])
        // The benchmark's bare reference process (scripts/bench.sh measures memory against it): only the reference
        // routes, nothing of Minzheng's, until the process is stopped.
        if let port = ProcessInfo.processInfo.environment["MINZHENG_BENCH_REFERENCE_ONLY_PORT"].flatMap(Int.init) {
            _ = try await BenchReference.start(config: config, port: port)
            printLine("bench reference only, port \(port)")
            while true { try await Task.sleep(for: .seconds(3600)) }
        }
        let app = try await Application.make(vaporEnvironment)
        do {
            try await MinzhengApp.configure(app, config: config)
            if config.loadsDemo {
                let summary = try await DemoSeed(store: app.minzheng.store, cipher: app.minzheng.cipher,
                                                 hashPassword: CommandContext.hashPassword).load(logger: app.logger)
                printLine("演示数据已载入（新建单位 \(summary.orgUnitsCreated) 个，办件 \(summary.mattersCreated) 件）。")
                printDemoLogins(summary)
            }
            // The benchmark's bare reference routes, only when asked for (scripts/bench.sh).
            var reference: Application?
            if let port = ProcessInfo.processInfo.environment["MINZHENG_BENCH_REFERENCE_PORT"].flatMap(Int.init) {
                reference = try await BenchReference.start(config: config, port: port)
                app.logger.notice("bench reference routes", metadata: ["port": "\(port)"])
            }
            defer { if let reference { Task { await reference.server.shutdown(); try? await reference.asyncShutdown() } } }
            app.logger.notice("minzheng serving", metadata: [
                "server.address": "http://\(config.hostname):\(config.port)",
                "db.location": "\(config.database)",
            ])
            try await app.execute()
            try await app.asyncShutdown()
        } catch {
            try? await app.asyncShutdown()
            throw reportAndFail(error)
        }
    }
}
