import Foundation

// libFuzzer target: the resident ID number parser (GB 11643) on any text, 18- and 15-digit forms.
func fuzzIDNumber(_ input: UnsafeBufferPointer<UInt8>) {
    let text = String(decoding: input, as: UTF8.self)
    let today = CivilDate(year: 2026, month: 11, day: 27)!
    if let number = try? ResidentIDNumber(text, today: today) {
        // A parsed number re-parses to the same value and birth date.
        let again = try? ResidentIDNumber(number.description, today: today)
        precondition(again?.value == number.value && again?.birthDate == number.birthDate)
    }
    _ = try? ResidentIDNumber(text, today: today, acceptLegacy15: false)
}
