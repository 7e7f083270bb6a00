"""Generated PDFs (Chinese text, number, seal placeholder, QR + short code that verifies; altered codes and files
refused), the dossier catalogue in arrival order, sealing and the 副卷, the zip bundle, appeal transfer."""

import io
import subprocess
import zipfile
from datetime import date

import pytest

from yingshang.audit.models import AuditEvent
from yingshang.core.errors import DomainError
from yingshang.documents import domain, rendering, selectors, services
from yingshang.documents.choices import DocumentKind, ServiceMethod, Volume
from yingshang.documents.errors import DocumentError
from yingshang.documents.models import Document, DossierPackage
from yingshang.documents.permissions import access_document
from yingshang.documents.tests.conftest import at, pdf_bytes

pytestmark = pytest.mark.django_db


def _text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def _flat(pdf: bytes, tmp_path) -> str:
    """The text without line breaks and spaces (table cells wrap)."""
    return "".join(_text(pdf, tmp_path).split())


GENERATE = [
    (DocumentKind.ACCEPTANCE_NOTICE, {}, "受理案件通知书", "本院已于2024年6月3日立案受理"),
    (DocumentKind.PAYMENT_NOTICE, {"amount_yuan": "1275"}, "交纳诉讼费用通知书", "人民币1275.00元"),
    (DocumentKind.SUMMONS, {"hearing_at": "2024-07-01T09:30", "place": "第一审判庭"}, "传", "2024年7月1日09时30分"),
    (DocumentKind.ENFORCEMENT_NOTICE, {"basis": "（2024）鄂2826民初1号民事判决书", "obligation": "支付货款5万元"},
     "执行通知书", "支付货款5万元"),
]


@pytest.mark.parametrize("kind, data, title, phrase", GENERATE)
def test_generated_pdf_carries_chinese_text_number_seal_placeholder_and_code(kind, data, title, phrase, case,
                                                                            parties, judge, tmp_path):
    _, defendant = parties
    with at(date(2024, 6, 5)):
        document = services.document_generate(case_id=case.pk, kind=kind, data=data,
                                              addressee_party_id=defendant.pk, actor=judge)
    content = document.file.read()
    text = _text(content, tmp_path)
    assert "咸丰县人民法院" in text and title in text and phrase in text and case.case_number in text
    assert defendant.name in text
    assert document.number == "（2024）鄂2826文书第000001号" and document.number in text
    assert domain.verification_code_display(document.verification_code) in text
    assert "法院电子签章服务" in text and "本平台不生成签章" in text
    assert rendering.verify_url(document.verification_code) in text.replace("\n", "")
    assert document.sha256 == rendering.sha256_hex(content) and document.seal_status == "awaiting_seal"
    assert (document.source, document.volume, document.sequence) == ("generated", Volume.MAIN, 1)
    assert AuditEvent.objects.filter(action="documents.document_generated", target_id=str(document.pk)).count() == 1


def test_the_qr_code_encodes_the_verification_address(case, parties, judge):
    with at(date(2024, 6, 5)):
        document = services.document_generate(case_id=case.pk, kind=DocumentKind.ACCEPTANCE_NOTICE,
                                              addressee_party_id=parties[0].pk, actor=judge)
    frame = document.data["_frame"]
    assert frame["verify_url"] == f"http://127.0.0.1:8000/verify/{document.verification_code}/"
    # The PDF embeds exactly this SVG QR code (segno is deterministic for the same text and options).
    import segno

    assert rendering.qr_data_uri(frame["verify_url"]) == segno.make(frame["verify_url"], error="m").svg_data_uri(
        scale=4, border=2)


