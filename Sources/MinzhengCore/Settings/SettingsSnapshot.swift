import Foundation

/// The settings in force at one moment: stored values over the register's defaults.
public struct SettingsSnapshot: Sendable, Equatable {
    private let values: [String: String]

    public init(values: [String: String] = [:]) {
        self.values = values
    }

    public func string(_ key: String) -> String {
        values[key] ?? SettingsRegister.definition(for: key)?.defaultValue ?? ""
    }

    /// A comma-separated list setting, trimmed, without empty items.
    public func list(_ key: String) -> [String] {
        string(key).split(whereSeparator: { $0 == "," || $0 == "，" }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    public func bool(_ key: String) -> Bool { string(key) == "true" }

    public func int(_ key: String) -> Int { Int(string(key)) ?? Int(SettingsRegister.definition(for: key)?.defaultValue ?? "") ?? 0 }

    /// Whether an administrator has set the key (otherwise the default applies).
    public func isSet(_ key: String) -> Bool { values[key] != nil }
}
