"""The quarter of the Party group's review (plan 四(一): 院党组每季度均应对营商环境工作进行统筹谋划、调查研究和安排部署;
定期召开营商环境工作联席会议，负责集体研判、分析和通报营商环境工作的现状、问题和进展)."""

import calendar
from dataclasses import dataclass
from datetime import date

QUARTER_NAMES = {1: "第一季度", 2: "第二季度", 3: "第三季度", 4: "第四季度"}


@dataclass(frozen=True)
class Quarter:
    """A calendar quarter: Q1 = January–March … Q4 = October–December."""

    year: int
    number: int

    def __post_init__(self):
        if self.number not in QUARTER_NAMES or not 1900 <= self.year <= 9999:
            raise ValueError(f"no such quarter: {self.year} Q{self.number}")

    @property
    def start(self) -> date:
        return date(self.year, self.number * 3 - 2, 1)

    @property
    def end(self) -> date:
        month = self.number * 3
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def label(self) -> str:
        return f"{self.year}年{QUARTER_NAMES[self.number]}"

    def as_of(self, today: date) -> date:
        """The day the pack describes: the quarter's last day once it is over, otherwise today (a quarter not yet
        begun is described as of its first day)."""
        return max(min(self.end, today), self.start)

    def is_closed(self, today: date) -> bool:
        return today > self.end

    @property
    def previous(self) -> "Quarter":
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)

    @property
    def next(self) -> "Quarter":
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)


def quarter_of(day: date) -> Quarter:
    return Quarter(day.year, (day.month - 1) // 3 + 1)
