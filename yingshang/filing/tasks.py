from celery import shared_task


@shared_task(name="filing.scan_deadlines")
def scan_filing_deadlines(today: str | None = None) -> dict:
    from datetime import date

    from yingshang.filing.services import filing_deadlines_scan

    return filing_deadlines_scan(today=date.fromisoformat(today) if today else None)
