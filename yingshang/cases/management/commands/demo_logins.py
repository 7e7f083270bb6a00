"""manage.py demo_logins: the demo accounts (username, password, role, department, what to look at)."""

from django.core.management.base import BaseCommand

from yingshang.cases.demo.logins import demo_login_rows, format_table


class Command(BaseCommand):
    help = "列出演示账号：用户名、密码、角色、部门、可以看什么（先运行 seed_demo）。"

    def handle(self, *args, **options):
        rows = demo_login_rows()
        if not rows:
            self.stdout.write("还没有演示账号：先运行 python manage.py seed_demo")
            return
        self.stdout.write("演示账号（仅供本机演示，所有账号密码相同）：")
        self.stdout.write(format_table(rows))
        self.stdout.write("登录：http://127.0.0.1:8000/  ·  后台：http://127.0.0.1:8000/admin/（admin）")
