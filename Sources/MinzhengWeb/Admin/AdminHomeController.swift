import MinzhengCore
import Vapor

/// `/admin`: what each administrator may manage (三员: each sees only their own functions).
struct AdminHomeController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.grouped(RequireLoginMiddleware()).get("admin", use: home)
    }

    @Sendable
    func home(_ request: Request) async throws -> Response {
        try await request.authorize(.openAdministration)
        let sections: [(Action, String, String, String)] = [
            (.administerAccounts, "/admin/accounts", "账户与岗位", "创建工作人员账户，授予岗位角色，重置密码，解锁账户。"),
            (.administerAccounts, "/admin/tokens", "接口令牌", "为对接系统签发限定岗位、单位和有效期的接口令牌；只显示一次，可吊销，每次使用记入审计日志。"),
            (.administerOrgTree, "/admin/org", "组织机构", "师市 → 团镇/街道 → 连队/社区，单位代码与适用日历。"),
            (.administerPowerList, "/admin/powers", "权责清单", "起草、审定、公布、废止权责事项，登记监管事项认领；公布前后的每个版本都保留。"),
            (.administerCalendar, "/admin/calendar", "节假日日历", "导入国务院节假日安排与新疆地方节日，期限计算据此进行。"),
            (.administerSettings, "/admin/standards", "救助标准", "按年度、地区设置低保、特困、两项补贴标准，保障金额据此计算。"),
            (.administerSettings, "/admin/settings", "业务设置", "规则手册中未经官方确认（✘）的各项设置及其默认值。"),
            (.administerSecuritySettings, "/admin/settings?group=auth", "安全策略", "登录失败锁定次数与时长。"),
            (.readJournal, "/admin/journal", "审计日志", "全过程记录：按时间、人员、操作、对象筛选，校验哈希链。"),
        ]
        let cards = sections.filter { request.isAllowed($0.0) }.map { AdminHomePage.Card(url: $0.1, title: $0.2, summary: $0.3) }
        return try await request.render(AdminHomePage(layout: Layout(title: "管理", section: .admin, request: request), cards: cards))
    }
}

struct AdminHomePage: Page {
    static let template = "admin/home"

    struct Card: Encodable {
        var url: String
        var title: String
        var summary: String
    }

    var layout: Layout
    var cards: [Card]
}
