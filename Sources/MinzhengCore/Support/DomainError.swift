import Foundation

/// What kind of failure a domain error is, so that the web layer can map it to one HTTP status in one place.
public enum DomainErrorCategory: String, Sendable {
    /// The input is malformed or breaks a rule (HTTP 422).
    case invalidInput
    /// The thing asked for does not exist (HTTP 404).
    case notFound
    /// The actor may not do this (HTTP 403).
    case forbidden
    /// The act conflicts with the current state (HTTP 409).
    case conflict
    /// A prerequisite is missing from the system, such as a calendar year (HTTP 503 for pages, exit 1 for the CLI).
    case unavailable
}

/// An error a person may read: it carries a stable machine code and a Chinese message.
///
/// Core throws these and never HTTP errors; the web layer maps `category` to a status code.
public protocol DomainError: Error, Sendable {
    /// A stable code such as `calendar.yearNotLoaded`.
    var code: String { get }
    /// The message shown to people, in Simplified Chinese.
    var message: String { get }
    var category: DomainErrorCategory { get }
}
