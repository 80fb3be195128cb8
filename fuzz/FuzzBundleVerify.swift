import Foundation

// libFuzzer target: the case bundle verifier, on an archive whose manifest, journal, document and evidence lists are
// the input split at three 0xFF bytes (the seed is a real bundle exported by the app).
func fuzzBundleVerify(_ input: UnsafeBufferPointer<UInt8>) {
    let parts = input.split(separator: 0xFF, maxSplits: 3, omittingEmptySubsequences: false).map { Data($0) }
    var files: [String: Data] = ["manifest.json": parts[0]]
    if parts.count > 1 { files["journal.json"] = parts[1] }
    if parts.count > 2 { files["documents.json"] = parts[2] }
    if parts.count > 3 { files["evidence.json"] = parts[3] }
    _ = CaseBundle.verify(files)
}
