"""Words of the plans: the keys of a measure's information, ongoing words, section headings, department
names and the kinds they cover, Chinese numerals."""

import re

LEADER_KEYS = ("牵头院领导", "责任院领导", "分管院领导", "牵头领导", "责任领导", "分管领导", "牵头院长", "责任人")
RESPONSIBLE_KEYS = ("责任部门", "牵头部门", "责任单位", "牵头单位", "主办部门", "承办部门")
ASSISTING_KEYS = ("协助部门", "配合部门", "协办部门", "协助单位", "配合单位", "参与部门")
DEADLINE_KEYS = ("完成时限", "完成期限", "完成时间", "时间节点", "时间要求", "时限要求")
KEY_FIELDS = {**{k: "lead_leaders" for k in LEADER_KEYS}, **{k: "responsible_departments" for k in RESPONSIBLE_KEYS},
              **{k: "assisting_departments" for k in ASSISTING_KEYS}, **{k: "deadline" for k in DEADLINE_KEYS}}
_KEYS_RE = "|".join(sorted(KEY_FIELDS, key=len, reverse=True))
_KEY_RE = re.compile(rf"({_KEYS_RE})\s*[：:]")
# Where a measure's metadata starts: an opening bracket before a key, a key at a line start, or a key after
# the end of a sentence.
_META_START_RE = re.compile(rf"[（(]\s*(?:{_KEYS_RE})\s*[：:]|(?:^|(?<=[。；;！!\n]))[ \t\u3000]*(?:{_KEYS_RE})\s*[：:]",
                            re.MULTILINE)

ONGOING_WORDS = ("持续推进", "长期坚持", "长期推进", "持续开展", "长期执行", "常态化推进", "长期有效")
ONGOING_EXACT = ("长期", "持续", "常态化", "长期性工作", "持续性工作")

SECTION_KINDS = (  # (kind, words in the heading)
    ("overall_requirements", ("总体要求", "指导思想", "总体思路")),
    ("objectives", ("工作目标", "目标任务", "主要目标")),
    ("tasks", ("主要任务", "重点任务", "工作任务", "工作措施", "具体措施", "主要措施", "工作举措", "具体举措", "重点举措")),
    ("work_requirements", ("工作要求", "保障措施", "组织保障", "工作保障")),
)

# Collective department names used by plans, with the department kinds they cover (org.choices.DepartmentKind
# values; kept as plain strings so this module stays pure).
TRIAL_KINDS = frozenset({"filing", "civil", "criminal", "administrative", "bankruptcy", "tribunal", "environment"})
TRIAL_AND_ENFORCEMENT_KINDS = TRIAL_KINDS | {"enforcement"}
ALL_KINDS = frozenset({"filing", "civil", "criminal", "administrative", "enforcement", "bankruptcy",
                       "trial_management", "general_office", "information", "business_environment", "inspection",
                       "tribunal", "environment", "finance", "leadership"})
# 全院各部门 means the departments, not the court's leadership (院领导 lead measures by name instead).
ALL_DEPARTMENT_KINDS = ALL_KINDS - {"leadership"}
DEPARTMENT_ALIASES: dict[str, frozenset[str]] = {
    "立案庭": frozenset({"filing"}),
    "诉讼服务中心": frozenset({"filing"}),
    "民事审判庭": frozenset({"civil"}), "民庭": frozenset({"civil"}), "民一庭": frozenset({"civil"}),
    "刑事审判庭": frozenset({"criminal"}), "刑庭": frozenset({"criminal"}),
    "行政审判庭": frozenset({"administrative"}), "行政庭": frozenset({"administrative"}),
    "执行局": frozenset({"enforcement"}),
    "破产合议庭": frozenset({"bankruptcy"}), "破产审判庭": frozenset({"bankruptcy"}),
    "审管办": frozenset({"trial_management"}), "审判管理办公室": frozenset({"trial_management"}),
    "综合办": frozenset({"general_office"}), "综合办公室": frozenset({"general_office"}),
    "办公室": frozenset({"general_office"}),
    "信息管理部门": frozenset({"information"}), "信息技术部门": frozenset({"information"}),
    "营商办": frozenset({"business_environment"}), "营商环境办公室": frozenset({"business_environment"}),
    "督察室": frozenset({"inspection"}),
    "人民法庭": frozenset({"tribunal"}), "各人民法庭": frozenset({"tribunal"}), "基层法庭": frozenset({"tribunal"}),
    "各基层法庭": frozenset({"tribunal"}), "各派出法庭": frozenset({"tribunal"}),
    "环境资源法庭": frozenset({"environment"}), "环境资源保护法庭": frozenset({"environment"}),
    "计划财务装备科": frozenset({"finance"}), "计财科": frozenset({"finance"}),
    "各审判部门": TRIAL_KINDS, "审判部门": TRIAL_KINDS, "各业务庭": TRIAL_KINDS,
    "各审判执行部门": TRIAL_AND_ENFORCEMENT_KINDS, "审判执行部门": TRIAL_AND_ENFORCEMENT_KINDS,
    "全院各部门": ALL_DEPARTMENT_KINDS, "各部门": ALL_DEPARTMENT_KINDS, "全院": ALL_DEPARTMENT_KINDS,
}

_CN_DIGITS = {"零": 0, "〇": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100}
_CN_NUM = "零〇一二两三四五六七八九十百"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
# Characters that, right after a number at the start of a line, make it a quantity and not a measure number.
_QUANTITY_CHARS = set("年月日号个项条次倍名万亿元时分秒岁期批%％‰.．0123456789")
_BOOKMARK_RE = re.compile(r"\[bookmark:[^\]]*\]")  # Word bookmarks left by a .docx → text conversion
_SPACES = " \t\u3000\xa0\ufeff"


def cn_to_int(text: str) -> int | None:
    """一 → 1, 十二 → 12, 三十五 → 35, 二〇二三 → 2023 (digit by digit); None when not a Chinese numeral."""
    if not text or any(ch not in _CN_DIGITS and ch not in _CN_UNITS for ch in text):
        return None
    if not any(ch in _CN_UNITS for ch in text):
        value = 0
        for ch in text:
            value = value * 10 + _CN_DIGITS[ch]
        return value
    total, digit = 0, None
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        else:
            total += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
    return total + (digit or 0)
