"""python manage.py dispatch_monthly_summary [--today YYYY-MM-DD] — last month's long-pending summary to the leaders."""

from django.core.management.base import BaseCommand

from yingshang.core.commands import add_today_argument
from yingshang.deadlines.monthly import monthly_summary_dispatch


class Command(BaseCommand):
    help = "长期未结案件月度调度：向院长、审管办和分管院长发送上月情况（站内消息；可重复运行，已通知的不再发送）"

    def add_arguments(self, parser):
        add_today_argument(parser)

    def handle(self, *args, **options):
        result = monthly_summary_dispatch(today=options["today"])
        self.stdout.write(f"{result.month_on.year}年{result.month_on.month}月长期未结案件月度调度："
                          f"本次通知 {result.notified} 人，此前已通知 {result.already_notified} 人")
