import FluentKit
import Foundation
import Logging
import MinzhengCore

/// Ordinary casework for the demo, run through the engine with the demo's people so that every act is checked,
/// journaled and dated: a paying 低保 household, one in public notice today, one waiting at the window, one
/// refused.
struct DemoCasework {
    let store: Store
    let cipher: FieldCipher
    let logger: Logger
    var includesVolume: Bool = true

    var db: any Database { store.database(logger: logger) }

    var service: MatterService {
        MatterService(store: store, registry: .standard, permissions: .standard, cipher: cipher, logger: logger,
                      powerItemCitable: { code, db in try await PowerListRepository(db: db).isCitable(code) })
    }

    func principal(_ name: String) async throws -> Principal {
        let accounts = AccountRepository(db: db, cipher: cipher)
        if let account = try await accounts.find(username: name) { return account.principal }
        guard let credentials = try await accounts.credentials(forLogin: name) else { throw DemoFailure("demo account \(name) missing") }
        return credentials.account.principal
    }

    func context(_ principal: Principal) -> JournalContext {
        JournalContext(actor: .user(accountID: principal.accountID, username: principal.username), clientAddress: "demo", requestID: "demo")
    }

    func at(_ day: CivilDate, hour: Int = 10) -> Date { day.startInstant.addingTimeInterval(TimeInterval(hour * 3600)) }

    @discardableResult
    func act(_ transition: TransitionID, _ id: Matter.ID, _ user: String, _ day: CivilDate, _ input: [String: String] = [:]) async throws -> MatterSnapshot {
        let actor = try await principal(user)
        return try await service.perform(transition, on: id, by: actor, input: input, context: context(actor), now: at(day))
    }

    /// Loads the casework once; returns how many matters it created.
    func load(today: CivilDate) async throws -> Int {
        guard try await MatterRecord.query(on: db).filter(\.$typeID == MinimumLivingAllowance.id.rawValue).count() == 0 else { return 0 }
        let division = try await OrgUnitRepository(db: db).find(code: "659003")!
        try await store.write(on: db) { db in
            for year in [2025, today.year] {
                try await AssistanceStandardRepository(db: db).set(.minimumLivingAllowance, year: year, unit: division, monthlyFen: 76_000, at: Date())
                try await AssistanceStandardRepository(db: db).set(.extremePoverty, year: year, unit: division, monthlyFen: 98_800, at: Date())
                try await AssistanceStandardRepository(db: db).set(.disabilityLivingSubsidy, year: year, unit: division, monthlyFen: 10_000, at: Date())
                try await AssistanceStandardRepository(db: db).set(.severeDisabilityCareSubsidy, year: year, unit: division, monthlyFen: 10_000, at: Date())
            }
        }
        var created = 0
        let community = try await OrgUnitRepository(db: db).find(code: "659003-101-01")!
        let citizen = try await principal("13900000001")
        let clerk = try await principal("clerk")
        func day(_ text: String) -> CivilDate { CivilDate(iso: text)! }
        let household: [String: String] = [
            "applicantName": "王小梅（示例）", "applicantID": DemoAccounts.citizens[0].idNumber, "phone": DemoAccounts.citizens[0].mobile,
            "address": "红柳团镇一连（示例）", "memberCount": "3", "members": "本人 王小梅（示例）\n子 王小明（示例）\n女 王小丽（示例）",
            "wageIncome": "600", "deductions": "100", "pledgeSigned": "yes", "authorizationSigned": "yes", "hardshipReason": "因病致困（示例）",
        ]
        // A household approved in 2025 and paid monthly.
        let paying = try await service.create(MinimumLivingAllowance.id, at: community, applicant: citizen.accountID, channel: "online",
                                              title: "王小梅（示例）申请低保", fields: household, by: citizen, context: context(citizen),
                                              now: at(day("2025-09-01")))
        try await act("accept", paying, "clerk", day("2025-09-01"))
        try await act("startInvestigation", paying, "investigator", day("2025-09-03"))
        try await act("preliminaryOpinion", paying, "town.reviewer", day("2025-09-08"), [
            "investigators": "钱调查（示例）、孙初审（示例）", "homeVisitDate": "2025-09-05", "homeVisitFindings": "住房简陋，无大额财产。",
            "dataCheckResult": "未发现不符合条件的收入和财产。", "opinion": "拟同意纳入"])
        try await act("startNotice", paying, "town.reviewer", day("2025-09-08"))
        try await act("noticeWithoutObjection", paying, "town.reviewer", day("2025-09-16"))
        try await act("startReview", paying, "reviewer", day("2025-09-17"))
        try await act("approve", paying, "approver", day("2025-09-22"), ["reviewCycle": "12"])
        try await act("startPayment", paying, "approver", day("2025-09-23"), ["firstPaymentMonth": "2025-10", "bankAccount": "6222020200112233445"])
        created += 1

        // One refused at 师市 in 2025.
        var refusedFields = household
        refusedFields["applicantName"] = "马建国（示例）"
        refusedFields["applicantID"] = DemoAccounts.citizens[1].idNumber
        refusedFields["phone"] = DemoAccounts.citizens[1].mobile
        refusedFields["memberCount"] = "1"
        refusedFields["members"] = "本人 马建国（示例）"
        refusedFields["wageIncome"] = "1800"
        let refused = try await service.create(MinimumLivingAllowance.id, at: community, applicant: nil, channel: "window",
                                               title: "马建国（示例）申请低保", fields: refusedFields, by: clerk, context: context(clerk),
                                               now: at(day("2025-10-13")))
        try await act("accept", refused, "clerk", day("2025-10-13"))
        try await act("startInvestigation", refused, "investigator", day("2025-10-14"))
        try await act("preliminaryOpinion", refused, "town.reviewer", day("2025-10-20"), [
            "investigators": "钱调查（示例）、孙初审（示例）", "homeVisitDate": "2025-10-16", "homeVisitFindings": "有稳定务工收入。",
            "dataCheckResult": "工资性收入 1800 元/月。", "opinion": "拟不予纳入"])
        try await act("startNotice", refused, "town.reviewer", day("2025-10-20"))
        try await act("noticeWithoutObjection", refused, "town.reviewer", day("2025-10-28"))
        try await act("startReview", refused, "reviewer", day("2025-10-29"))
        try await act("reject", refused, "approver", day("2025-11-03"), ["reasons": "家庭月人均收入 1,800.00 元，高于当地低保标准 760.00 元（第二十一条）。"])
        created += 1

        // Current work: one in public notice since yesterday, one waiting at the window. Its clocks need the official
        // calendar of the coming weeks; without it (the next year's notice not yet imported) the engine refuses, and the
        // demo leaves the current work out rather than guess.
        created += try await loadSubsidyAndRegistry(today: today)
        created += try await loadSocialOrganizations()
        created += try await loadEnforcement()
        created += try await loadRuleMaking()
        created += try await loadDisputes()
        do {
            created += try await loadCurrent(today: today, community: community, household: household, clerk: clerk)
        } catch let error as CalendarError {
            logger.notice("demo current casework skipped", metadata: ["calendar.error": "\(error.code)"])
        }
        created += try await loadAnnualReport(today: today)
        return created
    }

