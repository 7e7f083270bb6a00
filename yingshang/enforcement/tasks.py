from celery import shared_task


@shared_task(name="enforcement.scan_messages")
def scan_enforcement_messages() -> dict:
    from yingshang.enforcement.services import messages_scan, money_scan

    return {**messages_scan(), **money_scan()}
