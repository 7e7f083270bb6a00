"""The quarterly review pack: page, PDF (text checked with pdftotext) and Excel workbook (openpyxl) contain the
measures and their values as of the quarter's last day; later reports do not change a closed quarter."""

import io
import re
import subprocess
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from yingshang.measures import domain, selectors
from yingshang.measures.choices import MeetingKind, ReformKind
from yingshang.measures.models import Measure
from yingshang.measures.services import (
    inspection_close, inspection_record, meeting_record, progress_report_file, reform_adopt, reform_propose,
)
from yingshang.measures.tests.factories import business_office_staff, import_real_plan, inspector, staff
from yingshang.org.choices import DepartmentKind, Role
from yingshang.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
OCT_10 = "2023-10-10 09:00:00+08:00"


def fake_indicator(code: str, today: date):
    if code == "electronic_service_rate":
        return {"value": Decimal("72.5"), "unit": "percent", "as_of": today}
    return None


@pytest.fixture
def quarter_data(settings):
    """2023 Q3 on the real plan: reports before, in and after the quarter; an open and a closed inspection;
    two meetings; an adopted pilot past its deadline."""
    settings.MEASURES_INDICATOR_VALUE_PROVIDER = "yingshang.measures.tests.test_review.fake_indicator"
    with time_machine.travel(OCT_10, tick=False):
        plan = import_real_plan()
        m = {n: Measure.objects.get(number=n) for n in (2, 8, 13, 15, 17)}
        judge, officer = staff(DepartmentKind.CIVIL), staff(DepartmentKind.ENFORCEMENT, Role.ENFORCEMENT_OFFICER)
        file = lambda n, on, pct, text, actor=judge, **kw: progress_report_file(
            measure_id=m[n].pk, progress_percent=pct, summary=text, reported_on=on, actor=actor, **kw)
        file(2, date(2023, 4, 1), 20, "调处中心派驻一人。")
        file(2, date(2023, 7, 10), 50, "派驻调解员两名，委派调解86件。")
        file(2, date(2023, 10, 5), 100, "第四季度的报告。")  # after the quarter: not in its pack
        file(8, date(2023, 6, 20), 40, "速裁团队组建完成。")
        file(8, date(2023, 8, 15), 80, "调撤率达到58%。")
        file(17, date(2023, 6, 25), 100, "金融执行工作室已挂牌。", actor=officer, is_completed=True)
        checker = inspector()
        inspection_record(measure_id=m[13].pk, findings="超9个月未结案件未逐案过堂。", inspected_on=date(2023, 8, 1),
                          rectification_deadline_on=date(2023, 8, 31), actor=checker)
        closed = inspection_record(measure_id=m[15].pk, findings="云MAS短信未覆盖执行立案节点。",
                                   inspected_on=date(2023, 7, 15), rectification_deadline_on=date(2023, 8, 15),
                                   actor=checker)
        inspection_close(inspection_id=closed.pk, closure_note="已覆盖。", closed_on=date(2023, 9, 20), actor=checker)
        office = business_office_staff()
        meeting_record(kind=MeetingKind.PARTY_GROUP, held_on=date(2023, 7, 5), title="党组会研究第三季度营商环境工作",
                       minutes="听取第二季度举措进展汇报。", attendees="胡磊、熊国华", decisions="调撤率每月通报",
                       measure_ids=[m[8].pk], actor=office)
        meeting_record(kind=MeetingKind.LIAISON, held_on=date(2023, 9, 28), title="营商环境工作联席会议",
                       minutes="研判执行案款发放情况。", actor=office)
        meeting_record(kind=MeetingKind.LIAISON, held_on=date(2023, 10, 8), title="第四季度联席会议",
                       minutes="不属于第三季度。", actor=office)
        pilot = reform_propose(kind=ReformKind.PILOT, title="执行案款一键发放", description="x", actor=officer,
                               proposed_on=date(2023, 7, 1))
        reform_adopt(reform_id=pilot.pk, responsible_department_id=officer.department_id,
                     deadline_on=date(2023, 9, 15), reviewed_on=date(2023, 7, 20), actor=office)
    return plan


