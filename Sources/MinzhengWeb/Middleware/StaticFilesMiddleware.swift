import Foundation
import Vapor

/// Serves `Public/` — but only for paths under its own top-level entries (`/css/…`, `/js/…`, `/favicon.svg`), read
/// once at start-up. Vapor's `FileMiddleware` in front of every route asks the file system about every page path
/// (a thread-pool hop per request); pages and files never share a first path component here, so the answer is known
/// without asking.
struct StaticFilesMiddleware: Middleware {
    let files: FileMiddleware
    let topLevel: Set<String>

    init(publicDirectory: String) {
        files = FileMiddleware(publicDirectory: publicDirectory, defaultFile: nil)
        topLevel = Set((try? FileManager.default.contentsOfDirectory(atPath: publicDirectory)) ?? [])
    }

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        let path = request.url.path.utf8.dropFirst()
        let first = String(decoding: path.prefix { $0 != UInt8(ascii: "/") }, as: UTF8.self)
        guard topLevel.contains(first.contains("%") ? first.removingPercentEncoding ?? first : first) else { return next.respond(to: request) }
        return files.respond(to: request, chainingTo: next)
    }
}
