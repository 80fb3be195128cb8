import FluentKit
import Foundation
import MinzhengCore
import SQLKit

/// Who handles a matter now: the accounts holding a role that may take an act from its current state, at a unit
/// whose subtree contains the matter.
public struct HandlerDirectory: Sendable {
    let db: any Database
    let registry: MatterTypeRegistry

    public init(db: any Database, registry: MatterTypeRegistry) {
        self.db = db
        self.registry = registry
    }

    public func handlers(of matterID: Matter.ID) async throws -> [UUID] {
        struct MatterRow: Decodable { var type_id: String; var state: String; var org_unit_path: String }
        let sql = db as! any SQLDatabase
        guard let matter = try await sql.select().columns("type_id", "state", "org_unit_path").from("matter")
            .where("id", .equal, matterID.rawValue).first(decoding: MatterRow.self),
            let type = registry.type(MatterTypeID(rawValue: matter.type_id))
        else { return [] }
        let roles = Set(type.transitions(from: StateID(rawValue: matter.state)).flatMap(\.roles).filter(\.isStaff)).map(\.rawValue)
        guard !roles.isEmpty else { return [] }
        struct Row: Decodable { var account_id: UUID; var path: String }
        let rows = try await sql.select()
            .column(SQLColumn("account_id", table: "role_assignment")).column(SQLColumn("path", table: "org_unit"))
            .from("role_assignment")
            .join("org_unit", on: SQLColumn("org_unit_id", table: "role_assignment"), .equal, SQLColumn("id", table: "org_unit"))
            .where(SQLColumn("role", table: "role_assignment"), .in, SQLBind.group(roles))
            .all(decoding: Row.self)
        return Array(Set(rows.filter { matter.org_unit_path.hasPrefix($0.path) }.map(\.account_id)))
    }
}
