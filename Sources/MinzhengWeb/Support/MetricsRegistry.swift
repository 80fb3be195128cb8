import Foundation
import Prometheus
import Vapor
import Synchronization

/// The Prometheus registry of one application instance, emitted at `/metrics`.
public final class MetricsRegistry: Sendable {
    public let registry = PrometheusCollectorRegistry()

    public init() {}

    static var requests: MetricNameDescriptor { MetricNameDescriptor(namespace: "minzheng", metricName: "http_requests", unitName: "total",
                                               helpText: "HTTP requests by method, route pattern and status") }
    static var durations: MetricNameDescriptor { MetricNameDescriptor(namespace: "minzheng", metricName: "http_request_duration", unitName: "seconds",
                                                helpText: "HTTP request duration by method and route pattern") }

    /// A request's counter and histogram, looked up in the registry once per method, route and status: the
    /// registry's lookup builds the label strings each time, a few percent of a cached page.
    private struct Handles: Sendable {
        let requests: Counter
        let durations: DurationHistogram
    }

    private struct HandleKey: Hashable {
        let method: String
        let route: String
        let status: UInt
    }

    private let handles = Mutex<[HandleKey: Handles]>([:])
    /// Route patterns by route; the routes live as long as the application this registry belongs to.
    private let patterns = Mutex<[ObjectIdentifier: String]>([:])

    /// A route's pattern (`/work/matters/:matterID`), joined once per route.
    func pattern(_ route: Route) -> String {
        if let known = patterns.withLock({ $0[ObjectIdentifier(route)] }) { return known }
        let pattern = "/" + route.path.map(\.description).joined(separator: "/")
        patterns.withLock { $0[ObjectIdentifier(route)] = pattern }
        return pattern
    }

    func requestFinished(method: String, route: String, status: UInt, duration: Duration) {
        let key = HandleKey(method: method, route: route, status: status)
        let found = handles.withLock { $0[key] } ?? {
            let made = Handles(
                requests: registry.makeCounter(
                    descriptor: Self.requests, labels: [("method", method), ("route", route), ("status", String(status))]),
                durations: registry.makeDurationHistogram(
                    descriptor: Self.durations, labels: [("method", method), ("route", route)],
                    buckets: [.milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
                              .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5)]))
            handles.withLock { $0[key] = made }
            return made
        }()
        found.requests.increment()
        found.durations.record(duration)
    }

    public func emit() -> String {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}
