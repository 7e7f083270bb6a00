"""Writes for the plan: import (idempotent), progress reports with evidence and their corrections, 督察室
inspections, liaison meetings, replicable reforms and pilots, and the daily deadline scan. Each service
authorizes, validates, then writes in one transaction together with its audit event."""

from yingshang.measures.services.inspections import inspection_close, inspection_follow_up, inspection_record
from yingshang.measures.services.meetings import meeting_record, meeting_update
from yingshang.measures.services.plan import ImportResult, measure_snapshot, plan_import, plan_parse
from yingshang.measures.services.reforms import reform_adopt, reform_plan_submit, reform_propose, reform_reject
from yingshang.measures.services.reports import (
    evidence_attach, progress_report_file, progress_report_update, reform_report_file,
)
from yingshang.measures.services.scan import ScanResult, measures_scan

__all__ = [
    "ImportResult", "ScanResult", "evidence_attach", "inspection_close", "inspection_follow_up", "inspection_record",
    "measure_snapshot", "measures_scan", "meeting_record", "meeting_update", "plan_import", "plan_parse",
    "progress_report_file", "progress_report_update", "reform_adopt", "reform_plan_submit", "reform_propose",
    "reform_reject", "reform_report_file",
]
