"""python manage.py scan_deadlines [--today YYYY-MM-DD] — the daily time-limit and long-pending scan."""

from django.core.management.base import BaseCommand

from yingshang.core.commands import add_today_argument, court_date
from yingshang.deadlines.services import deadlines_scan


class Command(BaseCommand):
    help = "审限与长期未结案件每日扫描：重算变化的审限届满日、等级与预警，并排入通知（可重复运行）"

    def add_arguments(self, parser):
        add_today_argument(parser)
        parser.add_argument("--silent", action="store_true",
                            help="首次导入存量案件时使用：预警只登记并在页面显示，不发送通知")
        parser.add_argument("--full", action="store_true",
                            help="逐案核对全部案件（默认只核对上次扫描以来变更的案件；每周日自动全量核对一次）")
        parser.add_argument("--closed-since", type=court_date, default=None, metavar="YYYY-MM-DD",
                            help="首次导入存量案件时使用：该日以后结案、尚无审限记录的案件一并计算审限（用于审限内结案率）")

    def handle(self, *args, **options):
        today = options["today"]
        result = deadlines_scan(today=today, notify=not options["silent"], full=options["full"],
                                closed_since=options["closed_since"])
        counts = result.counts.as_dict()
        self.stdout.write(
            f"{result.today:%Y-%m-%d} 扫描完成：新增 {counts['inserted']}，同步 {counts['synced']}，"
            f"重算 {counts['recomputed']}，等级变化 {counts['levels_changed']}，新预警 {counts['alerts_created']}，"
            f"移送预警变化 {counts['transfers_changed']}，排入通知 {result.notified}"
            + (f"，已结案件补算审限 {result.counts.closed_loaded}" if options["closed_since"] else "")
            + f"（{'全量' if counts['full'] else '增量'}）"
            + ("" if result.notifications_available else "（通知模块不可用，预警待下次扫描发送）"))
