import Foundation

/// A QR Code (ISO/IEC 18004, model 2) in byte mode, drawn by the server itself as SVG — used for TOTP enrolment,
/// so no third-party service ever sees a secret. Follows the structure of Project Nayuki's reference encoder.
public struct QRCode: Sendable {
    public enum ErrorCorrection: Int, Sendable {
        case low = 0, medium = 1

        var formatBits: Int { self == .low ? 1 : 0 }
    }

    public let version: Int
    public let size: Int
    private(set) var modules: [Bool]
    private var isFunction: [Bool]

    public enum Failure: Error, Equatable {
        case tooLong
    }

    /// Encodes `text` (UTF-8) in the smallest version 1–40 that holds it.
    public init(text: String, errorCorrection: ErrorCorrection = .medium) throws {
        let data = Array(text.utf8)
        var chosen = 0
        for version in 1...40 where Self.dataCapacityBits(version: version, ecl: errorCorrection) >= 4 + (version < 10 ? 8 : 16) + data.count * 8 {
            chosen = version
            break
        }
        guard chosen > 0 else { throw Failure.tooLong }
        version = chosen
        size = chosen * 4 + 17
        modules = Array(repeating: false, count: size * size)
        isFunction = Array(repeating: false, count: size * size)

        // Data bits: mode 0100, count, bytes, terminator, padding.
        var bits: [Bool] = []
        func append(_ value: Int, _ length: Int) {
            for shift in stride(from: length - 1, through: 0, by: -1) { bits.append((value >> shift) & 1 == 1) }
        }
        append(0b0100, 4)
        append(data.count, chosen < 10 ? 8 : 16)
        for byte in data { append(Int(byte), 8) }
        let capacity = Self.dataCapacityBits(version: chosen, ecl: errorCorrection)
        append(0, min(4, capacity - bits.count))
        append(0, (8 - bits.count % 8) % 8)
        var pad = 0xEC
        while bits.count < capacity {
            append(pad, 8)
            pad ^= 0xEC ^ 0x11
        }
        var codewords = [UInt8](repeating: 0, count: bits.count / 8)
        for (index, bit) in bits.enumerated() where bit { codewords[index >> 3] |= UInt8(1 << (7 - (index & 7))) }

        drawFunctionPatterns(ecl: errorCorrection)
        let allCodewords = Self.addErrorCorrectionAndInterleave(codewords, version: chosen, ecl: errorCorrection)
        drawCodewords(allCodewords)

        var bestMask = 0
        var bestPenalty = Int.max
        for mask in 0..<8 {
            applyMask(mask)
            drawFormatBits(ecl: errorCorrection, mask: mask)
            let penalty = penaltyScore()
            if penalty < bestPenalty {
                bestMask = mask
                bestPenalty = penalty
            }
            applyMask(mask)
        }
        applyMask(bestMask)
        drawFormatBits(ecl: errorCorrection, mask: bestMask)
    }

    public func isDark(x: Int, y: Int) -> Bool {
        x >= 0 && x < size && y >= 0 && y < size && modules[y * size + x]
    }

