import Foundation

// libFuzzer target: the double-random draw file verifier (`minzheng draw verify`), on any bytes.
func fuzzDrawVerify(_ input: UnsafeBufferPointer<UInt8>) {
    let bytes = Data(input)
    if let file = try? DoubleRandomDraw.decode(bytes) {
        _ = DoubleRandomDraw.verify(file)
    }
}
