import ArgumentParser
import Foundation
import MinzhengCore

/// `minzheng draw verify FILE` and `minzheng draw bench`.
struct DrawCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "draw", abstract: "双随机抽查",
                                                    subcommands: [DrawVerifyCommand.self, DrawBenchCommand.self])
}

/// Re-runs a published double-random draw from its published file alone.
struct DrawVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "verify", abstract: "仅凭公示文件复核一次双随机抽取")

    @Argument(help: "公示的抽取文件（JSON，门户「双随机抽查」页可下载）") var file: String

    func run() throws {
        do {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ValidationError(field: "文件", reason: "无法读取 \(file)。")
            }
            let draw = try DoubleRandomDraw.decode(data)
            let problems = DoubleRandomDraw.verify(draw)
            if problems.isEmpty {
                printLine("复核通过：「\(draw.plan.title)」")
                printLine("  检查对象名录库 \(draw.targets.count) 个，指纹 \(draw.targetPoolHash)")
                printLine("  执法检查人员名录库 \(draw.inspectors.count) 人（回避关系 \(draw.interests.count) 条），指纹 \(draw.inspectorPoolHash)")
                printLine("  种子 = SHA-256(\(draw.commitment)|\(draw.witnessValue)) = \(draw.seed)")
                printLine("  抽中 \(draw.outcome.assignments.count) 个对象，回避排除 \(draw.outcome.exclusions.count) 次，与公示结果一致。")
            } else {
                FileHandle.standardError.write(Data(("复核不通过：「\(draw.plan.title)」\n" + problems.map { "  - \($0)" }.joined(separator: "\n") + "\n").utf8))
                throw ExitCode.failure
            }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw reportAndFail(error)
        }
    }
}

/// Times a draw over synthetic pools (a benchmark, not a test): by default 100,000 organisations and 5,000 inspectors.
struct DrawBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench", abstract: "双随机抽取性能测试（合成数据）")

    @Option(help: "检查对象数") var targets = 100_000
    @Option(help: "检查人员数") var inspectors = 5_000
    @Option(help: "抽查比例（‰）") var rate = 30

    func run() throws {
        let categories = SocialOrganizationKind.allCases.map(\.chineseName)
        let pool = (0..<targets).map {
            DoubleRandomDraw.Target(id: String(format: "BENCH%09d", $0), name: "合成组织\($0)", category: categories[$0 % 3], riskFlags: $0 % 97 == 0 ? ["活动异常"] : [])
        }
        let people = (0..<inspectors).map { DoubleRandomDraw.Inspector(id: String(format: "P%07d", $0), name: "合成检查员\($0)", unit: "659003", certified: $0 % 50 != 0) }
        let interests = (0..<(inspectors / 2)).map { DoubleRandomDraw.Interest(inspectorID: String(format: "P%07d", $0), targetID: String(format: "BENCH%09d", $0 * 7), reason: "声明利害关系") }
        let plan = DoubleRandomDraw.Plan(id: "bench", title: "性能测试", year: 2025, checkItemCode: "BENCH", checkItemName: "性能测试", ratePerMille: rate,
                                         minimumOnePerCategory: true, prioritizeRisk: true, inspectorsPerTarget: 2)
        let clock = ContinuousClock()
        var hashes = ("", "")
        let fingerprint = clock.measure {
            hashes = (DoubleRandomDraw.targetPoolHash(pool), DoubleRandomDraw.inspectorPoolHash(people, interests: interests))
        }
        var outcome: DoubleRandomDraw.Outcome?
        let seed = DoubleRandomDraw.seed(commitment: hashes.0, witness: "bench")
        let draw = try clock.measure {
            outcome = try DoubleRandomDraw.run(plan: plan, targets: pool, inspectors: people, interests: interests, seed: seed)
        }
        printLine("对象 \(targets) 个，检查人员 \(inspectors) 人，比例 \(Double(rate) / 10)%")
        printLine("名录库指纹：\(fingerprint)")
        printLine("抽取：\(draw)，抽中 \(outcome?.assignments.count ?? 0) 个，回避排除 \(outcome?.exclusions.count ?? 0) 次")
    }
}
