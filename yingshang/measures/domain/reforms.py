"""Replicable reforms and 小切口 pilots (plan measures 32 and 33).

Measure 32: 全面梳理归纳可复制推广改革举措…经院领导研究确定的复制推广项目相关的责任部门应及时撰写落实方案并具体落实.
Measure 33: 各审判执行部门…提出新一年优化营商环境试点改革任务.
A proposal is registered, reviewed (adopted or not), and once adopted has a responsible department, a deadline
and an implementation plan (落实方案), then is tracked like a measure."""


class ReformKind:
    PRACTICE = "practice"  # 可复制推广举措 (measure 32)
    PILOT = "pilot"        # 小切口改革试点 (measure 33)


# Words in a measure's title that mark the measure a kind of reform belongs to.
REFORM_MEASURE_WORDS = {ReformKind.PRACTICE: ("复制推广",), ReformKind.PILOT: ("小切口", "试点")}


def reform_measure_number(kind: str, titles: dict[int, str]) -> int | None:
    """The number of the plan's measure that a reform of ``kind`` belongs to, found by its title words (复制推广 →
    measure 32, 小切口 → 33 in the 2023 plan); the first match by number, None when the plan has none."""
    words = REFORM_MEASURE_WORDS[kind]
    for number in sorted(titles):
        if any(word in titles[number] for word in words):
            return number
    return None
