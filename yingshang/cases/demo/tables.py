"""Fixed tables the demo generator draws from: name pools, the county-court mix of causes, crimes and
administrative matters, and the fictional banks, insurers, government bodies and institutions.

The weights are a plausible county-court year (民间借贷, 离婚, 买卖合同 and 金融借款 lead the civil docket;
危险驾驶 leads the criminal one) — illustrative, not statistics of any real court.
"""

from dataclasses import dataclass

from yingshang.cases.choices import EnterpriseSize, Procedure

# --- People -------------------------------------------------------------------------------------

SURNAMES = (
    ("向", 9), ("田", 8), ("冉", 6), ("覃", 5), ("杨", 7), ("张", 7), ("王", 6), ("李", 6), ("黄", 5), ("谭", 5),
    ("彭", 5), ("龚", 3), ("秦", 3), ("邓", 3), ("吴", 4), ("陈", 5), ("周", 3), ("蒋", 2), ("滕", 2), ("姚", 2),
    ("肖", 2), ("朱", 2), ("钟", 2), ("罗", 3), ("何", 2), ("徐", 2), ("孙", 2), ("刘", 4), ("胡", 3), ("牟", 2),
    ("石", 2), ("付", 2), ("杜", 1), ("戴", 1), ("夏", 1), ("严", 1), ("程", 1), ("曾", 2), ("万", 1), ("汪", 1),
)
GIVEN_CHARS = (
    "德明华国建平志红文军春兰英芳玉秀桂云海燕丽娟敏静霞梅林峰涛强勇刚斌杰超磊洋鹏飞宇浩然欣怡雨晴子涵"
    "思远晓东立新永福万学成家兴先进大山水清江河溪泉松竹青秋冬雪晨光辉耀安宁和顺祥瑞"
)

# 咸丰县 and its neighbours (division codes of the 居民身份证号码); python-stdnum checks each against the birth year.
PERSON_DIVISIONS = (
    ("422826", 80), ("422822", 3), ("422825", 4), ("422827", 3), ("422801", 4), ("422802", 3), ("422823", 2),
    ("422828", 1),
)
TOWNS = ("高乐山镇", "忠堡镇", "坪坝营镇", "朝阳寺镇", "清坪镇", "唐崖镇", "丁寨乡", "黄金洞乡", "小村乡", "活龙坪乡")
PLACE_CHARS = "龙潭石门青岗白果桥坪溪口大树湾楠木坝金竹园水井沟"

# --- Enterprises ---------------------------------------------------------------------------------

BRAND_FIRST = "云青金龙玉星翠鹤松银紫岚沐晨德兴恒宏鑫瑞福盛泰安和嘉华锦"
BRAND_SECOND = "溪岩竹潭泉峰鸣涛杏薇源达丰隆业发祥润通远川辰阳林茂"


@dataclass(frozen=True)
class Industry:
    word: str
    weight: float
    sizes: tuple[tuple[str, float], ...]


_SME = ((EnterpriseSize.MICRO, 50), (EnterpriseSize.SMALL, 35), (EnterpriseSize.MEDIUM, 12),
        (EnterpriseSize.LARGE, 3))
_BUILD = ((EnterpriseSize.MICRO, 15), (EnterpriseSize.SMALL, 40), (EnterpriseSize.MEDIUM, 35),
          (EnterpriseSize.LARGE, 10))
INDUSTRIES = (
    Industry("茶业", 8, _SME), Industry("建筑工程", 7, _BUILD), Industry("建材", 5, _SME), Industry("商贸", 10, _SME),
    Industry("农业开发", 6, _SME), Industry("食品", 4, _SME), Industry("物流", 4, _SME), Industry("旅游开发", 3, _BUILD),
    Industry("电子商务", 4, _SME), Industry("置业", 3, _BUILD), Industry("矿业", 1, _BUILD), Industry("汽车销售服务", 3, _SME),
    Industry("医药连锁", 2, _SME), Industry("酒店管理", 2, _SME), Industry("劳务", 3, _SME), Industry("装饰工程", 4, _SME),
    Industry("木业", 2, _SME), Industry("生态农业", 4, _SME), Industry("水电开发", 1, _BUILD), Industry("养殖", 3, _SME),
    Industry("物业服务", 2, _SME),
)
PLACE_PREFIXES = (("咸丰县", 70), ("恩施州", 15), ("湖北", 10), ("重庆黔江", 5))

