import FluentKit
import Foundation
import MinzhengCore
import MinzhengPersistence
import MinzhengTestSupport
import Testing

@Suite struct AppointmentBookTests {
    struct Harness {
        let base: MatterHarness
        let book: AppointmentBook

        init(_ runtime: DatabaseRuntime) async throws {
            base = try await MatterHarness(runtime)
            book = AppointmentBook(store: runtime.store, db: runtime.db)
        }

        func open(_ from: String, _ through: String, capacity: Int? = 2, service: AppointmentService = .marriage, as username: String = "registrar",
                  unit: String = "659003-HY") async throws -> AppointmentBook.Opening {
            let staff = try await base.principal(username)
            return try await book.open(service, at: try await base.unit(unit), from: CivilDate(iso: from)!, through: CivilDate(iso: through)!,
                                       capacity: capacity, by: staff, context: MatterHarness.context(staff), now: MatterHarness.at("2025-09-20"))
        }

        func citizen(_ index: Int) async throws -> Principal {
            try await base.runtime.store.write(on: base.runtime.db) { db in
                try await AccountRepository(db: db, cipher: Fixtures.cipher).createCitizen(
                    name: "预约人\(index)（示例）", idNumber: try ResidentIDNumber(Fixtures.idNumber("6590031990010100\(index)"), today: CivilDate(iso: "2025-09-20")!),
                    mobile: try MobileNumber("1390000100\(index)"), passwordHash: "x")
            }.principal
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func slotsOpenOnWorkingDaysOnlyIncludingMakeUpSaturdays(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let h = try await Harness(runtime)
            let opening = try await h.open("2025-09-26", "2025-10-12")
            // 9-28 (Sunday) and 10-11 (Saturday) are National Day make-up working days; 10-01 … 10-08 are days off.
            #expect(opening.opened.map(\.description) == ["2025-09-26", "2025-09-28", "2025-09-29", "2025-09-30", "2025-10-09", "2025-10-10", "2025-10-11"])
            #expect(opening.skipped.map(\.date.description).contains("2025-10-01"))
            #expect(!opening.skipped.map(\.date.description).contains("2025-09-28"))
            let again = try await h.open("2025-09-26", "2025-09-30")
            #expect(again.opened.isEmpty)
            #expect(again.alreadyOpen.count == 4)
            do {
                _ = try await h.open("2025-10-01", "2025-10-01")
                Issue.record("opened a slot on a holiday")
            } catch let error as ValidationError {
                #expect(error.message.contains("国庆节"))
            }
            await #expect(throws: ValidationError.self) { _ = try await h.open("2025-09-29", "2025-09-29", capacity: 0) }
            await #expect(throws: ValidationError.self) { _ = try await h.open("2025-09-01", "2025-09-02") }
            // Only the registries of the setting, and only by registry staff.
            await #expect(throws: ValidationError.self) { _ = try await h.open("2025-09-29", "2025-09-29", as: "clerk", unit: "659003-101") }
            await #expect(throws: AccessRefused.self) { _ = try await h.open("2025-09-29", "2025-09-29", as: "reviewer") }
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func theCapacityHoldsAndAPlaceReturnsOnCancellation(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let h = try await Harness(runtime)
            _ = try await h.open("2025-09-29", "2025-09-29", capacity: 2)
            let slot = try #require(try await h.book.available(.marriage, today: CivilDate(iso: "2025-09-20")!, page: Pagination()).items.first)
            let people = [try await h.citizen(1), try await h.citizen(2), try await h.citizen(3)]
            let now = MatterHarness.at("2025-09-21")
            let first = try await h.book.book(slot.id, by: people[0], context: MatterHarness.context(people[0]), now: now)
            #expect(first.reference == "YY-2025-000001")
            #expect(first.holderName == Masking.name("预约人1（示例）"))
            await #expect(throws: ValidationError.self) { _ = try await h.book.book(slot.id, by: people[0], context: MatterHarness.context(people[0]), now: now) }
            _ = try await h.book.book(slot.id, by: people[1], context: MatterHarness.context(people[1]), now: now)
            do {
                _ = try await h.book.book(slot.id, by: people[2], context: MatterHarness.context(people[2]), now: now)
                Issue.record("booked beyond the capacity")
            } catch let error as ValidationError {
                #expect(error.message.contains("约满"))
            }
            #expect(try await h.book.available(.marriage, today: CivilDate(iso: "2025-09-21")!, page: Pagination()).items.isEmpty)
            await #expect(throws: AccessRefused.self) { try await h.book.cancel(first.id, by: people[1], context: MatterHarness.context(people[1]), now: now) }
            try await h.book.cancel(first.id, by: people[0], context: MatterHarness.context(people[0]), now: now)
            #expect(try await h.book.appointment(first.id).status == .cancelled)
            _ = try await h.book.book(slot.id, by: people[2], context: MatterHarness.context(people[2]), now: now)
            let registrar = try await h.base.principal("registrar")
            let (bookedSlot, bookings) = try await h.book.bookings(of: slot.id, by: registrar, cipher: Fixtures.cipher)
            #expect(bookedSlot.booked == 2)
            #expect(bookings.filter { $0.status == .booked }.count == 2)
            await #expect(throws: ValidationError.self) {
                try await h.book.setCapacity(slot.id, to: 1, by: registrar, context: MatterHarness.context(registrar))
            }
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func simultaneousBookingsNeverExceedTheCapacity(_ kind: TestDatabase.Kind) async throws {
        try await TestDatabase.withStore(kind) { runtime in
            let h = try await Harness(runtime)
            _ = try await h.open("2025-09-29", "2025-09-29", capacity: 3)
            let slot = try #require(try await h.book.available(.marriage, today: CivilDate(iso: "2025-09-20")!, page: Pagination()).items.first)
            var people: [Principal] = []
            for index in 1...8 { people.append(try await h.citizen(index)) }
            let book = h.book
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for person in people {
                    group.addTask {
                        (try? await book.book(slot.id, by: person, context: MatterHarness.context(person), now: MatterHarness.at("2025-09-21"))) != nil
                    }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 3)
            let registrar = try await h.base.principal("registrar")
            #expect(try await h.book.bookings(of: slot.id, by: registrar, cipher: Fixtures.cipher).0.booked == 3)
        }
    }
}
