import Foundation
@testable import MinzhengWeb
import Testing

/// Times on pages are China Standard Time, formatted by arithmetic; they read as Foundation's formatter reads them.
@Suite struct ChineseTimeTests {
    @Test func timesReadAsTheFormatterReadsThem() {
        let formatter = DateFormatter()
        formatter.timeZone = TimeZone(secondsFromGMT: 8 * 3600)
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        let instants = [0, 1, 57_599, 57_600, 86_399, 951_782_400, 1_759_996_799, 1_759_996_800, 1_767_196_800 - 1, 4_102_444_800]
            .map { Date(timeIntervalSince1970: TimeInterval($0)) } + [Date(timeIntervalSince1970: 1_759_996_800.75)]
        for instant in instants {
            #expect(ChineseTime.dateTime(instant) == formatter.string(from: instant))
            #expect(ChineseTime.clock(instant) == String(formatter.string(from: instant).dropFirst(11).prefix(5)))
        }
    }
}
