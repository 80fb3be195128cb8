import Foundation

/// 好差评 (service rating): a 差评 (score 1–2) opens a follow-up task for the unit that handled the matter.
public enum ServiceFollowUp {
    public static let id: MatterTypeID = "serviceFollowUp"

    public static let type = MatterType(
        id: id, name: "差评整改", powerItemCode: nil, legalBasis: "国务院办公厅关于建立政务服务“好差评”制度提高政务服务水平的意见（国办发〔2019〕51号）",
        referencePrefix: "CP",
        states: [
            StateSpec("open", "待核实整改", stageLimit: .workdays(10), stageBasis: "国办发〔2019〕51号"),
            StateSpec("resolved", "已整改反馈", isTerminal: true),
        ],
        initialState: "open",
        transitions: [
            TransitionSpec("resolve", "核实整改并反馈", from: ["open"], to: "resolved", roles: [.leader, .reviewer, .intakeClerk],
                           inputs: [FieldSpec("findings", "核实情况", kind: .longText), FieldSpec("remedy", "整改措施及反馈", kind: .longText)]),
        ],
        fields: [
            FieldSpec("ratedMatter", "被评价办件"),
            FieldSpec("score", "评分", kind: .integer),
            FieldSpec("comment", "评价内容", kind: .longText, required: false),
        ],
        creatorRoles: [.citizen])
}

/// A rating the applicant gives after completion.
public enum ServiceRating {
    public static func validate(score: Int, comment: String?) throws -> String? {
        guard (1...5).contains(score) else { throw ValidationError(field: "评分", reason: "请选择 1–5 分。") }
        let text = comment?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard text.count <= 500 else { throw ValidationError(field: "评价内容", reason: "不超过 500 字。") }
        if score <= 2 && text.count < 2 { throw ValidationError(field: "评价内容", reason: "差评请写明不满意的原因，以便核实整改。") }
        return text.isEmpty ? nil : text
    }

    public static func isPoor(_ score: Int) -> Bool { score <= 2 }
}
