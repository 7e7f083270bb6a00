from celery import shared_task


@shared_task(name="preservation.scan")
def scan_preservation(today: str | None = None) -> dict:
    from datetime import date

    from yingshang.preservation.services import preservation_scan

    return preservation_scan(today=date.fromisoformat(today) if today else None).as_dict()
