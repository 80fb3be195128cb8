import Foundation
import MinzhengCore
import Vapor

/// The integration API as documented: every route under `/api` with its parameters and status codes, and the
/// OpenAPI 3.1 document built from it (served at `/api/openapi.json`; a test keeps it and the router in step).
enum APIDocument {
    struct Parameter {
        enum Place: String { case path, query }
        var name: String
        var place: Place
        var description: String
        var type = "string"
        /// A string's format (`uuid`), as the route parses it.
        var format: String? = nil
        /// The only values the route knows, when they are the registry's (an act's transition).
        var values: KnownValues? = nil
        var required: Bool { place == .path }

        enum KnownValues { case transitions }

        /// The parameter's JSON schema, with `registry`'s identifiers as its only values where it names them.
        func schema(registry: MatterTypeRegistry) -> [String: Any] {
            if type == "integer" { return ["type": "integer", "minimum": 1] }
            var schema: [String: Any] = ["type": "string", "maxLength": 200]
            if let format { schema["format"] = format }
            if values == .transitions { schema["enum"] = Set(registry.types.flatMap { $0.transitions.map(\.id.rawValue) }).sorted() }
            return schema
        }
    }

    struct Route {
        var method: String
        /// OpenAPI form: `/api/v1/matters/{id}`.
        var path: String
        var summary: String
        var tag: String
        var parameters: [Parameter] = []
        /// The schema of the 2xx body.
        var schema: String
        var statuses: [Int]
        var requestBody: String? = nil
        var requiresAuth = true

        /// Every status the route may answer: its own, plus 400 for a malformed query (`page=abc`) and 400/415 for a
        /// body that is not JSON — answers that every route with a query or a body gives alike (found by schemathesis).
        var documentedStatuses: [Int] {
            var all = Set(statuses)
            if parameters.contains(where: { $0.place == .query }) { all.insert(400) }
            if requestBody != nil { all.formUnion([400, 415]) }
            return all.sorted()
        }

        /// Vapor form: `/api/v1/matters/:id`.
        var vaporPath: String {
            "/" + path.split(separator: "/").map { $0.hasPrefix("{") ? ":" + $0.dropFirst().dropLast() : String($0) }.joined(separator: "/")
        }
    }

    static let paging = [Parameter(name: "page", place: .query, description: "页码，从 1 开始", type: "integer"),
                         Parameter(name: "size", place: .query, description: "每页条数，1–100，默认 20", type: "integer")]

