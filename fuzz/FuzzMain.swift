import Foundation

// One libFuzzer binary for every target (MinzhengCore is compiled once); `FUZZ_TARGET` names the target.
nonisolated(unsafe) let fuzzTargets: [String: (UnsafeBufferPointer<UInt8>) -> Void] = [
    "IDNumber": fuzzIDNumber, "USCC": fuzzUSCC, "CalendarImport": fuzzCalendarImport,
    "OrganizationImport": fuzzOrganizationImport, "DrawVerify": fuzzDrawVerify, "BundleVerify": fuzzBundleVerify,
]

nonisolated(unsafe) let fuzzTarget: (UnsafeBufferPointer<UInt8>) -> Void = {
    let name = ProcessInfo.processInfo.environment["FUZZ_TARGET"] ?? ""
    guard let target = fuzzTargets[name] else {
        FileHandle.standardError.write(Data("FUZZ_TARGET must be one of \(fuzzTargets.keys.sorted())\n".utf8))
        exit(2)
    }
    return target
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzTarget(UnsafeBufferPointer(start: data, count: size))
    return 0
}
