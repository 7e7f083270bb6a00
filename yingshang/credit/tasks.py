from celery import shared_task


@shared_task(name="credit.scan_listings")
def scan_listings(today: str | None = None) -> dict:
    from datetime import date

    from yingshang.credit.services import listings_scan

    return listings_scan(today=date.fromisoformat(today) if today else None)


@shared_task(name="credit.monthly")
def credit_monthly(month: str | None = None) -> dict:
    """Previous month's government-integrity push and red/black lists (run on the 1st)."""
    from yingshang.core.clock import court_today
    from yingshang.credit.services import honour_lists_build, integrity_push

    if month is None:
        today = court_today()
        month = f"{today.year - (today.month == 1)}-{(today.month - 2) % 12 + 1:02d}"
    return {"pushed": len(integrity_push(period=month)), **honour_lists_build(month=month)}
