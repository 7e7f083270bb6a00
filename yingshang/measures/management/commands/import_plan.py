"""python manage.py import_plan FILE [--dry-run] [--json] [--user USERNAME]

Import the court's implementation plan (.txt or .docx). Re-importing the same plan updates its measures and never
duplicates them. --json prints exactly {"title", "measures": [...], "unparsed": [...]} and nothing else."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from yingshang.core.errors import DomainError
from yingshang.measures.services import plan_import
from yingshang.org.models import User


class Command(BaseCommand):
    help = "导入营商环境实施方案（.txt 或 .docx）：举措、牵头领导、责任部门、完成时限和目标；重复导入只更新不重复。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="方案文件路径（.txt 或 .docx）")
        parser.add_argument("--dry-run", action="store_true", help="只解析并报告将要发生的变更，不写入数据库")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出解析结果（仅输出 JSON）")
        parser.add_argument("--user", default="", help="以该用户名义导入（须为审管办、督察室或营商办）；默认为系统")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}")
        actor = None
        if options["user"]:
            actor = User.objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"找不到用户：{options['user']}")
        try:
            with path.open("rb") as handle:
                result = plan_import(file=handle, actor=actor, dry_run=options["dry_run"])
        except DomainError as exc:
            raise CommandError(f"{exc.message}（{exc.code}）")
        if options["json"]:
            self.stdout.write(json.dumps(result.parsed.as_json(), ensure_ascii=False, indent=2))
            return
        parsed = result.parsed
        mode = "【试运行，未写入】" if result.dry_run else ""
        self.stdout.write(f"{mode}{parsed.title}：共 {len(parsed.measures)} 项举措")
        self.stdout.write(f"  新增 {len(result.created)}，更新 {len(result.updated)}，未变 {len(result.unchanged)}，"
                          f"停用 {len(result.deactivated)}")
        for warning in parsed.warnings:
            self.stdout.write(self.style.WARNING(f"  提示：{warning}"))
        for measure in parsed.measures:
            for warning in measure.warnings:
                self.stdout.write(self.style.WARNING(f"  第{measure.number}项（第{measure.line_number}行）：{warning}"))
        for block in parsed.unparsed:
            self.stdout.write(self.style.WARNING(f"  未识别（第{block.line_number}行，{block.reason}）：{block.text}"))
