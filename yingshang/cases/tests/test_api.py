"""/api/v1 for cases, parties, events and history: scoped reads, writes through services, every error a 4xx JSON
body {"code", "message", "detail"} with a Chinese message."""

import json
import re
from datetime import date

import pytest
from django.test import Client

from yingshang.audit.models import AuditEvent
from yingshang.cases.choices import CaseStatus, PartyRole
from yingshang.cases.models import Case, CaseAgent, CaseEvent, CaseNumberSequence, CaseParty, Party
from yingshang.cases.tests.factories import (
    CaseFactory, CasePartyFactory, EnterpriseFactory, PersonFactory, credit_code_for, id_number_for,
)
from yingshang.org.choices import Role
from yingshang.org.models import ApiToken
from yingshang.org.services import api_token_create, api_token_revoke
from yingshang.org.tests.factories import DepartmentFactory, UserFactory

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def post(client, url, body, **extra):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.post(url, data=data, content_type="application/json", **extra)


def patch(client, url, body):
    return client.patch(url, data=json.dumps(body), content_type="application/json")


def assert_error(response, status: int, code: str, message: str | None = None) -> dict:
    assert response.status_code == status, response.content.decode()
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"code", "message", "detail"}
    assert body["code"] == code
    assert CHINESE.search(body["message"]), body["message"]
    if message is not None:
        assert body["message"] == message
    return body


def nothing_written() -> dict:
    return {"cases": Case.objects.count(), "parties": Party.objects.count(), "events": CaseEvent.objects.count(),
            "audit": AuditEvent.objects.count(), "links": CaseParty.objects.count(),
            "sequences": list(CaseNumberSequence.objects.values_list("last_sequence", flat=True))}


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def clerk_client(clerk):
    return as_user(clerk)


def valid_case(**overrides) -> dict:
    body = {
        "type_code": "民初", "filed_on": "2025-06-02", "channel": "online", "claim_amount_yuan": "123456.78",
        "parties": [
            {"kind": "person", "name": "田某某", "role": "plaintiff", "id_number": id_number_for(11),
             "phone": "13800138000"},
            {"kind": "organisation", "name": "咸丰县唐崖茶业有限公司", "role": "defendant",
             "credit_code": credit_code_for(11), "organisation_kind": "enterprise", "enterprise_size": "small"},
        ],
    }
    body.update(overrides)
    return body


def with_party(**fields) -> dict:
    party = {"kind": "person", "name": "张某", "role": "plaintiff", **fields}
    return valid_case(parties=[party])


# --- Authentication --------------------------------------------------------------------------------

def test_anonymous_callers_get_401_json(api_client, court):
    case = CaseFactory(court=court)
    for response in (api_client.get("/api/v1/cases"), api_client.get(f"/api/v1/cases/{case.pk}"),
                     api_client.get(f"/api/v1/cases/{case.pk}/events"), post(api_client, "/api/v1/cases", valid_case())):
        assert_error(response, 401, "AUTH_REQUIRED", "请先登录或提供有效的 API 令牌")


def test_anonymous_post_without_csrf_is_401_not_a_csrf_failure(court):
    response = post(Client(enforce_csrf_checks=True), "/api/v1/cases", valid_case())
    assert_error(response, 401, "AUTH_REQUIRED")


def test_session_post_without_csrf_token_is_refused_in_chinese(clerk):
    client = Client(enforce_csrf_checks=True)
    client.force_login(clerk)
    before = nothing_written()
    assert_error(post(client, "/api/v1/cases", valid_case()), 403, "CSRF_FAILED")
    assert nothing_written() == before


