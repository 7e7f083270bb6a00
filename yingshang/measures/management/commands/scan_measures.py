"""python manage.py scan_measures [--today YYYY-MM-DD] [--silent] — the daily reminder and escalation scan."""

from django.core.management.base import BaseCommand

from yingshang.core.commands import add_today_argument
from yingshang.measures.choices import AlertKind, AlertSubject
from yingshang.measures.services import measures_scan


class Command(BaseCommand):
    help = "营商举措到期提醒与逾期督办每日扫描：举措、督察整改、改革事项的期限；经通知模块发送（可重复运行，不重复发送）"

    def add_arguments(self, parser):
        add_today_argument(parser)
        parser.add_argument("--silent", action="store_true",
                            help="首次导入早已过期的方案时使用：提醒和督办只登记，不发送通知")

    def handle(self, *args, **options):
        today = options["today"]
        result = measures_scan(today=today, notify=not options["silent"])
        parts = [f"{AlertKind(kind).label}·{AlertSubject(subject).label} {n}"
                 for key, n in result.raised.items() if n for kind, subject in [key.split(":")]]
        self.stdout.write(f"{result.today:%Y-%m-%d} 扫描完成：新增 {result.raised_total} 项"
                          + (f"（{'，'.join(parts)}）" if parts else "") + f"，排入通知 {result.notified} 条"
                          + ("（静默：未发送通知）" if not result.notify else ""))
        for note in result.notes:
            self.stdout.write(self.style.WARNING(f"  {note}"))