# Financial institutions and insurers: fictional names, large or medium enterprises that sue often.
BANKS = (
    ("武陵山银行股份有限公司咸丰支行", EnterpriseSize.LARGE),
    ("清江农村商业银行股份有限公司咸丰支行", EnterpriseSize.MEDIUM),
    ("楚天商业银行股份有限公司恩施分行", EnterpriseSize.LARGE),
    ("龙潭村镇银行股份有限公司", EnterpriseSize.SMALL),
    ("荆南消费金融有限公司", EnterpriseSize.MEDIUM),
)
LENDERS = (("鄂西云峰小额贷款有限公司", EnterpriseSize.SMALL), ("咸丰县兴农融资担保有限公司", EnterpriseSize.SMALL))
LEASING = (("恩施武陵融资租赁有限公司", EnterpriseSize.MEDIUM),)
INSURERS = (
    ("鄂安财产保险股份有限公司咸丰支公司", EnterpriseSize.LARGE),
    ("山河财产保险股份有限公司恩施中心支公司", EnterpriseSize.LARGE),
    ("安澜人寿保险股份有限公司恩施中心支公司", EnterpriseSize.LARGE),
)

# Government bodies (机关) and public institutions (事业单位) of the county.
GOVERNMENT_BODIES = (
    "咸丰县人民政府", "咸丰县自然资源和规划局", "咸丰县市场监督管理局", "咸丰县人力资源和社会保障局",
    "咸丰县住房和城乡建设局", "咸丰县交通运输局", "咸丰县林业局", "咸丰县农业农村局", "恩施土家族苗族自治州生态环境局咸丰县分局",
    "咸丰县应急管理局", "咸丰县行政审批局", "咸丰县发展和改革局", "高乐山镇人民政府", "忠堡镇人民政府", "唐崖镇人民政府",
)
PUBLIC_INSTITUTIONS = (
    "咸丰县城乡供水服务中心", "咸丰县不动产登记中心", "咸丰县城市建设投资服务中心", "咸丰县第三中学", "咸丰县妇幼保健院",
)
COOPERATIVE_WORDS = ("茶叶", "白柚", "中药材", "生猪养殖", "蔬菜", "油茶")
SOCIAL_ORGANISATIONS = ("咸丰县康寿养老服务中心", "咸丰县启明职业培训学校")

# --- Civil causes (民初 and the cases that follow them) --------------------------------------------


@dataclass(frozen=True)
class CivilCause:
    """A cause of the SPC catalogue (the same name in the 2020 and 2025 revisions) with who usually litigates
    it and the usual claim (yuan; ``None`` for non-monetary disputes)."""

    name: str
    weight: float
    pattern: str
    low_yuan: int | None = None
    high_yuan: int | None = None
    is_complex: bool = False
    is_environmental: bool = False


