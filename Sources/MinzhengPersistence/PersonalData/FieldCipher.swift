import Crypto
import Foundation

/// Encrypts personal data at rest (issue 3, item 11): AES-GCM with a key from configuration, never from the
/// database. A sealed value records its key id (`v1:<key id>:<base64 nonce‖ciphertext‖tag>`), so keys can rotate.
/// Exact-value lookup uses a keyed HMAC index, so a database dump alone reveals no ID number or phone.
public struct FieldCipher: Sendable {
    private let keys: [String: SymmetricKey]
    public let activeKeyID: String
    private let indexKey: SymmetricKey

    public enum Failure: Error, CustomStringConvertible {
        case noKeys
        case unknownKey(String)
        case malformed
        case authenticationFailed

        public var description: String {
            switch self {
            case .noKeys: "没有配置个人信息加密密钥"
            case .unknownKey(let id): "密文使用的密钥「\(id)」不在当前配置中"
            case .malformed: "密文格式错误"
            case .authenticationFailed: "密文校验失败（数据被改动或密钥不符）"
            }
        }
    }

    public init(keys: [String: Data], activeKeyID: String) throws {
        guard let active = keys[activeKeyID] else { throw Failure.noKeys }
        self.keys = keys.mapValues { SymmetricKey(data: $0) }
        self.activeKeyID = activeKeyID
        self.indexKey = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: active), info: Data("minzheng-lookup-index-v1".utf8), outputByteCount: 32)
    }

    public func seal(_ plaintext: String) throws -> String {
        let box = try AES.GCM.seal(Data(plaintext.utf8), using: keys[activeKeyID]!)
        guard let combined = box.combined else { throw Failure.malformed }
        return "v1:\(activeKeyID):\(combined.base64EncodedString())"
    }

    public func open(_ sealed: String) throws -> String {
        let parts = sealed.split(separator: ":", maxSplits: 2).map(String.init)
        guard parts.count == 3, parts[0] == "v1", let data = Data(base64Encoded: parts[2]) else { throw Failure.malformed }
        guard let key = keys[parts[1]] else { throw Failure.unknownKey(parts[1]) }
        do {
            let box = try AES.GCM.SealedBox(combined: data)
            return String(decoding: try AES.GCM.open(box, using: key), as: UTF8.self)
        } catch {
            throw Failure.authenticationFailed
        }
    }

    public static func keyID(of sealed: String) -> String? {
        let parts = sealed.split(separator: ":", maxSplits: 2)
        return parts.count == 3 ? String(parts[1]) : nil
    }

    /// The lookup index of an exact value (normalise before calling: upper-case ID, bare 11-digit mobile).
    public func index(_ value: String) -> String {
        Digest.hex(HMAC<SHA256>.authenticationCode(for: Data(value.utf8), using: indexKey))
    }
}
