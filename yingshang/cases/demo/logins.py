"""The demo accounts as a table: who to log in as, and what that person sees."""

import unicodedata
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q

from yingshang.cases.choices import OPEN_STATUSES
from yingshang.cases.demo.organisation import ACCOUNTS, DEMO_PASSWORD
from yingshang.cases.models import Case, CaseAgent, CaseParty
from yingshang.org.models import User


@dataclass(frozen=True)
class LoginRow:
    username: str
    password: str
    role: str
    department: str
    look_at: str


def demo_login_rows() -> list[LoginRow]:
    """One row per demo account that exists, in the order of organisation.ACCOUNTS."""
    users = {u.username: u for u in User.objects.filter(username__in=[a.username for a in ACCOUNTS])
             .select_related("department", "team")
             .annotate(judged=Count("cases_as_judge", distinct=True),
                       judged_open=Count("cases_as_judge", filter=Q(cases_as_judge__status__in=OPEN_STATUSES),
                                         distinct=True))}
    rows = []
    for spec in ACCOUNTS:
        user = users.get(spec.username)
        if user is None:
            continue
        where = user.department.name if user.department else user.organisation_name
        if user.team:
            where += f"·{user.team.name}"
        if user.role in ("president", "vice_president"):
            where = "院领导"
        look_at = spec.hint
        if user.judged:
            look_at += f"（承办 {user.judged} 件，未结 {user.judged_open} 件）"
        elif spec.represents or spec.role == "lawyer":
            own = (Case.objects.filter(Exists(CaseParty.objects.filter(case=OuterRef("pk"), party__users=user))
                                       | Exists(CaseAgent.objects.filter(case_party__case=OuterRef("pk"), agent=user)))
                   .order_by("-filed_on", "-id"))
            count = own.count()
            if count:
                look_at += f"（{count} 件，如{own.first().case_number}）"
        role = user.role_label + ("（审委会委员）" if user.is_committee_member else "")
        rows.append(LoginRow(spec.username, DEMO_PASSWORD, role, where or "—", look_at))
    return rows


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def format_table(rows: list[LoginRow]) -> str:
    """A plain-text table that lines up in a terminal (CJK characters count double)."""
    header = LoginRow("用户名", "密码", "角色", "部门/单位", "看什么")
    table = [header, *rows]
    columns = list(zip(*[(r.username, r.password, r.role, r.department) for r in table]))
    widths = [max(_width(cell) for cell in column) for column in columns]
    lines = []
    for index, row in enumerate(table):
        cells = [row.username, row.password, row.role, row.department]
        padded = [cell + " " * (width - _width(cell)) for cell, width in zip(cells, widths)]
        lines.append("  ".join(padded + [row.look_at]).rstrip())
        if index == 0:
            lines.append("  ".join("-" * width for width in widths) + "  " + "-" * 12)
    return "\n".join(lines)
