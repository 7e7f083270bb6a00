from django.core.management.base import BaseCommand

from yingshang.credit.services import honour_lists_build, integrity_push


class Command(BaseCommand):
    help = "Monthly: push government/public-institution debtors to the integrity department and build the red/black lists."

    def add_arguments(self, parser):
        parser.add_argument("--month", required=True, help="YYYY-MM")

    def handle(self, *args, month, **options):
        pushes = integrity_push(period=month)
        lists = honour_lists_build(month=month)
        self.stdout.write(f"{month}：政务诚信推送 {len(pushes)} 条；红榜 {lists['red']} 条，黑榜 {lists['black']} 条")
