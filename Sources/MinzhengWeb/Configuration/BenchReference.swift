import Foundation
import MinzhengCore
import MinzhengPersistence
import SQLKit
import Vapor

/// The benchmark's reference routes (issue 11, item 4), served by a second, bare Vapor application in the same
/// process when `MINZHENG_BENCH_REFERENCE_PORT` is set: no middleware at all, the same database and storage settings.
/// `scripts/bench.sh` measures each Minzheng route against its reference, interleaved, in the same run.
///
/// * `GET /constant` — a constant string;
/// * `GET /matter/:id` — one primary-key read of a matter with SQLKit, as JSON;
/// * `GET /list` — 50 matter rows with SQLKit, as JSON;
/// * `POST /insert` — one insert in a transaction under the same storage settings.
public enum BenchReference {
    public static func start(config: AppConfig, port: Int) async throws -> Application {
        let app = try await Application.make(.init(name: "production", arguments: ["minzheng-bench-reference"]))
        app.http.server.configuration.hostname = config.hostname
        app.http.server.configuration.port = port
        app.http.server.configuration.serverName = nil
        app.middleware = Middlewares()
        let store = try Store(location: config.database, settings: config.storage, databases: app.databases)
        try await store.prepareConnections(logger: app.logger)
        let sql: @Sendable (Request) -> any SQLDatabase = { request in store.database(logger: request.logger, on: request.eventLoop) as! any SQLDatabase }
        try await (store.database(logger: app.logger) as! any SQLDatabase).raw(
            "CREATE TABLE IF NOT EXISTS bench_reference_insert (id VARCHAR(36) PRIMARY KEY, payload TEXT NOT NULL, created_at VARCHAR(40) NOT NULL)").run()
        app.get("constant") { _ in "ok" }
        struct Row: Codable, Content { var id: UUID; var reference: String; var title: String; var state: String; var type_id: String; var created_at: Date }
        app.get("matter", ":id") { request async throws -> Row in
            guard let id = request.parameters.get("id").flatMap(UUID.init(uuidString:)),
                  let row = try await sql(request).select().columns("id", "reference", "title", "state", "type_id", "created_at").from("matter")
                    .where("id", .equal, id).first(decoding: Row.self) else { throw Abort(.notFound) }
            return row
        }
        app.get("list") { request async throws -> [Row] in
            try await sql(request).select().columns("id", "reference", "title", "state", "type_id", "created_at").from("matter")
                .orderBy("created_at", .descending).limit(50).all(decoding: Row.self)
        }
        app.post("insert") { request async throws -> HTTPStatus in
            try await store.write(on: store.database(logger: request.logger, on: request.eventLoop)) { db in
                try await (db as! any SQLDatabase).insert(into: "bench_reference_insert").columns("id", "payload", "created_at")
                    .values(SQLBind(UUID().uuidString), SQLBind(String(repeating: "x", count: 200)), SQLBind(Date().description)).run()
            }
            return .created
        }
        try await app.asyncBoot()
        try await app.server.start(address: .hostname(config.hostname, port: port))
        return app
    }
}
