"""Pure rules, no database: 云MAS signature vectors (sms-cloud-mas.md §4), rendering, channels, backoff."""

import base64
import json
from datetime import date, datetime, timedelta, timezone

import pytest

from yingshang.core.errors import DomainError
from yingshang.notifications import domain
from yingshang.notifications.catalogue import CATALOGUE
from yingshang.notifications.domain import Reachability, SendOutcome
from yingshang.notifications.errors import NotificationError

EXAMPLE = domain.MasAccount(ec_name="示例县人民法院", ap_id="demo_court", secret_key="S3cret!2027", sign="AbC123xYz")
EXAMPLE_CONTENT = "您的执行案件有新进展，请登录诉讼服务平台查看。"


# --- 云MAS: the vendor's own checks and the worked example ----------------------------------------------------

def test_vendor_plain_mac_vector():
    assert domain.mas_mac_plain(ec_name="政企分公司测试", ap_id="demo0", secret_key="123qwe", mobiles="13800138000",
                                content="移动改变生活。", sign="DWItALe3A", add_serial="") \
        == "7997ddb079db2155b517b21b2a812370"


def test_vendor_template_mac_vector():
    assert domain.mas_mac_template(ec_name="政企分公司测试", ap_id="demo0", secret_key="123qwe",
                                   template_id="38516fabae004eddbfa3ace1d4194696", mobiles="13800138000",
                                   params='["abcde"]', sign="4sEuJxDpC", add_serial="") \
        == "02009a533ee3fb8603062971a53beff0"


def test_worked_example_plain_mac_and_body():
    payload = domain.mas_plain_payload(EXAMPLE, mobiles=["13800138000", "13900139000"], content=EXAMPLE_CONTENT)
    assert payload["mac"] == "d4830203bba40f5485cf5fd69dc3daa9"
    assert list(payload) == ["ecName", "apId", "mobiles", "content", "sign", "addSerial", "mac"]
    assert payload["mobiles"] == "13800138000,13900139000"
    body = domain.mas_encode_body(payload)
    assert body.startswith(b"eyJlY05hbWUiOiLnpLrkvovljr/kurrmsJHms5XpmaIiLCJhcElkIjoiZGVtb19jb3VydCIs")
    assert domain.mas_decode_body(body) == payload
    assert json.loads(base64.b64decode(body))["content"] == EXAMPLE_CONTENT


def test_worked_example_concatenation_is_143_utf8_bytes():
    concat = "示例县人民法院demo_courtS3cret!202713800138000,13900139000" + EXAMPLE_CONTENT + "AbC123xYz"
    assert len(concat.encode("utf-8")) == 143


def test_worked_example_template_mac():
    payload = domain.mas_template_payload(EXAMPLE, template_id="0f1e2d3c4b5a69788796a5b4c3d2e1f0",
                                          mobiles=["13800138000"], params=["（2027）鄂2826执1号", "3月1日"])
    assert payload["params"] == '["（2027）鄂2826执1号","3月1日"]'
    assert payload["mac"] == "5ccd718815e28b86cd9fac13b11077cc"
    assert "secretKey" not in payload


def test_secret_key_goes_into_the_body_only_when_configured():
    account = domain.MasAccount(ec_name="e", ap_id="a", secret_key="k", sign="s", secret_key_in_body=True)
    payload = domain.mas_plain_payload(account, mobiles=["13800138000"], content="x")
    assert list(payload) == ["ecName", "apId", "secretKey", "mobiles", "content", "sign", "addSerial", "mac"]
    assert payload["mac"] == domain.mas_mac_plain(ec_name="e", ap_id="a", secret_key="k", mobiles="13800138000",
                                                  content="x", sign="s", add_serial="")


def test_template_without_variables_sends_an_empty_array():
    assert domain.mas_params_string([]) == "[]"