    static let routes: [Route] = [
        Route(method: "GET", path: "/api/openapi.json", summary: "本接口的 OpenAPI 3.1 文档", tag: "文档", schema: "Object", statuses: [200], requiresAuth: false),
        Route(method: "GET", path: "/api/v1/me", summary: "当前身份及其岗位", tag: "身份", schema: "Me", statuses: [200, 401]),
        Route(method: "GET", path: "/api/v1/matter-types", summary: "可查阅的事项类型及其状态、操作", tag: "办件", schema: "MatterTypeList", statuses: [200, 401]),
        Route(method: "GET", path: "/api/v1/matters", summary: "管辖范围内的办件（分页、筛选）", tag: "办件",
              parameters: [Parameter(name: "type", place: .query, description: "事项类型标识"),
                           Parameter(name: "urgency", place: .query, description: "overdue 已超期 / dueSoon 即将到期"),
                           Parameter(name: "open", place: .query, description: "yes 办理中 / no 已办结"),
                           Parameter(name: "unit", place: .query, description: "单位代码（含下级）"),
                           Parameter(name: "q", place: .query, description: "办件编号或标题")] + paging,
              schema: "MatterPage", statuses: [200, 401]),
        Route(method: "POST", path: "/api/v1/matters", summary: "登记办件（与页面同样的权限和校验）", tag: "办件", schema: "Matter",
              statuses: [201, 400, 401, 403, 404, 422], requestBody: "NewMatter"),
        Route(method: "GET", path: "/api/v1/matters/{id}", summary: "办件详情（个人信息已遮蔽；查阅记入审计日志）", tag: "办件",
              parameters: [Parameter(name: "id", place: .path, description: "办件标识（UUID）", format: "uuid")], schema: "Matter", statuses: [200, 401, 403, 404]),
        Route(method: "GET", path: "/api/v1/matters/{id}/acts", summary: "当前身份在此办件上可办理的操作，及不可办理的原因", tag: "办件",
              parameters: [Parameter(name: "id", place: .path, description: "办件标识（UUID）", format: "uuid")], schema: "ActList", statuses: [200, 401, 403, 404]),
        Route(method: "POST", path: "/api/v1/matters/{id}/acts/{transition}", summary: "办理一项操作：先过全部事前校验，未通过则不作任何改变", tag: "办件",
              parameters: [Parameter(name: "id", place: .path, description: "办件标识（UUID）", format: "uuid"),
                           Parameter(name: "transition", place: .path, description: "操作标识，见 /acts", values: .transitions)],
              schema: "Matter", statuses: [200, 400, 401, 403, 404, 409, 422], requestBody: "ActInput"),
        Route(method: "GET", path: "/api/v1/power-items", summary: "已公布的权责清单", tag: "权责清单",
              parameters: [Parameter(name: "type", place: .query, description: "权力类型"), Parameter(name: "q", place: .query, description: "名称或编码")] + paging,
              schema: "PowerItemPage", statuses: [200], requiresAuth: false),
        Route(method: "GET", path: "/api/v1/power-items/{code}", summary: "一项权责事项", tag: "权责清单",
              parameters: [Parameter(name: "code", place: .path, description: "事项编码")], schema: "PowerItem", statuses: [200, 404], requiresAuth: false),
        Route(method: "GET", path: "/api/v1/organizations", summary: "社会组织登记信息（公开部分）", tag: "社会组织",
              parameters: [Parameter(name: "q", place: .query, description: "名称或统一社会信用代码")] + paging,
              schema: "OrganizationPage", statuses: [200], requiresAuth: false),
        Route(method: "GET", path: "/api/v1/reports/{year}", summary: "年度法治政府建设报告的数据及来源", tag: "报告",
              parameters: [Parameter(name: "year", place: .path, description: "年度", type: "integer")], schema: "Report", statuses: [200, 401, 403, 404]),
    ]

