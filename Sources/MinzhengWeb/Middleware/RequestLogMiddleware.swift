import Vapor

/// Logs one line per request: method, route pattern (never the raw path or query, which may carry personal
/// data), status, duration and the request ID; and records the request in the metrics.
struct RequestLogMiddleware: AsyncMiddleware {
    let metrics: MetricsRegistry

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let start = ContinuousClock.now
        let response: Response
        do {
            response = try await next.respond(to: request)
        } catch {
            let status = (error as? any AbortError)?.status ?? .internalServerError
            finish(request, status: status, start: start)
            throw error
        }
        response.headers.replaceOrAdd(name: "X-Request-ID", value: request.id)
        finish(request, status: response.status, start: start)
        return response
    }

    private func finish(_ request: Request, status: HTTPResponseStatus, start: ContinuousClock.Instant) {
        let duration = ContinuousClock.now - start
        let route = request.route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? "unmatched"
        metrics.requestFinished(method: request.method.rawValue, route: route, status: status.code, duration: duration)
        let milliseconds = Double(duration.components.attoseconds) / 1e15 + Double(duration.components.seconds) * 1000
        request.logger.info("request", metadata: [
            "http.method": .string(request.method.rawValue),
            "http.route": .string(route),
            "http.status": .stringConvertible(status.code),
            "http.duration_ms": .string(String(format: "%.1f", milliseconds)),
        ])
    }
}