@pytest.mark.parametrize("status, body, outcome, code, group", [
    (200, b'{"msgGroup":"0927152506001000833076","rspcod":"success","success":true}', SendOutcome.ACCEPTED,
     "success", "0927152506001000833076"),
    (200, b'{"msgGroup":"","rspcod":"IllegalMac","success":false}', SendOutcome.REJECTED, "IllegalMac", ""),
    (200, b'{"msgGroup":"","rspcod":"InvalidUsrOrPwd","success":false}', SendOutcome.REJECTED, "InvalidUsrOrPwd", ""),
    (200, b'{"msgGroup":"","rspcod":"PrepayBalanceZero","success":false}', SendOutcome.REJECTED,
     "PrepayBalanceZero", ""),
    (200, b'{"rspcod":"success","success":true}', SendOutcome.UNCERTAIN, "success", ""),
    (200, b"<html>", SendOutcome.UNCERTAIN, "UNPARSEABLE", ""),
    (503, b"", SendOutcome.RETRYABLE, "HTTP 503", ""),
    (429, b"", SendOutcome.RETRYABLE, "HTTP 429", ""),
    (504, b"", SendOutcome.UNCERTAIN, "HTTP 504", ""),
    (403, b"", SendOutcome.REJECTED, "HTTP 403", ""),
])
def test_submit_responses_are_classified(status, body, outcome, code, group):
    result = domain.mas_parse_submit_response(status, body)
    assert (result.outcome, result.raw_code, result.gateway_message_id) == (outcome, code, group)


def test_delivery_reports_single_and_list():
    one = domain.mas_parse_reports({"reportStatus": "DELIVRD", "mobile": "13800138000", "submitDate": "20270301093000",
                                    "receiveDate": "20270301093005", "errorCode": "", "msgGroup": "0927"})
    assert one == [domain.Receipt("0927", "13800138000", True, "DELIVRD", datetime(2027, 3, 1, 9, 30, 5))]
    many = domain.mas_parse_reports([{"reportStatus": "UNDELIV", "mobile": ["13800138000"], "errorCode": "DB:0140",
                                      "msgGroup": "0928"}])
    assert many == [domain.Receipt("0928", "13800138000", False, "UNDELIV/DB:0140", None)]


def test_delivery_report_without_group_is_refused():
    with pytest.raises(DomainError) as refused:
        domain.mas_parse_reports({"mobile": "13800138000"})
    assert refused.value.code == NotificationError.RECEIPT_INVALID


# --- Templates --------------------------------------------------------------------------------------------------

def test_asset_search_text_matches_the_issue_example():
    rendered = domain.render(CATALOGUE["enforcement.asset_search_done"],
                             {"case_number": "（2024）鄂2826执123号", "date": date(2024, 5, 6)})
    assert rendered.body == "您申请执行的（2024）鄂2826执123号案件已于2024年5月6日完成网络查控。"
    assert rendered.subject == "网络查控完成"
    assert rendered.params == ["（2024）鄂2826执123号", "2024年5月6日"]
    assert rendered.values == {"case_number": "（2024）鄂2826执123号", "date": "2024年5月6日"}


def test_chinese_dates_have_no_leading_zeros():
    assert domain.format_chinese_date(date(2027, 1, 9)) == "2027年1月9日"
    assert domain.format_value(datetime(2027, 3, 1, 9, 5, tzinfo=timezone(timedelta(hours=8)))) == "2027年3月1日 09:05"


def test_missing_context_key_is_a_coded_error_naming_the_keys():
    with pytest.raises(DomainError) as refused:
        domain.render(CATALOGUE["enforcement.money_received"], {"case_number": "（2024）鄂2826执1号", "date": ""})
    assert refused.value.code == NotificationError.CONTEXT_KEY_MISSING
    assert refused.value.detail["missing"] == ["amount_yuan", "date"]


def test_unknown_template_is_a_coded_error():
    with pytest.raises(DomainError) as refused:
        domain.template_lookup(CATALOGUE, "enforcement.no_such_node")
    assert refused.value.code == NotificationError.TEMPLATE_UNKNOWN


