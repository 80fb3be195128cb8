import Foundation
import MinzhengCore

/// Instants shown in Beijing time.
enum ChineseTime {

    /// `14:05` in China Standard Time.
    static func clock(_ date: Date) -> String {
        let (hour, minute, _) = timeOfDay(date)
        return pad(hour) + ":" + pad(minute)
    }

    /// `2025-10-09 14:05:00` in China Standard Time — by arithmetic, as `CivilDate` does (UTC+8, no daylight
    /// saving): a `DateFormatter` per call opened an ICU formatter each time, a twentieth of a matter page's cost.
    static func dateTime(_ date: Date) -> String {
        let (hour, minute, second) = timeOfDay(date)
        return "\(CivilDate(date)) \(pad(hour)):\(pad(minute)):\(pad(second))"
    }

    private static func timeOfDay(_ date: Date) -> (Int, Int, Int) {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down)) + CivilDate.chinaStandardTimeOffset
        let inDay = ((seconds % 86_400) + 86_400) % 86_400
        return (inDay / 3600, inDay % 3600 / 60, inDay % 60)
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
}
