import ArgumentParser

/// `minzheng users create|list|reset-password`: account administration for the operator.
struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users", abstract: "账户管理",
        subcommands: [UsersCreateCommand.self, UsersListCommand.self, UsersResetPasswordCommand.self])
}