REQUIRED_CODES = [
    "cases.case_registered", "deadlines.time_limit_30_days", "deadlines.time_limit_15_days",
    "deadlines.time_limit_7_days", "deadlines.time_limit_overdue", "deadlines.long_pending_reminder",
    "deadlines.long_pending_warning", "deadlines.long_pending_supervision", "enforcement.notice_served",
    "enforcement.property_report_ordered", "enforcement.asset_search_done", "enforcement.property_sealed",
    "enforcement.money_received", "enforcement.money_paid_out", "enforcement.round_closed",
    "enforcement.fully_enforced", "enforcement.message_reply_due", "measures.deadline_reminder",
    "measures.overdue_escalation", "fees.refund_order", "documents.effectiveness_certificate_issued",
]


@pytest.mark.parametrize("code", REQUIRED_CODES)
def test_every_required_node_has_a_template(code):
    assert code in CATALOGUE


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_template_renders_with_its_fields(code):
    template = CATALOGUE[code]
    rendered = domain.render(template, {name: f"<{name}>" for name in template.fields})
    assert "{" not in rendered.body and "}" not in rendered.body
    assert all(f"<{name}>" in rendered.body for name in template.fields)


# --- Channels ---------------------------------------------------------------------------------------------------

def test_defaults_keep_only_reachable_channels():
    reach = Reachability(phone="13800138000", inbox_user_count=0)
    assert domain.channels_resolve(requested=None, chosen=None, defaults=["sms", "inbox"], reach=reach) == ["sms"]


def test_the_recipients_choice_beats_the_defaults():
    reach = Reachability(phone="13800138000", email="a@b.cn", inbox_user_count=1)
    assert domain.channels_resolve(requested=None, chosen=["email"], defaults=["sms", "inbox"], reach=reach) \
        == ["email"]


def test_requested_unreachable_channel_is_refused():
    with pytest.raises(DomainError) as refused:
        domain.channels_resolve(requested=["sms", "email"], chosen=None, defaults=[],
                                reach=Reachability(phone="13800138000"))
    assert refused.value.code == NotificationError.CHANNEL_NOT_ADDRESSABLE
    assert refused.value.detail == {"channels": ["email"]}


def test_unknown_channel_is_refused():
    with pytest.raises(DomainError) as refused:
        domain.channels_check(["sms", "wechat"])
    assert refused.value.code == NotificationError.CHANNEL_UNKNOWN


@pytest.mark.parametrize("value", ["a@b", "no-at.cn", "a b@c.cn", "@c.cn", "a@@c.cn"])
def test_bad_email_is_refused(value):
    with pytest.raises(DomainError) as refused:
        domain.email_normalise(value)
    assert refused.value.code == NotificationError.EMAIL_INVALID


def test_email_domain_is_lowercased():
    assert domain.email_normalise(" Zhang.San@Court.GOV.cn ") == "Zhang.San@court.gov.cn"


# --- Backoff ----------------------------------------------------------------------------------------------------

def test_backoff_doubles_and_is_capped():
    delays = [domain.backoff_seconds(failed_attempts=n, base_seconds=60, max_seconds=600) for n in range(1, 7)]
    assert delays == [60, 120, 240, 480, 600, 600]


def test_retry_decision_stops_at_max_attempts():
    failed_at = datetime(2027, 3, 1, 9, 0, tzinfo=timezone.utc)
    third = domain.retry_decide(failed_attempts=3, max_attempts=5, failed_at=failed_at, base_seconds=60,
                                max_seconds=3600)
    assert third == domain.RetryDecision(retry=True, next_attempt_at=failed_at + timedelta(seconds=240))
    assert domain.retry_decide(failed_attempts=5, max_attempts=5, failed_at=failed_at, base_seconds=60,
                               max_seconds=3600) == domain.RetryDecision(retry=False, next_attempt_at=None)
