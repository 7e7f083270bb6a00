"""Daily: flag pending filings whose decision period is about to run out or has run out (先行立案) and queue the
notices to the 立案庭. Set-based; safe to run more than once a day."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from yingshang.filing.services import filing_deadlines_scan


class Command(BaseCommand):
    help = "立案审查期限预警：标记即将届满、已届满（应先行立案）的立案申请并通知立案庭"

    def add_arguments(self, parser):
        parser.add_argument("--today", help="按指定日期扫描（YYYY-MM-DD），默认法院当日")

    def handle(self, *args, **options):
        today = None
        if options.get("today"):
            try:
                today = date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError("日期格式应为 YYYY-MM-DD")
        counts = filing_deadlines_scan(today=today)
        self.stdout.write(f"即将届满 {counts['due_soon']} 件，已届满 {counts['overdue']} 件，"
                          f"解除预警 {counts['cleared']} 件，通知 {counts['notices']} 条")
