import FluentKit
import Foundation
import MinzhengCore
import MinzhengPersistence
import MinzhengTestSupport

/// The sample type on a demo database: principals of the demo accounts, a service, dates in 2025.
struct MatterHarness {
    let runtime: DatabaseRuntime
    let service: MatterService

    static let pdf = Data("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".utf8)

    init(_ runtime: DatabaseRuntime) async throws {
        self.runtime = runtime
        _ = try await Fixtures.demo(runtime.store).load(logger: runtime.logger)
        service = MatterService(store: runtime.store, registry: SampleMatterType.registry, permissions: SampleMatterType.permissions,
                                cipher: Fixtures.cipher, logger: runtime.logger, powerItemCitable: { _, _ in true })
    }

    func principal(_ username: String) async throws -> Principal {
        let accounts = AccountRepository(db: runtime.db, cipher: Fixtures.cipher)
        if let account = try await accounts.find(username: username) { return account.principal }
        let credentials = try await accounts.credentials(forLogin: username)
        return credentials!.account.principal
    }

    func unit(_ code: String) async throws -> OrgUnit {
        try await OrgUnitRepository(db: runtime.db).find(code: code)!
    }

    static func context(_ principal: Principal) -> JournalContext {
        JournalContext(actor: .user(accountID: principal.accountID, username: principal.username), clientAddress: "127.0.0.1", requestID: "test")
    }

    static func at(_ iso: String, hour: Int = 10) -> Date {
        CivilDate(iso: iso)!.startInstant.addingTimeInterval(TimeInterval(hour * 3600))
    }

    /// A matter registered by the window clerk of 红柳团镇 on `day`, with its application uploaded.
    func submitted(on day: String = "2025-09-26", unit code: String = "659003-101-01", withApplication: Bool = true) async throws -> Matter.ID {
        let clerk = try await principal("clerk")
        let id = try await service.create(
            SampleMatterType.id, at: try await unit(code), applicant: nil, channel: "window", title: "样例许可申请",
            fields: ["applicantName": "王小梅（示例）", "applicantID": Fixtures.idNumber("65900319850312002")],
            by: clerk, context: Self.context(clerk), now: Self.at(day))
        guard withApplication else { return id }
        try await service.addMaterial(to: id, kind: "application", filename: "申请书.pdf", contentType: "application/pdf", data: Self.pdf,
                                      by: clerk, context: Self.context(clerk), now: Self.at(day))
        return id
    }

    @discardableResult
    func act(_ transition: TransitionID, _ id: Matter.ID, as username: String, on day: String, input: [String: String] = [:]) async throws -> MatterSnapshot {
        let actor = try await principal(username)
        return try await service.perform(transition, on: id, by: actor, input: input, context: Self.context(actor), now: Self.at(day))
    }

    /// Takes a matter from submission to approval.
    func approved(from day: String = "2025-09-26") async throws -> (Matter.ID, MatterSnapshot) {
        let id = try await submitted(on: day)
        try await act("accept", id, as: "clerk", on: "2025-09-26")
        try await act("review", id, as: "reviewer", on: "2025-09-29", input: ["investigators": "钱调查、孙初审", "opinion": "材料真实，符合条件。"])
        try await act("startNotice", id, as: "reviewer", on: "2025-09-29")
        // The 7-day notice from 29 September ends on 6 October, a day off: it rolls to 9 October (rules.md D13).
        try await act("legalReview", id, as: "legal", on: "2025-10-10", input: ["opinion": "程序合法，依据充分。"])
        let done = try await act("approve", id, as: "approver", on: "2025-10-11", input: ["amount": "1234.5"])
        return (id, done)
    }
}
