"""Pure rules of the plan: read an implementation plan (实施方案) into measures, deadlines and targets, and
judge a measure's status and traffic light. No ORM, no settings, no clock: text and dates in, dataclasses out.

Source: 咸丰县人民法院《2023年优化法治化营商环境工作实施方案》 — 三、主要任务 (35 measures, each closing with
牵头领导/责任部门/协助部门/完成时限) and 四、工作要求 (二) ("对优化营商环境职责范围内的各项任务实行项目化、清单化；
对工作开展情况，督察室将定期检查、及时通报、督促落实、跟踪问效"). Other courts' plans use the variants read here
too: numbering 1. / 1、 / （一） / 一、, keys 牵头院领导 / 牵头部门 / 配合部门 / 时间节点, dates such as 2024年底 or
2024年第三季度.
"""

from yingshang.measures.domain.deadlines import Deadline, parse_deadline
from yingshang.measures.domain.plan import (
    ParsedMeasure, ParsedPlan, PlanSection, RequirementItem, UnparsedBlock, parse_metadata, parse_plan, split_names,
)
from yingshang.measures.domain.reforms import REFORM_MEASURE_WORDS, ReformKind, reform_measure_number
from yingshang.measures.domain.reminders import AlertKind, deadline_alert, reminder_horizon, short_title
from yingshang.measures.domain.review import Quarter, quarter_of
from yingshang.measures.domain.status import (
    LIGHT_LABELS, STATUS_LABELS, Light, MeasureState, MeasureStatus, department_names_covering, measure_state,
)
from yingshang.measures.domain.targets import (
    COMPARATOR_SIGNS, UNIT_LABELS, Comparator, Target, Unit, extract_targets, match_indicator,
)
from yingshang.measures.domain.vocabulary import (
    ALL_DEPARTMENT_KINDS, ALL_KINDS, ASSISTING_KEYS, DEADLINE_KEYS, DEPARTMENT_ALIASES, KEY_FIELDS, LEADER_KEYS,
    RESPONSIBLE_KEYS, TRIAL_AND_ENFORCEMENT_KINDS, TRIAL_KINDS, cn_to_int,
)

__all__ = [
    "REFORM_MEASURE_WORDS", "AlertKind", "Quarter", "ReformKind", "deadline_alert", "quarter_of",
    "reform_measure_number", "reminder_horizon", "short_title",
    "ALL_DEPARTMENT_KINDS", "ALL_KINDS", "ASSISTING_KEYS", "COMPARATOR_SIGNS", "DEADLINE_KEYS", "DEPARTMENT_ALIASES",
    "KEY_FIELDS", "LEADER_KEYS", "LIGHT_LABELS", "RESPONSIBLE_KEYS", "STATUS_LABELS", "TRIAL_AND_ENFORCEMENT_KINDS",
    "TRIAL_KINDS", "UNIT_LABELS", "Comparator", "Deadline", "Light", "MeasureState", "MeasureStatus", "ParsedMeasure",
    "ParsedPlan", "PlanSection", "RequirementItem", "Target", "UnparsedBlock", "Unit", "cn_to_int",
    "department_names_covering", "extract_targets", "match_indicator", "measure_state", "parse_deadline",
    "parse_metadata", "parse_plan", "split_names",
]
