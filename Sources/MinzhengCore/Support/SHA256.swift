import Foundation

/// SHA-256 (FIPS 180-4) and HMAC-SHA-256 (RFC 2104), in Core so that a published double-random draw can be re-run by
/// anyone with the rules alone (`minzheng draw verify`). Persistence uses swift-crypto for everything else.
public enum SHA256Hash {
    private static let k: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]

    static let initialState: [UInt32] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]

    public static func digest(_ message: [UInt8]) -> [UInt8] {
        finish(state: initialState, tail: message, processedBytes: 0)
    }

    /// Processes whole 64-byte blocks of `data` into `state`.
    static func compress(_ state: inout [UInt32], _ data: [UInt8], blocks: Range<Int>) {
        var w = [UInt32](repeating: 0, count: 64)
        for block in blocks {
            let chunk = block * 64
            for i in 0..<16 {
                let j = chunk + i * 4
                w[i] = UInt32(data[j]) << 24 | UInt32(data[j + 1]) << 16 | UInt32(data[j + 2]) << 8 | UInt32(data[j + 3])
            }
            for i in 16..<64 {
                let s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3)
                let s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10)
                w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
            }
            var (a, b, c, d, e, f, g, hh) = (state[0], state[1], state[2], state[3], state[4], state[5], state[6], state[7])
            for i in 0..<64 {
                let s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
                let choice = (e & f) ^ (~e & g)
                let t1 = hh &+ s1 &+ choice &+ k[i] &+ w[i]
                let s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
                let majority = (a & b) ^ (a & c) ^ (b & c)
                let t2 = s0 &+ majority
                hh = g; g = f; f = e; e = d &+ t1; d = c; c = b; b = a; a = t1 &+ t2
            }
            state[0] = state[0] &+ a; state[1] = state[1] &+ b; state[2] = state[2] &+ c; state[3] = state[3] &+ d
            state[4] = state[4] &+ e; state[5] = state[5] &+ f; state[6] = state[6] &+ g; state[7] = state[7] &+ hh
        }
    }

    /// Pads and processes `tail` after `processedBytes` already compressed into `state`.
    static func finish(state start: [UInt32], tail: [UInt8], processedBytes: Int) -> [UInt8] {
        var state = start
        var data = tail
        let bitLength = UInt64(processedBytes + tail.count) &* 8
        data.append(0x80)
        while data.count % 64 != 56 { data.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) { data.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift))) }
        compress(&state, data, blocks: 0..<(data.count / 64))
        return state.flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> UInt32(24 - $0 * 8)) } }
    }

    /// HMAC-SHA-256 with the key's padded blocks compressed once, for ranking many identifiers under one seed.
    public struct KeyedHasher: Sendable {
        let inner: [UInt32]
        let outer: [UInt32]

        public init(key: [UInt8]) {
            var block = key.count > 64 ? SHA256Hash.digest(key) : key
            block += [UInt8](repeating: 0, count: 64 - block.count)
            var inner = SHA256Hash.initialState
            SHA256Hash.compress(&inner, block.map { $0 ^ 0x36 }, blocks: 0..<1)
            var outer = SHA256Hash.initialState
            SHA256Hash.compress(&outer, block.map { $0 ^ 0x5c }, blocks: 0..<1)
            self.inner = inner
            self.outer = outer
        }

        public func mac(_ message: [UInt8]) -> [UInt8] {
            let inside = SHA256Hash.finish(state: inner, tail: message, processedBytes: 64)
            return SHA256Hash.finish(state: outer, tail: inside, processedBytes: 64)
        }

        public func hex(_ text: String) -> String { SHA256Hash.hexString(mac(Array(text.utf8))) }
    }

    public static func hex(_ text: String) -> String { hexString(digest(Array(text.utf8))) }

    /// HMAC-SHA-256 of `message` under `key`.
    public static func hmac(key: [UInt8], message: [UInt8]) -> [UInt8] {
        KeyedHasher(key: key).mac(message)
    }

    public static func hmacHex(key: String, message: String) -> String {
        hexString(hmac(key: Array(key.utf8), message: Array(message.utf8)))
    }

    public static func hexString(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        var characters: [Character] = []
        characters.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            characters.append(digits[Int(byte >> 4)])
            characters.append(digits[Int(byte & 0x0f)])
        }
        return String(characters)
    }

    @inline(__always) private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }
}
