import MinzhengCore
import MinzhengPersistence
import Vapor

/// `/register`: citizens open their own account with name, 公民身份号码, mobile number and password.
struct RegistrationController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("register", use: form)
        routes.post("register", use: register)
    }

    struct Form: Content {
        var name: String?
        var idNumber: String?
        var mobile: String?
        var password: String?
        var passwordConfirmation: String?
        var consent: String?
    }

    @Sendable
    func form(_ request: Request) async throws -> Response {
        if request.currentUser != nil { return request.redirect(to: "/my") }
        return try await request.render(RegistrationPage(layout: Layout(title: "注册", section: .none, request: request)))
    }

    @Sendable
    func register(_ request: Request) async throws -> Response {
        let form = try request.content.decode(Form.self)
        var page = RegistrationPage(layout: Layout(title: "注册", section: .none, request: request))
        page.name = form.name ?? ""
        page.idNumber = form.idNumber ?? ""
        page.mobile = form.mobile ?? ""
        let input: RegistrationInput
        do {
            input = try RegistrationInput(form: form, today: request.today)
        } catch let error as RegistrationInput.Errors {
            page.errors = error.fields
            return try await request.render(page, status: .unprocessableEntity)
        }
        let hash = try await request.password.async.hash(input.password)
        let services = request.minzheng
        do {
            let account = try await request.write { db in
                let account = try await AccountRepository(db: db, cipher: services.cipher)
                    .createCitizen(name: input.name, idNumber: input.idNumber, mobile: input.mobile, passwordHash: hash)
                try await Journal(db: db).append(
                    JournalEvent(action: "account.register", objectType: "account", objectID: account.id.description,
                                 summary: "群众注册账户"),
                    context: JournalContext(actor: .user(accountID: account.id.rawValue, username: account.journalName),
                                            clientAddress: request.clientAddress, requestID: request.id))
                return account
            }
            guard let credentials = try await AccountRepository(db: request.database, cipher: services.cipher).credentials(account.id) else {
                throw Abort(.internalServerError)
            }
            let response = request.redirect(to: "/my", flash: "注册成功，欢迎使用法治民政平台。")
            try await request.startSession(for: credentials, secondFactorPending: false, on: response)
            return response
        } catch let error as ValidationError {
            page.errors[error.field == ResidentIDNumber.fieldName ? "idNumber" : "mobile"] = error.reason
            return try await request.render(page, status: .unprocessableEntity)
        }
    }
}

/// The registration form checked field by field, so that every error shows beside its field at once.
struct RegistrationInput {
    struct Errors: Error {
        var fields: [String: String]
    }

    var name: String
    var idNumber: ResidentIDNumber
    var mobile: MobileNumber
    var password: String

    init(form: RegistrationController.Form, today: CivilDate) throws {
        var errors: [String: String] = [:]
        let name = (form.name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if !(2...30).contains(name.count) { errors["name"] = "请填写 2–30 个字的真实姓名。" }
        var id: ResidentIDNumber?
        do { id = try ResidentIDNumber(form.idNumber ?? "", today: today, acceptLegacy15: false) } catch let error as ValidationError {
            errors["idNumber"] = error.reason
        }
        var mobile: MobileNumber?
        do { mobile = try MobileNumber(form.mobile ?? "") } catch let error as ValidationError { errors["mobile"] = error.reason }
        let password = form.password ?? ""
        do { try PasswordPolicy.validate(password) } catch let error as ValidationError { errors["password"] = error.reason }
        if password != (form.passwordConfirmation ?? "") { errors["passwordConfirmation"] = "两次输入的密码不一致。" }
        if form.consent != "yes" { errors["consent"] = "请阅读并同意个人信息处理说明。" }
        guard errors.isEmpty, let id, let mobile else { throw Errors(fields: errors) }
        self.name = name
        self.idNumber = id
        self.mobile = mobile
        self.password = password
    }
}

struct RegistrationPage: Page {
    static let template = "auth/register"
    var layout: Layout
    var name = ""
    var idNumber = ""
    var mobile = ""
    var errors: [String: String] = [:]
}