def test_bearer_token_reads_and_writes_and_a_revoked_token_is_refused(clerk, court):
    token, key = api_token_create(user=clerk, name="对接系统")
    client = Client(enforce_csrf_checks=True)  # an API client has no CSRF cookie: the token is enough
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    assert client.get("/api/v1/cases", **auth).status_code == 200
    created = post(client, "/api/v1/cases", valid_case(), **auth)
    assert created.status_code == 201, created.content
    assert created.json()["case_number"] == "（2025）鄂2826民初1号"
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert AuditEvent.objects.filter(action="cases.case_registered", actor=clerk).count() == 1

    api_token_revoke(token_id=token.pk, actor=clerk)
    assert ApiToken.objects.get(pk=token.pk).is_active is False
    assert AuditEvent.objects.filter(action="org.api_token_revoked", target_id=str(token.pk)).count() == 1
    assert_error(client.get("/api/v1/cases", **auth), 401, "AUTH_REQUIRED")
    assert_error(post(client, "/api/v1/cases", valid_case(), **auth), 401, "AUTH_REQUIRED")
    assert Case.objects.count() == 1
    assert_error(client.get("/api/v1/cases", HTTP_AUTHORIZATION="Bearer not-a-key"), 401, "AUTH_REQUIRED")


def test_a_token_of_a_deactivated_user_is_refused(clerk):
    _, key = api_token_create(user=clerk, name="对接系统")
    clerk.is_active = False
    clerk.save()
    assert_error(Client().get("/api/v1/cases", HTTP_AUTHORIZATION=f"Bearer {key}"), 401, "AUTH_REQUIRED")


# --- Reading: scope -----------------------------------------------------------------------------------

@pytest.fixture
def two_cases(court, civil, judge):
    """Case mine (the party user is its plaintiff) and case theirs (another party's)."""
    mine = CaseFactory(court=court, department=civil, judge=judge)
    theirs = CaseFactory(court=court, department=civil, judge=judge)
    party_user = UserFactory(role=Role.PARTY)
    CasePartyFactory(case=mine, party=PersonFactory(id_number="11010519491231002X")).party.users.add(party_user)
    CasePartyFactory(case=theirs)
    return mine, theirs, party_user


def test_a_party_reads_only_its_own_cases(two_cases):
    mine, theirs, party_user = two_cases
    client = as_user(party_user)
    listed = client.get("/api/v1/cases").json()
    assert listed["count"] == 1 and [c["id"] for c in listed["items"]] == [mine.pk]
    detail = client.get(f"/api/v1/cases/{mine.pk}").json()
    assert detail["case_number"] == mine.case_number
    assert detail["parties"][0]["party"]["id_number_masked"] == "1101**********002X"
    assert client.get(f"/api/v1/cases/{mine.pk}/events").status_code == 200
    for url in (f"/api/v1/cases/{theirs.pk}", f"/api/v1/cases/{theirs.pk}/events",
                f"/api/v1/cases/{theirs.pk}/history", f"/api/v1/cases/{theirs.pk}/family",
                f"/api/v1/cases/{theirs.pk}/links", "/api/v1/cases/999999"):
        assert_error(client.get(url), 404, "CASE_NOT_FOUND", "未找到该案件，或您无权查看")
    assert_error(client.get(f"/api/v1/cases/{mine.pk}/history"), 403, "HISTORY_STAFF_ONLY")
    assert_error(client.get("/api/v1/parties"), 403, "PARTY_LIST_STAFF_ONLY")


def test_a_party_cannot_change_its_case(two_cases):
    mine, _, party_user = two_cases
    before = nothing_written()
    body = assert_error(post(as_user(party_user), f"/api/v1/cases/{mine.pk}/status",
                             {"status": "suspended", "reason": "我要中止"}), 403, "CASE_WRITE_DENIED")
    assert body["message"] == "您无权变更该案件"
    assert nothing_written() == before


def test_a_lawyer_reads_the_cases_where_they_are_an_agent(two_cases):
    mine, theirs, _ = two_cases
    lawyer = UserFactory(role=Role.LAWYER)
    CaseAgent.objects.create(case_party=theirs.case_parties.get(), agent=lawyer)
    client = as_user(lawyer)
    assert [c["id"] for c in client.get("/api/v1/cases").json()["items"]] == [theirs.pk]
    assert client.get(f"/api/v1/cases/{theirs.pk}").json()["parties"][0]["agents"] == [str(lawyer)]
    assert_error(client.get(f"/api/v1/cases/{mine.pk}"), 404, "CASE_NOT_FOUND")


