"""Pages: the public query, the staff credit desk (listings, bulk repair review), the government-integrity portal,
the red/black list, exports (integrity Excel, community Excel, repair letters as .docx)."""

import re
from io import BytesIO
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from yingshang.core.clock import court_today
from yingshang.core.errors import DomainError
from yingshang.core.excel import Sheet, excel_response, workbook
from yingshang.core.money import fen_to_yuan
from yingshang.credit import selectors
from yingshang.credit.models import ReorganisationRepair
from yingshang.credit.permissions import is_integrity_department
from yingshang.credit.ratelimit import check_public_query_rate


def public_query_page(request):
    q = request.GET.get("q", "").strip()
    results, error = None, None
    if q:
        try:
            check_public_query_rate(request)
            if len(q) < 2:
                raise DomainError("CREDIT_QUERY_TOO_SHORT", "请输入至少两个字的名称，或完整的统一社会信用代码/身份证号")
            results = selectors.public_query(q=q, today=court_today())
        except DomainError as exc:
            error = exc.message
    return render(request, "credit/public_query.html", {"q": q, "results": results, "error": error})


def _staff(user) -> None:
    if not (user.is_court_staff or user.is_superuser):
        raise Http404("仅限院内人员")


@login_required
def desk(request):
    _staff(request.user)
    return render(request, "credit/desk.html", {
        "listings": selectors.listings_for_user(user=request.user)[:200],
        "restrictions": selectors.restrictions_for_user(user=request.user)[:100],
        "candidates": selectors.repair_candidates(today=court_today()),
    })


@login_required
def integrity_page(request):
    if not (is_integrity_department(request.user) or request.user.is_court_staff):
        raise Http404("仅限政务诚信牵头部门和院内人员")
    period = request.GET.get("period") or None
    return render(request, "credit/integrity.html", {"pushes": selectors.integrity_pushes(period=period),
                                                     "period": period or ""})


@login_required
def integrity_export(request):
    if not (is_integrity_department(request.user) or request.user.is_court_staff):
        raise Http404("仅限政务诚信牵头部门和院内人员")
    period = request.GET.get("period") or None
    rows = [[p.period, p.case.case_number, p.debtor.name, p.debtor.credit_code or "", fen_to_yuan(p.outstanding_fen),
             p.get_status_display(), p.status_on.isoformat()] for p in selectors.integrity_pushes(period=period)]
    book = workbook([Sheet("政务诚信推送", ["期次", "案号", "被执行单位", "统一社会信用代码", "未履行金额（元）", "状态",
                                      "状态日期"], rows)])
    return excel_response(book, f"政务诚信推送{period or '全部'}.xlsx")


def honour_page(request, month: str):
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month):
        raise Http404("月份格式应为 YYYY-MM")
    return render(request, "credit/honour.html", {"month": month, **selectors.honour_list(month=month)})


@login_required
def community_export(request):
    _staff(request.user)
    groups = selectors.community_export(today=court_today())
    sheets = [Sheet(name, ["姓名", "身份证号", "住址", "案号", "公布日期"],
                    [[r["name"], r["id_number"], r["address"], r["case_number"], r["published_on"].isoformat()]
                     for r in rows]) for name, rows in groups.items()] or [Sheet("无数据", ["说明"], [["暂无失信自然人"]])]
    return excel_response(workbook(sheets), "失信被执行人社区信用推送.xlsx")


@login_required
def repair_letter_docx(request, request_id: int):
    _staff(request.user)
    from docx import Document

    repair = ReorganisationRepair.objects.filter(pk=request_id).select_related("case").first()
    if repair is None:
        raise Http404("函件不存在")
    document = Document()
    document.add_heading(f"{repair.case.court.name}\n关于{repair.enterprise.name}信用修复的函", level=1)
    for paragraph in repair.letter_text.split("\n"):
        document.add_paragraph(paragraph)
    buffer = BytesIO()
    document.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(repair.letter_number)}.docx"
    return response
