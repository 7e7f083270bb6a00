import sys

from django.core.management.base import BaseCommand, CommandError

from yingshang.core.errors import DomainError
from yingshang.demo.activity import activity_exists, demo_activity_seed


class Command(BaseCommand):
    help = ("Demo activity across the apps (measures, enforcement, credit, assessments, fees, filings, documents, "
            "preservation, deadlines, metrics).")

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2023)
        parser.add_argument("--if-empty", action="store_true", help="do nothing when the activity exists already")

    def handle(self, *args, seed, if_empty, **options):
        if if_empty and activity_exists():
            self.stdout.write("演示业务数据已存在，跳过。")
            return
        try:
            summary = demo_activity_seed(seed=seed, progress=lambda m: print(f"… {m}", file=sys.stderr))
        except DomainError as exc:
            raise CommandError(exc.message)
        done = "，".join(f"{k} {v}" for k, v in summary["done"].items())
        self.stdout.write(f"演示业务数据已生成：{done}")
        if summary["skipped"]:
            self.stdout.write(f"（规则拒绝而跳过：{summary['skipped']}）")
