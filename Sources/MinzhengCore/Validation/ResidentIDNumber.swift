import Foundation

/// 公民身份号码 (GB 11643-1999): 6-digit address code, 8-digit birth date, 3-digit sequence, check character.
///
/// The check character is ISO 7064 MOD 11-2 with weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2 and the table
/// `10X98765432` (rules.md §13.1). An obsolete address code is not refused: an ID keeps the code that was current
/// when it was issued.
public struct ResidentIDNumber: Hashable, Sendable, CustomStringConvertible {
    public static let fieldName = "公民身份号码"
    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    static let checkTable = Array("10X98765432")

    /// The 18-character value, with an uppercase X.
    public let value: String
    public let birthDate: CivilDate
    /// `true` when the value was given in the legacy 15-digit form and converted.
    public let wasLegacy: Bool

    public var addressCode: String { String(value.prefix(6)) }
    /// Odd sequence = male, even = female.
    public var isMale: Bool { Int(String(Array(value)[16]))! % 2 == 1 }

    public var description: String { value }

    /// Validates `text` as of `today` (a birth date may not be in the future).
    ///
    /// - Parameter acceptLegacy15: 15-digit numbers get "19" inserted into the year and a computed check character
    ///   (✘ `validation.acceptLegacy15`).
    public init(_ text: String, today: CivilDate, acceptLegacy15: Bool = true) throws {
        let field = Self.fieldName
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var characters = Array(trimmed)
        var legacy = false
        if characters.count == 15 && acceptLegacy15 {
            guard characters.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                throw ValidationError(field: field, reason: "15 位旧号码只能由数字组成。")
            }
            characters.insert(contentsOf: ["1", "9"], at: 6)
            characters.append(Self.checkCharacter(for: characters))
            legacy = true
        }
        guard characters.count == 18 else {
            throw ValidationError(field: field, reason: "位数不对：应为 18 位，实际 \(characters.count) 位。")
        }
        guard characters[0..<17].allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw ValidationError(field: field, reason: "前 17 位只能是数字。")
        }
        let last = characters[17]
        if last == "x" {
            throw ValidationError(field: field, reason: "最后一位的 X 应为大写。")
        }
        guard (last.isASCII && last.isNumber) || last == "X" else {
            throw ValidationError(field: field, reason: "最后一位只能是数字或大写 X。")
        }
        if characters[0] == "0" {
            throw ValidationError(field: field, reason: "地址码无效：首位不能为 0。")
        }
        let digits = characters.map { String($0) }
        guard let year = Int(digits[6..<10].joined()), let month = Int(digits[10..<12].joined()),
              let day = Int(digits[12..<14].joined()),
              let birth = CivilDate(year: year, month: month, day: day)
        else {
            throw ValidationError(field: field, reason: "出生日期无效：第 7–14 位不是真实的日期。")
        }
        guard birth.year >= 1900 else {
            throw ValidationError(field: field, reason: "出生日期无效：早于 1900 年。")
        }
        guard birth <= today else {
            throw ValidationError(field: field, reason: "出生日期无效：晚于今天。")
        }
        let expected = Self.checkCharacter(for: characters)
        guard expected == last else {
            throw ValidationError(field: field, reason: "校验码错误：最后一位应为 \(expected)，请核对号码。")
        }
        self.value = String(characters)
        self.birthDate = birth
        self.wasLegacy = legacy
    }

    /// The MOD 11-2 check character of the first 17 characters.
    public static func checkCharacter(for characters: [Character]) -> Character {
        var sum = 0
        for index in 0..<17 {
            sum += Int(String(characters[index]))! * weights[index]
        }
        return checkTable[sum % 11]
    }

    /// Age in whole years on `date`.
    public func age(on date: CivilDate) -> Int {
        var age = date.year - birthDate.year
        if (date.month, date.day) < (birthDate.month, birthDate.day) { age -= 1 }
        return age
    }
}
