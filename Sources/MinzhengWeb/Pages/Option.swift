/// A choice in a form's `<select>`.
struct Option: Encodable {
    var value: String
    var label: String
    /// Set by a page that marks the chosen option itself (a long list: Leaf compares each value slowly).
    var selected = false

    /// `choices` (value, label) with the one whose value is `chosen` marked; "" is the blank choice (全部).
    static func choices(_ choices: [(value: String, label: String)], chosen: String?) -> [Option] {
        choices.map { Option(value: $0.value, label: $0.label, selected: $0.value == (chosen ?? "")) }
    }
}
