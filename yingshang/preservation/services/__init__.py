"""Writes of the preservation app (a package: applications and measures; the daily scan). Import from here:

    from yingshang.preservation.services import application_create, measure_take, preservation_scan
"""

from yingshang.preservation.services.applications import (
    PRESERVATION_ORDER, application_create, application_lift, enforcement_application_record, excess_release,
    measure_lift, measure_renew,
    measure_take, recompute_claim_match, renewal_request, ruling_make, security_decide, security_provide,
    suit_record,
)
from yingshang.preservation.services.scan import ScanResult, preservation_scan

__all__ = [
    "PRESERVATION_ORDER", "ScanResult", "application_create", "application_lift", "enforcement_application_record",
    "excess_release", "measure_lift",
    "measure_renew", "measure_take", "preservation_scan", "recompute_claim_match", "renewal_request", "ruling_make",
    "security_decide", "security_provide", "suit_record",
]
