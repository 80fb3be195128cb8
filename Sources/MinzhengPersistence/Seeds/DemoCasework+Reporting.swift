import FluentKit
import Foundation
import MinzhengCore

/// The demo's legal counsel and the 2025 annual report, taken through its workflow in early 2026 on time: drafted,
/// reviewed, approved (its figures frozen from the 2025 records), submitted by 1 March and published before 1 April.
extension DemoCasework {
    func loadAnnualReport(today: CivilDate) async throws -> Int {
        func day(_ text: String) -> CivilDate { CivilDate(iso: text)! }
        let legal = try await principal("legal")
        try await LegalCounselRegister(db: db).add(
            name: "王律师（示例）", firm: "新疆某律师事务所（示例）", licenceNumber: "16531202510000001",
            scope: "民政+司法联动调解中的法律咨询；行政执法决定、规范性文件和重大行政决策的法律意见。", from: "2025-01-01", until: "2025-12-31",
            by: legal, permissions: service.permissions, context: context(legal), store: service.store, now: at(day("2025-01-02")))
        // The report of 2025 goes through its workflow only when the demo's today is past its publication.
        guard today > day("2026-03-20") else { return 0 }
        let reports = AnnualReportService(matters: service)
        let id = try await reports.start(year: 2025, by: legal, context: context(legal), now: at(day("2026-01-12")))
        try await reports.saveParagraph(
            year: 2025, key: "s2",
            text: "一是法制机构建设滞后。缺乏专职法制工作人员，现有执法人员专业性不强，法治力量薄弱。二是管控闭环有待进一步形成。法制审核主要集中在事后审核，事先预防和化解行政争议的方式方法不多，尚未形成对行政行为的全流程管控闭环。",
            by: legal, context: context(legal), now: at(day("2026-01-20")))
        try await act("submitForReview", id, "legal", day("2026-02-02"))
        try await act("passInternalReview", id, "leader", day("2026-02-09"), ["reviewOpinion": "数据与台账一致，同意。"])
        try await act("passSecrecyReview", id, "leader", day("2026-02-16"), ["secrecyOpinion": "经审查不涉及国家秘密和工作秘密，可以公开。"])
        try await act("submit", id, "legal", day("2026-02-25"), ["recipients": "师市党委、师市人民政府；兵团民政局；师市依法治市办"])
        try await act("publish", id, "legal", day("2026-03-20"), ["publishedURL": "/reports/2025"])
        return 1
    }
}
