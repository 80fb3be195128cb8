import Foundation
import MinzhengCore
import MinzhengPersistence
import MinzhengTestSupport
import Testing
import Vapor

@Suite struct SecondFactorTests {
    /// Reads the enrolment key from the page, as a person typing it into an authenticator would.
    static func key(in page: String) throws -> Data {
        let marker = try #require(page.range(of: "<code class=\"key\">"))
        let rest = page[marker.upperBound...]
        let end = try #require(rest.range(of: "</code>"))
        return try #require(Base32.decode(String(rest[..<end.lowerBound]).replacingOccurrences(of: " ", with: "")))
    }

    @Test(arguments: TestDatabase.kinds)
    func staffEnrolTOTPAndThenNeedItToLogIn(_ kind: TestDatabase.Kind) async throws {
        try await TestApp.withDemo(kind) { app, password in
            let client = TestClient(app: app)
            try await client.login("reviewer", password)
            let enrolment = try await client.get("/work/security")
            #expect(enrolment.body.contains("<svg"))
            let secret = try Self.key(in: enrolment.body)
            let wrong = try await client.post("/work/security/totp", form: [("code", "000000")])
            #expect(wrong.status == .unprocessableEntity)
            let codes = try await client.post("/work/security/totp", form: [("code", TOTP(secret: secret).code(at: Date()))])
            #expect(codes.status == .ok)
            #expect(codes.body.contains("只显示这一次"))
            let recovery = try #require(codes.body.components(separatedBy: "<li><code>").dropFirst().first?.components(separatedBy: "</code>").first)
            try await client.post("/logout")

            let second = TestClient(app: app)
            let afterPassword = try await second.login("reviewer", password)
            #expect(afterPassword.location == "/login/second-factor")
            #expect(try await second.get("/work").location == "/login/second-factor")
            #expect(try await second.post("/login/second-factor", form: [("code", "123456")]).status == .unauthorized)
            let usedRecovery = try await second.post("/login/second-factor", form: [("code", recovery)])
            #expect(usedRecovery.location == "/work")
            #expect(try await second.get("/work").status == .ok)

            let third = TestClient(app: app)
            try await third.login("reviewer", password)
            #expect(try await third.post("/login/second-factor", form: [("code", recovery)]).status == .unauthorized)
        }
    }

    @Test func productionRequiresStaffToEnrolBeforeEnteringTheWorkbench() async throws {
        try await TestApp.withDemo(.sqlite, environment: ["MINZHENG_ENV": "production"]) { app, password in
            let client = TestClient(app: app)
            let response = try await client.login("reviewer", password)
            #expect(response.location == "/login/second-factor/enroll")
            let cookie = try #require(response.headers[.setCookie].first { $0.hasPrefix("__Host-minzheng-session=") })
            #expect(cookie.contains("Secure"))
            let work = try await client.get("/work")
            #expect(work.location == "/login/second-factor")
            let enrolment = try await client.get("/login/second-factor/enroll")
            #expect(enrolment.body.contains("<svg"))
            let secret = try Self.key(in: enrolment.body)
            let done = try await client.post("/login/second-factor/enroll", form: [("code", TOTP(secret: secret).code(at: Date()))])
            #expect(done.status == .ok)
            #expect(try await client.get("/work").status == .ok)
        }
    }
}
