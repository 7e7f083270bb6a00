"""python manage.py calendar_seed — load or refresh the working-day table (idempotent; court edits are kept)."""

from django.core.management.base import BaseCommand

from yingshang.calendar.services import calendar_seed


class Command(BaseCommand):
    help = "载入/更新工作日历：2004年起至 holidays 软件包最后一个官方年度，及暂定年度（幂等，不覆盖法院修改）"

    def add_arguments(self, parser):
        parser.add_argument("--first-year", type=int, default=None, help="首年（默认 CALENDAR_FIRST_YEAR=2004）")
        parser.add_argument("--last-official-year", type=int, default=None,
                            help="holidays 软件包中最后一个有国务院通知的年度（默认 CALENDAR_LAST_OFFICIAL_YEAR=2026）")

    def handle(self, *args, **options):
        report = calendar_seed(actor=None, first_year=options["first_year"],
                               last_official_year=options["last_official_year"])
        self.stdout.write(
            f"新增 {report.days_created} 日，更新 {report.days_updated} 日，保留法院修改 {report.days_kept_manual} 日；"
            f"新增年度 {report.years_created}，更新年度 {report.years_updated}")
