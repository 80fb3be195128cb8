import MinzhengCore
import MinzhengPersistence
import Vapor

/// `/work/matters`: the staff side of the matter engine — lists, the matter page, acts, clocks, materials.
struct WorkMattersController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let matters = routes.grouped(RequireLoginMiddleware()).grouped("work", "matters")
        matters.get(use: list)
        matters.get("new", use: newForm)
        matters.get("export", ":format", use: export)
        matters.post(use: create)
        matters.get(":matterID", use: show)
        matters.post(":matterID", "acts", ":transition", use: act)
        matters.post(":matterID", "reveal", use: reveal)
        matters.post(":matterID", "visits", use: visit)
        matters.post(":matterID", "clocks", ":clock", "suspend", use: suspend)
        matters.post(":matterID", "clocks", ":clock", "resume", use: resume)
        matters.post(":matterID", "clocks", ":clock", "extend", use: extend)
        matters.post(":matterID", "rectifications", use: addRectification)
        matters.post(":matterID", "rectifications", ":itemID", "close", use: closeRectification)
        matters.on(.POST, ":matterID", "materials", body: .collect(maxSize: ByteCount(value: MaterialRules.maximumBytes + 64_000)), use: upload)
    }

    // MARK: Lists

    @Sendable
    func list(_ request: Request) async throws -> Response {
        try await request.authorize(.openWorkbench)
        let user = try request.requireUser()
        let query = try request.query.decode(MatterListQuery.self)
        let list = try await MatterListing(request: request).list(for: user.principal, query: query)
        return try await request.render(list)
    }

    /// The same list, every page, as CSV or XLSX; journaled.
    @Sendable
    func export(_ request: Request) async throws -> Response {
        try await request.authorize(.openWorkbench)
        let user = try request.requireUser()
        let format = try await request.exportFormat()
        let query = try request.query.decode(MatterListQuery.self)
        let table = try await MatterListing(request: request).exportTable(for: user.principal, query: query)
        // The search text may be a name: the journal records only that there was one.
        return try await request.export(table, as: format, list: "work.matters",
                                        filters: ["type": query.type ?? "", "urgency": query.urgency ?? "", "open": query.open ?? "",
                                                  "unit": query.unit ?? "", "q": (query.q ?? "").isEmpty ? "" : "（有检索词）"])
    }

    // MARK: Creating

    @Sendable
    func newForm(_ request: Request) async throws -> Response {
        let type = try request.minzheng.registry.require(MatterTypeID(rawValue: try request.query.get(String.self, at: "type")))
        try await request.authorize(.openWorkbench)
        if let place = type.registeredThrough, let refusal = type.genericRegistrationRefusal { return request.redirect(to: place.path, flash: refusal) }
        return try await request.render(try await NewMatterPage.make(request, type: type, values: [:]))
    }

    @Sendable
    func create(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        let form = try request.content.decode([String: String].self)
        let type = try request.minzheng.registry.require(MatterTypeID(rawValue: form["type"] ?? ""))
        if let place = type.registeredThrough, let refusal = type.genericRegistrationRefusal { return request.redirect(to: place.path, flash: refusal) }
        guard let unit = try await form["orgUnitID"].flatMap(OrgUnit.ID.init).asyncFlatMap({ try await OrgUnitRepository(db: request.database).find($0) }) else {
            var page = try await NewMatterPage.make(request, type: type, values: form)
            page.error = "请选择受理单位。"
            return try await request.render(page, status: .unprocessableEntity)
        }
        do {
            let id = try await request.matters.create(
                // The form's own inputs are `_`-prefixed: a type's fields may be called `channel` (信访形式) or `title`
                // (文件名称), and must not be taken for the registration channel or the matter's title.
                type.id, at: unit, applicant: nil, channel: form["_channel"].flatMap { $0.isEmpty ? nil : $0 } ?? "window",
                title: form["_title"].flatMap { $0.isEmpty ? nil : $0 } ?? form["title"].flatMap { $0.isEmpty ? nil : $0 } ?? type.name,
                fields: form.filter { !$0.key.hasPrefix("_") }, by: user.principal,
                context: request.journalContext(), idempotencyKey: form["_idem"].flatMap { $0.isEmpty ? nil : $0 })
            return request.redirect(to: "/work/matters/\(id)", flash: "已登记。")
        } catch let error as ValidationError {
            var page = try await NewMatterPage.make(request, type: type, values: form)
            page.error = error.message
            return try await request.render(page, status: .unprocessableEntity)
        }
    }

    // MARK: The matter page

    @Sendable
    func show(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        let (snapshot, type) = try await request.matters.read(try matterID(request), by: user.principal, context: request.journalContext())
        return try await request.render(try await MatterPageBuilder(request: request, snapshot: snapshot, type: type, principal: user.principal).build())
    }

    @Sendable
    func act(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        let id = try matterID(request)
        let transition = TransitionID(rawValue: request.parameters.get("transition") ?? "")
        var input = try request.content.decode([String: String].self)
        input["_csrf"] = nil
        do {
            let after = try await request.matters.perform(transition, on: id, by: user.principal, input: input, context: request.journalContext())
            // The act's name in the matter's own type: types share transition keys (a petition's and a marriage's
            // `register` are 「登记」 and 「登记并颁发结婚证」).
            let name = (try? request.minzheng.registry.require(after.matter.typeID))?.transition(transition)?.name ?? "操作"
            return request.redirect(to: "/work/matters/\(id)", flash: "「\(name)」已完成，事前校验全部通过。")
        } catch let error as MatterError {
            return try await rerender(request, id: id, user: user, act: transition, input: input, error: error.message,
                                      failed: error.failedChecks.map(\.message), status: .conflict)
        } catch let error as ValidationError {
            return try await rerender(request, id: id, user: user, act: transition, input: input, error: error.message, failed: [],
                                      status: .unprocessableEntity)
        }
    }

    /// 「查看完整信息」 on a matter: the sensitive fields in full, journaled with the reason.
    @Sendable
    func reveal(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        let id = try matterID(request)
        let (snapshot, type) = try await request.matters.read(id, by: user.principal, context: request.journalContext())
        try await request.authorize(.viewPersonalData, on: snapshot.matter.accessTarget, objectType: "matter", objectID: id.description)
        let reason = (try? request.content.get(String.self, at: "reason"))?.trimmingCharacters(in: .whitespaces) ?? ""
        guard reason.count >= 2 else {
            return try await request.render(try await MatterPageBuilder(request: request, snapshot: snapshot, type: type, principal: user.principal)
                .build(error: "查看完整信息须说明事由。"), status: .unprocessableEntity)
        }
        try await request.write { db in
            try await Journal(db: db).append(
                JournalEvent(action: "personalData.view", objectType: "matter", objectID: id.description,
                             summary: "查看办件 \(snapshot.matter.reference) 的完整个人信息",
                             details: ["fields": type.fields.filter(\.isSensitive).map(\.key).joined(separator: ","), "reason": String(reason.prefix(100))]),
                context: request.journalContext())
        }
        return try await request.render(try await MatterPageBuilder(request: request, snapshot: snapshot, type: type, principal: user.principal).build(revealed: true))
    }

    struct VisitForm: Content {
        var purpose: String?
    }

    /// Records an in-person visit (最多跑一次).
    @Sendable
    func visit(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        let id = try matterID(request)
        do {
            try await request.matters.recordVisit(id, purpose: try request.content.decode(VisitForm.self).purpose ?? "", by: user.principal,
                                                  context: request.journalContext())
            return request.redirect(to: "/work/matters/\(id)", flash: "已记录申请人到场。")
        } catch let error as ValidationError {
            return try await rerender(request, id: id, user: user, act: nil, input: [:], error: error.message, failed: [], status: .unprocessableEntity)
        }
    }

    // MARK: Clocks

    struct ClockForm: Content {
        var from: String?
        var reason: String?
        var legalBasis: String?
        var length: String?
        var partyNotified: String?
    }

    @Sendable
    func suspend(_ request: Request) async throws -> Response {
        try await clockAct(request) { user, id, clock, form in
            guard let from = form.from.flatMap({ CivilDate(iso: $0) }) else {
                throw ValidationError(field: "中止起始日", reason: "请填写 YYYY-MM-DD 格式的日期。")
            }
            try await request.matters.suspend(clock, on: id, from: from, reason: form.reason ?? "", legalBasis: form.legalBasis,
                                              by: user.principal, context: request.journalContext())
            return "期限已中止。"
        }
    }

    @Sendable
    func resume(_ request: Request) async throws -> Response {
        try await clockAct(request) { user, id, clock, _ in
            try await request.matters.resume(clock, on: id, by: user.principal, context: request.journalContext())
            return "期限已恢复计算。"
        }
    }

    @Sendable
    func extend(_ request: Request) async throws -> Response {
        try await clockAct(request) { user, id, clock, form in
            let snapshot = try await request.matters.snapshot(id)
            let type = try request.minzheng.registry.require(snapshot.matter.typeID)
            guard let unit = type.clock(clock)?.extensionRule?.maximum.unit, let length = form.length.flatMap(Int.init), length > 0 else {
                throw ValidationError(field: "延长期限", reason: "请填写延长的天数。")
            }
            try await request.matters.extend(clock, on: id, by: Period(length, unit), reason: form.reason ?? "",
                                             partyNotified: form.partyNotified == "yes", principal: user.principal, context: request.journalContext())
            return "期限已延长。"
        }
    }

    private func clockAct(_ request: Request, _ body: (CurrentUser, Matter.ID, ClockID, ClockForm) async throws -> String) async throws -> Response {
        let user = try request.requireUser()
        let id = try matterID(request)
        let clock = ClockID(rawValue: request.parameters.get("clock") ?? "")
        let form = try request.content.decode(ClockForm.self)
        do {
            let message = try await body(user, id, clock, form)
            return request.redirect(to: "/work/matters/\(id)", flash: message)
        } catch let error as ValidationError {
            return try await rerender(request, id: id, user: user, act: nil, input: [:], error: error.message, failed: [], status: .unprocessableEntity)
        }
    }

    // MARK: Materials

    struct Upload: Content {
        var kind: String?
        var file: File?
        var device: String?
        var capturedAt: String?
        var interruption: String?
    }

    @Sendable
    func upload(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        let id = try matterID(request)
        let upload = try request.content.decode(Upload.self)
        do {
            guard let file = upload.file else { throw ValidationError(field: "材料", reason: "请选择文件。") }
            try await request.matters.addMaterial(
                to: id, kind: upload.kind ?? "", filename: file.filename, contentType: file.contentType?.serialize() ?? "",
                data: Data(buffer: file.data),
                metadata: ["device": upload.device ?? "", "capturedAt": upload.capturedAt ?? "", "interruption": upload.interruption ?? ""],
                by: user.principal, context: request.journalContext())
            return request.redirect(to: "/work/matters/\(id)", flash: "材料已上传并记录哈希。")
        } catch let error as ValidationError {
            return try await rerender(request, id: id, user: user, act: nil, input: [:], error: error.message, failed: [], status: .unprocessableEntity)
        }
    }

    // MARK: Rectifications

    @Sendable
    func addRectification(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        let id = try matterID(request)
        struct Form: Content { var description: String?; var deadline: String? }
        let form = try request.content.decode(Form.self)
        do {
            try await request.matters.addRectification(to: id, description: form.description ?? "", deadline: form.deadline.flatMap(CivilDate.init(iso:)),
                                                       by: user.principal, context: request.journalContext())
            return request.redirect(to: "/work/matters/\(id)", flash: "整改事项已登记。")
        } catch let error as ValidationError {
            return try await rerender(request, id: id, user: user, act: nil, input: [:], error: error.message, failed: [], status: .unprocessableEntity)
        }
    }

    @Sendable
    func closeRectification(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        let id = try matterID(request)
        guard let itemID = request.parameters.get("itemID", as: UUID.self) else { throw Abort(.notFound) }
        struct Form: Content { var note: String? }
        let form = try request.content.decode(Form.self)
        do {
            try await request.matters.closeRectification(itemID, of: id, note: form.note ?? "", by: user.principal, context: request.journalContext())
            return request.redirect(to: "/work/matters/\(id)", flash: "整改事项已销号。")
        } catch let error as ValidationError {
            return try await rerender(request, id: id, user: user, act: nil, input: [:], error: error.message, failed: [], status: .unprocessableEntity)
        }
    }

    // MARK: Helpers

    private func matterID(_ request: Request) throws -> Matter.ID {
        guard let id = request.parameters.get("matterID").flatMap(Matter.ID.init) else { throw Abort(.notFound) }
        return id
    }

    private func rerender(_ request: Request, id: Matter.ID, user: CurrentUser, act: TransitionID?, input: [String: String], error: String,
                          failed: [String], status: HTTPResponseStatus) async throws -> Response {
        let (snapshot, type) = try await request.matters.read(id, by: user.principal, context: request.journalContext())
        let page = try await MatterPageBuilder(request: request, snapshot: snapshot, type: type, principal: user.principal)
            .build(failedAct: act, submitted: input, error: error, failedChecks: failed)
        return try await request.render(page, status: status)
    }
}
