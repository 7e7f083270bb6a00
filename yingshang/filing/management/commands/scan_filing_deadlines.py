"""Daily: flag pending filings whose decision period is about to run out or has run out (先行立案) and queue the
notices to the 立案庭. Set-based; safe to run more than once a day."""

from django.core.management.base import BaseCommand

from yingshang.core.commands import add_today_argument
from yingshang.filing.services import filing_deadlines_scan


class Command(BaseCommand):
    help = "立案审查期限预警：标记即将届满、已届满（应先行立案）的立案申请并通知立案庭"

    def add_arguments(self, parser):
        add_today_argument(parser)

    def handle(self, *args, **options):
        today = options["today"]
        counts = filing_deadlines_scan(today=today)
        self.stdout.write(f"即将届满 {counts['due_soon']} 件，已届满 {counts['overdue']} 件，"
                          f"解除预警 {counts['cleared']} 件，通知 {counts['notices']} 条")
