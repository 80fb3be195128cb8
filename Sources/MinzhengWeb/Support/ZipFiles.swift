import Foundation
import MinzhengCore
import ZIPFoundation

/// Packs named files into a ZIP archive and reads them back (case bundles).
public enum ZipFiles {
    public static func pack(_ files: [String: Data]) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for path in files.keys.sorted() {
            let data = files[path]!
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw ValidationError(field: "案卷", reason: "无法生成压缩包。") }
        return data
    }

    public static func unpack(_ data: Data) throws -> [String: Data] {
        let archive: Archive
        do { archive = try Archive(data: data, accessMode: .read, pathEncoding: nil) } catch {
            throw ValidationError(field: "案卷", reason: "不是有效的 ZIP 文件。")
        }
        var files: [String: Data] = [:]
        for entry in archive where entry.type == .file {
            guard entry.uncompressedSize < 200_000_000 else { throw ValidationError(field: "案卷", reason: "文件过大：\(entry.path)") }
            var content = Data()
            _ = try archive.extract(entry) { content.append($0) }
            files[entry.path] = content
        }
        return files
    }
}
