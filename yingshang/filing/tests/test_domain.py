"""Pure registration rules (no database): periods, the clock, supplement/refusal/registration checks, attachments,
the refusal ruling text."""

from datetime import date

import pytest

from yingshang.core.errors import DomainError
from yingshang.filing import domain
from yingshang.filing.choices import AlertLevel, FilingStatus
from yingshang.filing.errors import FilingError

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
ENCRYPTED_PDF = (b"%PDF-1.6\n1 0 obj << /Type /Catalog >> endobj\n"
                 b"trailer << /Root 1 0 R /Encrypt 5 0 R /ID [<ab><cd>] >>\n%%EOF\n")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
DOCX = b"PK\x03\x04" + b"\x00" * 32


def refused(fn, **kwargs) -> DomainError:
    with pytest.raises(DomainError) as caught:
        fn(**kwargs)
    return caught.value


# --- Periods -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("type_code, cause, days", [
    ("民初", "民间借贷纠纷", 7), ("行初", "", 7), ("执", "", 7), ("刑初", "", 15), ("民撤", "第三人撤销之诉", 30),
    ("民初", "案外人执行异议之诉", 15), ("民初", "申请执行人执行异议之诉", 15),
])
def test_decision_period_by_type(type_code, cause, days):
    assert domain.decision_period_for(type_code=type_code, cause_name=cause).days == days


def test_decision_period_cites_its_source():
    assert domain.decision_period_for(type_code="民初").basis == "登记立案规定第8条第1款第1项；民事诉讼法第126条（七日）"
    assert domain.decision_period_for(type_code="行初").basis == "登记立案规定第8条第1款第1项；行政诉讼法第51条（七日）"


# --- The clock ---------------------------------------------------------------------------------------------------

def clock(status=FilingStatus.SUBMITTED, due=date(2024, 10, 8), today=date(2024, 10, 1)):
    return domain.filing_clock(status=status, due_on=due, today=today, due_soon_days=2)


def test_clock_running_shows_days_left_and_deadline():
    c = clock()
    assert (c.level, c.days_left, c.label, c.must_register, c.is_running) == \
        (AlertLevel.NONE, 7, "剩余7日（2024年10月8日届满）", False, True)


def test_clock_due_soon_two_days_before_and_on_the_day():
    assert clock(today=date(2024, 10, 6)).level == AlertLevel.DUE_SOON
    on_the_day = clock(today=date(2024, 10, 8))
    assert (on_the_day.level, on_the_day.label) == (AlertLevel.DUE_SOON, "今日（2024年10月8日）届满")
    assert clock(today=date(2024, 10, 5)).level == AlertLevel.NONE


def test_clock_overdue_means_register_first():
    c = clock(today=date(2024, 10, 10))
    assert (c.level, c.days_left, c.must_register) == (AlertLevel.OVERDUE, -2, True)
    assert c.label == "已于2024年10月8日届满，超期2日，应当先行立案"


def test_clock_paused_while_waiting_for_supplements_and_stopped_once_decided():
    paused = clock(status=FilingStatus.SUPPLEMENT_REQUESTED, due=None)
    assert (paused.is_running, paused.must_register, paused.label) == \
        (False, False, "等待补正材料（收到补正材料后重新计算）")
    decided = clock(status=FilingStatus.REGISTERED, today=date(2024, 12, 1))
    assert (decided.is_running, decided.must_register, decided.level) == (False, False, AlertLevel.NONE)


# --- Supplement, refusal, registration ---------------------------------------------------------------------------

def test_supplement_request_is_one_time_and_lists_items():
    assert domain.check_supplement_request(status=FilingStatus.SUBMITTED, already_requested_on=None,
                                           due_on=date(2024, 10, 8), today=date(2024, 10, 1),
                                           items=[" 身份证复印件 ", "", "借条原件"]) == ["身份证复印件", "借条原件"]
    again = refused(domain.check_supplement_request, status=FilingStatus.SUBMITTED,
                    already_requested_on=date(2024, 9, 20), due_on=date(2024, 10, 8), today=date(2024, 10, 1),
                    items=["x"])
    assert again.code == FilingError.SUPPLEMENT_ALREADY_REQUESTED
    assert again.message == "已经一次性告知过补正内容（2024年9月20日），不能再次要求补正（登记立案规定第7条）"
    empty = refused(domain.check_supplement_request, status=FilingStatus.SUBMITTED, already_requested_on=None,
                    due_on=date(2024, 10, 8), today=date(2024, 10, 1), items=["  "])
    assert empty.code == FilingError.SUPPLEMENT_ITEMS_REQUIRED


