from django.core.management.base import BaseCommand

from yingshang.core.commands import add_today_argument
from yingshang.enforcement.services import messages_scan, money_scan


class Command(BaseCommand):
    help = "Daily: unanswered party messages, payouts past their deadline and missed instalments alert the officer (and the head). Idempotent."

    def add_arguments(self, parser):
        add_today_argument(parser)

    def handle(self, *args, today=None, **options):
        result = messages_scan(today=today)
        money = money_scan(today=today)
        self.stdout.write(f"留言：提醒承办人 {result['officer_alerted']} 条，报庭长 {result['head_alerted']} 条；"
                          f"执行款超期未发放 {money['payouts_overdue']} 件，分期履行逾期 {money['instalments_missed']} 期")
