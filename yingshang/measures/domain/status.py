"""Which departments a measure names, and a measure's status and traffic light on a given day."""

from dataclasses import dataclass
from datetime import date

from yingshang.measures.domain.vocabulary import DEPARTMENT_ALIASES

def department_names_covering(*, kind: str, name: str) -> set[str]:
    """The names under which a plan may assign work to a department of this kind and name: its own name, the
    short and long names of its kind (审管办 / 审判管理办公室), and the collective names that include it
    (各审判部门 for the divisions, 全院各部门 for everyone)."""
    names = {name} if name else set()
    names.update(alias for alias, kinds in DEPARTMENT_ALIASES.items() if kind in kinds)
    return names


class MeasureStatus:
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    OVERDUE = "overdue"
    ONGOING = "ongoing"


STATUS_LABELS = {MeasureStatus.NOT_STARTED: "未开始", MeasureStatus.IN_PROGRESS: "推进中",
                 MeasureStatus.COMPLETED: "已完成", MeasureStatus.OVERDUE: "逾期", MeasureStatus.ONGOING: "持续推进"}


class Light:
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    GREY = "grey"


LIGHT_LABELS = {Light.GREEN: "绿灯", Light.AMBER: "黄灯", Light.RED: "红灯", Light.GREY: "灰灯"}


@dataclass(frozen=True)
class MeasureState:
    status: str
    light: str
    light_text: str
    days_left: int | None = None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def measure_state(*, deadline_on: date | None, is_ongoing: bool, progress_percent: int, completed_on: date | None,
                  last_reported_on: date | None, started_on: date, today: date, warning_days: int = 30,
                  stale_days: int = 90, lag_tolerance: int = 20) -> MeasureState:
    """Status and traffic light of one measure on ``today`` (the plan's 项目化、清单化 supervision, 四(二)).

    - 已完成 when the department reported it complete (green; "逾期完成" when after the deadline);
    - 逾期 the day after the deadline when not complete (red). The deadline day itself is still in time;
    - 持续推进 for ongoing measures without a date: green, amber when nothing was reported for ``stale_days``
      (the Party group reviews every quarter: 90 days by default);
    - otherwise 未开始 (nothing reported) or 推进中; amber when the deadline is within ``warning_days`` or the
      reported progress lags the share of time used by more than ``lag_tolerance`` points, else green.
    """
    if completed_on is not None:
        late = deadline_on is not None and completed_on > deadline_on
        return MeasureState(MeasureStatus.COMPLETED, Light.GREEN, "逾期后完成" if late else "已完成")
    if deadline_on is not None and today > deadline_on:
        overdue = (today - deadline_on).days
        return MeasureState(MeasureStatus.OVERDUE, Light.RED, f"已逾期{overdue}日", -overdue)
    has_reports = last_reported_on is not None
    if deadline_on is None:
        last = last_reported_on or started_on
        idle = (today - last).days
        status = MeasureStatus.ONGOING if is_ongoing else (
            MeasureStatus.IN_PROGRESS if has_reports else MeasureStatus.NOT_STARTED)
        if idle >= stale_days:
            return MeasureState(status, Light.AMBER, f"已{idle}日未报送进展")
        if not is_ongoing:
            return MeasureState(status, Light.GREY, "未写明完成时限")
        return MeasureState(status, Light.GREEN, "持续推进")
    status = MeasureStatus.IN_PROGRESS if has_reports else MeasureStatus.NOT_STARTED
    days_left = (deadline_on - today).days
    total = max((deadline_on - started_on).days, 1)
    expected = min(max((today - started_on).days * 100 // total, 0), 100)
    if progress_percent + lag_tolerance < expected:
        return MeasureState(status, Light.AMBER, f"进度滞后：应达{expected}%，实报{progress_percent}%", days_left)
    if days_left == 0:
        return MeasureState(status, Light.AMBER, "今日到期", days_left)
    if days_left <= warning_days:
        return MeasureState(status, Light.AMBER, f"距完成时限{days_left}日", days_left)
    return MeasureState(status, Light.GREEN, f"按期推进，距完成时限{days_left}日", days_left)
