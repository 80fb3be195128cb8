import FluentKit
import Foundation
import MinzhengCore
import SQLKit

/// A year's 年检 campaign: opened by the registry (one annual-inspection matter per organisation due), followed on its
/// progress page, and its conclusions published on the portal.
public struct InspectionCampaigns: Sendable {
    let matters: MatterService
    let registry: OrganizationRegistry

    public init(matters: MatterService, registry: OrganizationRegistry) {
        self.matters = matters
        self.registry = registry
    }

    var db: any Database { matters.db }
    var sql: any SQLDatabase { db as! any SQLDatabase }

    public struct Campaign: Sendable, Hashable {
        public var id: UUID
        public var year: Int
        public var regime: String
        public var openedBy: String
        public var openedAt: Date
        public var publishedAt: Date?
    }

    public struct Progress: Sendable, Hashable {
        public var due: Int
        public var notDue: Int
        public var waiting: Int
        public var submitted: Int
        public var concluded: Int
        public var byConclusion: [String: Int]
        public var missing: Int
        public var overdue: Int
    }

    /// Opens the campaign of `year`: every registered organisation due that year gets its annual-inspection matter, with
    /// the deadlines of its kind. Returns the number opened and the organisations not due (registered too recently).
    public func open(year: Int, by principal: Principal, context: JournalContext, now: Date = Date()) async throws -> (opened: Int, notDue: [SocialOrganization]) {
        _ = try AccessPolicy.require(principal, .manageOrganizations, on: try await registry.registryTarget(), table: registry.permissions)
        guard CivilDate.recordYears.contains(year) else { throw ValidationError(field: "年度", reason: "年度无效。") }
        if try await campaign(year) != nil { throw ValidationError(field: "年度", reason: "\(year) 年度年检已开启。") }
        guard let unit = try await OrgUnitRepository(db: db).find(code: OrganizationRegistry.registryUnitCode) else {
            throw ValidationError(field: "登记管理机关", reason: "组织机构中没有登记管理机关 \(OrganizationRegistry.registryUnitCode)。")
        }
        let settings = try await SettingRepository(db: db).snapshot()
        let organizations = try await registry.all()
        // The campaign of `year` runs in that year (deadlines 31 March / 31 May) and covers the work of the year before.
        let due = organizations.filter { $0.isDueAnnualInspection(for: year - 1) }
        let notDue = organizations.filter { !$0.isDueAnnualInspection(for: year - 1) }
        let campaignID = UUID()
        let opened = try await matters.store.write(on: db) { db -> Int in
            try await (db as! any SQLDatabase).insert(into: "inspection_campaign").columns("id", "year", "regime", "opened_by", "opened_at")
                .values(SQLBind(campaignID), SQLBind(year), SQLBind(settings.string("socialOrganization.annualRegime")), SQLBind(principal.username), SQLBind(now))
                .run()
            for organization in due {
                let deadlines = AnnualInspection.deadlines(year: year, kind: organization.kind)
                let matterID = try await self.matters.create(
                    AnnualInspection.id, at: unit, applicant: nil, organizationID: organization.id, channel: "online",
                    title: "\(organization.name) \(year) 年年检（\(year - 1) 年度）",
                    fields: ["organizationName": organization.name, "creditCode": organization.creditCode, "kind": organization.kind.chineseName,
                             "year": String(year - 1), "supervisorUnitCode": organization.supervisorUnitCode ?? "",
                             "supervisorDeadline": deadlines.supervisor.description, "registryDeadline": deadlines.registry.description],
                    by: principal, context: context, now: now)
                try await MatterRecord.query(on: db).filter(\.$id == matterID.rawValue).set(\.$batchID, to: campaignID).update()
            }
            try await Journal(db: db).append(
                JournalEvent(action: "campaign.open", objectType: "inspection_campaign", objectID: String(year),
                             summary: "开启 \(year) 年度社会组织年检：应检 \(due.count) 家，本年度不参检 \(notDue.count) 家"),
                context: context, at: now)
            return due.count
        }
        return (opened, notDue)
    }

    public func campaign(_ year: Int) async throws -> Campaign? {
        try await campaigns(year: year).first
    }

    public func campaigns(year: Int? = nil) async throws -> [Campaign] {
        struct Row: Decodable { var id: UUID; var year: Int; var regime: String; var opened_by: String; var opened_at: Date; var published_at: Date? }
        var builder = sql.select().columns("id", "year", "regime", "opened_by", "opened_at", "published_at").from("inspection_campaign")
        if let year { builder = builder.where("year", .equal, year) }
        return try await builder.orderBy("year", .descending).all(decoding: Row.self)
            .map { Campaign(id: $0.id, year: $0.year, regime: $0.regime, openedBy: $0.opened_by, openedAt: $0.opened_at, publishedAt: $0.published_at) }
    }

