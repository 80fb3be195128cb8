import MinzhengPersistence
import SQLKit
import Vapor

/// `/healthz` for load balancers and `/metrics` for Prometheus.
struct HealthController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("healthz", use: health)
        routes.get("metrics", use: metrics)
    }

    struct Health: Content {
        var status: String
        var database: String
    }

    @Sendable
    func health(_ request: Request) async throws -> Response {
        let sql = request.database as! any SQLDatabase
        let ok = (try? await sql.raw("SELECT 1 AS ok").first()) != nil
        let body = Health(status: ok ? "ok" : "unavailable", database: request.minzheng.store.kind.rawValue)
        let response = try await body.encodeResponse(status: ok ? .ok : .serviceUnavailable, for: request)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    @Sendable
    func metrics(_ request: Request) async throws -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/plain; version=0.0.4; charset=utf-8")
        return Response(status: .ok, headers: headers, body: .init(string: request.minzheng.metrics.emit()))
    }
}