    /// An SVG drawing with a quiet zone of `border` modules; dark modules are one path.
    public func svg(border: Int = 4, pixelSize: Int = 6) -> String {
        let dimension = size + border * 2
        var path = ""
        for y in 0..<size {
            for x in 0..<size where isDark(x: x, y: y) {
                path += "M\(x + border),\(y + border)h1v1h-1z"
            }
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(dimension) \(dimension)" width="\(dimension * pixelSize)" \
            height="\(dimension * pixelSize)" shape-rendering="crispEdges" role="img" aria-label="二维码">\
            <rect width="100%" height="100%" fill="#ffffff"/><path d="\(path)" fill="#000000"/></svg>
            """
    }

    // MARK: Function patterns

    private mutating func set(_ x: Int, _ y: Int, _ dark: Bool) {
        modules[y * size + x] = dark
        isFunction[y * size + x] = true
    }

    private mutating func drawFunctionPatterns(ecl: ErrorCorrection) {
        for i in 0..<size {
            set(6, i, i % 2 == 0)
            set(i, 6, i % 2 == 0)
        }
        drawFinder(3, 3)
        drawFinder(size - 4, 3)
        drawFinder(3, size - 4)
        let positions = Self.alignmentPositions(version: version)
        let count = positions.count
        for i in 0..<count {
            for j in 0..<count where !((i == 0 && j == 0) || (i == 0 && j == count - 1) || (i == count - 1 && j == 0)) {
                drawAlignment(positions[i], positions[j])
            }
        }
        drawFormatBits(ecl: ecl, mask: 0)
        drawVersion()
    }

    private mutating func drawFinder(_ x: Int, _ y: Int) {
        for dy in -4...4 {
            for dx in -4...4 {
                let distance = max(abs(dx), abs(dy))
                let xx = x + dx, yy = y + dy
                if xx >= 0 && xx < size && yy >= 0 && yy < size { set(xx, yy, distance != 2 && distance != 4) }
            }
        }
    }

    private mutating func drawAlignment(_ x: Int, _ y: Int) {
        for dy in -2...2 {
            for dx in -2...2 { set(x + dx, y + dy, max(abs(dx), abs(dy)) != 1) }
        }
    }

    private mutating func drawFormatBits(ecl: ErrorCorrection, mask: Int) {
        let data = ecl.formatBits << 3 | mask
        var remainder = data
        for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
        let bits = (data << 10 | remainder) ^ 0x5412
        func bit(_ i: Int) -> Bool { (bits >> i) & 1 == 1 }
        for i in 0...5 { set(8, i, bit(i)) }
        set(8, 7, bit(6))
        set(8, 8, bit(7))
        set(7, 8, bit(8))
        for i in 9..<15 { set(14 - i, 8, bit(i)) }
        for i in 0..<8 { set(size - 1 - i, 8, bit(i)) }
        for i in 8..<15 { set(8, size - 15 + i, bit(i)) }
        set(8, size - 8, true)
    }

    private mutating func drawVersion() {
        guard version >= 7 else { return }
        var remainder = version
        for _ in 0..<12 { remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25) }
        let bits = version << 12 | remainder
        for i in 0..<18 {
            let dark = (bits >> i) & 1 == 1
            let a = size - 11 + i % 3, b = i / 3
            set(a, b, dark)
            set(b, a, dark)
        }
    }

    static func alignmentPositions(version: Int) -> [Int] {
        guard version > 1 else { return [] }
        let count = version / 7 + 2
        let step = version == 32 ? 26 : (version * 4 + count * 2 + 1) / (count * 2 - 2) * 2
        var result = [6]
        let size = version * 4 + 17
        for i in 0..<(count - 1) { result.insert(size - 7 - i * step, at: 1) }
        return result
    }

    // MARK: Codewords

    private mutating func drawCodewords(_ data: [UInt8]) {
        var index = 0
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            for vertical in 0..<size {
                for j in 0..<2 {
                    let x = right - j
                    let upward = (right + 1) & 2 == 0
                    let y = upward ? size - 1 - vertical : vertical
                    if !isFunction[y * size + x] && index < data.count * 8 {
                        modules[y * size + x] = (data[index >> 3] >> (7 - (index & 7))) & 1 == 1
                        index += 1
                    }
                }
            }
            right -= 2
        }
    }

    private mutating func applyMask(_ mask: Int) {
        for y in 0..<size {
            for x in 0..<size where !isFunction[y * size + x] {
                let invert: Bool
                switch mask {
                case 0: invert = (x + y) % 2 == 0
                case 1: invert = y % 2 == 0
                case 2: invert = x % 3 == 0
                case 3: invert = (x + y) % 3 == 0
                case 4: invert = (x / 3 + y / 2) % 2 == 0
                case 5: invert = x * y % 2 + x * y % 3 == 0
                case 6: invert = (x * y % 2 + x * y % 3) % 2 == 0
                default: invert = ((x + y) % 2 + x * y % 3) % 2 == 0
                }
                if invert { modules[y * size + x].toggle() }
            }
        }
    }

    // MARK: Penalty (rules N1–N4)

    private func penaltyScore() -> Int {
        var result = 0
        for horizontal in [true, false] {
            for a in 0..<size {
                var runColor = false
                var run = 0
                var history = [Int](repeating: 0, count: 7)
                for b in 0..<size {
                    let dark = horizontal ? isDark(x: b, y: a) : isDark(x: a, y: b)
                    if dark == runColor {
                        run += 1
                        if run == 5 { result += 3 } else if run > 5 { result += 1 }
                    } else {
                        finderPenaltyAddHistory(run, &history)
                        if !runColor { result += finderPenaltyCount(history) * 40 }
                        runColor = dark
                        run = 1
                    }
                }
                result += finderPenaltyTerminate(runColor, run, &history) * 40
            }
        }
        for y in 0..<(size - 1) {
            for x in 0..<(size - 1) {
                let color = isDark(x: x, y: y)
                if color == isDark(x: x + 1, y: y) && color == isDark(x: x, y: y + 1) && color == isDark(x: x + 1, y: y + 1) {
                    result += 3
                }
            }
        }
        let dark = modules.filter { $0 }.count
        let total = size * size
        let k = (abs(dark * 20 - total * 10) + total - 1) / total - 1
        result += k * 10
        return result
    }

    private func finderPenaltyCount(_ history: [Int]) -> Int {
        let n = history[1]
        let core = n > 0 && history[2] == n && history[3] == n * 3 && history[4] == n && history[5] == n
        return (core && history[0] >= n * 4 && history[6] >= n ? 1 : 0) + (core && history[6] >= n * 4 && history[0] >= n ? 1 : 0)
    }

    private func finderPenaltyTerminate(_ runColor: Bool, _ run: Int, _ history: inout [Int]) -> Int {
        var length = run
        if runColor {
            finderPenaltyAddHistory(length, &history)
            length = 0
        }
        length += size
        finderPenaltyAddHistory(length, &history)
        return finderPenaltyCount(history)
    }

    private func finderPenaltyAddHistory(_ run: Int, _ history: inout [Int]) {
        var length = run
        if history[0] == 0 { length += size }
        history.removeLast()
        history.insert(length, at: 0)
    }

    // MARK: Capacity and error correction

    static let eccCodewordsPerBlock: [[Int]] = [
        [-1, 7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28, 28, 28, 30, 30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
        [-1, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28],
    ]

    static let errorCorrectionBlocks: [[Int]] = [
        [-1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8, 8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25],
        [-1, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49],
    ]

    static func rawDataModules(version: Int) -> Int {
        var result = (16 * version + 128) * version + 64
        if version >= 2 {
            let alignments = version / 7 + 2
            result -= (25 * alignments - 10) * alignments - 55
            if version >= 7 { result -= 36 }
        }
        return result
    }

    static func dataCodewords(version: Int, ecl: ErrorCorrection) -> Int {
        rawDataModules(version: version) / 8
            - eccCodewordsPerBlock[ecl.rawValue][version] * errorCorrectionBlocks[ecl.rawValue][version]
    }

    static func dataCapacityBits(version: Int, ecl: ErrorCorrection) -> Int { dataCodewords(version: version, ecl: ecl) * 8 }

    static func addErrorCorrectionAndInterleave(_ data: [UInt8], version: Int, ecl: ErrorCorrection) -> [UInt8] {
        let blockCount = errorCorrectionBlocks[ecl.rawValue][version]
        let eccLength = eccCodewordsPerBlock[ecl.rawValue][version]
        let rawCodewords = rawDataModules(version: version) / 8
        let shortBlocks = blockCount - rawCodewords % blockCount
        let shortBlockLength = rawCodewords / blockCount
        let divisor = ReedSolomon.divisor(degree: eccLength)
        var blocks: [[UInt8]] = []
        var offset = 0
        for index in 0..<blockCount {
            let length = shortBlockLength - eccLength + (index < shortBlocks ? 0 : 1)
            var block = Array(data[offset..<(offset + length)])
            offset += length
            let ecc = ReedSolomon.remainder(block, divisor: divisor)
            if index < shortBlocks { block.append(0) }
            block.append(contentsOf: ecc)
            blocks.append(block)
        }
        var result: [UInt8] = []
        for i in 0..<blocks[0].count {
            for (index, block) in blocks.enumerated() where i != shortBlockLength - eccLength || index >= shortBlocks {
                result.append(block[i])
            }
        }
        return result
    }

    enum ReedSolomon {
        static func multiply(_ x: UInt8, _ y: UInt8) -> UInt8 {
            var z: Int = 0
            for i in stride(from: 7, through: 0, by: -1) {
                z = (z << 1) ^ ((z >> 7) * 0x11D)
                z ^= Int((y >> UInt8(i)) & 1) * Int(x)
            }
            return UInt8(z & 0xFF)
        }

        static func divisor(degree: Int) -> [UInt8] {
            var result = [UInt8](repeating: 0, count: degree)
            result[degree - 1] = 1
            var root: UInt8 = 1
            for _ in 0..<degree {
                for j in 0..<degree {
                    result[j] = multiply(result[j], root)
                    if j + 1 < degree { result[j] ^= result[j + 1] }
                }
                root = multiply(root, 0x02)
            }
            return result
        }

        static func remainder(_ data: [UInt8], divisor: [UInt8]) -> [UInt8] {
            var result = [UInt8](repeating: 0, count: divisor.count)
            for byte in data {
                let factor = byte ^ result.removeFirst()
                result.append(0)
                for i in 0..<result.count { result[i] ^= multiply(divisor[i], factor) }
            }
            return result
        }
    }
}
