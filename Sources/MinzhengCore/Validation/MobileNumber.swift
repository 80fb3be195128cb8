import Foundation

/// A mainland China mobile number: 11 digits starting 13–19. A leading +86 or 86 is accepted and dropped.
public struct MobileNumber: Hashable, Sendable, CustomStringConvertible {
    public static let fieldName = "手机号码"
    public let value: String

    public var description: String { value }

    public init(_ text: String) throws {
        var digits = text.filter { !$0.isWhitespace && $0 != "-" }
        if digits.hasPrefix("+86") { digits.removeFirst(3) } else if digits.hasPrefix("86") && digits.count == 13 { digits.removeFirst(2) }
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw ValidationError(field: Self.fieldName, reason: "只能包含数字。")
        }
        guard digits.count == 11 else {
            throw ValidationError(field: Self.fieldName, reason: "应为 11 位，实际 \(digits.count) 位。")
        }
        let characters = Array(digits)
        guard characters[0] == "1", ("3"..."9").contains(characters[1]) else {
            throw ValidationError(field: Self.fieldName, reason: "不是有效的大陆手机号码（应以 13–19 开头）。")
        }
        self.value = digits
    }
}