def test_the_code_verifies_and_the_file_hash_matches_while_altered_codes_and_files_do_not(case, parties, judge):
    with at(date(2024, 6, 5)):
        document = services.document_generate(case_id=case.pk, kind=DocumentKind.PAYMENT_NOTICE,
                                              data={"amount_yuan": "50"}, addressee_party_id=parties[0].pk,
                                              actor=judge)
    content = document.file.read()
    shown = selectors.document_verify(code=domain.verification_code_display(document.verification_code),
                                      content=content)
    assert (shown.number, shown.case_number, shown.issued_on, shown.sha256, shown.hash_matches) == (
        document.number, case.case_number, date(2024, 6, 5), document.sha256, True)
    tampered = content.replace(b"%%EOF", b"%%EOF ")
    assert selectors.document_verify(code=document.verification_code, content=tampered).hash_matches is False
    assert selectors.document_verify(code=document.verification_code, sha256="0" * 64).hash_matches is False

    code = document.verification_code
    altered = code[:3] + ("Z" if code[3] != "Z" else "Y") + code[4:]
    with pytest.raises(DomainError) as refused:
        selectors.document_verify(code=altered)
    assert refused.value.code in (DocumentError.CODE_INVALID, DocumentError.CODE_UNKNOWN)
    forged = domain.verification_code_make(body="ABCD2345", key=b"not-the-court")
    with pytest.raises(DomainError) as forged_refused:
        selectors.document_verify(code=forged)
    assert forged_refused.value.code == DocumentError.CODE_INVALID
    well_formed_but_unknown = domain.verification_code_make(body="ABCD2345", key=rendering.conf.verification_key())
    with pytest.raises(DomainError) as unknown:
        selectors.document_verify(code=well_formed_but_unknown)
    assert unknown.value.code == DocumentError.CODE_UNKNOWN


def test_the_certificate_cannot_be_generated_by_hand(case, parties, judge):
    with at(date(2024, 6, 5)), pytest.raises(DomainError) as refused:
        services.document_generate(case_id=case.pk, kind=DocumentKind.EFFECTIVENESS_CERTIFICATE, actor=judge)
    assert refused.value.code == DocumentError.KIND_NOT_GENERATED
    assert not Document.objects.exists()


def _upload(case, judge, title, kind=DocumentKind.EVIDENCE, **kwargs):
    with at(date(2024, 6, 10)):
        return services.document_upload(case_id=case.pk, kind=kind, title=title, file_name=f"{title}.pdf",
                                        content=pdf_bytes(title), content_type="application/pdf",
                                        issued_on=date(2024, 6, 10), actor=judge, **kwargs)


@pytest.fixture
def dossier(case, parties, judge):
    """起诉状 (shared), 证据一 (served on the defendant), 合议庭评议笔录 (副卷), 证据二 (sealed, served), 审理报告 (副卷)."""
    plaintiff, defendant = parties
    complaint = _upload(case, judge, "起诉状", kind=DocumentKind.COMPLAINT, is_shared_with_parties=True)
    evidence = _upload(case, judge, "证据一")
    deliberation = _upload(case, judge, "合议庭评议笔录", kind=DocumentKind.DELIBERATION)
    sealed = _upload(case, judge, "证据二（涉及商业秘密）", is_sealed_from_parties=True)
    report = _upload(case, judge, "审理报告", kind=DocumentKind.INTERNAL_REPORT)
    with at(date(2024, 6, 11)):
        for document in (evidence, sealed):
            services.service_send(document_id=document.pk, party_id=defendant.pk, method=ServiceMethod.IN_PERSON,
                                  event_on=date(2024, 6, 11), actor=judge)
    return complaint, evidence, deliberation, sealed, report


def test_the_catalogue_numbers_entries_in_arrival_order_with_the_internal_file_apart(dossier, case, judge):
    complaint, evidence, deliberation, sealed, report = dossier
    assert [(d.volume, d.sequence) for d in dossier] == [
        ("main", 1), ("main", 2), ("internal", 1), ("main", 3), ("internal", 2)]
    listed = list(selectors.dossier_list(case=case, user=judge))
    assert [(d.volume, d.sequence, d.title) for d in listed] == [
        ("main", 1, "起诉状"), ("main", 2, "证据一"), ("main", 3, "证据二（涉及商业秘密）"),
        ("internal", 1, "合议庭评议笔录"), ("internal", 2, "审理报告")]