def test_supplement_request_after_the_period_is_refused():
    late = refused(domain.check_supplement_request, status=FilingStatus.SUBMITTED, already_requested_on=None,
                   due_on=date(2024, 10, 8), today=date(2024, 10, 9), items=["x"])
    assert late.code == FilingError.MUST_REGISTER


def test_refusal_needs_a_reason_and_the_period_not_run_out():
    assert refused(domain.check_refusal, status=FilingStatus.SUBMITTED, reason=" \n ", due_on=date(2024, 10, 8),
                   today=date(2024, 10, 1)).code == FilingError.REFUSAL_REASON_REQUIRED
    late = refused(domain.check_refusal, status=FilingStatus.SUBMITTED, reason="不属于人民法院受理范围",
                   due_on=date(2024, 10, 8), today=date(2024, 10, 9))
    assert (late.code, late.status) == (FilingError.MUST_REGISTER, 409)
    assert late.message == "法定审查期限已于2024年10月8日届满，不能再裁定不予受理，应当先行立案（登记立案规定第8条第2款）"
    assert domain.check_refusal(status=FilingStatus.SUPPLEMENT_REQUESTED, reason=" 逾期未补正 ", due_on=None,
                                today=date(2024, 12, 1)) == "逾期未补正"


def test_decided_filings_cannot_be_decided_again():
    error = refused(domain.check_refusal, status=FilingStatus.REGISTERED, reason="x", due_on=None,
                    today=date(2024, 10, 1))
    assert (error.code, error.status, error.message) == \
        (FilingError.NOT_PENDING, 409, "该立案申请当前状态为「已立案」，不能再裁定不予受理")


def test_registration_date_between_receipt_and_today():
    assert refused(domain.check_registration, status=FilingStatus.SUBMITTED, received_on=date(2024, 10, 8),
                   filed_on=date(2024, 10, 7), today=date(2024, 10, 9)).code == FilingError.REGISTER_DATE_INVALID
    assert refused(domain.check_registration, status=FilingStatus.SUBMITTED, received_on=date(2024, 10, 8),
                   filed_on=date(2024, 10, 10), today=date(2024, 10, 9)).code == FilingError.REGISTER_DATE_INVALID
    domain.check_registration(status=FilingStatus.SUPPLEMENT_REQUESTED, received_on=date(2024, 10, 8),
                              filed_on=date(2024, 10, 9), today=date(2024, 10, 9))


def test_appeals_are_not_filed_through_registration():
    error = refused(domain.check_fileable, type_code="民终")
    assert error.code == FilingError.TYPE_NOT_FILEABLE
    assert domain.check_fileable("刑初") == "刑初"


def test_contentious_complaints_name_a_defendant():
    assert refused(domain.check_parties, type_code="民初", roles=["plaintiff"]).code == FilingError.PARTIES_INCOMPLETE
    assert refused(domain.check_parties, type_code="民特", roles=["defendant"]).code == FilingError.PARTIES_INCOMPLETE
    domain.check_parties("民特", ["applicant"])
    domain.check_parties("执", ["creditor", "debtor"])


# --- Attachments -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("head, expected", [(PDF, domain.PDF), (PNG, domain.PNG), (JPEG, domain.JPEG),
                                            (DOCX, None), (b"", None)])
def test_sniff_by_magic_bytes(head, expected):
    assert domain.sniff_content_type(head) == expected


def check(name, data, max_bytes=1024):
    return domain.check_attachment(name=name, size=len(data), head=data[:16], max_bytes=max_bytes)


def test_accepted_files_return_their_type():
    assert check("起诉状.PDF", PDF) == domain.PDF
    assert check("身份证.jpeg", JPEG) == domain.JPEG
    assert check("借条.png", PNG) == domain.PNG


def test_empty_file_refused():
    error = refused(check, name="a.pdf", data=b"")
    assert (error.code, error.message) == (FilingError.ATTACHMENT_EMPTY, "文件「a.pdf」是空文件，请重新选择")


