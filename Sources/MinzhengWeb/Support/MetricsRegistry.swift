import Foundation
import Prometheus

/// The Prometheus registry of one application instance, emitted at `/metrics`.
public final class MetricsRegistry: Sendable {
    public let registry = PrometheusCollectorRegistry()

    public init() {}

    static var requests: MetricNameDescriptor { MetricNameDescriptor(namespace: "minzheng", metricName: "http_requests", unitName: "total",
                                               helpText: "HTTP requests by method, route pattern and status") }
    static var durations: MetricNameDescriptor { MetricNameDescriptor(namespace: "minzheng", metricName: "http_request_duration", unitName: "seconds",
                                                helpText: "HTTP request duration by method and route pattern") }

    func requestFinished(method: String, route: String, status: UInt, duration: Duration) {
        registry.makeCounter(
            descriptor: Self.requests, labels: [("method", method), ("route", route), ("status", String(status))]
        ).increment()
        registry.makeDurationHistogram(
            descriptor: Self.durations, labels: [("method", method), ("route", route)],
            buckets: [.milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
                      .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5)]
        ).record(duration)
    }

    public func emit() -> String {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}
