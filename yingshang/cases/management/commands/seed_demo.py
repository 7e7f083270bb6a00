"""manage.py seed_demo [--cases N] [--seed S] [--if-empty]: 咸丰县人民法院 with demo people and cases."""

import time

from django.core.management.base import BaseCommand, CommandError

from yingshang.cases.demo.generator import DEFAULT_CASES
from yingshang.cases.demo.seeding import DEFAULT_SEED, demo_court_exists, demo_seed
from yingshang.core.clock import court_today
from yingshang.core.errors import DomainError


class Command(BaseCommand):
    help = ("创建演示数据：咸丰县人民法院（鄂2826）的部门、团队、各角色演示账号、当事人和案件"
            "（立案日期 2023-01-01 至今天）。同一 --seed 与同一天生成相同的数据。")

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=DEFAULT_CASES,
                            help=f"案件数（默认 {DEFAULT_CASES}，约一个基层法院一年的收案量）")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"随机种子（默认 {DEFAULT_SEED}）")
        parser.add_argument("--if-empty", action="store_true", help="已有任何法院时什么也不做（make run 使用）")
        parser.add_argument("--no-progress", action="store_true", help="不显示进度条")

    def handle(self, *args, cases, seed, if_empty, no_progress, **options):
        if cases < 0:
            raise CommandError("--cases 不能为负数")
        if if_empty and demo_court_exists():
            self.stdout.write("数据库中已有法院数据，跳过演示数据（--if-empty）。")
            return
        bar = None if no_progress else _ProgressBar(self.stderr)
        started = time.perf_counter()
        try:
            result = demo_seed(cases=cases, seed=seed, today=court_today(), progress=bar)
        except DomainError as refused:
            raise CommandError(refused.message)
        elapsed = time.perf_counter() - started
        if bar:
            bar.finish()
        summary = result.summary
        by_type = "，".join(f"{code} {n}" for code, n in summary["cases_by_type_code"].items())
        self.stdout.write(self.style.SUCCESS(
            f"已创建 {result.court.name}（{result.court.code}）：{summary['users']} 个账号，"
            f"{summary['parties']} 个当事人，{summary['cases']} 件案件（{by_type}），"
            f"{summary['events']} 个案件节点，{summary['links']} 个关联；用时 {elapsed:.1f} 秒。"))


class _ProgressBar:
    """A plain text bar on stderr, redrawn in place: [########----------]  42%  案件节点 12000/28000."""

    width = 30

    def __init__(self, stream):
        self.stream = stream
        self.last = -1

    def __call__(self, done: int, total: int, label: str) -> None:
        percent = 100 if total == 0 else done * 100 // total
        if percent == self.last and done < total:
            return
        self.last = percent
        filled = self.width * percent // 100
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r[{bar}] {percent:3d}%  {label} {done}/{total}   ", ending="")
        self.stream.flush()

    def finish(self) -> None:
        self.stream.write("", ending="\n")
        self.stream.flush()
