"""Summaries and timelines of the planned cases (立案, 委托代理, 分案, 送达, 网络查控, 程序变更, 开庭, 中止,
关联, 结案, 归档), built once the case numbers are known."""

import random

from yingshang.cases.choices import (
    CaseCategory, CaseEventKind, CaseLinkKind, CaseStatus, ClosingManner, FilingChannel, PartyRole, Procedure,
)
from yingshang.cases.demo.organisation import ACCOUNTS, DEPARTMENTS
from yingshang.cases.demo.plan import CasePlan, EventPlan, LinkPlan, PartyPlan

_DEPARTMENT_NAMES = {spec.key: spec.name for spec in DEPARTMENTS}
_HEADS = {spec.department: spec.username for spec in ACCOUNTS if spec.role == "division_head" and spec.department}


def _names(parties: list[PartyPlan]) -> str:
    names = [p.name for p in parties]
    return "、".join(names[:2]) + ("等" if len(names) > 2 else "")


def summary_for(case: CasePlan, parties: list[PartyPlan]) -> str:
    """One line describing the case, as a docket shows it (原告…诉被告…纠纷一案)."""
    by_role: dict[str, list[PartyPlan]] = {}
    for index, role in case.parties:
        by_role.setdefault(role, []).append(parties[index])

    def who(role: str) -> str:
        return _names(by_role.get(role, []))

    cause = case.cause_name or case.cause_text
    code = case.type_code
    if code in ("民初", "行初"):
        return f"{who(PartyRole.PLAINTIFF)}诉{who(PartyRole.DEFENDANT)}{cause}一案"
    if code.startswith("执") and code != "执异":
        return f"申请执行人{who(PartyRole.CREDITOR)}与被执行人{who(PartyRole.DEBTOR)}{cause}执行一案"
    if code == "刑初":
        return f"被告人{who(PartyRole.ACCUSED)}{cause}一案"
    if code in ("破申", "破"):
        return f"{who(PartyRole.BANKRUPT_DEBTOR)}破产清算一案"
    respondents = who(PartyRole.RESPONDENT)
    return f"申请人{who(PartyRole.APPLICANT)}" + (f"与被申请人{respondents}" if respondents else "") + f"{cause}一案"


def add_timelines(cases: list[CasePlan], parties: list[PartyPlan], links: list[LinkPlan], rng: random.Random) -> None:
    """Fill each case's ``events`` from its planned dates, in date order."""
    by_index = {case.index: case for case in cases}
    links_from: dict[int, list[LinkPlan]] = {}
    for link in links:
        links_from.setdefault(link.from_index, []).append(link)
    names = {spec.username: spec for spec in ACCOUNTS}
    for case in cases:
        events = case.events
        channel = FilingChannel(case.channel).label
        events.append(EventPlan(CaseEventKind.REGISTERED, case.filed_on, "filing",
                                f"{channel}，案号{case.case_number}"))
        for position, lawyer in case.agents:
            party = parties[case.parties[position][0]]
            spec = names[lawyer]
            events.append(EventPlan(CaseEventKind.AGENT_ADDED, case.filed_on, "filing",
                                    f"{party.name}委托{spec.display_name}（{spec.organisation_name}）"))
        if case.assigned_on:
            judge = names[case.judge].display_name
            events.append(EventPlan(CaseEventKind.ASSIGNED, case.assigned_on, _HEADS.get(case.department, "filing"),
                                    f"分配至{_DEPARTMENT_NAMES[case.department]}，承办法官{judge}"))
        if case.served_on:
            method = "electronic" if rng.random() < 0.72 else "postal"
            what = ("执行通知书、报告财产令" if case.category == CaseCategory.ENFORCEMENT
                    else "起诉书副本" if case.type_code == "刑初" else "起诉状副本、应诉通知书、举证通知书")
            label = "电子送达" if method == "electronic" else "邮寄送达"
            events.append(EventPlan(CaseEventKind.SERVED, case.served_on, case.judge, f"{label}{what}",
                                    {"method": method}))
        for on, text in case.notes:
            events.append(EventPlan(CaseEventKind.NOTE, on, case.judge, text))
        if case.procedure_changed:
            on, before, after = case.procedure_changed
            events.append(EventPlan(CaseEventKind.PROCEDURE_CHANGED, on, case.judge,
                                    f"{Procedure(before).label}转为{Procedure(after).label}：案情复杂，需要延长审理",
                                    {"from": before, "to": after}))
        if case.hearing_on:
            where = "在线庭审" if case.is_online_hearing else "公开开庭审理"
            events.append(EventPlan(CaseEventKind.HEARING, case.hearing_on, case.judge, where,
                                    {"online": case.is_online_hearing}))
        if case.suspended:
            on, reason = case.suspended
            events.append(EventPlan(CaseEventKind.SUSPENDED, on, case.judge, reason,
                                    {"from": CaseStatus.IN_PROGRESS, "to": CaseStatus.SUSPENDED}))
        for link in links_from.get(case.index, []):
            target = by_index[link.to_index]
            events.append(EventPlan(CaseEventKind.LINKED, target.filed_on, "filing",
                                    f"{CaseLinkKind(link.kind).label}：{target.case_number}"))
        if case.closed_on:
            text = f"结案方式：{ClosingManner(case.closing_manner).label}"
            if case.outcome_note:
                text += f"（{case.outcome_note}）"
            events.append(EventPlan(CaseEventKind.CLOSED, case.closed_on, case.judge or "filing", text,
                                    {"from": CaseStatus.IN_PROGRESS, "to": CaseStatus.CLOSED}))
        if case.archived_on:
            events.append(EventPlan(CaseEventKind.ARCHIVED, case.archived_on, case.judge, "归档",
                                    {"from": CaseStatus.CLOSED, "to": CaseStatus.ARCHIVED}))
        events.sort(key=lambda e: e.occurred_on)