def test_judges_and_vice_presidents_by_division(two_cases, court, civil, criminal_judge):
    mine, theirs, _ = two_cases
    assert_error(as_user(criminal_judge).get(f"/api/v1/cases/{mine.pk}"), 404, "CASE_NOT_FOUND")
    assert as_user(criminal_judge).get("/api/v1/cases").json() == {"items": [], "count": 0}
    vice = UserFactory(role=Role.VICE_PRESIDENT, court=court)
    vice.supervised_departments.add(civil)
    assert as_user(vice).get("/api/v1/cases").json()["count"] == 2
    assert as_user(vice).get(f"/api/v1/cases/{theirs.pk}").status_code == 200


def test_staff_read_the_history(two_cases, judge):
    mine, _, _ = two_cases
    client = as_user(judge)
    response = post(client, f"/api/v1/cases/{mine.pk}/status", {"status": "suspended", "reason": "等待鉴定",
                                                                 "on": "2024-04-01"})
    assert response.status_code == 200, response.content
    history = client.get(f"/api/v1/cases/{mine.pk}/history").json()
    assert [(h["action"], h["before"]["status"], h["after"]["status"], h["reason"], h["actor"])
            for h in history if h["action"].startswith("cases.")] == [
        ("cases.case_status_changed", "in_progress", "suspended", "等待鉴定", "民庭法官甲")]
    # the suspension is also a period not counted in the time limit (deadlines app, same transaction)
    assert [h["action"] for h in history if not h["action"].startswith("cases.")] == ["deadlines.deduction_recorded"]
    events = client.get(f"/api/v1/cases/{mine.pk}/events").json()
    assert [(e["kind"], e["kind_label"], e["occurred_on"], e["description"]) for e in events
            if e["kind"] != "note"] == [("suspended", "中止", "2024-04-01", "等待鉴定")]


# --- Lists: filters, pagination, query count ------------------------------------------------------------

def test_list_pagination_answers_items_and_count(court, judge):
    for _ in range(25):
        CaseFactory(court=court, department=judge.department, judge=judge)
    client = as_user(judge)
    page = client.get("/api/v1/cases?page=3&page_size=10").json()
    assert set(page) == {"items", "count"}
    assert page["count"] == 25 and len(page["items"]) == 5
    assert len(client.get("/api/v1/cases").json()["items"]) == 20
    assert len(client.get("/api/v1/cases?page_size=0").json()["items"]) == 1
    assert len(client.get("/api/v1/cases?page=0&page_size=1000").json()["items"]) == 25
    assert client.get("/api/v1/cases?page=9").json() == {"items": [], "count": 25}
    all_ids = [c["id"] for p in (1, 2, 3) for c in client.get(f"/api/v1/cases?page={p}&page_size=10").json()["items"]]
    assert len(set(all_ids)) == 25


def test_list_filters(court, civil, criminal, judge):
    company = EnterpriseFactory(name="咸丰县唐崖茶业有限公司")
    a = CaseFactory(court=court, department=civil, judge=judge, filed_on=date(2024, 1, 10))
    b = CaseFactory(court=court, department=civil, judge=judge, filed_on=date(2024, 2, 20), status=CaseStatus.CLOSED,
                    closed_on=date(2024, 3, 1), closing_manner="judgment", procedure="small_claims")
    c = CaseFactory(court=court, department=criminal, filed_on=date(2024, 3, 30), status=CaseStatus.SUSPENDED)
    CasePartyFactory(case=a, party=company, role=PartyRole.DEFENDANT)
    client = as_user(UserFactory(role=Role.PRESIDENT, court=court))

    def ids(query):
        response = client.get(f"/api/v1/cases?{query}")
        assert response.status_code == 200, response.content
        return {item["id"] for item in response.json()["items"]}

    assert ids("") == {a.pk, b.pk, c.pk}
    assert ids("q=唐崖") == {a.pk}
    assert ids(f"q={a.case_number.replace('（', '(').replace('）', ')')}") == {a.pk}
    assert ids(f"credit_code={company.credit_code.lower()}") == {a.pk}
    assert ids("party_name=茶业") == {a.pk}
    assert ids(f"case_number={b.case_number}") == {b.pk}
    assert ids(f"department_id={criminal.pk}") == {c.pk}
    assert ids("status=closed") == {b.pk}
    assert ids("procedure=small_claims") == {b.pk}
    assert ids("filed_from=2024-02-01&filed_to=2024-03-30") == {b.pk, c.pk}
    assert ids("is_open=true") == {a.pk, c.pk}
    for query, field in [("status=clsoed", "query.status"), ("procedure=fast", "query.procedure"),
                         ("category=x", "query.category"), ("channel=fax", "query.channel"),
                         ("filed_from=2023-02-30", "query.filed_from"), ("is_open=maybe", "query.is_open"),
                         ("page=abc", "query.page"), ("department_id=x", "query.department_id")]:
        body = assert_error(client.get(f"/api/v1/cases?{query}"), 422, "VALIDATION_ERROR")
        assert [e["field"] for e in body["detail"]["errors"]] == [field]