def test_pack_values_as_of_the_quarter_end(quarter_data):
    pack = selectors.review_pack(plan=quarter_data, quarter=domain.Quarter(2023, 3), today=date(2023, 10, 10))
    assert (pack.as_of, pack.is_closed, len(pack.rows)) == (date(2023, 9, 30), True, 35)
    assert pack.counts["statuses"] == {"not_started": 10, "in_progress": 0, "completed": 1, "overdue": 4,
                                       "ongoing": 20}
    rows = {row.measure.number: row for row in pack.rows}
    assert (rows[2].progress_at_start, rows[2].progress_at_end, rows[2].latest_summary, len(rows[2].reports)) == (
        20, 50, "派驻调解员两名，委派调解86件。", 1)
    assert (rows[8].progress_at_start, rows[8].progress_at_end, rows[8].state.light_text) == (40, 80, "已逾期30日")
    assert (rows[17].state.status, rows[17].reports) == ("completed", [])
    assert [(i.subject, i.measure_number, i.due_on, i.days_overdue) for i in pack.overdue] == [
        ("measure", 20, date(2023, 5, 31), 122), ("measure", 27, date(2023, 6, 30), 92),
        ("measure", 28, date(2023, 6, 30), 92), ("measure", 8, date(2023, 8, 31), 30),
        ("rectification", 13, date(2023, 8, 31), 30), ("reform", 33, date(2023, 9, 15), 15)]
    assert [(f.inspection.measure.number, f.status_label) for f in pack.findings] == [(15, "已销号"), (13, "待整改")]
    assert [m.title for m in pack.meetings] == ["党组会研究第三季度营商环境工作", "营商环境工作联席会议"]
    assert [(line.reform.title, line.status_label, line.progress) for line in pack.reforms] == [
        ("执行案款一键发放", "逾期", 0)]
    assert [(row.measure.number, t.live_label) for row, t in pack.targets if row.measure.number == 22] == [
        (22, "暂无数据"), (22, "72.5%")]


def test_the_running_quarter_is_shown_as_of_today(quarter_data):
    pack = selectors.review_pack(plan=quarter_data, quarter=domain.Quarter(2023, 4), today=date(2023, 10, 10))
    rows = {row.measure.number: row for row in pack.rows}
    assert (pack.as_of, pack.is_closed, rows[2].progress_at_start, rows[2].progress_at_end) == (
        date(2023, 10, 10), False, 50, 100)
    assert [m.title for m in pack.meetings] == ["第四季度联席会议"] and not pack.has_party_group_meeting


def _pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "pack.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return re.sub(r"\s+", "", out.stdout.decode("utf-8"))


