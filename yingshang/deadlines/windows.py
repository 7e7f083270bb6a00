"""Extension paperwork windows (延长审限的申请和审批期限) — pure rules, split from domain.py.

Sources: 最高人民法院关于严格规范民商事案件审理期限延长和延期开庭问题的规定 (2019) art. 1 (apply 15 days before
expiry, decide 5 days before; art. 9: the 2019 rules prevail over the 2000 rules' 10 days); 最高人民法院关于执行案件
若干期限的规定 (法发〔2006〕35号) art. 1 (enforcement: within the 5 days before expiry). The day counts themselves come
from conf (settings with these documented defaults). No ORM, no settings, no clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from yingshang.calendar.domain import format_date as _fmt
from yingshang.core.errors import DomainError
from yingshang.deadlines.domain import WorkdayCalendar
from yingshang.deadlines.errors import DeadlineError


@dataclass(frozen=True)
class WindowPolicy:
    """How many days before the limit's last day the extension paperwork is due (the numbers come from conf)."""

    apply_days_before: int          # the last day to apply = last day of the limit − N
    decide_days_before: int         # the last day for the decision = last day of the limit − N
    opens_days_before: int | None   # the first day to apply = last day − N (enforcement, 2006 rules); None: any time
    source: str


@dataclass(frozen=True)
class ExtensionWindow:
    """The days of one case's extension paperwork, counted back from the last day of its limit.

    The days are natural days, holidays included (the texts say 日, not 工作日), and a day that falls on a rest day is
    not moved: moving it later would run past the text, moving it earlier would refuse what the text allows. For the
    user the window also names the last working day on or before each day (``*_working_on``): in practice the 院长
    signs on a working day."""

    end_on: date
    opens_on: date | None
    apply_by_on: date
    decide_by_on: date
    apply_by_working_on: date
    decide_by_working_on: date
    source: str


def _last_working_on_or_before(day: date, cal: WorkdayCalendar) -> date:
    moved = day
    for _ in range(40):  # no rest period in the calendar is this long; stop rather than loop on a bad calendar
        if cal.is_working_day(moved):
            return moved
        moved -= timedelta(days=1)
    return day


def extension_window(*, end_on: date, policy: WindowPolicy, cal: WorkdayCalendar) -> ExtensionWindow:
    """The extension paperwork of a case whose limit ends on ``end_on``:

    - trial cases (2019 SPC 延长审限和延期开庭规定 art. 1): the judge / panel applies to the 院长 15 days before
      expiry and the 院长 decides 5 days before; a further extension goes to the higher court 15 days before expiry
      and it decides 5 days before (the same days; the 2000 rules' 10 days yield to the 2019 rules, art. 9);
    - enforcement cases (法发〔2006〕35号 art. 1): applied for within the 5 days before expiry.
    "N days before" is the day N calendar days before the last day (届满15日前: end − 15), and that day is included.
    """
    apply_by = end_on - timedelta(days=policy.apply_days_before)
    decide_by = end_on - timedelta(days=policy.decide_days_before)
    opens = end_on - timedelta(days=policy.opens_days_before) if policy.opens_days_before is not None else None
    return ExtensionWindow(end_on=end_on, opens_on=opens, apply_by_on=apply_by, decide_by_on=decide_by,
                           apply_by_working_on=_last_working_on_or_before(apply_by, cal),
                           decide_by_working_on=_last_working_on_or_before(decide_by, cal), source=policy.source)


def check_extension_timing(*, window: ExtensionWindow | None, today: date, step: str, late_reason: str,
                           strict: bool) -> bool:
    """Whether an extension step is taken in time; True when it is late but allowed (a late reason was given, or
    the court's setting is not strict). ``step``: "apply" (the request; also the report to the higher court, due
    on the same day) or "decide" (the 院长's approval). ``window`` None: the limit is paused or has no end, so no
    day has passed.

    Refused, writing nothing:
    - the limit has already expired (``today`` after its last day): an extension granted afterwards would hide the
      超审限 — nothing can be extended that has run out (EXTENSION_LIMIT_EXPIRED, never overridable);
    - an enforcement request before the window opens (法发〔2006〕35号 art. 1: within the 5 days before expiry);
    - after the last day (2019 rules art. 1: 15 / 5 days before expiry) without a late reason, when strict.
    """
    if window is None:
        return False
    if today > window.end_on:
        raise DomainError(DeadlineError.EXTENSION_LIMIT_EXPIRED,
                          f"审限已于{_fmt(window.end_on)}届满，不能再申请或批准延长；已超审限的，应如实报告超审限情况",
                          {"end_on": window.end_on.isoformat()}, status=409)
    if step == "apply" and window.opens_on is not None and today < window.opens_on:
        raise DomainError(DeadlineError.EXTENSION_TOO_EARLY,
                          f"执行期限届满前{(window.end_on - window.opens_on).days}日内方可申请延长（{window.source}），"
                          f"请于{_fmt(window.opens_on)}至{_fmt(window.apply_by_on)}期间提出",
                          {"opens_on": window.opens_on.isoformat(), "apply_by_on": window.apply_by_on.isoformat(),
                           "source": window.source}, status=409)
    last = window.apply_by_on if step == "apply" else window.decide_by_on
    if today <= last:
        return False
    if strict and not late_reason.strip():
        days = (window.end_on - last).days
        what = "申请延长" if step == "apply" else "院长作出是否批准的决定"
        raise DomainError(DeadlineError.EXTENSION_WINDOW_MISSED,
                          f"审限届满日为{_fmt(window.end_on)}，{what}应在届满{days}日前即{_fmt(last)}前完成（{window.source}）；"
                          "已逾期的，须填写逾期理由",
                          {"step": step, "end_on": window.end_on.isoformat(), "last_day_on": last.isoformat(),
                           "source": window.source}, status=409)
    return True
