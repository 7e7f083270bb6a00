"""POST /api/v1/fees/quote (public) and the public calculator page."""

import json

import pytest
from django.test import override_settings
from django.urls import reverse

URL = "/api/v1/fees/quote"


def post(client, body):
    return client.post(URL, data=json.dumps(body), content_type="application/json")


@pytest.mark.django_db
def test_quote_example_6_anonymous(api_client):
    response = post(api_client, {"fee_type": "acceptance", "amount_yuan": "123456.78", "procedure": "ordinary",
                                 "outcome": None})
    assert response.status_code == 200
    body = response.json()
    assert body["fee_yuan"] == "2769.14"
    assert body["full_fee_yuan"] == "2769.14"
    assert body["basis"] == "《诉讼费用交纳办法》第十三条第（一）项"
    assert body["steps"][-2:] == ["四舍五入至分：2,769.14 元", "应交纳 2,769.14 元"]


@pytest.mark.django_db
@pytest.mark.parametrize("body, fee_yuan", [
    ({"fee_type": "acceptance", "amount_yuan": "123456.78", "procedure": "simple"}, "1384.57"),
    ({"fee_type": "acceptance", "amount_yuan": "1000000", "procedure": "simple", "outcome": "mediated"}, "6900.00"),
    ({"fee_type": "acceptance", "amount_yuan": "1000000.00", "outcome": "withdrawn"}, "6900.00"),
    ({"fee_type": "acceptance", "amount_yuan": "40000", "procedure": "small_claims"}, "400.00"),
    ({"fee_type": "execution", "amount_yuan": "300000"}, "4400.00"),
    ({"fee_type": "preservation", "amount_yuan": "2000000"}, "5000.00"),
    ({"fee_type": "payment_order", "amount_yuan": "90000"}, "683.33"),
    ({"fee_type": "bankruptcy", "amount_yuan": "200000000"}, "300000.00"),
    ({"fee_type": "labour", "procedure": "simple"}, "5.00"),
])
def test_quote_types(api_client, body, fee_yuan):
    response = post(api_client, body)
    assert response.status_code == 200, response.json()
    assert response.json()["fee_yuan"] == fee_yuan


@pytest.mark.django_db
@pytest.mark.parametrize("amount, code, message", [
    ("-1", "AMOUNT_NEGATIVE", "金额不能为负数"),
    ("abc", "AMOUNT_INVALID", "金额格式不正确，应为元，最多两位小数"),
    ("1.234", "AMOUNT_TOO_PRECISE", "金额最多保留两位小数"),
    ("1000000000000.01", "AMOUNT_TOO_LARGE", "金额超出允许范围"),
    ("1e400", "AMOUNT_TOO_LARGE", "金额超出允许范围"),
    ("NaN", "AMOUNT_INVALID", "金额格式不正确，应为元，最多两位小数"),
])
def test_bad_amounts_answer_422_with_a_chinese_message(api_client, amount, code, message):
    response = post(api_client, {"fee_type": "acceptance", "amount_yuan": amount})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "VALIDATION_ERROR"
    assert body["message"] == f"请求数据不合法：amount_yuan：{message}"
    assert body["detail"]["errors"][0]["type"] == code


@pytest.mark.django_db
@pytest.mark.parametrize("body, code", [
    ({"fee_type": "acceptance"}, "FEE_AMOUNT_REQUIRED"),
    ({"fee_type": "execution", "amount_yuan": "100", "procedure": "simple"}, "FEE_PROCEDURE_NOT_APPLICABLE"),
    ({"fee_type": "preservation", "amount_yuan": "100", "outcome": "mediated"}, "FEE_OUTCOME_NOT_APPLICABLE"),
    ({"fee_type": "divorce", "procedure": "small_claims"}, "FEE_SMALL_CLAIMS_NOT_ELIGIBLE"),
])
def test_inapplicable_combinations_answer_422(api_client, body, code):
    response = post(api_client, body)
    assert response.status_code == 422
    assert response.json()["code"] == code


@pytest.mark.django_db
@pytest.mark.parametrize("body", [
    {"fee_type": "stamp_duty", "amount_yuan": "1"},
    {"fee_type": "acceptance", "amount_yuan": 123.45},
    {"fee_type": "acceptance", "amount_yuan": "100", "procedure": "summary"},
])
def test_wrong_types_and_enums_answer_422(api_client, body):
    response = post(api_client, body)
    assert response.status_code == 422
    assert response.json()["code"] == "VALIDATION_ERROR"


@pytest.mark.django_db
@override_settings(FEES_DIVORCE_BASE_FEN=30_000)
def test_local_figure_comes_from_settings(api_client):
    response = post(api_client, {"fee_type": "divorce", "amount_yuan": "500000"})
    assert response.json()["fee_yuan"] == "1800.00"
    assert response.json()["unconfirmed"] == ["离婚案件每件交纳标准（湖北省标准未经核实）"]


@pytest.mark.django_db
def test_calculator_page_is_public_and_shows_steps(client):
    url = reverse("fees:calculator")
    assert url == "/fees/calculator/"
    page = client.get(url)
    assert page.status_code == 200
    assert "诉讼费计算器" in page.content.decode()
    result = client.get(url, {"fee_type": "acceptance", "amount_yuan": "1,000,000", "procedure": "simple",
                              "outcome": "mediated"}, HTTP_HX_REQUEST="true")
    html = result.content.decode()
    assert result.status_code == 200
    assert '<span class="display-6 fw-bold" data-testid="fee-yuan">6,900.00</span>' in html
    assert "多项减半事由并存，只减半一次" in html
    assert "<html" not in html


@pytest.mark.django_db
def test_calculator_page_shows_a_bad_amount_beside_the_form(client):
    result = client.get(reverse("fees:calculator"), {"fee_type": "acceptance", "amount_yuan": "12.345"})
    html = result.content.decode()
    assert result.status_code == 200
    assert "金额（元）：金额最多保留两位小数" in html
    assert 'value="12.345"' in html
