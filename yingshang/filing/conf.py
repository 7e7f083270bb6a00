"""Settings of the filing app, read with their documented defaults (config/settings stay untouched).

UNCONFIRMED values of the rule book are settings here with the rule book's default; see each docstring."""

from django.conf import settings


def _get(name: str, default):
    return getattr(settings, name, default)


def attachment_max_bytes() -> int:
    """Largest accepted attachment (bytes). The court's own limit (no legal source): default 20 MB."""
    return int(_get("FILING_ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024))


def attachment_max_count() -> int:
    """Most attachments accepted in one submission."""
    return int(_get("FILING_ATTACHMENT_MAX_COUNT", 30))


def due_soon_days() -> int:
    """Calendar days before the decision deadline at which a pending filing is flagged 即将届满."""
    return int(_get("FILING_DUE_SOON_DAYS", 2))


def province() -> str:
    """The province whose average wage sets the small-claims threshold (CPL 165): the court is in Hubei."""
    return str(_get("FILING_PROVINCE", "湖北省"))


def triage_complex_threshold() -> int:
    """Sum of matched 繁案指标 weights at which triage suggests the ordinary procedure (court practice, editable)."""
    return int(_get("FILING_TRIAGE_COMPLEX_THRESHOLD", 2))


def triage_fast_track_min_simple_score() -> int:
    """Sum of matched 简案指标 weights at which a simple civil case is suggested for the 速裁团队 (court practice)."""
    return int(_get("FILING_TRIAGE_FAST_TRACK_MIN_SCORE", 2))


def refusal_number_format() -> str:
    """Number of a 不予受理 ruling. UNCONFIRMED: in practice such rulings often carry a 民初 number, which would
    allocate a case number to a complaint that is not registered; the platform numbers them on a separate register
    with this format (placeholders: year, court_code, sequence) until the court decides."""
    return str(_get("FILING_REFUSAL_NUMBER_FORMAT", "（{year}）{court_code}立不受{sequence}号"))


def receipt_number_format() -> str:
    """Number of the written receipt (登记立案规定 art 2: a receipt with the date)."""
    return str(_get("FILING_RECEIPT_NUMBER_FORMAT", "（{year}）{court_code}收{sequence}号"))