def test_case_list_queries_do_not_grow_with_the_page(court, civil, judge, django_assert_max_num_queries):
    lawyer = UserFactory(role=Role.LAWYER)
    client = as_user(judge)

    def add_cases(n):
        for _ in range(n):
            case = CaseFactory(court=court, department=civil, judge=judge)
            CasePartyFactory(case=case)
            CaseAgent.objects.create(case_party=CasePartyFactory(case=case, party=EnterpriseFactory(),
                                                                 role=PartyRole.DEFENDANT), agent=lawyer)

    add_cases(2)
    client.get("/api/v1/cases")  # warm the session
    # session + user + the user's department (scope) + count + cases + case parties + agents
    with django_assert_max_num_queries(7):
        assert client.get("/api/v1/cases").json()["count"] == 2
    add_cases(18)
    with django_assert_max_num_queries(7):
        page = client.get("/api/v1/cases").json()
    assert page["count"] == 20 and all(len(item["parties"]) == 2 for item in page["items"])
    assert all(item["parties"][1]["agents"] == [str(lawyer)] for item in page["items"])


def test_family_queries_do_not_grow_with_the_family(court, civil, judge, django_assert_max_num_queries):
    cases = [CaseFactory(court=court, department=civil, judge=judge) for _ in range(5)]
    for case in cases:
        CasePartyFactory(case=case)
    from yingshang.cases.models import CaseLink

    for first, second in zip(cases, cases[1:]):
        CaseLink.objects.create(from_case=first, to_case=second, kind="related")
    client = as_user(judge)
    client.get("/api/v1/cases")
    with django_assert_max_num_queries(14):
        family = client.get(f"/api/v1/cases/{cases[0].pk}/family").json()
    assert [c["id"] for c in family] == [c.pk for c in cases]


# --- Registration and malformed input ------------------------------------------------------------------

def test_the_filing_division_registers_through_the_api(clerk_client):
    response = post(clerk_client, "/api/v1/cases", valid_case())
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["case_number"], body["court_code"], body["type_code"], body["sequence"]) == \
        ("（2025）鄂2826民初1号", "鄂2826", "民初", 1)
    assert (body["category"], body["category_label"], body["procedure"], body["procedure_label"]) == \
        ("civil", "民事", "ordinary", "普通程序")
    assert (body["channel_label"], body["status"], body["claim_amount_yuan"]) == ("网上立案", "registered", "123456.78")
    assert (body["is_enterprise_involved"], body["is_sme_involved"]) == (True, True)
    assert [(p["role"], p["role_label"], p["party"]["name"]) for p in body["parties"]] == [
        ("plaintiff", "原告", "田某某"), ("defendant", "被告", "咸丰县唐崖茶业有限公司")]
    assert Case.objects.get().claim_amount_fen == 12_345_678
    assert AuditEvent.objects.filter(action="cases.case_registered").count() == 1
    assert CaseEvent.objects.filter(kind="registered").count() == 1


def test_a_judge_cannot_register(judge):
    before = nothing_written()
    assert_error(post(as_user(judge), "/api/v1/cases", valid_case()), 403, "CASE_REGISTER_DENIED",
                 "只有立案庭工作人员可以立案")
    assert nothing_written() == before


