import ArgumentParser
import MinzhengCore

/// `minzheng validate uscc VALUE` (GB 32100-2015).
struct ValidateUSCCCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "uscc", abstract: "校验统一社会信用代码（GB 32100）")

    @Argument(help: "统一社会信用代码") var value: String
    @Flag(help: "要求为民政登记的社会组织代码（51/52/53/59）") var socialOrganization = false

    func run() throws {
        do {
            let code = try UnifiedSocialCreditCode(value)
            if socialOrganization { try code.requireSocialOrganization() }
            printLine("有效：登记管理部门 \(code.authorityName)，机构类别 \(code.categoryName)，登记管理机关行政区划码 \(code.divisionCode)")
            if let warning = code.warning { printLine("提示：\(warning)") }
        } catch {
            throw reportAndFail(error)
        }
    }
}
