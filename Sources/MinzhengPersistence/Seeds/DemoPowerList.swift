import Foundation
import MinzhengCore

/// The demo power list: 37 items refining 28 authorized powers, by type as the 2025 report counts them (行政给付 7,
/// 行政确认 6, 行政许可 6, 其他行政权力 13, 行政处罚 4, 行政检查 1). Built for the demo from the usual civil-affairs
/// items; it is not the bureau's official list.
public enum DemoPowerList {
    struct Entry {
        let code: String
        let name: String
        let type: PowerType
        let power: String
        let basis: LegalBasis
        let supervision: Bool
    }

    static let entries: [Entry] = [
        // 行政给付 7
        Entry(code: "MZ-JF-001", name: "最低生活保障金给付", type: .benefitPayment, power: "P01 社会救助给付", basis: .init(law: "社会救助暂行办法", article: "第九条"), supervision: false),
        Entry(code: "MZ-JF-002", name: "特困人员救助供养金给付", type: .benefitPayment, power: "P01 社会救助给付", basis: .init(law: "社会救助暂行办法", article: "第十四条"), supervision: false),
        Entry(code: "MZ-JF-003", name: "临时救助金给付", type: .benefitPayment, power: "P01 社会救助给付", basis: .init(law: "社会救助暂行办法", article: "第四十七条"), supervision: false),
        Entry(code: "MZ-JF-004", name: "困难残疾人生活补贴给付", type: .benefitPayment, power: "P02 残疾人两项补贴给付", basis: .init(law: "国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见（国发〔2015〕52号）", article: "二"), supervision: false),
        Entry(code: "MZ-JF-005", name: "重度残疾人护理补贴给付", type: .benefitPayment, power: "P02 残疾人两项补贴给付", basis: .init(law: "国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见（国发〔2015〕52号）", article: "二"), supervision: false),
        Entry(code: "MZ-JF-006", name: "孤儿基本生活费给付", type: .benefitPayment, power: "P03 儿童福利给付", basis: .init(law: "国务院办公厅关于加强孤儿保障工作的意见（国办发〔2010〕54号）", article: "二"), supervision: false),
        Entry(code: "MZ-JF-007", name: "事实无人抚养儿童基本生活补贴给付", type: .benefitPayment, power: "P03 儿童福利给付", basis: .init(law: "关于进一步加强事实无人抚养儿童保障工作的意见（民发〔2019〕62号）", article: "三"), supervision: false),
        // 行政确认 6
        Entry(code: "MZ-QR-001", name: "最低生活保障对象认定", type: .confirmation, power: "P04 社会救助对象认定", basis: .init(law: "最低生活保障审核确认办法（民发〔2021〕57号）", article: "第二条"), supervision: false),
        Entry(code: "MZ-QR-002", name: "特困人员认定", type: .confirmation, power: "P04 社会救助对象认定", basis: .init(law: "特困人员认定办法（民发〔2021〕43号）", article: "第三条"), supervision: false),
        Entry(code: "MZ-QR-003", name: "低收入家庭认定", type: .confirmation, power: "P04 社会救助对象认定", basis: .init(law: "社会救助暂行办法", article: "第十一条"), supervision: false),
        Entry(code: "MZ-QR-004", name: "内地居民婚姻登记", type: .confirmation, power: "P05 婚姻登记", basis: .init(law: "婚姻登记条例", article: "第二条"), supervision: false),
        Entry(code: "MZ-QR-005", name: "收养登记", type: .confirmation, power: "P06 收养登记", basis: .init(law: "中华人民共和国民法典", article: "第一千一百零五条"), supervision: false),
        Entry(code: "MZ-QR-006", name: "慈善组织认定", type: .confirmation, power: "P07 慈善组织认定", basis: .init(law: "中华人民共和国慈善法", article: "第十条"), supervision: false),
        // 行政许可 6
        Entry(code: "MZ-XK-001", name: "社会团体成立、变更、注销登记", type: .licensing, power: "P08 社会团体登记", basis: .init(law: "社会团体登记管理条例", article: "第六条"), supervision: false),
        Entry(code: "MZ-XK-002", name: "社会团体修改章程核准", type: .licensing, power: "P28 社会团体章程核准", basis: .init(law: "社会团体登记管理条例", article: "第十四条"), supervision: false),
        Entry(code: "MZ-XK-003", name: "民办非企业单位成立、变更、注销登记", type: .licensing, power: "P09 民办非企业单位登记", basis: .init(law: "民办非企业单位登记管理暂行条例", article: "第五条"), supervision: false),
        Entry(code: "MZ-XK-004", name: "民办非企业单位修改章程核准", type: .licensing, power: "P09 民办非企业单位登记", basis: .init(law: "民办非企业单位登记管理暂行条例", article: "第十八条"), supervision: false),
        Entry(code: "MZ-XK-005", name: "慈善组织公开募捐资格审核", type: .licensing, power: "P10 公开募捐资格", basis: .init(law: "中华人民共和国慈善法", article: "第二十二条"), supervision: false),
        Entry(code: "MZ-XK-006", name: "经营性公墓建设审批", type: .licensing, power: "P11 殡葬设施审批", basis: .init(law: "殡葬管理条例", article: "第八条"), supervision: false),
        // 其他行政权力 13
        Entry(code: "MZ-QT-001", name: "社会组织年度检查", type: .other, power: "P12 社会组织监督管理", basis: .init(law: "社会团体登记管理条例", article: "第二十八条"), supervision: true),
        Entry(code: "MZ-QT-002", name: "社会组织评估等级评定", type: .other, power: "P12 社会组织监督管理", basis: .init(law: "社会组织评估管理办法", article: "第二条"), supervision: true),
        Entry(code: "MZ-QT-003", name: "社会组织活动异常名录列入与移出", type: .other, power: "P13 社会组织信用管理", basis: .init(law: "社会组织信用信息管理办法（民政部令第60号）", article: "第十二条"), supervision: true),
        Entry(code: "MZ-QT-004", name: "社会组织严重违法失信名单列入与移出", type: .other, power: "P13 社会组织信用管理", basis: .init(law: "社会组织信用信息管理办法（民政部令第60号）", article: "第十八条"), supervision: true),
        Entry(code: "MZ-QT-005", name: "养老机构备案", type: .other, power: "P14 养老机构管理", basis: .init(law: "养老机构管理办法（民政部令第66号）", article: "第九条"), supervision: true),
        Entry(code: "MZ-QT-006", name: "慈善信托备案", type: .other, power: "P15 慈善信托管理", basis: .init(law: "中华人民共和国慈善法", article: "第四十五条"), supervision: false),
        Entry(code: "MZ-QT-007", name: "慈善组织年度报告审查", type: .other, power: "P16 慈善组织监督", basis: .init(law: "中华人民共和国慈善法", article: "第十三条"), supervision: true),
        Entry(code: "MZ-QT-008", name: "社会救助家庭经济状况核对", type: .other, power: "P17 家庭经济状况核对", basis: .init(law: "社会救助暂行办法", article: "第五十一条"), supervision: false),
        Entry(code: "MZ-QT-009", name: "婚姻登记档案查询", type: .other, power: "P18 婚姻登记档案管理", basis: .init(law: "婚姻登记档案管理办法", article: "第十四条"), supervision: false),
        Entry(code: "MZ-QT-010", name: "地名命名、更名审核", type: .other, power: "P19 地名管理", basis: .init(law: "地名管理条例", article: "第十二条"), supervision: false),
        Entry(code: "MZ-QT-011", name: "殡葬服务单位监督管理", type: .other, power: "P20 殡葬管理", basis: .init(law: "殡葬管理条例", article: "第三条"), supervision: true),
        Entry(code: "MZ-QT-012", name: "生活无着的流浪乞讨人员救助", type: .other, power: "P21 流浪乞讨人员救助", basis: .init(law: "城市生活无着的流浪乞讨人员救助管理办法", article: "第二条"), supervision: false),
        Entry(code: "MZ-QT-013", name: "高龄津贴发放管理", type: .other, power: "P22 老年人福利", basis: .init(law: "中华人民共和国老年人权益保障法", article: "第三十三条"), supervision: false),
        // 行政处罚 4
        Entry(code: "MZ-CF-001", name: "对社会团体违反登记管理规定行为的处罚", type: .penalty, power: "P23 社会团体违法行为处罚", basis: .init(law: "社会团体登记管理条例", article: "第三十条"), supervision: false),
        Entry(code: "MZ-CF-002", name: "对民办非企业单位违反登记管理规定行为的处罚", type: .penalty, power: "P24 民办非企业单位违法行为处罚", basis: .init(law: "民办非企业单位登记管理暂行条例", article: "第二十五条"), supervision: false),
        Entry(code: "MZ-CF-003", name: "对基金会违反管理规定行为的处罚", type: .penalty, power: "P25 基金会违法行为处罚", basis: .init(law: "基金会管理条例", article: "第四十二条"), supervision: false),
        Entry(code: "MZ-CF-004", name: "对违反殡葬管理规定行为的处罚", type: .penalty, power: "P26 殡葬违法行为处罚", basis: .init(law: "殡葬管理条例", article: "第二十条"), supervision: false),
        // 行政检查 1
        Entry(code: "MZ-JC-001", name: "对社会组织和养老机构的监督检查", type: .inspection, power: "P27 监督检查", basis: .init(law: "社会组织抽查暂行办法（民发〔2017〕45号）", article: "第二条"), supervision: true),
    ]

