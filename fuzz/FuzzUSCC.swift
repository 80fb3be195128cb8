import Foundation

// libFuzzer target: the unified social credit code parser (GB 32100).
func fuzzUSCC(_ input: UnsafeBufferPointer<UInt8>) {
    let text = String(decoding: input, as: UTF8.self)
    if let code = try? UnifiedSocialCreditCode(text) {
        precondition((try? UnifiedSocialCreditCode(code.description)) == code)
    }
    // `completing` is for literal codes of the code's alphabet (it stops on anything else, by precondition).
    if text.count == 17, text.allSatisfy({ "0123456789ABCDEFGHJKLMNPQRTUWXY".contains($0) }) {
        _ = UnifiedSocialCreditCode.completing(text)
    }
}
