"""The invented words of the demo: 政务新媒体 accounts, villages, topics and title templates."""

from __future__ import annotations

#: 政务新媒体 accounts: (account, owner unit, posts a day at scale 1).
ACCOUNTS: tuple[tuple[str, str, float], ...] = (
    ("于都发布（微信公众号）", "县融媒体中心", 3.0),
    ("于都发布（新浪微博）", "县融媒体中心", 4.0),
    ("于都政务（微信公众号）", "县政府办", 1.2),
    ("于都教育（微信公众号）", "县教科体局", 1.0),
    ("健康于都（微信公众号）", "县卫健委", 1.0),
    ("于都人社（微信公众号）", "县人社局", 0.8),
    ("于都市场监管（微信公众号）", "县市场监督管理局", 0.8),
    ("于都文旅（抖音号）", "县文广新旅局", 1.0),
    ("于都税务（微信公众号）", "县税务局", 0.7),
    ("贡江镇发布（微信公众号）", "贡江镇", 0.8),
    ("于都农业农村（微信公众号）", "县农业农村局", 0.7),
)

#: Fictional villages (村) of each township: invented names, not Yudu's administrative villages.
#: Four village names, plainly invented (虚构), shared by every township: govflow ships no real
#: village names, and a made-up name that sounds real could be taken for one of Yudu's villages.
INVENTED_VILLAGES = ("虚构甲村", "虚构乙村", "虚构丙村", "虚构丁村")

VILLAGES: dict[str, tuple[str, ...]] = {
    "贡江镇": INVENTED_VILLAGES,
    "铁山垅镇": INVENTED_VILLAGES,
    "盘古山镇": INVENTED_VILLAGES,
    "禾丰镇": INVENTED_VILLAGES,
    "祁禄山镇": INVENTED_VILLAGES,
    "梓山镇": INVENTED_VILLAGES,
    "银坑镇": INVENTED_VILLAGES,
    "岭背镇": INVENTED_VILLAGES,
    "罗坳镇": INVENTED_VILLAGES,
    "罗江乡": INVENTED_VILLAGES,
    "小溪乡": INVENTED_VILLAGES,
    "利村乡": INVENTED_VILLAGES,
    "新陂乡": INVENTED_VILLAGES,
    "靖石乡": INVENTED_VILLAGES,
    "黄麟乡": INVENTED_VILLAGES,
    "沙心乡": INVENTED_VILLAGES,
    "宽田乡": INVENTED_VILLAGES,
    "葛坳乡": INVENTED_VILLAGES,
    "桥头乡": INVENTED_VILLAGES,
    "马安乡": INVENTED_VILLAGES,
    "仙下乡": INVENTED_VILLAGES,
    "车溪乡": INVENTED_VILLAGES,
    "段屋乡": INVENTED_VILLAGES,
}

