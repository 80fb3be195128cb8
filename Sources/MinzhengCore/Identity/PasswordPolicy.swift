import Foundation

/// Password rules (issue 3, item 2; 等保2.0 身份鉴别): 8–64 characters from at least 3 of 4 classes (lower case,
/// upper case, digits, symbols), and no NUL (bcrypt stops at NUL and ignores bytes past 72).
public enum PasswordPolicy {
    public static let minimumLength = 8
    public static let maximumLength = 64

    public static func validate(_ password: String, username: String? = nil) throws {
        let field = "密码"
        if password.unicodeScalars.contains(where: { $0.value == 0 }) {
            throw ValidationError(field: field, reason: "不能包含空字符。")
        }
        guard password.count >= minimumLength else {
            throw ValidationError(field: field, reason: "至少 \(minimumLength) 个字符。")
        }
        guard password.count <= maximumLength, password.utf8.count <= 72 else {
            throw ValidationError(field: field, reason: "不能超过 \(maximumLength) 个字符（中文等字符按字节计，总长不超过 72 字节）。")
        }
        var classes = 0
        if password.contains(where: { $0.isLowercase && $0.isASCII }) { classes += 1 }
        if password.contains(where: { $0.isUppercase && $0.isASCII }) { classes += 1 }
        if password.contains(where: { $0.isASCII && $0.isNumber }) { classes += 1 }
        if password.contains(where: { !($0.isASCII && ($0.isLetter || $0.isNumber)) }) { classes += 1 }
        guard classes >= 3 else {
            throw ValidationError(field: field, reason: "须包含小写字母、大写字母、数字、符号中的至少三类。")
        }
        if let username, !username.isEmpty, password.lowercased().contains(username.lowercased()) {
            throw ValidationError(field: field, reason: "不能包含用户名。")
        }
    }
}
