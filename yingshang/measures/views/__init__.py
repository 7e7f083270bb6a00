"""Pages of the plan: the board and a measure's page (board), the people's own views, report corrections, meetings
and reforms (supervision), the quarterly review pack (review)."""

from yingshang.measures.views.board import (
    board, board_export, evidence_download, inspection_close, inspection_create, inspection_follow_up,
    measure_detail, plan_upload, report_create,
)
from yingshang.measures.views.review import review, review_current, review_pdf, review_xlsx
from yingshang.measures.views.supervision import (
    department, led, meeting_detail, meetings, reform_adopt, reform_detail, reform_plan, reform_reject,
    reform_report, reforms, report_edit,
)

__all__ = [
    "board", "board_export", "department", "evidence_download", "inspection_close", "inspection_create",
    "inspection_follow_up", "led", "measure_detail", "meeting_detail", "meetings", "plan_upload", "reform_adopt",
    "reform_detail", "reform_plan", "reform_reject", "reform_report", "reforms", "report_create", "report_edit",
    "review", "review_current", "review_pdf", "review_xlsx",
]
