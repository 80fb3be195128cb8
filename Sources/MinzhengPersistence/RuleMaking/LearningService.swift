import FluentKit
import Foundation
import MinzhengCore
import SQLKit

/// 普法 and 学法 in the records: the 谁执法谁普法 responsibility list with each unit's progress, and the year's figures
/// the report and the dashboard use.
public struct LearningService: Sendable {
    let matters: MatterService

    public init(matters: MatterService) {
        self.matters = matters
    }

    var db: any Database { matters.db }
    var sql: any SQLDatabase { db as! any SQLDatabase }

    public struct Duty: Sendable, Hashable {
        public var law: String
        public var unitCode: String
        public var unitName: String
        public var target: Int
        public var held: Int
    }

    /// Adds a law to a unit's yearly responsibility, with its target number of activities.
    public func addDuty(year: Int, law: String, unitCode: String, target: Int?, by principal: Principal, context: JournalContext, now: Date = Date()) async throws {
        _ = try AccessPolicy.require(principal, .manageEnforcement, on: .system, table: matters.permissions)
        let name = law.trimmingCharacters(in: .whitespaces)
        guard (2...100).contains(name.count) else { throw ValidationError(field: "法律法规", reason: "请填写法律法规名称。") }
        guard try await OrgUnitRepository(db: db).find(code: unitCode) != nil else { throw ValidationError(field: "责任单位", reason: "单位不存在。") }
        guard let target, (1...500).contains(target) else { throw ValidationError(field: "年度目标", reason: "应为 1 至 500 次。") }
        try await matters.store.write(on: db) { db in
            let sql = db as! any SQLDatabase
            try await sql.delete(from: "publicity_duty").where("year", .equal, year).where("law", .equal, name).where("unit_code", .equal, unitCode).run()
            try await sql.insert(into: "publicity_duty").columns("id", "year", "law", "unit_code", "target_activities", "created_at")
                .values(SQLBind(UUID()), SQLBind(year), SQLBind(name), SQLBind(unitCode), SQLBind(target), SQLBind(now)).run()
            try await Journal(db: db).append(JournalEvent(action: "publicity.duty", objectType: "publicity_duty", objectID: "\(year)",
                                                          summary: "普法责任：\(name) → \(unitCode)，年度目标 \(target) 次"), context: context, at: now)
        }
    }

    struct Activity {
        var unitCode: String
        var laws: String
        var audience: Int
        var heldOn: CivilDate
    }

    /// Activities held in `year` (by their 开展日期).
    func activities(year: Int) async throws -> [Activity] {
        let type = try matters.registry.require(PublicityActivity.id)
        let units = try await OrgUnitRepository(db: db).all()
        return try await MatterRecord.query(on: db).filter(\.$typeID == PublicityActivity.id.rawValue).filter(\.$state == "held").all().compactMap { record in
            let matter = try record.toDomain(cipher: matters.cipher, type: type, orgUnitCode: "")
            guard let day = matter.fields["heldOn"].flatMap(CivilDate.init(iso:)), day.year == year else { return nil }
            return Activity(unitCode: units.first { $0.id.rawValue == record.orgUnitID }?.code ?? "", laws: matter.fields["laws"] ?? "",
                            audience: Int(matter.fields["audienceSize"] ?? "") ?? 0, heldOn: day)
        }
    }

    public func duties(year: Int) async throws -> [Duty] {
        struct Row: Decodable { var law: String; var unit_code: String; var target_activities: Int }
        let rows = try await sql.select().columns("law", "unit_code", "target_activities").from("publicity_duty").where("year", .equal, year)
            .orderBy("unit_code").orderBy("law").all(decoding: Row.self)
        let held = try await activities(year: year)
        let units = try await OrgUnitRepository(db: db).all()
        return rows.map { row in
            Duty(law: row.law, unitCode: row.unit_code, unitName: units.first { $0.code == row.unit_code }?.name ?? row.unit_code,
                 target: row.target_activities, held: held.filter { $0.unitCode == row.unit_code && $0.laws.contains(row.law) }.count)
        }
    }

    public struct Figures: Sendable, Hashable {
        public var publicityActivities: Int
        public var audience: Int
        public var householdVisitsWithPolicy: Int
        public var studySessions: Int
        public var trainings: Int
        public var attendance: [String: Int]
    }

    /// The year's publicity and study counts from the records.
    public func figures(year: Int) async throws -> Figures {
        let activities = try await activities(year: year)
        let studyType = try matters.registry.require(StudySession.id)
        var study = 0
        var training = 0
        var attendance: [String: Int] = [:]
        for record in try await MatterRecord.query(on: db).filter(\.$typeID == StudySession.id.rawValue).filter(\.$state == "held").all() {
            let matter = try record.toDomain(cipher: matters.cipher, type: studyType, orgUnitCode: "")
            guard let day = matter.fields["heldOn"].flatMap(CivilDate.init(iso:)), day.year == year else { continue }
            if StudySession.trainingKinds.contains(matter.fields["kind"] ?? "") { training += 1 } else { study += 1 }
            for name in (matter.fields["attendees"] ?? "").split(whereSeparator: { "，,、\n ".contains($0) }).map(String.init) where !name.isEmpty {
                attendance[name, default: 0] += 1
            }
        }
        let start = CivilDate(year: year, month: 1, day: 1)!.startInstant
        let end = CivilDate(year: year + 1, month: 1, day: 1)!.startInstant
        let visits = try await MatterEventRecord.query(on: db).filter(\.$transitionID == "preliminaryOpinion").filter(\.$at >= start).filter(\.$at < end).all()
            .filter { $0.domain.data["policyExplained"] == "yes" || $0.domain.data["policyExplained"] == "是" }.count
        return Figures(publicityActivities: activities.count, audience: activities.map(\.audience).reduce(0, +), householdVisitsWithPolicy: visits,
                       studySessions: study, trainings: training, attendance: attendance)
    }
}
