import Foundation

/// A refused value, with the field it belongs to and what is wrong, in Chinese.
public struct ValidationError: DomainError, Equatable {
    /// The field's label as people see it, e.g. 公民身份号码.
    public let field: String
    /// What is wrong, e.g. 校验码错误：最后一位应为 X.
    public let reason: String

    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    public var code: String { "validation.invalid" }
    public var message: String { "\(field)：\(reason)" }
    public var category: DomainErrorCategory { .invalidInput }
}