def test_parties_see_only_what_was_served_on_them_or_shared_and_never_sealed_or_internal(
        dossier, case, plaintiff_user, defendant_user):
    complaint, evidence, deliberation, sealed, report = dossier
    assert [d.title for d in selectors.dossier_list(case=case, user=defendant_user)] == ["起诉状", "证据一"]
    assert [d.title for d in selectors.dossier_list(case=case, user=plaintiff_user)] == ["起诉状"]
    for hidden in (deliberation, sealed, report):
        with pytest.raises(DomainError) as refused:
            access_document(defendant_user, hidden.pk)
        assert refused.value.status == 404
    with pytest.raises(DomainError):
        access_document(plaintiff_user, evidence.pk)


def test_sealing_later_hides_an_entry_and_is_audited(dossier, judge, defendant_user):
    _, evidence, *_ = dossier
    with at(date(2024, 6, 12)):
        services.document_visibility_change(document_id=evidence.pk, is_sealed_from_parties=True,
                                            reason="涉及个人隐私", actor=judge)
    with pytest.raises(DomainError):
        access_document(defendant_user, evidence.pk)
    event = AuditEvent.objects.get(action="documents.document_visibility_changed")
    assert (event.before["is_sealed_from_parties"], event.after["is_sealed_from_parties"], event.reason) == (
        False, True, "涉及个人隐私")


def test_internal_entries_cannot_be_shared_or_served(dossier, judge, parties):
    _, _, deliberation, _, _ = dossier
    with pytest.raises(DomainError) as shared:
        services.document_visibility_change(document_id=deliberation.pk, is_shared_with_parties=True, reason="x",
                                            actor=judge)
    with at(date(2024, 6, 12)), pytest.raises(DomainError) as served:
        services.service_send(document_id=deliberation.pk, party_id=parties[0].pk, method=ServiceMethod.POST,
                              actor=judge)
    assert shared.value.code == served.value.code == DocumentError.INTERNAL_NOT_SERVABLE


def test_the_bundle_holds_the_catalogue_and_files_in_order(dossier, case, judge, defendant_user, tmp_path):
    staff_zip = zipfile.ZipFile(io.BytesIO(rendering.dossier_zip(
        case=case, documents=selectors.dossier_list(case=case, user=judge), heading="全卷",
        generated_on=date(2024, 6, 12))))
    assert staff_zip.namelist() == ["卷内目录.pdf", "正卷/001_起诉状.pdf", "正卷/002_证据一.pdf",
                                    "正卷/003_证据二（涉及商业秘密）.pdf", "副卷/001_合议庭评议笔录.pdf", "副卷/002_审理报告.pdf"]
    catalogue = _flat(staff_zip.read("卷内目录.pdf"), tmp_path)
    assert "卷内目录" in catalogue and "副卷（不对外公开）" in catalogue and "证据二（涉及商业秘密）" in catalogue
    party_zip = zipfile.ZipFile(io.BytesIO(rendering.dossier_zip(
        case=case, documents=selectors.dossier_list(case=case, user=defendant_user), heading="当事人",
        generated_on=date(2024, 6, 12))))
    assert party_zip.namelist() == ["卷内目录.pdf", "正卷/001_起诉状.pdf", "正卷/002_证据一.pdf"]
    assert "审理报告" not in _flat(party_zip.read("卷内目录.pdf"), tmp_path)


def test_a_party_submits_online_and_sees_its_own_submission(case, parties, plaintiff_user, defendant_user):
    plaintiff, _ = parties
    with at(date(2024, 6, 20)):
        document = services.document_submit(case_id=case.pk, party_id=plaintiff.pk, kind=DocumentKind.EVIDENCE,
                                            title="补充证据", file_name="补充证据.pdf", content=pdf_bytes(),
                                            content_type="application/pdf", actor=plaintiff_user)
    assert (document.is_channel_online, document.submitted_by_party, document.volume) == (True, plaintiff, "main")
    assert access_document(plaintiff_user, document.pk) == document
    with pytest.raises(DomainError):
        access_document(defendant_user, document.pk)


