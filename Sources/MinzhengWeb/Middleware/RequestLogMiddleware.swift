import Vapor

/// Logs one line per request: method, route pattern (never the raw path or query, which may carry personal
/// data), status, duration and the request ID; and records the request in the metrics.
///
/// The global middlewares are future-based and do their work on the event loop: an `AsyncMiddleware` starts a task
/// and hops threads for every request, and nine of them made the chain cost three times the route itself
/// (bench/results.md). Only a request that needs the database in a middleware (a session cookie, a form to check,
/// an API token, an error page to render) starts a task.
struct RequestLogMiddleware: Middleware {
    let metrics: MetricsRegistry

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        let start = ContinuousClock.now
        return next.respond(to: request).map { response in
            response.headers.replaceOrAdd(name: "X-Request-ID", value: request.id)
            finish(request, status: response.status, start: start)
            return response
        }.flatMapErrorThrowing { error in
            finish(request, status: (error as? any AbortError)?.status ?? .internalServerError, start: start)
            throw error
        }
    }

    private func finish(_ request: Request, status: HTTPResponseStatus, start: ContinuousClock.Instant) {
        let duration = ContinuousClock.now - start
        let route = request.route.map(metrics.pattern) ?? "unmatched"
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
