"""Navigation by role for the base layout. Apps add entries to NAV_ITEMS; each entry names the roles that see it
(an empty set means every logged-in user; "staff" every court staff member)."""

from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import import_string

from yingshang.org.choices import COURT_ROLES, Role

STAFF = "staff"
OUTSIDE = "outside"

# (url name, label, roles). Roles: a set of Role values and/or STAFF / OUTSIDE, or a predicate's dotted path.
NAV_ITEMS: list[tuple[str, str, set | str]] = [
    ("cases:list", "案件查询", set()),
    ("deadlines:my", "我的审限", {STAFF}),
    ("deadlines:board", "长期未结案件", {Role.PRESIDENT, Role.VICE_PRESIDENT, Role.DIVISION_HEAD,
                                        Role.TRIAL_MANAGEMENT, Role.INSPECTOR}),
    ("deadlines:weekly", "每周滚动通报", {Role.PRESIDENT, Role.VICE_PRESIDENT, Role.DIVISION_HEAD,
                                          Role.TRIAL_MANAGEMENT, Role.INSPECTOR}),
    ("calendar:calculator", "期间计算器", set()),
    ("calendar:manage", "工作日历", {Role.TRIAL_MANAGEMENT, Role.ADMIN_STAFF}),
    ("fees:calculator", "诉讼费计算", set()),
    ("fees:refunds", "退费台账", {Role.FINANCE, Role.PRESIDENT, Role.VICE_PRESIDENT, Role.TRIAL_MANAGEMENT,
                                    Role.INSPECTOR}),
    ("measures:board", "营商举措督办", {STAFF}),
    ("measures:led", "我牵头的举措", {Role.PRESIDENT, Role.VICE_PRESIDENT}),
    ("measures:department", "本部门举措", {STAFF}),
    ("measures:reforms", "改革与试点", {STAFF}),
    ("assessments:statistics", "经济影响评估统计", {Role.PRESIDENT, Role.VICE_PRESIDENT, Role.TRIAL_MANAGEMENT,
                                                   Role.INSPECTOR}),
    ("assessments:samples", "评估抽查评议", {Role.PRESIDENT, Role.VICE_PRESIDENT, Role.TRIAL_MANAGEMENT,
                                                Role.INSPECTOR}),
    ("assessments:typical_cases", "正反典型案例", set()),
    ("assessments:agency", "行政执法经济影响评估", {Role.AGENCY, Role.TRIAL_MANAGEMENT}),
    ("enforcement:workbench", "执行工作台", {Role.ENFORCEMENT_OFFICER, Role.DIVISION_HEAD, Role.PRESIDENT,
                                            Role.VICE_PRESIDENT, Role.FINANCE}),
    ("enforcement:grid", "协助任务", {Role.GRID_WORKER}),
    ("enforcement:sanctions", "拒执惩戒曝光", set()),
    ("credit:desk", "失信与信用修复", {Role.ENFORCEMENT_OFFICER, Role.DIVISION_HEAD, Role.PRESIDENT,
                                       Role.VICE_PRESIDENT, Role.TRIAL_MANAGEMENT}),
    ("credit:integrity", "政务诚信推送", {Role.INTEGRITY_DEPARTMENT, Role.PRESIDENT, Role.VICE_PRESIDENT}),
    ("credit:public_query", "失信被执行人查询", set()),
    ("notifications:inbox", "消息中心", set()),
    ("notifications:followups", "通知跟进", {STAFF}),
    ("filing:new", "网上立案", {Role.PARTY, Role.LAWYER}),
    ("filing:mine", "我的立案申请", {Role.PARTY, Role.LAWYER}),
    ("filing:queue", "立案审查", "yingshang.filing.permissions.can_read_court_filings"),
    ("filing:triage_preview", "繁简分流", {STAFF}),
    ("filing:thresholds", "小额诉讼标准", {STAFF}),
    ("filing:statistics", "立案渠道统计", "yingshang.filing.permissions.can_read_court_filings"),
    ("documents:desk", "送达台", {STAFF}),
    ("documents:my", "我的文书", {OUTSIDE}),
    ("documents:verify", "文书验证", set()),
    ("metrics:dashboard", "质效指标看板", {Role.PRESIDENT, Role.VICE_PRESIDENT, Role.DIVISION_HEAD, Role.JUDGE,
                                          Role.TRIAL_MANAGEMENT, Role.INSPECTOR, Role.ENFORCEMENT_OFFICER}),
    ("metrics:catalogue", "指标目录", {STAFF}),
    ("metrics:appearances", "负责人出庭应诉登记", {Role.PRESIDENT, Role.DIVISION_HEAD, Role.JUDGE, Role.JUDGE_ASSISTANT,
                                                Role.CLERK, Role.TRIAL_MANAGEMENT}),
]


def _visible(roles, user) -> bool:
    """roles: a set of Role values and/or STAFF / OUTSIDE (empty: everyone logged in), or the dotted path of a
    predicate ``(user) -> bool`` owned by the app (e.g. who may read 立案庭's queue), imported when needed."""
    if isinstance(roles, str):
        return bool(import_string(roles)(user))
    if not roles:
        return True
    if STAFF in roles and user.role in COURT_ROLES:
        return True
    if OUTSIDE in roles and user.role not in COURT_ROLES:
        return True
    return user.role in roles


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for url_name, label, roles in NAV_ITEMS:
        if not _visible(roles, user):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue  # the app is not installed yet
        items.append({"url": url, "label": label, "active": False})
    # Highlight the most specific entry whose URL prefixes the current path (/calendar/calculator/ is not /calendar/).
    matches = [item for item in items if request.path.startswith(item["url"]) and item["url"] != "/"]
    if matches:
        max(matches, key=lambda item: len(item["url"]))["active"] = True
    return {"nav_items": items}
