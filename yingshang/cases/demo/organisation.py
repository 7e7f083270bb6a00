"""The demo court's organisation: 咸丰县人民法院, its departments (as the 2023 plan names them), teams and one
demo account for every role. Fixed data, the same for every seed, so the printed logins never change.

The department names are the plan's own (立案庭, 审管办, 综合办, 营商办 …) so that a 责任部门 written in the plan
finds its department by name. The people are fictional: none of the plan's named leaders appears.
"""

from dataclasses import dataclass, field

from yingshang.org.choices import CourtLevel, DepartmentKind, Role, TeamKind

DEMO_PASSWORD = "demo12345"

# Names of real people that appear in the court's plan; no demo person may carry them.
REAL_NAMES_TO_AVOID = ("胡磊", "瞿红光", "刘光辉", "熊国华", "刘燕君")


@dataclass(frozen=True)
class CourtSpec:
    name: str
    code: str
    level: str


PARENT_COURT = CourtSpec("恩施土家族苗族自治州中级人民法院", "鄂28", CourtLevel.INTERMEDIATE)
COURT = CourtSpec("咸丰县人民法院", "鄂2826", CourtLevel.BASIC)


@dataclass(frozen=True)
class DepartmentSpec:
    key: str
    name: str
    kind: str
    seat: str = ""


DEPARTMENTS: tuple[DepartmentSpec, ...] = (
    DepartmentSpec("filing", "立案庭", DepartmentKind.FILING),
    DepartmentSpec("civil", "民事审判庭", DepartmentKind.CIVIL),
    DepartmentSpec("criminal", "刑事审判庭", DepartmentKind.CRIMINAL),
    DepartmentSpec("administrative", "行政审判庭", DepartmentKind.ADMINISTRATIVE),
    DepartmentSpec("environment", "环境资源法庭", DepartmentKind.ENVIRONMENT),
    DepartmentSpec("enforcement", "执行局", DepartmentKind.ENFORCEMENT),
    DepartmentSpec("bankruptcy", "破产合议庭", DepartmentKind.BANKRUPTCY),
    DepartmentSpec("tribunal_gaoleshan", "高乐山人民法庭", DepartmentKind.TRIBUNAL, seat="高乐山镇"),
    DepartmentSpec("tribunal_zhongjianhe", "忠建河人民法庭", DepartmentKind.TRIBUNAL, seat="忠堡镇"),
    DepartmentSpec("trial_management", "审管办", DepartmentKind.TRIAL_MANAGEMENT),
    DepartmentSpec("general_office", "综合办", DepartmentKind.GENERAL_OFFICE),
    DepartmentSpec("information", "信息管理部门", DepartmentKind.INFORMATION),
    DepartmentSpec("business_environment", "营商办", DepartmentKind.BUSINESS_ENVIRONMENT),
    DepartmentSpec("inspection", "督察室", DepartmentKind.INSPECTION),
    DepartmentSpec("finance", "计划财务装备科", DepartmentKind.FINANCE),
)


@dataclass(frozen=True)
class TeamSpec:
    key: str
    department: str
    name: str
    kind: str


TEAMS: tuple[TeamSpec, ...] = (
    TeamSpec("civil_financial", "civil", "金融审判团队", TeamKind.FINANCIAL),
    TeamSpec("civil_fast", "civil", "速裁团队", TeamKind.FAST_TRACK),
    TeamSpec("enforcement_financial", "enforcement", "金融执行团队", TeamKind.ENFORCEMENT_FINANCIAL),
    TeamSpec("enforcement_general", "enforcement", "综合执行团队", TeamKind.ENFORCEMENT),
)


@dataclass(frozen=True)
class AccountSpec:
    username: str
    display_name: str
    role: str
    hint: str
    department: str | None = None
    team: str | None = None
    is_committee_member: bool = False
    supervises: tuple[str, ...] = ()
    organisation_name: str = ""
    is_superuser: bool = False
    # Outside users who log in for a party: which party of the generated plan they represent.
    represents: str = ""