@time_machine.travel(OCT_10, tick=False)
def test_pdf_contains_the_measures_and_their_values(quarter_data, client, tmp_path):
    client.force_login(staff(DepartmentKind.CIVIL))
    response = client.get(reverse("measures:review_pdf", args=[2023, 3]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = _pdf_text(response.content, tmp_path)
    for expected in ("2023年第三季度营商环境工作审查材料", "截至2023年9月30日",
                     "共35项举措：未开始10项，推进中0项，已完成1项，逾期4项，持续推进20项",
                     "推动矛盾纠纷调处中心建设", "依法依规缓减免涉诉企业的诉讼费和执行费", "派驻调解员两名，委派调解86件。",
                     "已逾期30日", "72.5%", "暂无数据", "超9个月未结案件未逐案过堂。", "党组会研究第三季度营商环境工作",
                     "听取第二季度举措进展汇报。", "调撤率每月通报", "执行案款一键发放"):
        assert expected in text, expected
    assert "第四季度的报告" not in text and "不属于第三季度" not in text


@time_machine.travel(OCT_10, tick=False)
def test_excel_workbook_contains_the_measures_and_their_values(quarter_data, client):
    from openpyxl import load_workbook

    client.force_login(staff(DepartmentKind.CIVIL))
    response = client.get(reverse("measures:review_xlsx", args=[2023, 3]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["举措进展", "逾期事项", "目标与实时值", "督察发现", "会议纪要", "改革事项"]
    progress = list(book["举措进展"].iter_rows(values_only=True))
    assert progress[0][:8] == ("序号", "举措", "牵头领导", "责任部门", "完成时限", "季初进度（%）", "季末进度（%）", "状态")
    assert len(progress) == 36
    assert progress[2][:12] == (2, "推动矛盾纠纷调处中心建设", "胡磊", "各审判部门", "持续推进", 20, 50, "持续推进", "绿灯",
                                "持续推进", 1, "派驻调解员两名，委派调解86件。")
    assert progress[8][:10] == (8, progress[8][1], "胡磊", "民事审判庭、人民法庭", "2023-08-31", 40, 80, "逾期", "红灯",
                                "已逾期30日")
    overdue = list(book["逾期事项"].iter_rows(values_only=True))
    assert overdue[1:] == [
        ("举措完成时限", 20, "确立以竞争方式选择鉴定机构", "审管办", "2023-05-31", 122),
        ("举措完成时限", 27, overdue[2][2], overdue[2][3], "2023-06-30", 92),
        ("举措完成时限", 28, overdue[3][2], overdue[3][3], "2023-06-30", 92),
        ("举措完成时限", 8, progress[8][1], "民事审判庭、人民法庭", "2023-08-31", 30),
        ("督察整改期限", 13, "督察整改：超9个月未结案件未逐案过堂。", "各审判部门", "2023-08-31", 30),
        ("改革事项完成时限", 33, "小切口改革试点：执行案款一键发放", "执行局", "2023-09-15", 15)]
    targets = list(book["目标与实时值"].iter_rows(values_only=True))
    assert len(targets) == 12
    assert [r for r in targets if r[0] == 22] == [
        (22, "在线服务平台综合利用率", "≥ 40%", "暂无数据", "online_service_utilisation_rate"),
        (22, "电子送达率", "≥ 70%", "72.5%", "electronic_service_rate")]
    assert list(book["督察发现"].iter_rows(values_only=True))[1:] == [
        (15, "2023-07-15", "云MAS短信未覆盖执行立案节点。", "2023-08-15", "已销号", "2023-09-20"),
        (13, "2023-08-01", "超9个月未结案件未逐案过堂。", "2023-08-31", "待整改", None)]
    meetings = list(book["会议纪要"].iter_rows(values_only=True))
    assert meetings[1] == ("2023-07-05", "党组季度研究", "党组会研究第三季度营商环境工作", "胡磊、熊国华", "听取第二季度举措进展汇报。",
                           "调撤率每月通报", "8")
    assert len(meetings) == 3
    assert list(book["改革事项"].iter_rows(values_only=True))[1] == (
        "小切口改革试点", "执行案款一键发放", 33, "执行局", "2023-07-01", "逾期", "执行局", "2023-09-15", 0)


@time_machine.travel(OCT_10, tick=False)
def test_review_page_access_and_navigation(quarter_data, client):
    url = reverse("measures:review", args=[2023, 3])
    assert client.get(url).status_code == 302
    client.force_login(UserFactory(role=Role.PARTY))
    assert client.get(url).status_code == 404
    assert client.get(reverse("measures:review_pdf", args=[2023, 3])).status_code == 404
    client.force_login(staff(DepartmentKind.CIVIL))
    html = client.get(url).content.decode()
    assert "2023年第三季度营商环境工作审查材料" in html and "派驻调解员两名，委派调解86件。" in html
    assert "本季度已结束，材料按季度末 2023年9月30日 的情况生成。" in html
    assert client.get(reverse("measures:review", args=[2023, 5])).status_code == 404
    current = client.get(reverse("measures:review_current"))
    assert current.status_code == 302 and current["Location"] == "/measures/review/2023/3/"
