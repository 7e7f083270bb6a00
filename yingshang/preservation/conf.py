"""Settings of the preservation app (read here only). Numbers the rule book leaves open are settings with the
documented default, labelled UNCONFIRMED where the rule book says so."""

from django.conf import settings

# rules-enforcement-credit-bankruptcy.md §0 open point: courts often print a one-year measure as 2024-03-15 to
# 2025-03-14, while the Art 85 computation gives 2025-03-15. UNCONFIRMED: "corresponding_day" (民法典 202, the
# computed default) or "day_before" (the printed practice). A date printed on the ruling always wins.
TERM_END_CONVENTIONS = ("corresponding_day", "day_before")


def term_end_convention() -> str:
    value = getattr(settings, "PRESERVATION_TERM_END_CONVENTION", "corresponding_day")
    return value if value in TERM_END_CONVENTIONS else "corresponding_day"


def renewal_alert_days() -> int:
    """Alert the applicant and the judge when a measure expires within this many days (default 15: enough to ask
    for renewal at least 7 days before expiry, PresProv Art 18)."""
    return int(getattr(settings, "PRESERVATION_RENEWAL_ALERT_DAYS", 15))


def ruling_due_soon_days() -> int:
    """Alert the judge this many days before a ruling falls due (default 1)."""
    return int(getattr(settings, "PRESERVATION_RULING_DUE_SOON_DAYS", 1))


def suit_due_soon_days() -> int:
    """Alert before the 30-day pre-litigation suit period ends (default 5)."""
    return int(getattr(settings, "PRESERVATION_SUIT_DUE_SOON_DAYS", 5))