@pytest.mark.parametrize("body, code, message", [
    (with_party(kind="organisation", name="某公司", credit_code="91110108551385082A"),
     "PARTY_CREDIT_CODE_INVALID", "统一社会信用代码不正确（长度、字符或校验位有误）"),
    (with_party(kind="organisation", name="某公司", credit_code="9111010855138508"),
     "PARTY_CREDIT_CODE_INVALID", "统一社会信用代码不正确（长度、字符或校验位有误）"),
    (with_party(id_number="110105194912310021"), "PARTY_ID_NUMBER_INVALID",
     "身份证号码不正确（校验位、出生日期或地区码有误）"),
    (with_party(id_number="42282619630230003X"), "PARTY_ID_NUMBER_INVALID",
     "身份证号码不正确（校验位、出生日期或地区码有误）"),
    (with_party(kind="organisation", name="某公司"), "PARTY_IDENTIFIER_REQUIRED", "单位当事人须填写统一社会信用代码"),
    (with_party(phone="0718-123"), "PARTY_PHONE_INVALID", "手机号码不正确，应为11位大陆手机号"),
    (valid_case(type_code="民乙"), "CASE_NUMBER_UNKNOWN_TYPE", "未知的类型代字：民乙"),
    (valid_case(filed_on="2099-01-04"), "CASE_DATE_ORDER", "立案日期不能晚于今天"),
    (valid_case(accepted_on="2025-06-03"), "CASE_DATE_ORDER", "收案日期不能晚于立案日期"),
    (valid_case(department_id=10**30), "DEPARTMENT_NOT_FOUND", "承办部门不存在"),
    (valid_case(cause_id=10**12), "CAUSE_NOT_FOUND", "案由不存在"),
])
def test_refused_registrations_answer_400_with_a_coded_chinese_error(clerk_client, body, code, message):
    before = nothing_written()
    assert_error(post(clerk_client, "/api/v1/cases", body), 400, code, message)
    assert nothing_written() == before


@pytest.mark.parametrize("body, field, message", [
    (valid_case(filed_on="2023-02-30"), "filed_on", "日期不正确，应为 YYYY-MM-DD 的有效日期"),
    (valid_case(filed_on="2023-13-01"), "filed_on", "日期不正确，应为 YYYY-MM-DD 的有效日期"),
    (valid_case(filed_on="02/06/2025"), "filed_on", "日期不正确，应为 YYYY-MM-DD 的有效日期"),
    (valid_case(filed_on=123), "filed_on", "日期不正确，应为 YYYY-MM-DD 的有效日期"),
    (valid_case(accepted_on="2025-02-29"), "accepted_on", "日期不正确，应为 YYYY-MM-DD 的有效日期"),
    (valid_case(claim_amount_yuan="-1.00"), "claim_amount_yuan", "金额不能为负数"),
    (valid_case(claim_amount_yuan="1.005"), "claim_amount_yuan", "金额最多保留两位小数"),
    (valid_case(claim_amount_yuan="12,000"), "claim_amount_yuan", "金额格式不正确，应为元，最多两位小数"),
    (valid_case(claim_amount_yuan="NaN"), "claim_amount_yuan", "金额格式不正确，应为元，最多两位小数"),
    (valid_case(claim_amount_yuan="1e400"), "claim_amount_yuan", "金额超出允许范围"),
    (valid_case(claim_amount_yuan=12.5), "claim_amount_yuan", "应为文本"),
    (valid_case(channel="fax"), "channel", "取值不在允许范围内"),
    (valid_case(procedure="summary"), "procedure", "取值不在允许范围内"),
    (valid_case(category=1), "category", "取值不在允许范围内"),
    (valid_case(department_id="民庭"), "department_id", "应为整数"),
    (valid_case(department_id=1.5), "department_id", "应为整数"),
    (valid_case(type_code=5), "type_code", "应为文本"),
    (valid_case(parties="田某某"), "parties", "应为列表"),
    (with_party(role="boss"), "parties.0.role", "取值不在允许范围内"),
    (with_party(kind="robot"), "parties.0.kind", "取值不在允许范围内"),
    (with_party(name=""), "parties.0.name", "文本过短"),
    (with_party(enterprise_size="huge"), "parties.0.enterprise_size", "取值不在允许范围内"),
    (with_party(has_domicile_in_china="perhaps"), "parties.0.has_domicile_in_china", "应为布尔值"),
    ({"filed_on": "2025-06-02"}, "type_code", "必填项缺失"),
])
def test_malformed_registrations_answer_422_with_the_field(clerk_client, body, field, message):
    before = nothing_written()
    response = assert_error(post(clerk_client, "/api/v1/cases", body), 422, "VALIDATION_ERROR")
    assert [(e["field"], e["message"]) for e in response["detail"]["errors"]] == [(field, message)]
    assert response["message"] == f"请求数据不合法：{field}：{message}"
    assert nothing_written() == before


