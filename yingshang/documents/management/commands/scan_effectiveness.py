"""python manage.py scan_effectiveness [--today YYYY-MM-DD] — the daily scan for decisions that took effect."""

from django.core.management.base import BaseCommand

from yingshang.core.commands import add_today_argument
from yingshang.documents.services import effectiveness_scan


class Command(BaseCommand):
    help = "裁判文书生效每日扫描：同步电子送达结果，认定上诉期届满无人上诉的裁判文书生效，自动出具并推送生效证明（可重复运行）"

    def add_arguments(self, parser):
        add_today_argument(parser)

    def handle(self, *args, **options):
        today = options["today"]
        result = effectiveness_scan(today=today)
        e = result.electronic
        self.stdout.write(
            f"{result.today:%Y-%m-%d} 扫描完成：电子送达到达 {e.get('served', 0)}，失败转邮寄 {e.get('failed', 0)}，"
            f"已读 {e.get('read', 0)}；候选 {result.candidates}，新生效 {result.became_effective}，"
            f"出具生效证明 {result.certificates_issued}")
