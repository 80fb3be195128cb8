import ArgumentParser
import Foundation
import MinzhengCore

/// `minzheng validate id VALUE` (GB 11643-1999).
struct ValidateIDCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "id", abstract: "校验公民身份号码（GB 11643）")

    @Argument(help: "公民身份号码") var value: String

    func run() throws {
        do {
            let id = try ResidentIDNumber(value, today: CivilDate(Date()))
            printLine("有效：出生日期 \(id.birthDate)，性别 \(id.isMale ? "男" : "女")，地址码 \(id.addressCode)\(id.wasLegacy ? "（由 15 位旧号码转换为 \(id.value)）" : "")")
        } catch {
            throw reportAndFail(error)
        }
    }
}
