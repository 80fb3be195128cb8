import ArgumentParser
import MinzhengCore

/// `minzheng validate mobile VALUE`.
struct ValidateMobileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "mobile", abstract: "校验大陆手机号码")

    @Argument(help: "手机号码") var value: String

    func run() throws {
        do {
            let number = try MobileNumber(value)
            printLine("有效：\(number.value)")
        } catch {
            throw reportAndFail(error)
        }
    }
}
