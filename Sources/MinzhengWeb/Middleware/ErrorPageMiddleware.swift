import MinzhengCore
import Vapor

/// Maps every error to one response, in one place: an HTML page in Chinese for pages, the JSON error shape for
/// `/api`. People see a Chinese message and the request ID; details go only to the log.
struct ErrorPageMiddleware: Middleware {
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        next.respond(to: request).flatMapError { error in
            let mapped = Self.map(error)
            if mapped.status.code >= 500 {
                request.logger.error("request failed", metadata: ["error.type": .string(String(reflecting: type(of: error))),
                                                                   "error.detail": .string(String(describing: error))])
            } else {
                request.logger.notice("request refused", metadata: ["error.code": .string(mapped.code),
                                                                     "http.status": .stringConvertible(mapped.status.code)])
            }
            if request.url.path.hasPrefix("/api/") {
                return request.eventLoop.makeSucceededFuture(Self.json(mapped, request: request))
            }
            return request.eventLoop.makeFutureWithTask { await Self.html(mapped, request: request) }
        }
    }

    struct Mapped {
        var status: HTTPResponseStatus
        var code: String
        var message: String
        var headers: HTTPHeaders = [:]
        /// For the API: the field of a refused value, each failed check (never personal data).
        var details: [String: String] = [:]
    }

    static func map(_ error: any Error) -> Mapped {
        if let domain = error as? any DomainError {
            let status: HTTPResponseStatus = switch domain.category {
            case .invalidInput: .unprocessableEntity
            case .notFound: .notFound
            case .forbidden: .forbidden
            case .conflict: .conflict
            case .unavailable: .serviceUnavailable
            }
            var details: [String: String] = [:]
            if let matter = domain as? MatterError {
                for check in matter.failedChecks { details["check.\(check.checkID)"] = check.message }
            }
            if let validation = domain as? ValidationError { details["field"] = validation.field }
            return Mapped(status: status, code: domain.code, message: domain.message, details: details)
        }
        if let abort = error as? any AbortError {
            let message = abort.reason.unicodeScalars.contains(where: { $0.value > 0x2E80 }) ? abort.reason : defaultMessage(for: abort.status)
            return Mapped(status: abort.status, code: code(for: abort.status), message: message, headers: abort.headers)
        }
        if error is DecodingError {
            return Mapped(status: .badRequest, code: "request.malformed", message: "提交的内容格式不正确，请检查后重试。")
        }
        return Mapped(status: .internalServerError, code: "server.error", message: defaultMessage(for: .internalServerError))
    }

    static func code(for status: HTTPResponseStatus) -> String {
        switch status.code {
        case 400: "request.bad"
        case 401: "auth.required"
        case 403: "access.forbidden"
        case 404: "not.found"
        case 405: "method.notAllowed"
        case 409: "state.conflict"
        case 413: "request.tooLarge"
        case 415: "media.unsupported"
        case 422: "validation.invalid"
        case 429: "rate.limited"
        default: status.code >= 500 ? "server.error" : "request.error"
        }
    }

    static func defaultMessage(for status: HTTPResponseStatus) -> String {
        switch status.code {
        case 400: "请求有误，请检查后重试。"
        case 401: "请先登录。"
        case 403: "您无权访问此页面或执行此操作。"
        case 404: "您要找的页面不存在，可能已被移除或地址有误。"
        case 405: "不支持此请求方式。"
        case 409: "操作与当前状态冲突，请刷新后重试。"
        case 413: "提交的内容过大。"
        case 415: "不支持此文件或内容类型。"
        case 422: "提交的内容未通过校验。"
        case 429: "操作过于频繁，请稍后再试。"
        case 503: "服务暂不可用，请稍后再试。"
        default: status.code >= 500 ? "系统出现错误，我们已记录。请稍后再试，或把下方的请求编号告诉工作人员。" : "请求未能完成。"
        }
    }

    static func title(for status: HTTPResponseStatus) -> String {
        switch status.code {
        case 401: "请先登录"
        case 403: "无权访问"
        case 404: "页面不存在"
        case 422: "提交的内容有误"
        case 429: "操作过于频繁"
        default: status.code >= 500 ? "系统错误" : "请求未能完成"
        }
    }

    static func json(_ mapped: Mapped, request: Request) -> Response {
        struct Body: Encodable {
            struct Detail: Encodable { var code: String; var message: String; var details: [String: String] }
            var error: Detail
        }
        let body = Body(error: .init(code: mapped.code, message: mapped.message, details: mapped.details.merging(["requestId": request.id]) { $1 }))
        var headers = mapped.headers
        headers.contentType = .json
        let data = (try? JSONEncoder().encode(body)) ?? Data()
        return Response(status: mapped.status, headers: headers, body: .init(data: data))
    }

    static func html(_ mapped: Mapped, request: Request) async -> Response {
        let page = ErrorPage(
            layout: Layout(title: title(for: mapped.status), section: .none, request: request),
            status: Int(mapped.status.code), heading: title(for: mapped.status), message: mapped.message,
            requestID: request.id, showsLogin: mapped.status == .unauthorized)
        var headers = mapped.headers
        headers.contentType = .html
        if let rendered = try? await request.view.render(ErrorPage.template, page) {
            return Response(status: mapped.status, headers: headers, body: .init(buffer: rendered.data))
        }
        let fallback = "<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>\(page.heading)</title><h1>\(page.heading)</h1><p>\(page.message)</p><p>请求编号：\(request.id)</p></html>"
        return Response(status: mapped.status, headers: headers, body: .init(string: fallback))
    }
}

struct ErrorPage: Page {
    static let template = "errors/error"
    var layout: Layout
    var status: Int
    var heading: String
    var message: String
    var requestID: String
    var showsLogin: Bool
}