    /// The items, each with its stages, accountability, flow and risk points.
    public static var items: [PowerItem] {
        entries.map { entry in
            let stages = entry.type.defaultStages
            return PowerItem(
                code: entry.code, name: entry.name, type: entry.type, authorizedPower: entry.power, bases: [entry.basis],
                body: "第三师图木舒克市民政局", handlingUnit: handlingUnit(entry.type), level: "师市",
                responsibilities: stages.map { ResponsibilityItem(stage: $0, content: "\($0)环节依法履职，按时限办理并留痕", basis: entry.basis.text) },
                accountability: ["不依法履行\(entry.name)职责的", "违反法定程序、超过法定期限的", "滥用职权、徇私舞弊的"],
                complaintPhone: "12345（政务服务便民热线）", flow: stages.map { "\($0)" },
                riskPoints: ["审核把关不严", "未按规定时限办理"], remarks: "演示数据：按报告数量构造，非官方清单", isSupervisionItem: entry.supervision)
        }
    }

    static func handlingUnit(_ type: PowerType) -> String {
        switch type {
        case .benefitPayment, .confirmation: "社会救助与社会事务科（示例）"
        case .licensing, .penalty, .inspection: "社会组织管理科（示例）"
        default: "综合业务科（示例）"
        }
    }
}
