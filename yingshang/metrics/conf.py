"""Settings of the metrics app, read with their documented defaults (config/settings/*.py is not edited for these).

Every number here is UNCONFIRMED in ../shared/domain/indicators.md and shown as such in the catalogue notes."""

from decimal import Decimal

from django.conf import settings


def attorney_fee_estimate_percent() -> Decimal:
    """解决纠纷成本: the attorney fee, which the court does not record, estimated as this percentage of the claim
    (indicators.md §2.6, worked example: "lawyer fee assumed 8%"; to be replaced by the provincial 律师服务收费 guidance
    or questionnaire data). UNCONFIRMED. Default 8."""
    return Decimal(str(getattr(settings, "METRICS_ATTORNEY_FEE_ESTIMATE_PERCENT", "8")))


def cost_cause_families() -> tuple[str, ...]:
    """解决纠纷成本: the 案由 families (二级大类) that make a case a commercial contract dispute (indicators.md §2.6
    step 1: 合同纠纷 family with at least one enterprise party). Default ("合同纠纷",)."""
    return tuple(getattr(settings, "METRICS_COST_CAUSE_FAMILIES", ("合同纠纷",)))


def excluded_categories() -> tuple[str, ...]:
    """Case categories outside the statistics (统计口径): pre-filing mediation and preservation reviews are not
    cases in the SPC counts (indicators.md §1.2: "excl. 诉前调确、诉前调书、执保、执恢 字号" — local 口径). UNCONFIRMED."""
    return tuple(getattr(settings, "METRICS_EXCLUDED_CATEGORIES", ("pre_filing_mediation", "preservation")))


def excluded_type_codes() -> tuple[str, ...]:
    """Type codes outside the statistics: 执保 (enforcement of a preservation ruling) by default. UNCONFIRMED."""
    return tuple(getattr(settings, "METRICS_EXCLUDED_TYPE_CODES", ("执保",)))


def amber_margin_percent() -> Decimal:
    """How close to its target a value must be to show amber (接近目标) instead of red: this many per cent of the
    target value (60% target, margin 10 → amber from 54%). The plan names none. Default 10."""
    return Decimal(str(getattr(settings, "METRICS_AMBER_MARGIN_PERCENT", "10")))


def payout_days() -> int:
    """Days from arrival to payout of enforcement money — the enforcement app's setting (法发〔2017〕6号: 30)."""
    from yingshang.enforcement import conf as enforcement_conf

    return enforcement_conf.payout_days()


def postgres_jit() -> bool:
    """Whether PostgreSQL may JIT-compile the indicator queries. Off by default: the queries are many short
    conditional aggregates, and compiling them cost more than it saved (bench/indicators.py, docs/benchmarks.md:
    300–400 ms of JIT per query at 300,000 cases). The engine turns JIT off for its own statements only."""
    return bool(getattr(settings, "METRICS_POSTGRES_JIT", False))


def postgres_random_page_cost() -> str:
    """PostgreSQL's planner cost of a random page read, for the indicator queries only. PostgreSQL's default (4)
    assumes spinning disks, and makes the planner hash a whole child table (a million time-limit rows, every court's
    enforcement accounts) to join one court's 10,000 cases rather than look them up by index; with the tables in
    memory or on SSD (the usual advice: 1.1) it looks them up — bench/indicators.py: a court inside the province
    database 500 → 256 ms, the county database 61 → 50 ms. "" leaves the server's setting. Default "1.1"."""
    return str(getattr(settings, "METRICS_POSTGRES_RANDOM_PAGE_COST", "1.1"))