@pytest.mark.parametrize("raw, status, code", [
    ("{bad json", 400, "MALFORMED_JSON"),
    ('{"type_code": "民初",}', 400, "MALFORMED_JSON"),
    ("", 422, "VALIDATION_ERROR"),
    (b"\xff\xfe\x00", 400, "MALFORMED_JSON"),
    ("[1, 2]", 422, "VALIDATION_ERROR"),
    ('"民初"', 422, "VALIDATION_ERROR"),
    ("null", 422, "VALIDATION_ERROR"),
])
def test_bodies_that_are_not_a_json_object_are_4xx(clerk_client, raw, status, code):
    before = nothing_written()
    assert_error(post(clerk_client, "/api/v1/cases", raw), status, code)
    assert nothing_written() == before


def test_form_encoded_body_is_refused(clerk_client):
    response = clerk_client.post("/api/v1/cases", data={"type_code": "民初"})
    assert 400 <= response.status_code < 500
    assert response.json()["code"] in {"MALFORMED_JSON", "VALIDATION_ERROR"}


def test_unknown_paths_and_bad_ids_are_json_4xx(clerk_client):
    assert_error(clerk_client.get("/api/v1/cases/abc"), 422, "VALIDATION_ERROR")
    assert_error(clerk_client.get("/api/v1/cases/99999999999999999999999"), 404, "CASE_NOT_FOUND")
    assert_error(clerk_client.get("/api/v1/no-such-thing"), 404, "NOT_FOUND")
    assert_error(Client().get("/api/v1/no-such-thing"), 404, "NOT_FOUND")


# --- Changes through the API ----------------------------------------------------------------------------

@pytest.fixture
def open_case(judge):
    return CaseFactory(court=judge.court, department=judge.department, judge=judge)


def test_status_changes_through_the_api(open_case, judge):
    client = as_user(judge)
    url = f"/api/v1/cases/{open_case.pk}/status"
    before = nothing_written()
    assert_error(post(client, url, {"status": "done"}), 422, "VALIDATION_ERROR")
    assert_error(post(client, url, {"status": "closed", "closing_manner": "won"}), 422, "VALIDATION_ERROR")
    assert_error(post(client, url, {"status": "closed", "closing_manner": "judgment", "on": "2024-02-30"}),
                 422, "VALIDATION_ERROR")
    assert_error(post(client, url, {"status": "closed"}), 400, "CASE_CLOSING_MANNER_REQUIRED", "结案必须选择结案方式")
    assert_error(post(client, url, {"status": "assigned"}), 409, "CASE_TRANSITION_NOT_ALLOWED",
                 "案件状态不能从「审理/执行中」变更为「已分案」")
    assert_error(post(client, url, {"status": "closed", "closing_manner": "fully_enforced", "on": "2024-05-06"}),
                 400, "CASE_TRANSITION_NOT_ALLOWED", "非执行案件不能以「执行完毕」方式结案")
    assert nothing_written() == before

    closed = post(client, url, {"status": "closed", "closing_manner": "mediation", "on": "2024-05-06"})
    assert closed.status_code == 200, closed.content
    assert (closed.json()["status"], closed.json()["closed_on"], closed.json()["closing_manner_label"]) == \
        ("closed", "2024-05-06", "调解")
    assert_error(post(client, url, {"status": "in_progress"}), 409, "CASE_ALREADY_CLOSED", "案件已结案，不能再变更状态")
    assert AuditEvent.objects.filter(action="cases.case_status_changed").count() == 1