CIVIL_CAUSES = (
    CivilCause("民间借贷纠纷", 18, "loan", 5_000, 600_000),
    CivilCause("离婚纠纷", 10, "family"),
    CivilCause("买卖合同纠纷", 9, "trade", 8_000, 2_000_000),
    CivilCause("金融借款合同纠纷", 7, "bank_loan", 20_000, 3_000_000),
    CivilCause("信用卡纠纷", 5, "credit_card", 3_000, 120_000),
    CivilCause("机动车交通事故责任纠纷", 6, "traffic", 8_000, 400_000),
    CivilCause("劳务合同纠纷", 4, "labour", 3_000, 150_000),
    CivilCause("追索劳动报酬纠纷", 2, "wages", 3_000, 80_000),
    CivilCause("提供劳务者受害责任纠纷", 2.5, "injury", 10_000, 300_000),
    CivilCause("建设工程施工合同纠纷", 3, "construction", 100_000, 8_000_000, is_complex=True),
    CivilCause("房屋租赁合同纠纷", 2, "lease", 5_000, 300_000),
    CivilCause("物业服务合同纠纷", 2, "property_service", 800, 20_000),
    CivilCause("抚养费纠纷", 2, "family", 10_000, 100_000),
    CivilCause("赡养费纠纷", 1, "family", 5_000, 60_000),
    CivilCause("法定继承纠纷", 1, "family", 30_000, 500_000),
    CivilCause("相邻关系纠纷", 1.5, "neighbour"),
    CivilCause("土地承包经营权纠纷", 1.5, "neighbour"),
    CivilCause("服务合同纠纷", 1.5, "trade", 3_000, 300_000),
    CivilCause("融资租赁合同纠纷", 1, "leasing", 50_000, 1_500_000),
    CivilCause("小额借款合同纠纷", 2, "microloan", 3_000, 100_000),
    CivilCause("财产保险合同纠纷", 1, "insurance", 5_000, 500_000),
    CivilCause("生命权、身体权、健康权纠纷", 2, "tort", 5_000, 200_000),
    CivilCause("承揽合同纠纷", 1, "trade", 10_000, 800_000),
    CivilCause("装饰装修合同纠纷", 0.8, "trade", 10_000, 500_000),
    CivilCause("追偿权纠纷", 1, "guarantee", 20_000, 1_000_000),
    CivilCause("保证合同纠纷", 0.6, "guarantee", 20_000, 1_000_000),
    CivilCause("劳动合同纠纷", 1, "employment", 5_000, 200_000),
    CivilCause("确认劳动关系纠纷", 0.4, "employment"),
    CivilCause("股权转让纠纷", 0.3, "corporate", 100_000, 5_000_000, is_complex=True),
    CivilCause("合伙合同纠纷", 0.5, "loan", 20_000, 800_000, is_complex=True),
    CivilCause("不当得利纠纷", 0.5, "loan", 3_000, 200_000),
    CivilCause("环境污染责任纠纷", 0.3, "environment", 10_000, 1_000_000, is_complex=True, is_environmental=True),
    CivilCause("生态破坏责任纠纷", 0.2, "environment", 10_000, 800_000, is_complex=True, is_environmental=True),
    CivilCause("林业承包合同纠纷", 0.3, "forestry", 10_000, 500_000, is_environmental=True),
    CivilCause("排除妨害纠纷", 0.5, "neighbour"),
)
# Patterns whose first-instance outcome is a sum of money that can go to enforcement.
MONEY_PATTERNS = frozenset({
    "loan", "trade", "bank_loan", "credit_card", "traffic", "labour", "wages", "injury", "construction", "lease",
    "property_service", "leasing", "microloan", "insurance", "tort", "guarantee", "employment", "corporate",
    "environment", "forestry",
})
FINANCE_PLAINTIFF_PATTERNS = frozenset({"bank_loan", "credit_card", "microloan", "leasing"})

SPECIAL_CAUSES = {
    "民特": "申请司法确认调解协议",
    "财保": "申请诉前财产保全",
    "破申": "申请破产清算",
}

# --- Criminal and administrative matters (not in the civil catalogue: kept as text) -----------------


@dataclass(frozen=True)
class Crime:
    name: str
    weight: float
    unit_crime_share: float = 0.0
    victim_share: float = 0.0
    is_environmental: bool = False


