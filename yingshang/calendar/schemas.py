"""API schemas for the working-day calendar and the period calculator."""

import re
from datetime import date, datetime

from ninja import Schema
from pydantic import Field, StrictInt, field_validator
from pydantic_core import PydanticCustomError

from yingshang.core.errors import CoreError

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATE_MESSAGE = "日期不正确，应为 YYYY-MM-DD 的有效日期"


def parse_iso_date(value) -> date:
    """Only 'YYYY-MM-DD' strings of real dates (no timestamps, no datetimes)."""
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise PydanticCustomError(str(CoreError.DATE_INVALID), _DATE_MESSAGE)


class DeadlineIn(Schema):
    start: date = Field(description="起算日（如送达日、立案日）YYYY-MM-DD；当日不计入", examples=["2024-09-20"])
    days: StrictInt | None = Field(None, description="期间日数（1–3650）", examples=[15])
    months: StrictInt | None = Field(None, description="期间月数（1–120）")
    working_days: StrictInt | None = Field(None, description="工作日数（1–2500）")
    years: StrictInt | None = Field(None, description="期间年数（1–10）")
    rollover: bool = Field(True, description="期间届满日为节假日或周末时顺延至其后第一个工作日（民事诉讼法第85条）；"
                                             "工作日期间不适用")

    @field_validator("start", mode="before")
    @classmethod
    def _start(cls, value):
        return parse_iso_date(value)


class DeadlineOut(Schema):
    deadline: date = Field(description="期间届满日（已按节假日顺延）")
    deadline_label: str = Field(description="如 2024年10月8日（星期二）")
    nominal_end: date = Field(description="顺延前的期间最后一日")
    steps: list[str] = Field(description="计算步骤（中文），逐步引用法律依据")
    unconfirmed_calendar: bool = Field(description="结果依赖尚未经国务院通知确认的年度（如2027年暂定日历）")
    unconfirmed_years: list[int]


class DayOut(Schema):
    day: date
    weekday: int = Field(description="1=星期一 … 7=星期日")
    weekday_label: str
    is_working_day: bool
    is_adjusted_workday: bool = Field(description="调休上班的周六、周日")
    holiday_name: str
    note: str
    source: str
    source_label: str
    working_ordinal: int = Field(description="自日历表首日起至本日（含）的工作日数")


class YearOut(Schema):
    year: int
    is_confirmed: bool
    source: str
    source_label: str
    note: str
    confirmed_at: datetime | None
    confirmed_by: str
    working_day_count: int | None = None


class DayListOut(Schema):
    year: YearOut | None
    items: list[DayOut]
    count: int


class YearListOut(Schema):
    items: list[YearOut]
    count: int


class DayUpdateIn(Schema):
    is_working_day: bool = Field(description="true 工作日（周六、周日为调休上班日）/ false 休息日")
    holiday_name: str = Field("", max_length=100, description="休息日的节日名称（周一至周五改为休息日时必填），"
                                                              "或调休上班日所属节日")
    reason: str = Field(description="修改依据，如 国务院办公厅通知文号", max_length=500)


class YearConfirmIn(Schema):
    note: str = Field(description="确认依据，如 国办发明电〔2026〕×号", max_length=500)