def test_update_procedure_and_events_through_the_api(open_case, judge):
    client = as_user(judge)
    base = f"/api/v1/cases/{open_case.pk}"
    for amount, message in [("-5", "金额不能为负数"), ("1.005", "金额最多保留两位小数")]:
        body = assert_error(patch(client, base, {"claim_amount_yuan": amount}), 422, "VALIDATION_ERROR")
        assert body["detail"]["errors"][0]["message"] == message
    updated = patch(client, base, {"claim_amount_yuan": "1234.50", "summary": "买卖合同货款", "reason": "补正"})
    assert updated.status_code == 200, updated.content
    assert (updated.json()["claim_amount_yuan"], Case.objects.get(pk=open_case.pk).claim_amount_fen) == \
        ("1234.50", 123450)
    assert_error(post(client, f"{base}/procedure", {"procedure": "ordinary", "reason": ""}), 422, "VALIDATION_ERROR")
    assert_error(post(client, f"{base}/procedure", {"procedure": "quick", "reason": "x"}), 422, "VALIDATION_ERROR")
    changed = post(client, f"{base}/procedure", {"procedure": "ordinary", "reason": "案情复杂"})
    assert changed.json()["procedure_label"] == "普通程序"
    assert_error(post(client, f"{base}/events", {"kind": "closed", "occurred_on": "2024-04-01"}), 400,
                 "CASE_EVENT_KIND_RESERVED", "该节点由相应操作自动记录，不能手工添加")
    assert_error(post(client, f"{base}/events", {"kind": "party", "occurred_on": "2024-04-01"}), 422,
                 "VALIDATION_ERROR")
    assert_error(post(client, f"{base}/events", {"kind": "hearing", "occurred_on": "2024-04-31"}), 422,
                 "VALIDATION_ERROR")
    hearing = post(client, f"{base}/events", {"kind": "hearing", "occurred_on": "2024-04-01", "description": "开庭"})
    assert hearing.status_code == 201
    assert (hearing.json()["kind_label"], hearing.json()["actor"]) == ("开庭", "民庭法官甲")
    kinds = [e["kind"] for e in client.get(f"{base}/events").json()]
    assert kinds == ["hearing", "updated", "procedure_changed"]
    assert [h["action"] for h in client.get(f"{base}/history").json()] == [
        "cases.event_recorded", "cases.case_procedure_changed", "cases.case_updated"]


def test_parties_agents_links_and_assignment_through_the_api(open_case, judge, court, civil, clerk):
    client = as_user(judge)
    base = f"/api/v1/cases/{open_case.pk}"
    added = post(client, f"{base}/parties", {"kind": "organisation", "name": "咸丰县某银行", "role": "third_party",
                                             "credit_code": credit_code_for(40)})
    assert added.status_code == 201, added.content
    assert_error(post(client, f"{base}/parties", {"kind": "organisation", "name": "咸丰县某银行",
                                                   "role": "third_party", "credit_code": credit_code_for(40)}),
                 409, "PARTY_ALREADY_IN_CASE")
    lawyer = UserFactory(role=Role.LAWYER, display_name="李律师", organisation_name="湖北某律师事务所")
    agent = post(client, f"/api/v1/case-parties/{added.json()['id']}/agents", {"agent_id": lawyer.pk})
    assert agent.status_code == 201 and agent.json()["agents"] == ["李律师"]
    assert_error(post(client, "/api/v1/case-parties/999999/agents", {"agent_id": lawyer.pk}), 404,
                 "CASE_PARTY_NOT_FOUND")
    other = CaseFactory(court=court, department=civil, judge=judge, type_code="民终")
    link = post(client, f"{base}/links", {"to_case_id": other.pk, "kind": "appeal"})
    assert link.status_code == 201 and link.json()["kind_label"] == "上诉"
    assert_error(post(client, f"{base}/links", {"to_case_id": other.pk, "kind": "cousin"}), 422, "VALIDATION_ERROR")
    assert [(item["case_id"], item["direction"]) for item in client.get(f"{base}/links").json()] == \
        [(other.pk, "out")]
    new_judge = UserFactory(role=Role.JUDGE, court=court, department=civil)
    assigned = post(as_user(clerk), f"{base}/assign", {"department_id": civil.pk, "judge_id": new_judge.pk})
    assert assigned.status_code == 200 and assigned.json()["judge_id"] == new_judge.pk


def test_party_search_is_for_staff(judge):
    EnterpriseFactory(name="咸丰县某建材有限公司")
    body = as_user(judge).get("/api/v1/parties?q=建材").json()
    assert body["count"] == 1 and body["items"][0]["name"] == "咸丰县某建材有限公司"


