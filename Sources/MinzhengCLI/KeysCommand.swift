import ArgumentParser

/// `minzheng keys rotate`.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "个人信息加密密钥", subcommands: [KeysRotateCommand.self])
}
