"""Reads for the plan: the board and a measure's page (board), the people's own views, reforms, meetings and
alerts (supervision), and the quarterly review pack (review). Already scoped to the user."""

from yingshang.measures.selectors.board import (
    NO_DATA, BoardFilters, BoardRow, TargetView, board_choices, board_counts, indicator_live_value, measure_board,
    measure_detail, measure_state_on, plan_current, plan_list, state_on,
)
from yingshang.measures.selectors.review import ReviewPack, review_pack
from yingshang.measures.selectors.supervision import (
    DepartmentView, LeaderView, ReformFilters, ReformRow, alert_list, department_view, leader_view, meeting_list,
    reform_detail, reform_list, reform_state,
)

__all__ = [
    "NO_DATA", "BoardFilters", "BoardRow", "DepartmentView", "LeaderView", "ReformFilters", "ReformRow",
    "ReviewPack", "TargetView", "alert_list", "board_choices", "board_counts", "department_view",
    "indicator_live_value", "leader_view", "measure_board", "measure_detail", "measure_state_on", "meeting_list",
    "plan_current", "plan_list", "reform_detail", "reform_list", "reform_state", "review_pack", "state_on",
]
