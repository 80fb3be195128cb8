import FluentKit
import Foundation
import MinzhengCore

/// The demo's 两项补贴 and marriage-registry work: a subsidy paid since 2025 after the 残联 review, two marriages and
/// a divorce registered in 2025, and — where the calendar holds the coming weeks — appointment days and a divorce in
/// its cooling-off.
extension DemoCasework {
    func loadSubsidyAndRegistry(today: CivilDate) async throws -> Int {
        func day(_ text: String) -> CivilDate { CivilDate(iso: text)! }
        var created = 0
        let community = try await OrgUnitRepository(db: db).find(code: "659003-101-01")!
        let registry = try await OrgUnitRepository(db: db).find(code: "659003-HY")!
        let clerk = try await principal("clerk")
        let registrar = try await principal("registrar")

        // 两项补贴 for a grade-one disabled member of a 低保 household, through the 残联 review to monthly payment.
        let subsidy = try await service.create(
            DisabilitySubsidy.id, at: community, applicant: nil, channel: "window", title: "古丽娜（示例）申请残疾人两项补贴",
            fields: ["applicantName": "古丽娜（示例）", "applicantID": DemoAccounts.fictionalID("65900319880214002"),
                     "certificateNumber": DemoAccounts.fictionalID("65900319880214002") + "41", "disabilityCategory": "肢体",
                     "disabilityGrade": "一级", "subsidyType": "两项补贴", "householdStatus": "低保家庭", "needsLongTermCare": "yes"],
            by: clerk, context: context(clerk), now: at(day("2025-09-02")))
        try await act("accept", subsidy, "clerk", day("2025-09-02"))
        try await act("townOpinion", subsidy, "town.reviewer", day("2025-09-05"), ["opinion": "一级肢体残疾，低保家庭，需长期照护。"])
        try await act("startNotice", subsidy, "town.reviewer", day("2025-09-05"))
        try await act("sendToFederation", subsidy, "town.reviewer", day("2025-09-15"))
        try await act("federationReview", subsidy, "federation", day("2025-09-18"),
                      ["certificateVerified": "有效，等级属实", "federationOpinion": "第二代残疾人证有效，一级肢体残疾。"])
        try await act("approve", subsidy, "approver", day("2025-09-22"))
        try await act("startPayment", subsidy, "approver", day("2025-09-23"), ["firstPaymentMonth": "2025-09", "bankAccount": "6222020200198765432"])
        created += 1

        // Two marriages registered in 2025, each groom rating the registry afterwards (好差评): one satisfied, one poor
        // rating that opens a 差评整改 matter at the registry.
        let ratings: [(score: Int, comment: String?)] = [(5, "材料一次讲清，当天办好。"), (2, "排队等候时间较长。")]
        for (index, couple) in [("艾力（示例）", "65900319950101001", "阿依古丽（示例）", "65900319980506002"),
                                ("刘强（示例）", "65900319920715003", "陈静（示例）", "65900319940320004")].enumerated() {
            let on = day(index == 0 ? "2025-08-29" : "2025-09-10")
            let groom = try await principal(DemoAccounts.citizens[2 + index].mobile)
            let id = try await service.create(
                MarriageRegistration.id, at: registry, applicant: groom.accountID, channel: "window", title: "\(couple.0)与\(couple.2)结婚登记",
                fields: ["partyAName": couple.0, "partyAID": DemoAccounts.fictionalID(couple.1), "partyBName": couple.2,
                         "partyBID": DemoAccounts.fictionalID(couple.3), "noImpedimentDeclarationSigned": "yes"],
                by: registrar, context: context(registrar), now: at(on))
            try await act("checkDocuments", id, "registrar", on, ["photosProvided": "yes"])
            try await act("interview", id, "registrar", on, ["partyAStatus": "未婚", "partyBStatus": "未婚", "bothVoluntary": "yes",
                                                              "illnessDisclosure": "双方均无须告知的重大疾病"])
            try await act("register", id, "registrar", on, ["ceremony": "已举行，父母到场"])
            try await ServiceRatingService(matters: service).rate(id, score: ratings[index].score, comment: ratings[index].comment, by: groom,
                                                                 context: context(groom), now: at(on.adding(days: 1)))
            created += 1
        }

        // A divorce received on 2025-09-01: cooling-off to 10-09 (over National Day), registered in the issue window.
        let divorce = try await receiveDivorce(at: registry, by: registrar, on: day("2025-09-01"), names: ("马明（示例）", "周芳（示例）"),
                                               ids: ("65900319880101005", "65900319900101006"))
        if let clock = try await service.snapshot(divorce).clocks.first(where: { $0.clockID == "coolingOff" && $0.isRunning }) {
            try await service.expire(clock: clock.id, of: divorce, now: at(clock.dueDate.adding(days: 1), hour: 0))
        }
        try await act("register", divorce, "registrar", day("2025-10-20"),
                      ["bothPresent": "yes", "agreementConfirmed": "yes", "counsellingNotes": "经婚姻家庭辅导，双方仍坚持离婚。"])
        created += 1

        do {
            created += try await loadCurrentRegistry(today: today, registry: registry, registrar: registrar)
        } catch let error as CalendarError {
            logger.notice("demo current registry work skipped", metadata: ["calendar.error": "\(error.code)"])
        } catch let error as ValidationError {
            logger.notice("demo current registry work skipped", metadata: ["reason": "\(error.reason)"])
        }
        return created
    }

    private func receiveDivorce(at registry: OrgUnit, by registrar: Principal, on: CivilDate, names: (String, String),
                                ids: (String, String)) async throws -> Matter.ID {
        let id = try await service.create(
            DivorceRegistration.id, at: registry, applicant: nil, channel: "window", title: "\(names.0)与\(names.1)离婚登记",
            fields: ["partyAName": names.0, "partyAID": DemoAccounts.fictionalID(ids.0), "partyBName": names.1,
                     "partyBID": DemoAccounts.fictionalID(ids.1), "marriageCertificateNumber": "J659003-2012-000318",
                     "agreementSigned": "yes", "fullCivilCapacity": "yes", "registeredInMainland": "yes",
                     "childCustody": "子女由女方抚养，男方每月支付抚养费。", "propertyDivision": "住房归女方。", "debtHandling": "无共同债务。"],
            by: registrar, context: context(registrar), now: at(on))
        try await act("receive", id, "registrar", on)
        return id
    }

    /// Appointment days for the next two weeks and a divorce in its cooling-off; needs the calendar of those weeks.
    private func loadCurrentRegistry(today: CivilDate, registry: OrgUnit, registrar: Principal) async throws -> Int {
        let book = AppointmentBook(store: store, db: db)
        for service in [AppointmentService.marriage, .divorceApplication] {
            _ = try await book.open(service, at: registry, from: today.adding(days: 1), through: today.adding(days: 14),
                                    capacity: service == .marriage ? 20 : 8, by: registrar, context: context(registrar), now: at(today))
        }
        _ = try await receiveDivorce(at: registry, by: registrar, on: today.adding(days: -5), names: ("吐尔逊（示例）", "帕提古丽（示例）"),
                                     ids: ("65900319860612007", "65900319890909008"))
        return 1
    }
}
