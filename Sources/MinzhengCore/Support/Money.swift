import Foundation

/// Money is an integer number of fen (分).
public enum Money {
    /// Parses 元 with at most two decimals: `1234.5` → 123450.
    public static func parseYuan(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: "")
        let parts = trimmed.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let yuan = Int(parts[0]), yuan >= 0, !parts[0].contains("-"), !parts[0].contains("+") else { return nil }
        var fen = 0
        if parts.count == 2 {
            let decimals = String(parts[1])
            guard (1...2).contains(decimals.count), decimals.allSatisfy(\.isNumber), let value = Int(decimals) else { return nil }
            fen = decimals.count == 1 ? value * 10 : value
        }
        let (product, overflow) = yuan.multipliedReportingOverflow(by: 100)
        guard !overflow, product <= Int(Int32.max) * 100 else { return nil }
        return product + fen
    }

    /// `123450` → `1,234.50`.
    public static func formatYuan(_ fen: Int) -> String {
        let sign = fen < 0 ? "-" : ""
        let absolute = abs(fen)
        let yuan = absolute / 100, cents = absolute % 100
        var digits = String(yuan)
        var grouped = ""
        while digits.count > 3 {
            grouped = "," + digits.suffix(3) + grouped
            digits.removeLast(3)
        }
        return sign + digits + grouped + "." + (cents < 10 ? "0" : "") + String(cents)
    }
}
