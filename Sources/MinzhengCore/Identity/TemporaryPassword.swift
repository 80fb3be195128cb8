import Foundation

/// A one-time password an administrator hands over; the person must change it at first login. It always satisfies
/// `PasswordPolicy` (lower case, upper case and digits; no look-alike characters).
public enum TemporaryPassword {
    public static func generate() -> String {
        let lower = Array("abcdefghijkmnpqrstuvwxyz"), upper = Array("ABCDEFGHJKLMNPQRSTUVWXYZ"), digits = Array("23456789")
        var generator = SystemRandomNumberGenerator()
        var characters: [Character] = []
        for set in [lower, upper, digits, lower, upper, digits, lower, upper, digits, lower, digits, upper] {
            characters.append(set[Int.random(in: 0..<set.count, using: &generator)])
        }
        return String(characters.shuffled(using: &generator))
    }
}
