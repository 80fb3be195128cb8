import Foundation

/// Reads the data-encryption keys and the journal key from the environment or key files.
///
/// In production both are required. In development and testing, a missing key is generated once into
/// `minzheng-dev.key` under the root folder (never the database), so a developer's data survives restarts.
struct KeyMaterial {
    var dataKeys: [String: Data] = [:]
    var activeDataKeyID = ""
    var journalKey = Data()
    var problems: [String] = []

    static func load(environment env: [String: String], isProduction: Bool, root: String) -> KeyMaterial {
        var result = KeyMaterial()
        let dataText = value(env, "MINZHENG_DATA_KEY", &result.problems)
        let journalText = value(env, "MINZHENG_JOURNAL_KEY", &result.problems)
        var developmentKeys: [String: String] = [:]
        if (dataText == nil || journalText == nil) && !isProduction {
            developmentKeys = developmentKeyFile(root: root)
        }
        if let text = dataText ?? developmentKeys["data"] {
            let parsed = parseDataKeys(text)
            if parsed.keys.isEmpty {
                result.problems.append("MINZHENG_DATA_KEY 无效：应为 32 字节密钥的 base64，或「id:base64」列表")
            } else {
                result.dataKeys = parsed.keys
                result.activeDataKeyID = parsed.activeID
            }
        } else {
            result.problems.append("缺少 MINZHENG_DATA_KEY 或 MINZHENG_DATA_KEY_FILE（个人信息加密密钥，生产环境必填）")
        }
        if let text = journalText ?? developmentKeys["journal"] {
            if let key = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)), key.count >= 32 {
                result.journalKey = key
            } else {
                result.problems.append("MINZHENG_JOURNAL_KEY 无效：应为至少 32 字节的 base64")
            }
        } else {
            result.problems.append("缺少 MINZHENG_JOURNAL_KEY 或 MINZHENG_JOURNAL_KEY_FILE（审计检查点签名密钥，生产环境必填）")
        }
        return result
    }

    private static func value(_ env: [String: String], _ name: String, _ problems: inout [String]) -> String? {
        if let text = env[name], !text.isEmpty { return text }
        if let path = env[name + "_FILE"], !path.isEmpty {
            guard let contents = try? String(contentsOfFile: path, encoding: .utf8) else {
                problems.append("无法读取 \(name)_FILE 指向的文件 \(path)")
                return nil
            }
            return contents.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return nil
    }

    /// `base64` (id "k1") or `id:base64,id:base64` (the first encrypts).
    static func parseDataKeys(_ text: String) -> (keys: [String: Data], activeID: String) {
        var keys: [String: Data] = [:]
        var active = ""
        for (index, part) in text.split(separator: ",").enumerated() {
            let trimmed = part.trimmingCharacters(in: .whitespacesAndNewlines)
            let pieces = trimmed.split(separator: ":", maxSplits: 1).map(String.init)
            let (id, encoded) = pieces.count == 2 ? (pieces[0], pieces[1]) : ("k1", pieces[0])
            guard let key = Data(base64Encoded: encoded), key.count == 32, !id.isEmpty else { return ([:], "") }
            keys[id] = key
            if index == 0 { active = id }
        }
        return (keys, active)
    }

    /// Reads or creates `minzheng-dev.key` (lines `data=…` and `journal=…`).
    private static func developmentKeyFile(root: String) -> [String: String] {
        let path = (root.hasSuffix("/") ? root : root + "/") + "minzheng-dev.key"
        if let text = try? String(contentsOfFile: path, encoding: .utf8) {
            var values: [String: String] = [:]
            for line in text.split(separator: "\n") {
                let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
                if parts.count == 2 { values[parts[0]] = parts[1] }
            }
            if values["data"] != nil, values["journal"] != nil { return values }
        }
        func random() -> String {
            var generator = SystemRandomNumberGenerator()
            return Data((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }).base64EncodedString()
        }
        let values = ["data": "dev1:" + random(), "journal": random()]
        let text = "# 开发环境密钥，仅供本机开发使用，切勿用于生产\ndata=\(values["data"]!)\njournal=\(values["journal"]!)\n"
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        return values
    }
}