    /// The OpenAPI 3.1 document. The matter types and acts a route knows are `registry`'s, listed as the only values of
    /// `NewMatter.type` and of an act's `transition` (an unknown one is answered 404, as documented).
    static func openAPI(registry: MatterTypeRegistry) -> [String: Any] {
        let typeIDs = registry.types.map(\.id.rawValue).sorted()
        var paths: [String: [String: Any]] = [:]
        for route in routes {
            var operation: [String: Any] = [
                "summary": route.summary, "tags": [route.tag],
                "operationId": route.method.lowercased() + route.path.replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "{", with: "")
                    .replacingOccurrences(of: "}", with: "").replacingOccurrences(of: ".", with: "_").replacingOccurrences(of: "-", with: "_"),
                "parameters": route.parameters.map { parameter -> [String: Any] in
                    ["name": parameter.name, "in": parameter.place.rawValue, "required": parameter.required, "description": parameter.description,
                     "schema": parameter.schema(registry: registry)]
                },
            ]
            var responses: [String: Any] = [:]
            for status in route.documentedStatuses {
                if status < 300 {
                    responses[String(status)] = ["description": "成功", "content": ["application/json": ["schema": ["$ref": "#/components/schemas/\(route.schema)"]]]]
                } else {
                    responses[String(status)] = ["description": ErrorPageMiddleware.defaultMessage(for: HTTPResponseStatus(statusCode: status)),
                                                 "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]]]
                }
            }
            operation["responses"] = responses
            if let body = route.requestBody {
                operation["requestBody"] = ["required": true, "content": ["application/json": ["schema": ["$ref": "#/components/schemas/\(body)"]]]]
            }
            operation["security"] = route.requiresAuth ? [["bearer": [String]()]] : [[String: [String]]]()
            paths[route.path, default: [:]][route.method.lowercased()] = operation
        }
        let string: [String: Any] = ["type": "string"]
        let nullableString: [String: Any] = ["type": ["string", "null"]]
        let integer: [String: Any] = ["type": "integer"]
        func object(_ properties: [String: Any], required: [String] = []) -> [String: Any] {
            ["type": "object", "properties": properties, "required": required]
        }
        func page(_ item: String) -> [String: Any] {
            object(["items": ["type": "array", "items": ["$ref": "#/components/schemas/\(item)"]], "page": integer, "size": integer, "total": integer],
                   required: ["items", "page", "size", "total"])
        }
        let schemas: [String: Any] = [
            "Object": ["type": "object"],
            "Error": object(["error": object(["code": string, "message": string, "details": ["type": "object", "additionalProperties": ["type": "string"]]],
                                             required: ["code", "message", "details"])], required: ["error"]),
            "Me": object(["username": string, "displayName": string, "kind": string,
                          "roles": ["type": "array", "items": object(["role": string, "roleName": string, "unit": string], required: ["role", "unit"])]],
                         required: ["username", "roles"]),
            "MatterTypeList": object(["items": ["type": "array", "items": object(["id": string, "name": string, "legalBasis": string,
                                                                                  "states": ["type": "array", "items": object(["id": string, "name": string])],
                                                                                  "transitions": ["type": "array", "items": object(["id": string, "name": string])]],
                                                                                 required: ["id", "name"])]], required: ["items"]),
            "MatterSummary": object(["id": string, "reference": string, "type": string, "typeName": string, "title": string, "state": string,
                                     "stateName": string, "unit": string, "nextDue": nullableString, "createdAt": string, "closedAt": nullableString],
                                    required: ["id", "reference", "type", "state"]),
            "MatterPage": page("MatterSummary"),
            "Matter": object(["id": string, "reference": string, "type": string, "typeName": string, "title": string, "state": string, "stateName": string,
                              "unit": string, "channel": string, "createdAt": string, "closedAt": nullableString,
                              "fields": ["type": "object", "additionalProperties": ["type": "string"]],
                              "clocks": ["type": "array", "items": object(["id": string, "name": string, "kind": string, "start": string, "due": string,
                                                                           "running": ["type": "boolean"], "legalBasis": string])],
                              "events": ["type": "array", "items": object(["sequence": integer, "at": string, "actor": string, "transition": nullableString,
                                                                           "summary": string,
                                                                           "checks": ["type": "array", "items": object(["rule": string, "source": string, "status": string])]])]],
                             required: ["id", "reference", "type", "state", "fields"]),
            "NewMatter": object(["type": ["type": "string", "enum": typeIDs], "unit": ["type": "string", "description": "受理单位代码"],
                                 "title": ["type": "string", "minLength": 2, "maxLength": 100, "description": "标题，2 至 100 个字"], "channel": string,
                                 "fields": ["type": "object", "additionalProperties": ["type": "string"]]], required: ["type", "unit", "title"]),
            "ActInput": object(["input": ["type": "object", "additionalProperties": ["type": "string"]]]),
            "ActList": object(["items": ["type": "array", "items": object(["transition": string, "name": string, "allowed": ["type": "boolean"],
                                                                           "reasons": ["type": "array", "items": string],
                                                                           "inputs": ["type": "array", "items": object(["key": string, "label": string, "required": ["type": "boolean"]])]])]],
                              required: ["items"]),
            "PowerItem": object(["code": string, "name": string, "type": string, "typeName": string, "authorizedPower": string, "legalBasis": string,
                                 "responsibleBody": string, "handlingUnit": string, "supervisionPhone": string, "version": integer],
                                required: ["code", "name", "type"]),
            "PowerItemPage": page("PowerItem"),
            "Organization": object(["creditCode": string, "name": string, "kind": string, "status": string, "registeredOn": string, "address": string],
                                   required: ["creditCode", "name", "status"]),
            "OrganizationPage": page("Organization"),
            "Report": object(["year": integer, "title": string, "frozen": ["type": "boolean"],
                              "figures": ["type": "array", "items": object(["key": string, "label": string, "value": string, "definition": string, "period": string,
                                                                            "records": ["type": "array", "items": object(["reference": string, "title": string, "link": string])]])]],
                             required: ["year", "title", "figures"]),
        ]
        return [
            "openapi": "3.1.0",
            "info": ["title": "法治民政平台接口", "version": "1.0.0",
                     "description": "与页面使用同一权限表和同一事前校验：页面上被拒绝的操作，在接口中以同样的中文理由被拒绝。错误统一为 {\"error\":{\"code\",\"message\",\"details\"}}。"],
            "servers": [["url": "/"]],
            "paths": paths,
            "components": ["schemas": schemas,
                           "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer", "description": "管理员签发的接口令牌（mzt_ 开头，仅显示一次）"]]],
        ]
    }
}
