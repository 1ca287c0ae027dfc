"""Generic domain word lists for the news extractor (no entity of any particular article).

Suffixes, cue words and common industry names only: the extractor must generalise to
articles it has never seen, so nothing here names a specific park, firm or project.

Examples
--------
>>> "高新区" in PARK_SUFFIXES and "有限公司" in LEGAL_SUFFIXES
True
"""

from __future__ import annotations

# Park-type suffixes, longest first (regex alternation order matters).
ADMIN_PARK_SUFFIXES = (
    "高新技术产业开发区", "高新技术开发区", "经济技术开发区", "经济开发区", "综合保税区",
    "工业集中区", "高新区", "经开区", "开发区", "保税区", "工业园区",
)
SUB_PARK_SUFFIXES = (
    "产业园区", "产业园", "工业园", "科技城", "科技园", "科创园", "创新园", "产业基地",
)
PARK_SUFFIXES = ADMIN_PARK_SUFFIXES + SUB_PARK_SUFFIXES

# Legal-name suffixes of Chinese companies, longest first.
LEGAL_SUFFIXES = (
    "股份有限公司", "有限责任公司", "(集团)有限责任公司", "(集团)有限公司", "(集团)股份有限公司",
    "集团有限公司", "控股有限公司", "有限公司", "分公司", "集团", "公司",
)
# Words that end a short name without being part of its distinctive core.
SHORT_SUFFIXES = ("股份", "控股", "集团", "公司")

# Organisations that are not enterprises (government, schools, associations, events).
NON_ENTERPRISE_SUFFIXES = (
    "大学", "学院", "学校", "研究院", "研究所", "设计院", "局", "委", "委员会", "管委会", "党工委",
    "政府", "部门", "办", "办公室", "联合会", "商会", "协会", "总会", "大会", "峰会", "博览会",
    "洽谈会", "推介会", "会议", "论坛", "网", "报", "日报", "电视台", "小组", "专班", "中心",
    "区委", "市委", "省委", "队", "街道", "社区", "所", "院", "厅", "处", "科", "团", "会", "智库",
    "基金", "贷", "联盟", "工作室",
)
# A legal suffix makes a name a firm whatever precedes it (…集团 is not a 团).
FIRM_SUFFIXES = ("有限公司", "有限责任公司", "集团", "公司")
# Words that end a firm's short name and say what kind of firm it is (甲乙电子, 丙丁重工).
FIRM_TYPE_WORDS = (
    "电子", "电气", "电新", "电器", "电工", "机电", "机械", "重工", "科技", "实业", "新材", "光电",
    "药业", "医疗", "智造", "精工", "动力", "能源", "物流", "通信", "微电子", "股份", "控股",
)
NON_ENTERPRISE_WORDS = (
    "红网", "新华社", "人民网", "本报", "中国", "湖南", "全国", "全省", "全市", "世界500强",
    # generic nouns the tagger sometimes marks as organisations
    "跨国公司", "跨国企业", "平台公司", "上市公司",
    "子公司", "母公司", "核心竞争力", "新时代", "外资企业",
    "龙头企业", "链主企业", "配套企业", "头部企业",
)

# Words that make a "…项目" phrase generic rather than a named project.
GENERIC_PROJECT_WORDS = frozenset(
    "项目 产业 优质 重点 重大 招商 引进 购地 标厂 合作 "
    "平台 类 制造类 这样 相关 前期 一批 其他 新 大 "
    "好 实体 的 各类 省 市 区 亿元 以上 以下 万元 建设 在建 签约 落地 新引进 招引 产业化 转化 成果 "
    "外资 三类 500强 首次 入湘 进区 园区 该 本 所 全部 多个 部分 储备 投资 服务 项目方 引进的 "
    "个 年 当年 开工 竣工 投产 重大产业 产业项目 配套 平台类 生物医药 科技型 中小企业 申报 "
    "立项 计划 创新 竞逐 审批 省级 市级 国家级 支持 "
    "院校 科技 公司 企业 头部 独角兽 制造 全国 互联网 招商引资".split()
)

# Common industry-chain names (generic vocabulary of Chinese industrial policy).
CHAIN_NAMES = (
    "新能源汽车", "智能网联汽车", "汽车", "集成电路", "半导体", "生物医药", "医疗器械", "电子信息",
    "新一代信息技术", "人工智能", "智能机器人", "工业机器人", "机器人", "轨道交通", "航空航天",
    "航空", "通用航空", "氢能", "新能源", "新材料", "新能源新材料", "先进储能材料", "储能", "光伏",
    "风电", "清洁能源", "节能环保", "大健康", "医药医械", "生物", "数字经济", "软件", "信息安全",
    "工程机械", "先进装备制造", "装备制造", "高端装备", "智能制造", "电机电控电传动", "精品钢材",
    "绿色建材", "电池材料", "动力电池", "锂电", "新型显示", "光电", "北斗", "航天", "海洋",
    "现代服务业", "金融服务", "互联网科技", "文化创意", "食品", "纺织", "化工", "有色金属",
    "应急安全", "应急", "通用", "陶瓷", "硬质合金", "先进硬质材料", "碳化硅", "第三代半导体",
)

# Industry words that are adjectives on their own: the chain keeps 产业 (应急产业链 -> 应急产业).
ADJECTIVE_INDUSTRIES = frozenset({"应急"})

# Chain-building stances: the cue (and its paraphrases) -> preferred label in model.STRATEGIES.
STRATEGY_CUES = (
    ("有链强链", "有链强链"), ("无链建链", "无链建链"), ("短链延链", "短链延链"),
    ("强链", "有链强链"), ("建链", "无链建链"), ("延链", "短链延链"), ("补链", "补链"),
)

# 链长 post titles, longest first.
POST_TITLES = ("执行副链长", "副总链长", "第一链长", "总链长", "主链长", "分链长", "副链长", "链长")

# Place names commonly prefixed to company names (provinces, municipalities, big cities).
REGION_PREFIXES = (
    "北京", "天津", "上海", "重庆", "河北", "山西",
    "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽",
    "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西",
    "甘肃", "青海", "台湾", "内蒙古", "广西", "西藏",
    "宁夏", "新疆", "香港", "澳门", "深圳", "广州",
    "东莞", "苏州", "无锡", "南京", "杭州", "宁波", "武汉", "长沙", "株洲", "湘潭", "衡阳", "郴州",
    "岳阳", "常德", "成都", "西安", "厦门", "青岛", "济南", "合肥", "南昌", "佛山", "中山", "珠海",
)