    static let concludedStates = ["passed", "rectifying", "rectificationReview", "rectified", "rectificationFailed"]

    /// Counts of the campaign's matters by state and conclusion; overdue = still waiting past a deadline.
    public func progress(_ year: Int, today: CivilDate) async throws -> Progress {
        struct Row: Decodable { var state: String; var n: Int }
        let batch = try await campaign(year)?.id ?? UUID()
        let rows = try await sql.select().column("state").column(SQLFunction("count", args: SQLLiteral.all), as: "n").from("matter")
            .where("batch_id", .equal, batch).groupBy("state").all(decoding: Row.self)
        var byState: [String: Int] = [:]
        for row in rows { byState[row.state] = row.n }
        struct Conclusion: Decodable { var id: UUID }
        var byConclusion: [String: Int] = [:]
        for conclusion in AnnualInspection.Conclusion.allCases { byConclusion[conclusion.chineseName] = 0 }
        for entry in try await conclusions(year) { byConclusion[entry.conclusion, default: 0] += 1 }
        struct Count: Decodable { var n: Int }
        let overdue = try await sql.select().column(SQLFunction("count", args: SQLLiteral.all), as: "n").from("matter")
            .where("batch_id", .equal, batch)
            .where("closed_at", .is, SQLLiteral.null).where("next_due_date", .lessThan, today.description)
            .first(decoding: Count.self)?.n ?? 0
        let due = byState.values.reduce(0, +)
        let organizations = try await registry.all()
        return Progress(due: due, notDue: organizations.filter { !$0.isDueAnnualInspection(for: year - 1) }.count,
                        waiting: byState["due", default: 0], submitted: due - byState["due", default: 0] - byState["missing", default: 0] - byState["listedAbnormal", default: 0],
                        concluded: Self.concludedStates.map { byState[$0, default: 0] }.reduce(0, +), byConclusion: byConclusion,
                        missing: byState["missing", default: 0] + byState["listedAbnormal", default: 0], overdue: overdue)
    }

    public struct ConclusionEntry: Sendable, Hashable {
        public var organizationName: String
        public var creditCode: String
        public var kind: String
        public var conclusion: String
    }

    /// Each organisation's conclusion (or 未按期参加年检), by name — what the announcement publishes.
    public func conclusions(_ year: Int) async throws -> [ConclusionEntry] {
        let type = try matters.registry.require(AnnualInspection.id)
        guard let batch = try await campaign(year)?.id else { return [] }
        let records = try await MatterRecord.query(on: db).filter(\.$batchID == batch).all()
        var entries: [ConclusionEntry] = []
        for record in records {
            let matter = try record.toDomain(cipher: matters.cipher, type: type, orgUnitCode: "")
            let conclusion: String
            if Self.concludedStates.contains(record.state) {
                conclusion = matter.fields["conclusion"] ?? ""
            } else if record.state == "missing" || record.state == "listedAbnormal" {
                conclusion = "未按期参加年检"
            } else {
                continue
            }
            entries.append(ConclusionEntry(organizationName: matter.fields["organizationName"] ?? record.title,
                                           creditCode: matter.fields["creditCode"] ?? "", kind: matter.fields["kind"] ?? "", conclusion: conclusion))
        }
        return entries.sorted { ($0.conclusion, $0.organizationName) < ($1.conclusion, $1.organizationName) }
    }

    /// Publishes the year's conclusions on the portal (年检结论公告); later conclusions appear as they are made.
    public func publish(_ year: Int, by principal: Principal, context: JournalContext, now: Date = Date()) async throws {
        _ = try AccessPolicy.require(principal, .manageOrganizations, on: try await registry.registryTarget(), table: registry.permissions)
        guard let campaign = try await campaign(year) else { throw ValidationError(field: "年度", reason: "\(year) 年度年检尚未开启。") }
        guard campaign.publishedAt == nil else { throw ValidationError(field: "年度", reason: "\(year) 年度年检结论已公告。") }
        guard !(try await conclusions(year)).isEmpty else { throw ValidationError(field: "年检结论", reason: "尚无年检结论，无可公告。") }
        try await matters.store.write(on: db) { db in
            try await (db as! any SQLDatabase).update("inspection_campaign").set("published_at", to: now).where("year", .equal, year).run()
            try await Journal(db: db).append(
                JournalEvent(action: "campaign.publish", objectType: "inspection_campaign", objectID: String(year),
                             summary: "公告 \(year) 年度社会组织年检结论"),
                context: context, at: now)
        }
    }
}
