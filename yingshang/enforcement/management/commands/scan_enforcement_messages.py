from datetime import date

from django.core.management.base import BaseCommand

from yingshang.enforcement.services import messages_scan


class Command(BaseCommand):
    help = "Alert officers (due) and department heads (overdue) about unanswered party messages. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=date.fromisoformat, default=None)

    def handle(self, *args, today=None, **options):
        result = messages_scan(today=today)
        self.stdout.write(f"提醒承办人 {result['officer_alerted']} 条，报庭长 {result['head_alerted']} 条")
