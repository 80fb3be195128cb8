import MinzhengCore
import Testing

@Suite struct PaginationTests {
    /// A page number or size from a link is clamped, never trusted: the offset of the largest page is still a number
    /// (it once overflowed and stopped the server).
    @Test(arguments: [Int.min, -1, 0, 1, 2, 576_460_752_303_423_488, Int.max])
    func anyNumberGivesAnOffsetWithinRange(_ number: Int) {
        for size in [Int.min, 0, 1, 20, 100, Int.max] {
            let page = Pagination(number: number, size: size)
            #expect((1...Pagination.maximumNumber).contains(page.number))
            #expect((1...Pagination.maximumSize).contains(page.size))
            #expect(page.offset >= 0 && page.offset <= (Pagination.maximumNumber - 1) * Pagination.maximumSize)
        }
        #expect(Pagination(number: 3, size: 20).offset == 40)
    }
}
