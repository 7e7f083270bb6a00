"""Writes for the plan: import (idempotent), progress reports with evidence, 督察室 inspections. Each service
authorizes, validates, then writes in one transaction together with its audit event."""

from yingshang.measures.services.inspections import inspection_close, inspection_follow_up, inspection_record
from yingshang.measures.services.plan import ImportResult, measure_snapshot, plan_import, plan_parse
from yingshang.measures.services.reports import evidence_attach, progress_report_file, progress_report_update

__all__ = [
    "ImportResult", "evidence_attach", "inspection_close", "inspection_follow_up", "inspection_record",
    "measure_snapshot", "plan_import", "plan_parse", "progress_report_file", "progress_report_update",
]
