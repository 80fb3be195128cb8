import Foundation
import MinzhengCore

/// The demo org tree: the real 师市 at the top (图木舒克市, GB/T 2260 659003) and fictional units below it,
/// each marked （示例） so that nobody mistakes them for the real tree.
public enum DemoOrgTree {
    public struct Node: Sendable {
        public let code: String
        public let name: String
        public let level: OrgLevel
        public let parentCode: String?
    }

    public static let nodes: [Node] = [
        Node(code: "659003", name: "第三师图木舒克市", level: .divisionCity, parentCode: nil),
        Node(code: "659003-101", name: "红柳团镇（示例）", level: .regimentTownOrSubdistrict, parentCode: "659003"),
        Node(code: "659003-101-01", name: "红柳团镇一连（示例）", level: .companyOrCommunity, parentCode: "659003-101"),
        Node(code: "659003-101-02", name: "红柳团镇二连（示例）", level: .companyOrCommunity, parentCode: "659003-101"),
        Node(code: "659003-102", name: "胡杨团镇（示例）", level: .regimentTownOrSubdistrict, parentCode: "659003"),
        Node(code: "659003-102-01", name: "胡杨团镇三连（示例）", level: .companyOrCommunity, parentCode: "659003-102"),
        Node(code: "659003-102-02", name: "胡杨团镇四连（示例）", level: .companyOrCommunity, parentCode: "659003-102"),
        Node(code: "659003-201", name: "金湾街道（示例）", level: .regimentTownOrSubdistrict, parentCode: "659003"),
        Node(code: "659003-201-01", name: "金湾街道春晖社区（示例）", level: .companyOrCommunity, parentCode: "659003-201"),
        Node(code: "659003-201-02", name: "金湾街道长安社区（示例）", level: .companyOrCommunity, parentCode: "659003-201"),
        Node(code: "659003-JY", name: "第三师图木舒克市教育局（示例）", level: .agency, parentCode: "659003"),
        Node(code: "659003-WT", name: "第三师图木舒克市文化体育广电和旅游局（示例）", level: .agency, parentCode: "659003"),
        Node(code: "659003-SF", name: "第三师图木舒克市司法局（示例）", level: .agency, parentCode: "659003"),
        Node(code: "659003-HY", name: "图木舒克市婚姻登记处（示例）", level: .agency, parentCode: "659003"),
        Node(code: "659003-CL", name: "第三师图木舒克市残疾人联合会（示例）", level: .agency, parentCode: "659003"),
    ]
}
