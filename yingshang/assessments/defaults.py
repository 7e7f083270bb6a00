"""The first version of each stage's template, as published by 审管办 at installation (data, not law).

Questions follow issue 8 §1 and plan measure 5: the enterprise's size and employees, production status, how the
measure affects operations, jobs, the supply chain and tax, less harmful alternatives, risk of failure, mitigation.
"""

_SIZE = {"code": "enterprise_size", "text": "企业规模", "kind": "choice", "section": "企业基本情况", "options": [
    {"value": "large", "label": "大型", "score": 1}, {"value": "medium", "label": "中型", "score": 2},
    {"value": "small", "label": "小型", "score": 3}, {"value": "micro", "label": "微型", "score": 3}]}
_EMPLOYEES = {"code": "employees", "text": "在职职工人数", "kind": "number", "section": "企业基本情况"}
_STATUS = {"code": "production_status", "text": "生产经营状况", "kind": "choice", "section": "企业基本情况", "options": [
    {"value": "normal", "label": "正常经营", "score": 1}, {"value": "difficult", "label": "经营困难", "score": 3},
    {"value": "stopped", "label": "停产停业", "score": 2}]}


def _effect(code, text):
    return {"code": code, "text": text, "kind": "choice", "section": "影响分析", "options": [
        {"value": "none", "label": "无影响", "score": 0}, {"value": "minor", "label": "轻微影响", "score": 2},
        {"value": "serious", "label": "严重影响", "score": 5}]}


_COMMON = [
    _SIZE, _EMPLOYEES, _STATUS,
    _effect("operations_effect", "对企业正常生产经营的影响"),
    _effect("jobs_effect", "对职工就业的影响"),
    _effect("supply_chain_effect", "对上下游产业链、供应链的影响"),
    _effect("tax_effect", "对地方税收的影响"),
    {"code": "alternatives_considered", "text": "是否考虑了对企业影响更小的替代措施", "kind": "boolean",
     "section": "措施选择"},
    {"code": "alternatives_note", "text": "替代措施说明", "kind": "text", "required": False, "section": "措施选择"},
    {"code": "failure_risk", "text": "采取措施后企业经营失败的风险", "kind": "choice", "section": "风险评估", "options": [
        {"value": "low", "label": "低", "score": 0}, {"value": "medium", "label": "中", "score": 3},
        {"value": "high", "label": "高", "score": 6}]},
    {"code": "mitigation", "text": "拟采取的减损措施（活封、预留流动资金、分期履行等）", "kind": "text",
     "section": "减损措施"},
]

# stage → (title, gated actions). Gated action codes are called by the apps that own the action.
STAGES = {
    "filing": ("立案环节涉企案件经济影响评估表", []),
    "preservation": ("保全环节涉企案件经济影响评估表", ["preservation.order"]),
    "trial": ("审理环节涉企案件经济影响评估表", ["trial.judgment"]),
    "enforcement": ("执行环节涉企案件经济影响评估表",
                    ["enforcement.seize", "enforcement.freeze", "enforcement.auction", "credit.dishonest_listing"]),
    "publicity": ("司法公开环节涉企案件经济影响评估表", ["documents.publish_judgment"]),
    "time_limit": ("审限管理环节涉企案件经济影响评估表", ["deadlines.extension_request"]),
}
MEDIUM_FROM, HIGH_FROM = 12, 22


def default_templates() -> list[dict]:
    return [{"stage": stage, "title": title, "gated_actions": actions, "questions": _COMMON,
             "medium_from": MEDIUM_FROM, "high_from": HIGH_FROM,
             "guidance": "对照各项逐一进行实质性分析；无法评估的，说明理由后标记不适用。"}
            for stage, (title, actions) in STAGES.items()]