def test_uploads_are_checked_before_anything_is_written(case, parties, judge):
    with at(date(2024, 6, 10)), pytest.raises(DomainError) as kind:
        services.document_upload(case_id=case.pk, kind=DocumentKind.SUMMONS, title="传票", file_name="a.pdf",
                                 content=b"x", content_type="application/pdf", issued_on=date(2024, 6, 10),
                                 actor=judge)
    with at(date(2024, 6, 10)), pytest.raises(DomainError) as ctype:
        services.document_upload(case_id=case.pk, kind=DocumentKind.EVIDENCE, title="x", file_name="a.exe",
                                 content=b"x", content_type="application/x-msdownload", issued_on=date(2024, 6, 10),
                                 actor=judge)
    assert (kind.value.code, ctype.value.code) == (DocumentError.KIND_NOT_UPLOADABLE, DocumentError.FILE_TYPE)
    assert not Document.objects.exists() and not AuditEvent.objects.exists()


def test_appeal_copy_service_starts_the_transfer_clock_and_the_dossier_is_transferred(case, parties, judge):
    from yingshang.deadlines.models import AppealTransfer

    plaintiff, defendant = parties
    with at(date(2024, 9, 9)):
        judgment = services.document_upload(case_id=case.pk, kind=DocumentKind.JUDGMENT, title="民事判决书",
                                            file_name="j.pdf", content=pdf_bytes(), content_type="application/pdf",
                                            issued_on=date(2024, 9, 9), actor=judge)
        for party in parties:
            services.service_send(document_id=judgment.pk, party_id=party.pk, method=ServiceMethod.IN_PERSON,
                                  event_on=date(2024, 9, 9), actor=judge)
    with at(date(2024, 9, 20)):
        petition = services.document_upload(case_id=case.pk, kind=DocumentKind.APPEAL_PETITION, title="上诉状",
                                            file_name="p.pdf", content=pdf_bytes(), content_type="application/pdf",
                                            issued_on=date(2024, 9, 20), actor=judge)
        appeal = services.appeal_record(decision_id=judgment.decision.pk, party_id=defendant.pk,
                                        filed_on=date(2024, 9, 20), petition_document_id=petition.pk, actor=judge)
        with pytest.raises(DomainError) as unserved:
            services.appeal_copy_served_register(appeal_id=appeal.pk, actor=judge)
        assert unserved.value.detail == {"unserved_party_ids": [plaintiff.pk]}
        services.service_send(document_id=petition.pk, party_id=plaintiff.pk, method=ServiceMethod.IN_PERSON,
                              event_on=date(2024, 9, 20), actor=judge)
        appeal = services.appeal_copy_served_register(appeal_id=appeal.pk, actor=judge)
    transfer = AppealTransfer.objects.get(case=case)
    assert (appeal.copy_served_on, appeal.transfer_id) == (date(2024, 9, 20), transfer.pk)
    assert transfer.served_on == date(2024, 9, 20)
    with at(date(2024, 10, 12)):
        package = services.appeal_transfer_send(appeal_id=appeal.pk, receiving_court="湖北省恩施土家族苗族自治州中级人民法院",
                                                transferred_on=date(2024, 10, 12), actor=judge)
    transfer.refresh_from_db()
    assert (transfer.status, transfer.transferred_on) == ("transferred", date(2024, 10, 12))
    names = zipfile.ZipFile(io.BytesIO(package.file.read())).namelist()
    assert names == ["卷内目录.pdf", "正卷/001_民事判决书.pdf", "正卷/002_上诉状.pdf"]
    assert (package.entry_count, package.includes_internal, package.purpose) == (2, False, "appeal_transfer")
    assert DossierPackage.objects.count() == 1
    assert AuditEvent.objects.filter(action="documents.dossier_transferred").count() == 1
