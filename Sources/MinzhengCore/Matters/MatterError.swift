import Foundation

public enum MatterError: DomainError, Equatable {
    /// The act was refused before it took effect: each failed check, in Chinese, with its rule and source.
    case checksFailed([CheckResult])
    case invalidState(current: String, transition: String)
    case unknownTransition(String)
    case notFound
    case unknownType(String)

    public var code: String {
        switch self {
        case .checksFailed: "matter.checkFailed"
        case .invalidState: "matter.invalidState"
        case .unknownTransition: "matter.unknownTransition"
        case .notFound: "matter.notFound"
        case .unknownType: "matter.unknownType"
        }
    }

    public var message: String {
        switch self {
        case .checksFailed(let results):
            "未通过事前校验，本次操作未生效：" + results.filter { $0.status == .failed }.map(\.message).joined(separator: "；")
        case .invalidState(let current, let transition):
            "办件当前状态为「\(current)」，不能进行「\(transition)」。"
        case .unknownTransition(let id):
            "没有名为「\(id)」的操作。"
        case .notFound:
            "办件不存在。"
        case .unknownType(let id):
            "没有「\(id)」这一办件类型。"
        }
    }

    public var category: DomainErrorCategory {
        switch self {
        case .checksFailed, .invalidState: .conflict
        case .unknownTransition, .unknownType: .invalidInput
        case .notFound: .notFound
        }
    }

    public var failedChecks: [CheckResult] {
        if case .checksFailed(let results) = self { return results.filter { $0.status == .failed } }
        return []
    }
}
