"""python manage.py dispatch_notifications [--once] [--limit N] [--interval S]

Sends due notifications (first sends, retries, messages whose dispatcher died). Without --once it keeps running,
one pass every --interval seconds (a worker for installations without Celery). Safe to run several at once and
to kill at any moment."""

import time

from django.core.management.base import BaseCommand

from yingshang.notifications.dispatch import dispatch_due
from yingshang.notifications.selectors import channel_statuses


class Command(BaseCommand):
    help = "发送到期的通知（短信、邮件、站内消息），含重试；可随时中断，不丢失、不重复。"

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="只运行一轮后退出")
        parser.add_argument("--limit", type=int, default=None, help="每轮最多处理的消息数")
        parser.add_argument("--interval", type=float, default=10.0, help="持续运行时每轮间隔秒数（默认 10）")

    def handle(self, *args, once=False, limit=None, interval=10.0, **options):
        for channel, status in channel_statuses().items():
            if not status.enabled:
                self.stderr.write(f"[{channel}] {status.reason}")
        while True:
            summary = dispatch_due(limit=limit)
            if summary or once:
                parts = "，".join(f"{name} {count}" for name, count in sorted(summary.items())) or "无到期消息"
                self.stdout.write(f"本轮处理 {sum(summary.values())} 条：{parts}")
            if once:
                return
            time.sleep(max(interval, 0.5))
