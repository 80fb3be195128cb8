import ArgumentParser

/// `minzheng validate id|uscc|mobile VALUE`: exit 0 when valid, 1 with the reason.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate", abstract: "校验公民身份号码、统一社会信用代码或手机号码",
        subcommands: [ValidateIDCommand.self, ValidateUSCCCommand.self, ValidateMobileCommand.self])
}