    private func loadCurrent(today: CivilDate, community: OrgUnit, household: [String: String], clerk: Principal) async throws -> Int {
        var created = 0
        var noticeFields = household
        noticeFields["applicantName"] = "李春花（示例）"
        noticeFields["applicantID"] = DemoAccounts.fictionalID("65900319780921002")
        noticeFields["phone"] = "13900000003"
        noticeFields["memberCount"] = "2"
        noticeFields["members"] = "本人 李春花（示例）\n母 张桂兰（示例）"
        noticeFields["wageIncome"] = "500"
        noticeFields["deductions"] = "0"
        let start = today.adding(days: -15)
        let inNotice = try await service.create(MinimumLivingAllowance.id, at: community, applicant: nil, channel: "window",
                                                title: "李春花（示例）申请低保", fields: noticeFields, by: clerk, context: context(clerk), now: at(start))
        try await act("accept", inNotice, "clerk", start)
        try await act("startInvestigation", inNotice, "investigator", start.adding(days: 1))
        try await act("preliminaryOpinion", inNotice, "town.reviewer", today.adding(days: -1), [
            "investigators": "钱调查（示例）、孙初审（示例）", "homeVisitDate": today.adding(days: -2).description, "homeVisitFindings": "母亲长期患病。",
            "dataCheckResult": "未发现不符合条件的收入和财产。", "opinion": "拟同意纳入"])
        try await act("startNotice", inNotice, "town.reviewer", today.adding(days: -1))
        created += 1
        // One whose notice ended without objection, waiting for the 师市 review.
        var reviewFields = noticeFields
        reviewFields["applicantName"] = "张德明（示例）"
        reviewFields["applicantID"] = DemoAccounts.fictionalID("65900319650817001")
        reviewFields["phone"] = "13900000005"
        reviewFields["memberCount"] = "1"
        reviewFields["members"] = "本人 张德明（示例）"
        reviewFields["wageIncome"] = "300"
        let reviewStart = today.adding(days: -30)
        let forReview = try await service.create(MinimumLivingAllowance.id, at: community, applicant: nil, channel: "window",
                                                 title: "张德明（示例）申请低保", fields: reviewFields, by: clerk, context: context(clerk), now: at(reviewStart))
        try await act("accept", forReview, "clerk", reviewStart)
        try await act("startInvestigation", forReview, "investigator", reviewStart.adding(days: 1))
        try await act("preliminaryOpinion", forReview, "town.reviewer", today.adding(days: -20), [
            "investigators": "钱调查（示例）、孙初审（示例）", "homeVisitDate": today.adding(days: -22).description, "homeVisitFindings": "独居，无劳动能力。",
            "dataCheckResult": "未发现不符合条件的收入和财产。", "opinion": "拟同意纳入"])
        try await act("startNotice", forReview, "town.reviewer", today.adding(days: -20))
        try await act("noticeWithoutObjection", forReview, "town.reviewer", today.adding(days: -10))
        created += 1
        var waitingFields = noticeFields
        waitingFields["applicantName"] = "赵建军（示例）"
        waitingFields["applicantID"] = DemoAccounts.fictionalID("65900319700305003")
        waitingFields["phone"] = "13900000004"
        _ = try await service.create(MinimumLivingAllowance.id, at: community, applicant: nil, channel: "window", title: "赵建军（示例）申请低保",
                                     fields: waitingFields, by: clerk, context: context(clerk), now: at(today))
        created += 1
        return created
    }
}

struct DemoFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
