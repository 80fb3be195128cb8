import MinzhengCore
import MinzhengPersistence
import Vapor

/// `/matters/:id/documents/:doc` and `/matters/:id/materials/:mat`: the issued documents (printable A4) and the
/// uploaded materials, for anyone who may read the matter — staff in its units, and the applicant.
struct MatterFilesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let files = routes.grouped(RequireLoginMiddleware()).grouped("matters", ":matterID")
        files.get("documents", ":documentID", use: document)
        files.get("materials", ":materialID", use: material)
        files.get("bundle.zip", use: bundle)
    }

    /// The case bundle: documents, evidence and journal entries with a manifest of hashes, verifiable offline with
    /// `minzheng bundle verify`. Staff only.
    @Sendable
    func bundle(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        guard user.isStaff, let id = request.parameters.get("matterID").flatMap(Matter.ID.init) else { throw Abort(.notFound) }
        let files = try await request.matters.caseBundle(id, by: user.principal, context: request.journalContext())
        let reference = (try? JSONDecoder().decode(CaseBundle.Manifest.self, from: files["manifest.json"] ?? Data()))?.reference ?? id.description
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "application/zip")
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(reference).zip\"")
        headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return Response(status: .ok, headers: headers, body: .init(data: try ZipFiles.pack(files)))
    }

    @Sendable
    func document(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        guard let id = request.parameters.get("matterID").flatMap(Matter.ID.init),
              let documentID = request.parameters.get("documentID").flatMap(UUID.init(uuidString:))
        else { throw Abort(.notFound) }
        let (snapshot, type) = try await request.matters.read(id, by: user.principal, context: request.journalContext())
        guard let document = snapshot.documents.first(where: { $0.id == documentID }) else { throw Abort(.notFound) }
        let page = DocumentPage(layout: Layout(title: document.title, section: .none, request: request), document: .init(document, type: type),
                                issuer: "第三师图木舒克市民政局", typeName: type.name, backURL: user.isStaff ? "/work/matters/\(id)" : "/my/matters/\(id)")
        return try await request.render(page)
    }

    @Sendable
    func material(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        guard let id = request.parameters.get("matterID").flatMap(Matter.ID.init),
              let materialID = request.parameters.get("materialID").flatMap(UUID.init(uuidString:))
        else { throw Abort(.notFound) }
        let (summary, data) = try await request.matters.material(materialID, of: id, by: user.principal, context: request.journalContext())
        try await request.write { db in
            try await Journal(db: db).append(
                JournalEvent(action: "material.view", objectType: "matter", objectID: id.description,
                             summary: "查看材料「\(summary.kind)」", details: ["sha256": summary.sha256]),
                context: request.journalContext())
        }
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: summary.contentType)
        headers.replaceOrAdd(name: .contentDisposition, value: "inline; filename*=UTF-8''\(summary.filename.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "file")")
        headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }
}

/// An issued document rendered for printing (A4, official-document typography).
struct DocumentPage: Page {
    static let template = "documents/document"

    struct Content: Encodable {
        var number: String
        var title: String
        var kind: String
        var issuedAt: String
        var issuedBy: String
        var sha256: String
        var reference: String
        var matterTitle: String
        var act: String
        var date: String
        var legalBasis: String
        var body: [Line]

        struct Line: Encodable {
            var label: String
            var value: String
        }

        init(_ document: IssuedDocument, type: MatterType) {
            number = document.number
            title = document.title
            kind = document.kind
            issuedAt = ChineseTime.dateTime(document.issuedAt)
            issuedBy = document.issuedBy
            sha256 = document.sha256
            reference = document.data["_matterReference"] ?? ""
            matterTitle = document.data["_matterTitle"] ?? ""
            act = document.data["_act"] ?? ""
            date = document.data["_date"] ?? ""
            legalBasis = document.data["_legalBasis"] ?? ""
            let inputs = type.transitions.flatMap(\.inputs)
            body = document.data.filter { !$0.key.hasPrefix("_") }.sorted { $0.key < $1.key }.map { key, value in
                Line(label: type.field(key)?.label ?? inputs.first { $0.key == key }?.label ?? MatterPageBuilder.eventLabels[key] ?? key, value: value)
            }
        }
    }

    var layout: Layout
    var document: Content
    var issuer: String
    var typeName: String
    var backURL: String
}
