import Foundation

/// An act refused by access control, with the reason in Chinese (HTTP 403).
public struct AccessRefused: DomainError, Equatable {
    public let reason: String

    public init(reason: String) {
        self.reason = reason
    }

    public var code: String { "access.forbidden" }
    public var message: String { reason }
    public var category: DomainErrorCategory { .forbidden }
}

extension AccessPolicy {
    /// The role the person acts in, or `AccessRefused`.
    public static func require(_ principal: Principal, _ action: Action, on target: AccessTarget, table: PermissionTable) throws -> Role {
        switch decide(principal, action, on: target, table: table) {
        case .allowed(let role): return role
        case .denied(let reason): throw AccessRefused(reason: reason)
        }
    }
}
