import ArgumentParser

/// `minzheng calendar …`: the official calendar and deadline arithmetic.
struct CalendarCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar", abstract: "官方节假日日历与期限计算",
        subcommands: [CalendarShowCommand.self, CalendarImportCommand.self, CalendarDeadlineCommand.self])
}