CRIMES = (
    Crime("危险驾驶罪", 25), Crime("盗窃罪", 12, victim_share=0.6), Crime("帮助信息网络犯罪活动罪", 10),
    Crime("诈骗罪", 8, victim_share=0.7), Crime("故意伤害罪", 8, victim_share=0.9), Crime("交通肇事罪", 5, victim_share=0.8),
    Crime("开设赌场罪", 5), Crime("掩饰、隐瞒犯罪所得罪", 4), Crime("寻衅滋事罪", 3, victim_share=0.5),
    Crime("滥伐林木罪", 3, is_environmental=True), Crime("非法占用农用地罪", 2, is_environmental=True),
    Crime("拒不执行判决、裁定罪", 2, victim_share=0.8), Crime("非法吸收公众存款罪", 1.5, unit_crime_share=0.5),
    Crime("合同诈骗罪", 1.5, unit_crime_share=0.3, victim_share=0.9), Crime("污染环境罪", 1, unit_crime_share=0.6,
                                                                        is_environmental=True),
    Crime("虚开增值税专用发票罪", 1, unit_crime_share=0.7), Crime("非法经营罪", 1, unit_crime_share=0.3),
)


@dataclass(frozen=True)
class AdministrativeMatter:
    cause_text: str
    weight: float
    defendants: tuple[str, ...]
    is_environmental: bool = False


ADMINISTRATIVE_MATTERS = (
    AdministrativeMatter("行政处罚", 30, ("咸丰县市场监督管理局", "咸丰县交通运输局", "咸丰县应急管理局")),
    AdministrativeMatter("行政处罚（自然资源）", 10, ("咸丰县自然资源和规划局", "咸丰县林业局"), is_environmental=True),
    AdministrativeMatter("行政处罚（生态环境）", 5, ("恩施土家族苗族自治州生态环境局咸丰县分局",), is_environmental=True),
    AdministrativeMatter("行政强制", 12, ("高乐山镇人民政府", "忠堡镇人民政府", "唐崖镇人民政府", "咸丰县住房和城乡建设局")),
    AdministrativeMatter("工伤认定", 15, ("咸丰县人力资源和社会保障局",)),
    AdministrativeMatter("行政协议", 8, ("咸丰县人民政府", "高乐山镇人民政府", "咸丰县住房和城乡建设局")),
    AdministrativeMatter("行政登记", 6, ("咸丰县自然资源和规划局", "咸丰县行政审批局")),
    AdministrativeMatter("政府信息公开", 6, ("咸丰县人民政府", "咸丰县自然资源和规划局", "咸丰县农业农村局")),
    AdministrativeMatter("不履行法定职责", 8, ("咸丰县人民政府", "咸丰县市场监督管理局", "咸丰县农业农村局")),
)
ADMINISTRATIVE_ENFORCEMENT = (
    ("申请执行行政处罚决定", 50, ("咸丰县自然资源和规划局", "咸丰县市场监督管理局", "咸丰县林业局",
                                "恩施土家族苗族自治州生态环境局咸丰县分局", "咸丰县应急管理局")),
    ("申请执行社会保险费征缴决定", 20, ("咸丰县人力资源和社会保障局",)),
    ("申请执行限期拆除决定", 30, ("咸丰县自然资源和规划局", "高乐山镇人民政府", "忠堡镇人民政府")),
)

SUSPENSION_REASONS = (
    "本案须以另一案的审理结果为依据，裁定中止诉讼", "一方当事人下落不明，公告送达期间中止", "当事人申请司法鉴定，等待鉴定意见",
    "被执行人暂无财产可供执行，申请执行人同意中止执行",
)


# Time limits in days, used only to draw realistic durations (the deadlines app owns the legal computation).
LIMIT_DAYS = {
    ("民初", Procedure.ORDINARY): 180, ("民初", Procedure.SIMPLE): 90, ("民初", Procedure.SMALL_CLAIMS): 60,
    ("刑初", Procedure.ORDINARY): 60, ("刑初", Procedure.SIMPLE): 20, ("刑初", Procedure.FAST_TRACK): 10,
    ("行初", Procedure.ORDINARY): 180, ("行初", Procedure.SIMPLE): 45,
    "民特": 30, "民诉前调": 30, "财保": 5, "执": 180, "执恢": 180, "执保": 30, "执异": 15, "行审": 30,
    "破申": 30, "破": 400,
}
