import ArgumentParser

/// `minzheng audit verify|checkpoint`.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "审计日志",
        subcommands: [AuditVerifyCommand.self, AuditCheckpointCommand.self])
}
