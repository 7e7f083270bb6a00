"""Daily: measures past their term lose effect; alerts for ruling deadlines, the renewal window and the
pre-litigation 30 days through the notification outbox. Set-based; safe to run more than once a day."""

from django.core.management.base import BaseCommand

from yingshang.core.commands import add_today_argument
from yingshang.preservation.services import preservation_scan


class Command(BaseCommand):
    help = "财产保全扫描：保全期限届满失效，裁定期限、续行保全、诉前保全起诉期限预警"

    def add_arguments(self, parser):
        add_today_argument(parser)

    def handle(self, *args, **options):
        r = preservation_scan(today=options["today"])
        self.stdout.write(f"失效 {r.lapsed} 项，裁定即将届满 {r.ruling_due_soon} 件、已届满 {r.ruling_overdue} 件，"
                          f"续行提醒 {r.renewal_window} 项，起诉期限即将届满 {r.suit_due_soon} 件、已届满 {r.suit_overdue} 件，"
                          f"通知 {r.notices} 条")
