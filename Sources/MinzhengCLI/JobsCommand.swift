import ArgumentParser

/// `minzheng jobs work [--once]`.
struct JobsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "jobs", abstract: "后台任务", subcommands: [JobsWorkCommand.self])
}