def test_the_catalogue_of_causes_is_public(api_client, db):
    body = api_client.get("/api/v1/causes?revision=2020&q=金融借款").json()
    assert body["count"] == 1 and body["items"][0]["is_financial"] is True
    assert api_client.get("/api/v1/causes?revision=2025&level=1").json()["count"] >= 1
    assert_error(api_client.get("/api/v1/causes?revision=1999"), 400, "CAUSE_REVISION_UNKNOWN")


def test_openapi_and_docs_are_served(api_client, db):
    schema = api_client.get("/api/v1/openapi.json")
    assert schema.status_code == 200
    assert "/api/v1/cases" in schema.json()["paths"]
    assert api_client.get("/api/v1/docs").status_code == 200


def test_an_outside_court_department_id_is_not_found(clerk_client):
    foreign = DepartmentFactory(court__name="来凤县人民法院", court__code="鄂2827")
    assert_error(post(clerk_client, "/api/v1/cases", valid_case(department_id=foreign.pk)), 400,
                 "DEPARTMENT_NOT_FOUND")


# --- Input that used to reach the database (500 on PostgreSQL) -----------------------------------------

@pytest.mark.parametrize("body, field", [
    (valid_case(cause_text="纠" * 101), "cause_text"),
    (with_party(address="咸" * 201), "parties.0.address"),
    (with_party(legal_representative="张" * 51), "parties.0.legal_representative"),
    (with_party(name="某" * 201), "parties.0.name"),
    (with_party(phone="1" * 21), "parties.0.phone"),
])
def test_text_longer_than_its_column_is_422(clerk_client, body, field):
    before = nothing_written()
    response = assert_error(post(clerk_client, "/api/v1/cases", body), 422, "VALIDATION_ERROR")
    assert [(e["field"], e["message"]) for e in response["detail"]["errors"]] == [(field, "文本过长")]
    assert nothing_written() == before


@pytest.mark.parametrize("body, field", [
    (with_party(name="张\u0000三"), "parties.0.name"),
    (valid_case(summary="摘要\u0000"), "summary"),
    ({"type_code": "民初", "filed_on": "2025-06-02", "x\u0000": 1}, ""),
])
def test_nul_characters_in_the_body_are_422(clerk_client, body, field):
    before = nothing_written()
    assert "\\u0000" in json.dumps(body)  # sent as the JSON escape, decoded to NUL by the parser
    response = assert_error(post(clerk_client, "/api/v1/cases", body), 422, "VALIDATION_ERROR")
    assert response["detail"]["errors"][0]["field"] == field
    assert nothing_written() == before


@pytest.mark.parametrize("url", ["/api/v1/cases?q=%00", "/api/v1/cases?party_name=a%00b", "/api/v1/parties?q=%00",
                                 "/api/v1/causes?q=%00"])
def test_nul_characters_in_the_query_are_422(judge, url):
    assert_error(as_user(judge).get(url), 422, "VALIDATION_ERROR")


def test_huge_numbers_in_the_query_are_not_database_errors(judge):
    client = as_user(judge)
    assert client.get("/api/v1/cases?page=99999999999999999999").json() == {"items": [], "count": 0}
    assert client.get("/api/v1/cases?page=9999999999&page_size=200").json() == {"items": [], "count": 0}
    for query in ("department_id=99999999999999999999999", "judge_id=-1", "department_id=0"):
        assert_error(client.get(f"/api/v1/cases?{query}"), 422, "VALIDATION_ERROR")
    assert_error(client.get("/api/v1/cases/99999999999999999999999/events"), 404, "CASE_NOT_FOUND")


def test_a_long_reason_is_kept_whole_in_the_audit_and_cut_in_the_timeline(open_case, judge):
    reason = "因" * 800
    response = post(as_user(judge), f"/api/v1/cases/{open_case.pk}/procedure", {"procedure": "ordinary",
                                                                                "reason": reason})
    assert response.status_code == 200, response.content
    event = CaseEvent.objects.get(case=open_case)
    assert event.description == ("简易程序 → 普通程序：" + reason)[:500]
    assert AuditEvent.objects.get(case_id=open_case.pk).reason == reason
