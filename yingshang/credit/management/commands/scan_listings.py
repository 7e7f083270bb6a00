from django.core.management.base import BaseCommand

from yingshang.core.commands import add_today_argument
from yingshang.credit.services import listings_scan


class Command(BaseCommand):
    help = "Publish listings whose grace period ended; delete fixed-term listings whose term expired. Idempotent."

    def add_arguments(self, parser):
        add_today_argument(parser)

    def handle(self, *args, today=None, **options):
        result = listings_scan(today=today)
        self.stdout.write(f"公布 {result['published']} 条，期满删除 {result['expired']} 条")