ACCOUNTS: tuple[AccountSpec, ...] = (
    # 院领导
    AccountSpec("president", "田景行", Role.PRESIDENT, "全院案件、长期未结案件督办、审委会", is_committee_member=True),
    AccountSpec("vp_civil", "向承志", Role.VICE_PRESIDENT, "分管民事审判庭、行政审判庭、环境资源法庭、营商办（审委会委员：可看全院案件）",
                is_committee_member=True,
                supervises=("civil", "administrative", "environment", "business_environment")),
    AccountSpec("vp_enforcement", "冉启明", Role.VICE_PRESIDENT, "分管执行局：执行完毕、终本、执转破（审委会委员：可看全院案件）",
                is_committee_member=True, supervises=("enforcement",)),
    AccountSpec("vp_criminal", "覃书远", Role.VICE_PRESIDENT, "分管刑事审判庭、破产合议庭（审委会委员：可看全院案件）",
                is_committee_member=True, supervises=("criminal", "bankruptcy")),
    AccountSpec("vp_filing", "彭若兰", Role.VICE_PRESIDENT, "只看分管部门的案件：立案庭、两个人民法庭（不是审委会委员）",
                supervises=("filing", "tribunal_gaoleshan", "tribunal_zhongjianhe", "trial_management",
                            "general_office", "information", "inspection", "finance")),
    # 立案庭
    AccountSpec("head_filing", "杨映雪", Role.DIVISION_HEAD, "立案庭：诉前调解、司法确认、诉前保全",
                department="filing", is_committee_member=True),
    AccountSpec("filing", "龚小禾", Role.CLERK, "立案登记（只有立案庭能立案），新案号接续已有序号", department="filing"),
    AccountSpec("judge_filing", "谭立言", Role.JUDGE, "诉前调解指导、司法确认、诉前财产保全审查", department="filing"),
    # 民事审判庭
    AccountSpec("head_civil", "秦致远", Role.DIVISION_HEAD, "民事审判庭全庭案件与本人承办案件", department="civil",
                is_committee_member=True),
    AccountSpec("judge1", "吴清和", Role.JUDGE, "本人承办的民事案件，含审限临近与超6/9/12个月未结案件",
                department="civil"),
    AccountSpec("judge2", "黄钰涵", Role.JUDGE, "金融审判团队的金融借款、信用卡案件", department="civil",
                team="civil_financial"),
    AccountSpec("judge3", "邓山岚", Role.JUDGE, "金融审判团队的案件", department="civil", team="civil_financial"),
    AccountSpec("judge4", "滕一鸣", Role.JUDGE, "速裁团队：小额诉讼与简易程序案件", department="civil",
                team="civil_fast"),
    AccountSpec("judge5", "姚知秋", Role.JUDGE, "速裁团队的案件", department="civil", team="civil_fast"),
    AccountSpec("judge6", "肖德润", Role.JUDGE, "普通程序的复杂民商事案件", department="civil"),
    AccountSpec("assistant1", "朱晓棠", Role.JUDGE_ASSISTANT, "金融审判团队的案件（法官助理）", department="civil",
                team="civil_financial"),
    AccountSpec("clerk1", "陈木槿", Role.CLERK, "民事审判庭的案件（书记员：送达、排期）", department="civil"),
    # 刑事、行政、环境资源
    AccountSpec("head_criminal", "周正平", Role.DIVISION_HEAD, "刑事审判庭：涉企刑事案件的审慎审理",
                department="criminal", is_committee_member=True),
    AccountSpec("judge7", "蒋怀瑾", Role.JUDGE, "刑事案件（速裁、简易、普通程序）", department="criminal"),
    AccountSpec("judge8", "王砚秋", Role.JUDGE, "刑事案件", department="criminal"),
    AccountSpec("head_admin", "李守拙", Role.DIVISION_HEAD, "行政审判庭：机关作为当事人的行政案件",
                department="administrative", is_committee_member=True),
    AccountSpec("judge9", "何静姝", Role.JUDGE, "行政诉讼与非诉行政执行审查", department="administrative"),
    AccountSpec("head_env", "罗青崖", Role.DIVISION_HEAD, "环境资源法庭的案件", department="environment"),
    AccountSpec("judge10", "孙溪亭", Role.JUDGE, "环境污染、生态破坏、林业承包案件", department="environment"),
    # 执行局
    AccountSpec("head_enforcement", "郑铁衡", Role.DIVISION_HEAD, "执行局全局案件：执行完毕、终本、执转破",
                department="enforcement", is_committee_member=True),
    AccountSpec("judge11", "梁允执", Role.JUDGE, "执行异议审查（执行裁决）", department="enforcement"),
    AccountSpec("enforcer1", "宋行健", Role.ENFORCEMENT_OFFICER, "本人承办的执行案件", department="enforcement",
                team="enforcement_general"),
    AccountSpec("enforcer2", "韩立信", Role.ENFORCEMENT_OFFICER, "金融执行团队的执行案件", department="enforcement",
                team="enforcement_financial"),
    AccountSpec("enforcer3", "唐守诺", Role.ENFORCEMENT_OFFICER, "本人承办的执行案件", department="enforcement",
                team="enforcement_general"),
    AccountSpec("enforcer4", "曹明达", Role.ENFORCEMENT_OFFICER, "金融执行团队的执行案件", department="enforcement",
                team="enforcement_financial"),
    AccountSpec("assistant2", "钟语桐", Role.JUDGE_ASSISTANT, "执行局的案件（法官助理：网络查控）",
                department="enforcement"),
    # 破产合议庭、人民法庭
    AccountSpec("head_bankruptcy", "袁清源", Role.DIVISION_HEAD, "破产申请审查与破产案件", department="bankruptcy"),
    AccountSpec("judge12", "许再新", Role.JUDGE, "破产案件（执转破）", department="bankruptcy"),
    AccountSpec("head_tribunal1", "牟山川", Role.DIVISION_HEAD, "高乐山人民法庭的案件", department="tribunal_gaoleshan"),
    AccountSpec("judge13", "石竹青", Role.JUDGE, "高乐山人民法庭的婚姻家庭、邻里纠纷", department="tribunal_gaoleshan"),
    AccountSpec("head_tribunal2", "付河清", Role.DIVISION_HEAD, "忠建河人民法庭的案件",
                department="tribunal_zhongjianhe"),
    AccountSpec("judge14", "戴芷汀", Role.JUDGE, "忠建河人民法庭的案件", department="tribunal_zhongjianhe"),
    # 综合部门
    AccountSpec("tm1", "严明察", Role.TRIAL_MANAGEMENT, "全院审限、长期未结案件的提醒+警告+督办",
                department="trial_management"),
    AccountSpec("tm2", "夏知时", Role.TRIAL_MANAGEMENT, "全院案件质效指标", department="trial_management"),
    AccountSpec("inspector1", "施正则", Role.INSPECTOR, "全院案件（督察）", department="inspection"),
    AccountSpec("finance1", "戚丰年", Role.FINANCE, "诉讼费、退费（胜诉即退费）", department="finance"),
    AccountSpec("office1", "柳文轩", Role.ADMIN_STAFF, "综合办：营商环境工作台账", department="general_office"),
    AccountSpec("it1", "程数安", Role.ADMIN_STAFF, "信息管理部门：在线诉讼、电子送达", department="information"),
    AccountSpec("biz1", "贺安商", Role.ADMIN_STAFF, "营商办：优化营商环境举措台账", department="business_environment"),
    AccountSpec("admin", "系统管理员", Role.ADMIN_STAFF, "Django 后台 /admin/（超级用户）", department="information",
                is_superuser=True),
    # 院外
    AccountSpec("party1", "", Role.PARTY, "门户：本人作为当事人的案件（看不到别人的案件）", represents="person"),
    AccountSpec("party2", "", Role.PARTY, "门户：本企业作为当事人的案件（涉企、中小微）", represents="enterprise"),
    AccountSpec("party3", "", Role.PARTY, "门户：本机关作为当事人的案件（行政、政务诚信）", represents="government"),
    AccountSpec("lawyer1", "欧阳启明", Role.LAWYER, "代理的案件", organisation_name="湖北清江明理律师事务所"),
    AccountSpec("lawyer2", "蔡宜安", Role.LAWYER, "代理金融机构的金融案件", organisation_name="恩施武陵正信律师事务所"),
    AccountSpec("lawyer3", "鲁平川", Role.LAWYER, "代理的案件", organisation_name="湖北溪山律师事务所"),
    AccountSpec("mediator1", "潘月和", Role.MEDIATOR, "诉前调解（特邀调解员）",
                organisation_name="咸丰县人民调解委员会驻法院调解室"),
    AccountSpec("mediator2", "卢静安", Role.MEDIATOR, "律师调解工作室的调解", organisation_name="咸丰县律师调解工作室"),
    AccountSpec("administrator1", "詹理清", Role.ADMINISTRATOR, "破产案件（破产管理人）",
                organisation_name="恩施州清源破产清算事务所有限公司"),
    AccountSpec("appraiser1", "毛衡之", Role.APPRAISER, "司法鉴定委托（鉴定机构）", organisation_name="恩施州明鉴司法鉴定中心"),
    AccountSpec("integrity1", "文守信", Role.INTEGRITY_DEPARTMENT, "政府部门、事业单位失信被执行人推送",
                organisation_name="咸丰县发展和改革局（政务诚信牵头部门）"),
    AccountSpec("grid1", "邹小满", Role.GRID_WORKER, "网格协助送达、查人找物", organisation_name="高乐山镇龙潭社区网格"),
    AccountSpec("agency1", "韦执中", Role.AGENCY, "涉企行政执法经济影响评估（行政执法机关）",
                organisation_name="咸丰县市场监督管理局"),
)

# Who hears which kind of case: the users eligible as 承办人 per department (and per team where one exists).
HEARING_ROLES = (Role.JUDGE, Role.DIVISION_HEAD, Role.ENFORCEMENT_OFFICER)


@dataclass(frozen=True)
class Bench:
    """Judges of one department, by team (team key ``""`` for those outside any team)."""

    department: str
    by_team: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def everyone(self) -> tuple[str, ...]:
        return tuple(name for names in self.by_team.values() for name in names)


def benches() -> dict[str, Bench]:
    grouped: dict[str, dict[str, list[str]]] = {}
    for account in ACCOUNTS:
        if account.role in HEARING_ROLES and account.department:
            grouped.setdefault(account.department, {}).setdefault(account.team or "", []).append(account.username)
    return {dept: Bench(dept, {team: tuple(names) for team, names in teams.items()})
            for dept, teams in grouped.items()}


def account(username: str) -> AccountSpec:
    for spec in ACCOUNTS:
        if spec.username == username:
            return spec
    raise KeyError(username)