def test_too_large_refused_with_sizes():
    error = refused(domain.check_attachment, name="证据.pdf", size=25 * 1024 * 1024, head=PDF,
                    max_bytes=20 * 1024 * 1024)
    assert error.code == FilingError.ATTACHMENT_TOO_LARGE
    assert error.message == "文件「证据.pdf」大小为25 MB，超过单个文件上限20 MB，请压缩或拆分后上传"


def test_wrong_extension_refused():
    error = refused(check, name="起诉状.docx", data=DOCX)
    assert error.code == FilingError.ATTACHMENT_TYPE
    assert error.message == "文件「起诉状.docx」的类型不支持：只接受PDF 文档或 JPG、PNG 图片（.pdf、.jpg、.jpeg、.png）"


def test_renamed_file_refused_by_content():
    error = refused(check, name="起诉状.pdf", data=DOCX)
    assert error.code == FilingError.ATTACHMENT_TYPE
    assert error.message == "文件「起诉状.pdf」的内容不是PDF 文档或 JPG、PNG 图片（按文件头识别），请勿仅修改扩展名"


def test_extension_and_content_must_agree():
    error = refused(check, name="照片.pdf", data=PNG)
    assert (error.code, error.message) == (FilingError.ATTACHMENT_EXTENSION_MISMATCH,
                                           "文件「照片.pdf」的扩展名为.pdf，内容却是PNG 图片，请核对后重新上传")


def test_encrypted_pdf_refused():
    assert domain.pdf_is_encrypted(ENCRYPTED_PDF) and not domain.pdf_is_encrypted(PDF)
    assert domain.pdf_is_encrypted(b"%PDF-1.5\n<< /Type /XRef /Encrypt << /Filter /Standard >> >>\n%%EOF")
    error = refused(domain.check_pdf_body, name="合同.pdf", data=ENCRYPTED_PDF)
    assert error.code == FilingError.ATTACHMENT_ENCRYPTED
    assert error.message == "文件「合同.pdf」是加密或设置了密码保护的 PDF，法院无法读取和归档，请取消密码后重新上传"


def test_truncated_pdf_refused():
    error = refused(domain.check_pdf_body, name="x.pdf", data=b"%PDF-1.4\n1 0 obj")
    assert error.code == FilingError.ATTACHMENT_DAMAGED
    domain.check_pdf_body(name="ok.pdf", data=PDF)


# --- Refusal ruling ----------------------------------------------------------------------------------------------

def test_civil_refusal_ruling_text():
    form = domain.refusal_ruling_form(type_code="民初", appeal_court_name="湖北省恩施土家族苗族自治州中级人民法院")
    text = domain.refusal_ruling_text(
        court_name="咸丰县人民法院", number="（2024）鄂2826立不受1号", form=form, claimants=["张三"],
        respondents=["咸丰县某某有限公司"], received_on=date(2024, 9, 28), claims="判令被告支付货款5万元。",
        reason="本案已由仲裁机构作出生效裁决", legal_basis="", decided_on=date(2024, 9, 30))
    assert text.split("\n") == [
        "咸丰县人民法院", "民事裁定书", "（2024）鄂2826立不受1号", "起诉人：张三。", "被起诉人：咸丰县某某有限公司。",
        "2024年9月28日，本院收到张三的起诉材料，请求：判令被告支付货款5万元。",
        "本院经审查认为，本案已由仲裁机构作出生效裁决。",
        "依照《中华人民共和国民事诉讼法》第一百二十二条、第一百二十六条之规定，裁定如下：",
        "对张三的起诉，本院不予受理。",
        "如不服本裁定，可以在裁定书送达之日起十日内，向本院递交上诉状，上诉于湖北省恩施土家族苗族自治州中级人民法院。",
        "2024年9月30日",
    ]


def test_ruling_form_by_category():
    assert domain.refusal_ruling_form(type_code="行初", appeal_court_name="X").title == "行政裁定书"
    criminal = domain.refusal_ruling_form(type_code="刑初", appeal_court_name="X")
    assert (criminal.title, "五日内" in criminal.remedy) == ("刑事裁定书", True)
    assert domain.refusal_ruling_form(type_code="执", appeal_court_name="X").title == "执行裁定书"
