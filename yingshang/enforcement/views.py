"""Pages: the officer's workbench, the case panel (staff and parties), the grid worker's tasks, the public
sanctions list, the daily reconciliation export."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from yingshang.core.clock import court_today
from yingshang.core.errors import DomainError
from yingshang.core.excel import Sheet, excel_response, workbook
from yingshang.core.money import fen_to_yuan
from yingshang.enforcement import selectors, services
from yingshang.enforcement.choices import MessageKind, NodeKind
from yingshang.enforcement.models import EnforcementCase, LedgerTransaction
from yingshang.org.choices import Role


def case_panel(request, case):
    enforcement = EnforcementCase.objects.filter(case=case).first()
    if enforcement is None:
        return None
    user = request.user
    return {"title": "执行（一案一账号）", "template": "enforcement/partials/_case_panel.html",
            "context": {"e": enforcement, "nodes": selectors.nodes_for(enforcement),
                        "payouts": enforcement.payouts.select_related("creditor"),
                        "messages": selectors.messages_for_case(enforcement=enforcement, user=user),
                        "is_staff": user.is_court_staff or user.is_superuser,
                        "node_kinds": [(k, label) for k, label in NodeKind.choices
                                       if k not in services.RESERVED_NODES],
                        "message_kinds": MessageKind.choices}}


@login_required
def case_action(request, case_id: int):
    """POST target for the case panel's small forms (node, message, reply)."""
    if request.method != "POST":
        return redirect("cases:detail", case_id)
    action = request.POST.get("action")
    try:
        if action == "node":
            services.node_record(case_id=case_id, kind=request.POST.get("kind", ""),
                                 occurred_on=date.fromisoformat(request.POST.get("occurred_on", "")),
                                 description=request.POST.get("description", ""), actor=request.user)
        elif action == "message":
            services.message_post(case_id=case_id, kind=request.POST.get("kind", "message"),
                                  body=request.POST.get("body", ""), actor=request.user)
        elif action == "reply":
            services.message_reply(message_id=int(request.POST.get("message_id", "0")),
                                   reply=request.POST.get("reply", ""), actor=request.user)
        else:
            raise DomainError("ENFORCEMENT_ACTION_UNKNOWN", "未知操作")
        messages.success(request, "已保存")
    except ValueError:
        messages.error(request, "日期格式不正确")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("cases:detail", case_id)


@login_required
def workbench(request):
    user = request.user
    if not (user.is_court_staff or user.is_superuser):
        raise Http404("仅限院内人员")
    today = court_today()
    return render(request, "enforcement/workbench.html", {
        "cases": selectors.enforcement_list_for_user(user=user).filter(case__status__in=["registered", "assigned",
                                                                                         "in_progress",
                                                                                         "suspended"])[:100],
        "pending": selectors.payouts_pending_for_user(user=user),
        "due": selectors.payouts_due(user=user, today=today),
        "messages_due": selectors.messages_due_for_user(user=user)[:100],
        "missed": selectors.missed_instalments(user=user, today=today)[:100],
        "today": today, "recon": selectors.reconciliation(day=today),
    })


@login_required
def reconciliation_export(request):
    if not (request.user.is_court_staff or request.user.is_superuser):
        raise Http404("仅限院内人员")
    try:
        day = date.fromisoformat(request.GET.get("day", "")) if request.GET.get("day") else court_today()
    except ValueError:
        raise Http404("日期格式不正确")
    recon = selectors.reconciliation(day=day)
    rows = [[t.enforcement.case.case_number, t.enforcement.account_number, t.get_kind_display(),
             fen_to_yuan(t.amount_fen), t.memo, str(t.created_by)]
            for t in LedgerTransaction.objects.filter(occurred_on=day).select_related("enforcement__case",
                                                                                       "created_by")]
    summary = [["到账", fen_to_yuan(recon["receipts_fen"])], ["发放", fen_to_yuan(recon["payouts_fen"])],
               ["扣收执行费", fen_to_yuan(recon["fees_fen"])], ["退还", fen_to_yuan(recon["refunds_fen"])],
               ["各案子账户余额合计", fen_to_yuan(recon["total_balance_fen"])],
               ["借贷不平的流水笔数", recon["unbalanced_transactions"]],
               ["余额与分录一致", "是" if recon["balances_match_postings"] else "否"]]
    book = workbook([Sheet("汇总", ["项目", "金额（元）/结果"], summary),
                     Sheet("流水明细", ["案号", "子账户", "类型", "金额（元）", "摘要", "记账人"], rows)])
    return excel_response(book, f"执行款对账{day:%Y%m%d}.xlsx")


@login_required
def grid_tasks(request):
    if request.user.role != Role.GRID_WORKER:
        raise Http404("仅限网格员")
    if request.method == "POST":
        try:
            services.grid_task_complete(task_id=int(request.POST.get("task_id", "0")),
                                        done=request.POST.get("done") == "1", outcome=request.POST.get("outcome", ""),
                                        actor=request.user)
            messages.success(request, "已反馈")
        except (ValueError, DomainError) as exc:
            messages.error(request, getattr(exc, "message", "提交内容不正确"))
        return redirect("enforcement:grid")
    return render(request, "enforcement/grid.html", {"tasks": selectors.grid_tasks_for_worker(user=request.user)})


def sanctions_page(request):
    return render(request, "enforcement/sanctions.html", {"sanctions": selectors.sanctions_public()[:200]})