#: Topics for titles, by unit; townships share :data:`TOWNSHIP_TOPICS`.
TOPICS: dict[str, tuple[str, ...]] = {
    "县政府办": (
        "政务公开",
        "营商环境优化升级",
        "“五型”政府建设",
        "重点项目调度",
        "安全生产",
        "防汛救灾",
    ),
    "县发改委": ("重大项目建设", "价格监测", "粮食安全储备", "数字经济发展", "社会信用体系建设"),
    "县工信局": ("工业倍增升级", "中小企业纾困", "纺织服装产业", "智能制造", "工业互联网"),
    "县行政审批局": ("“一网通办”", "政务服务大厅", "“证照分离”改革", "帮代办服务", "“掌上办”"),
    "县商务局": ("消费券发放", "电子商务进农村", "外贸稳增长", "招商引资", "商贸流通"),
    "县财政局": ("预算绩效管理", "直达资金监管", "政府采购", "国有资产管理", "财会监督"),
    "县市场监督管理局": (
        "食品安全",
        "特种设备安全",
        "价格监督检查",
        "知识产权保护",
        "市场主体培育",
    ),
    "县人社局": ("稳岗扩岗", "职业技能培训", "社保待遇发放", "农民工工资支付", "高校毕业生就业"),
    "县审计局": ("审计整改", "经济责任审计", "专项资金审计", "审计项目计划"),
    "县教科体局": ("义务教育招生", "教师招聘", "校园安全", "学前教育", "全民健身"),
    "县卫健委": ("医疗服务", "疾病预防控制", "家庭医生签约", "爱国卫生运动", "基层医疗能力提升"),
    "县生态环境局": ("大气污染防治", "生态环境执法", "河湖长制", "环保督察整改", "固体废物管理"),
    "县民政局": ("社会救助", "养老服务", "婚姻登记", "殡葬改革", "社会组织管理"),
    "县自然资源局": ("国土空间规划", "耕地保护", "不动产登记", "地质灾害防治", "征地信息公开"),
    "县乡村振兴局": ("巩固拓展脱贫攻坚成果", "防返贫监测帮扶", "乡村振兴示范点建设", "帮扶车间"),
    "县文广新旅局": ("长征文化", "全民阅读", "文旅消费", "非遗保护传承", "公共文化服务"),
    "县司法局": ("法治政府建设", "普法宣传", "人民调解", "行政复议", "规范性文件审查"),
    "县农业农村局": ("富硒产业", "高标准农田建设", "秋冬种", "农产品质量安全", "动物防疫"),
    "县融媒体中心": ("于都新闻", "长征源头", "富硒于都", "时尚之都", "乡村振兴"),
}
TOWNSHIP_TOPICS = (
    "农村人居环境整治",
    "防汛抗旱",
    "森林防火",
    "富硒蔬菜基地",
    "乡村振兴",
    "平安建设",
    "禁毒宣传",
    "医保征缴",
    "秸秆禁烧",
    "养老服务",
    "“干部夜访”",
    "耕地保护",
)
NEWS = (
    "{u}召开{t}工作推进会",
    "{u}开展{t}专项行动",
    "{u}扎实推进{t}",
    "{u}部署{t}工作",
    "{u}：{t}取得新成效",
    "{u}举办{t}业务培训班",
    "{u}多措并举抓好{t}",
    "{u}召开{m}月份{t}调度会",
    "{u}深入开展{t}督导检查",
    "{u}全力做好{t}各项工作",
)
NOTICES = (
    "关于{t}有关事项的通知",
    "关于开展{t}工作的通知",
    "{u}关于{t}情况的公示",
    "关于做好{t}工作的公告",
    "{u}{y}年{t}工作情况通报",
)
POLICIES = (
    "{p}{t}实施方案",
    "关于印发《{p}{t}工作方案》的通知",
    "{p}{t}管理办法",
    "关于进一步加强{t}的若干措施",
)
ACCOUNT_POSTS = (
    "{t}，这些政策要知道",
    "图说丨{t}",
    "【提醒】{t}最新通知",
    "{t}进行时",
    "政策速递丨{t}",
    "一图读懂{t}",
    "聚焦{t}丨今天，我们这样干",
)
MESSAGE_CHANNELS = ("问政江西", "问政赣州", "省长建言", "县长信箱", "于都县人民政府网网络问政")
APPLICATION_CHANNELS = (
    ("网络平台", 45),
    ("邮寄", 25),
    ("当面提交", 20),
    ("传真", 4),
    ("电子邮件", 6),
)
DELIVERY = ("电子邮件", "邮寄", "当面领取", "网络平台")
LIVELIHOOD = {
    "县教科体局": ("教育", ("义务教育招生政策", "公办学校划片范围", "民办学校招生计划")),
    "县卫健委": ("医疗卫生", ("公立医疗机构绩效考核结果", "传染病防控提示")),
    "县民政局": ("社会救助", ("城乡低保对象", "特困人员供养标准")),
    "县人社局": ("就业", ("公益性岗位招聘", "就业见习补贴")),
    "县生态环境局": ("生态环境", ("生态环境执法情况", "环境空气质量")),
    "县文广新旅局": ("公共文化", ("公共文化场馆开放", "全民阅读活动")),
    "县乡村振兴局": ("乡村振兴", ("衔接资金项目库", "帮扶车间认定")),
}


def doc_number(unit: str) -> str:
    """The format of a unit's invented document numbers: 于财字〔2023〕{}号, 贡江府发〔2023〕{}号."""
    if unit == "县政府办":
        return "于府办发〔2023〕1{:02d}号"
    if unit.endswith(("镇", "乡")):
        return unit[:-1] + "府发〔2023〕{}号"
    return f"于{unit[1]}字〔2023〕" + "{}号"


def doc_name(title: str) -> str:
    """A policy's name for its 解读: 《X》 out of 「关于印发《X》的通知」, else the title."""
    if title.startswith("关于印发《") and title.endswith("》的通知"):
        return title[len("关于印发《") : -len("》的通知")]
    return title
