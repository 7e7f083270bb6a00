"""Filing services: the clock across holidays, supplements restarting it, attachment refusals writing nothing,
registration creating the case with its channel, refusals, the deadline scan, triage records and decisions,
the wage table, batches and the channel figures."""

from datetime import date

import pytest

from yingshang.audit.models import AuditEvent
from yingshang.cases.choices import CaseEventKind, FilingChannel, PartyRole, Procedure
from yingshang.cases.models import Case, CaseEvent
from yingshang.core.errors import DomainError, NotFound, PermissionDenied
from yingshang.filing import selectors, services
from yingshang.filing.choices import AlertLevel, FilingStatus, TriageStatus
from yingshang.filing.errors import FilingError
from yingshang.filing.models import (
    Filing, FilingAttachment, FilingBatch, FilingSequence, RefusalRuling, SmallClaimsThreshold, TriageRecord,
)
from yingshang.filing.tests.conftest import (
    DOCX, ENCRYPTED_PDF, PDF, PNG, at, cause, enterprise, person, stored_files, submit, upload,
)
from yingshang.filing.triage import TriageFacts
from yingshang.notifications.models import Message
from yingshang.org.choices import Role, TeamKind
from yingshang.org.tests.factories import TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

SEP_28 = date(2024, 9, 28)


def actions() -> list[str]:
    return list(AuditEvent.objects.order_by("id").values_list("action", flat=True))


# --- The clock ---------------------------------------------------------------------------------------------------

def test_clock_rolls_over_the_national_day_holiday(court, party_user):
    """Received Saturday 2024-09-28; 7 days → 2024-10-05, inside the National Day holiday → Tuesday 2024-10-08."""
    with at(SEP_28):
        filing = submit(party_user, court)
    assert (filing.received_on, filing.clock_start_on, filing.period_days) == (SEP_28, SEP_28, 7)
    assert filing.decision_due_on == date(2024, 10, 8)
    assert filing.due_unconfirmed_calendar is False
    assert (filing.status, filing.channel, filing.applicant, filing.receipt_number) == \
        (FilingStatus.SUBMITTED, FilingChannel.ONLINE, party_user, "（2024）鄂2826收1号")
    assert actions() == ["filing.filing_submitted"]
    clock = selectors.filing_clock(filing, today=date(2024, 10, 6))
    assert (clock.level, clock.label) == (AlertLevel.DUE_SOON, "剩余2日（2024年10月8日届满）")


def test_private_prosecution_has_fifteen_days(court, party_user):
    with at(date(2024, 9, 20)):
        filing = submit(party_user, court, type_code="刑初", claims="追究被告人侮辱罪的刑事责任",
                        parties=[person(1, PartyRole.PLAINTIFF), person(2, PartyRole.ACCUSED)])
    assert (filing.period_days, filing.decision_due_on) == (15, date(2024, 10, 8))  # 10-05 is a holiday


def test_window_filing_may_give_the_day_the_materials_arrived(court, clerk):
    with at(date(2024, 10, 9)):
        filing = submit(clerk, court, channel=FilingChannel.WINDOW, attachments=[], received_on=date(2024, 9, 30))
    assert (filing.applicant, filing.received_on, filing.decision_due_on) == (None, date(2024, 9, 30),
                                                                             date(2024, 10, 8))


def test_supplement_request_stops_the_clock_and_supplements_restart_it(court, party_user, clerk):
    with at(date(2024, 9, 20)):
        filing = submit(party_user, court)
    assert filing.decision_due_on == date(2024, 9, 27)
    with at(date(2024, 9, 23)):
        filing = services.filing_supplement_request(filing_id=filing.pk, items=["借条原件扫描件", "被告身份信息"],
                                                    actor=clerk)
        assert (filing.status, filing.decision_due_on, filing.supplement_requested_on) == \
            (FilingStatus.SUPPLEMENT_REQUESTED, None, date(2024, 9, 23))
        with pytest.raises(DomainError) as again:
            services.filing_supplement_request(filing_id=filing.pk, items=["再补一份"], actor=clerk)
        assert again.value.code == FilingError.SUPPLEMENT_ALREADY_REQUESTED
    message = Message.objects.get(template_code="filing.supplement_requested")
    assert message.recipient_user == party_user
    assert "借条原件扫描件；被告身份信息" in message.body
    with at(SEP_28):
        filing = services.filing_supplement_submit(filing_id=filing.pk, attachments=[upload("借条.png", PNG, "evidence")],
                                                   actor=party_user)
    assert (filing.status, filing.supplements_received_on, filing.clock_start_on, filing.decision_due_on) == \
        (FilingStatus.SUBMITTED, SEP_28, SEP_28, date(2024, 10, 8))
    assert FilingAttachment.objects.filter(filing=filing, is_supplement=True).count() == 1
    with at(date(2024, 10, 1)), pytest.raises(DomainError) as twice:
        services.filing_supplement_request(filing_id=filing.pk, items=["x"], actor=clerk)
    assert twice.value.code == FilingError.SUPPLEMENT_ALREADY_REQUESTED
    assert actions() == ["filing.filing_submitted", "filing.supplement_requested", "filing.supplements_received"]


def test_only_the_owner_or_the_filing_division_submits_supplements(court, party_user, other_party, clerk):
    with at(date(2024, 9, 20)):
        filing = submit(party_user, court)
        services.filing_supplement_request(filing_id=filing.pk, items=["x"], actor=clerk)
        with pytest.raises(NotFound):
            services.filing_supplement_submit(filing_id=filing.pk, note="补", actor=other_party)
        with pytest.raises(DomainError) as nothing:
            services.filing_supplement_submit(filing_id=filing.pk, actor=party_user)
    assert nothing.value.code == FilingError.ATTACHMENT_REQUIRED
    assert Filing.objects.get(pk=filing.pk).status == FilingStatus.SUPPLEMENT_REQUESTED


# --- Attachments: refusals write nothing -------------------------------------------------------------------------

@pytest.mark.parametrize("name, data, code", [
    ("起诉状.docx", DOCX, FilingError.ATTACHMENT_TYPE),
    ("起诉状.pdf", DOCX, FilingError.ATTACHMENT_TYPE),
    ("起诉状.pdf", PNG, FilingError.ATTACHMENT_EXTENSION_MISMATCH),
    ("起诉状.pdf", ENCRYPTED_PDF, FilingError.ATTACHMENT_ENCRYPTED),
    ("起诉状.pdf", b"", FilingError.ATTACHMENT_EMPTY),
])
def test_bad_attachment_refused_and_nothing_written(court, party_user, media, name, data, code):
    with at(SEP_28), pytest.raises(DomainError) as refused:
        submit(party_user, court, attachments=[upload("证据.pdf", PDF, "evidence"), upload(name, data)])
    assert refused.value.code == code
    assert not Filing.objects.exists() and not FilingAttachment.objects.exists()
    assert not AuditEvent.objects.exists() and not FilingSequence.objects.filter(last_sequence__gt=0).exists()
    assert stored_files(media) == []


def test_too_large_attachment_refused_with_the_limit_from_settings(court, party_user, media, settings):
    settings.FILING_ATTACHMENT_MAX_BYTES = 1024 * 1024
    big = PDF + b"0" * (1024 * 1024)
    with at(SEP_28), pytest.raises(DomainError) as refused:
        submit(party_user, court, attachments=[upload("证据.pdf", big)])
    assert refused.value.code == FilingError.ATTACHMENT_TOO_LARGE
    assert refused.value.message == "文件「证据.pdf」大小为1 MB，超过单个文件上限1 MB，请压缩或拆分后上传"
    assert not Filing.objects.exists() and stored_files(media) == []


def test_files_written_before_a_late_failure_are_removed(court, party_user, media, monkeypatch):
    def boom(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("yingshang.filing.services.intake.audit_record", boom)
    with at(SEP_28), pytest.raises(RuntimeError):
        submit(party_user, court, attachments=[upload("起诉状.pdf", PDF), upload("借条.png", PNG, "evidence")])
    assert not Filing.objects.exists() and not FilingAttachment.objects.exists()
    assert stored_files(media) == []


def test_accepted_files_are_stored_under_random_names_with_their_hash(court, party_user, media):
    with at(SEP_28):
        filing = submit(party_user, court, attachments=[upload("../../起诉状.pdf", PDF), upload("借条.png", PNG, "evidence")])
    rows = list(filing.attachments.order_by("id"))
    assert [(r.original_name, r.content_type, r.size_bytes) for r in rows] == \
        [("../../起诉状.pdf", "application/pdf", len(PDF)), ("借条.png", "image/png", len(PNG))]
    assert all(r.file.name.startswith("filing/2024/09/") and ".." not in r.file.name for r in rows)
    assert len(stored_files(media)) == 2
    assert rows[0].file.read() == PDF


def test_online_filing_needs_a_complaint(court, party_user):
    with at(SEP_28), pytest.raises(DomainError) as refused:
        submit(party_user, court, attachments=[upload("借条.png", PNG, "evidence")])
    assert (refused.value.code, refused.value.message) == (FilingError.ATTACHMENT_REQUIRED, "请上传起诉状（申请书）")


# --- Other refusals at submission ---------------------------------------------------------------------------------

def test_cross_court_needs_the_receiving_court(court, clerk):
    with at(SEP_28), pytest.raises(DomainError) as refused:
        submit(clerk, court, channel=FilingChannel.CROSS_COURT, attachments=[])
    assert refused.value.code == FilingError.RECEIVING_COURT_REQUIRED
    with at(SEP_28):
        filing = submit(clerk, court, channel=FilingChannel.CROSS_COURT, attachments=[],
                        receiving_court_name="来凤县人民法院")
    assert filing.receiving_court_name == "来凤县人民法院"


def test_invalid_party_identifier_names_the_party(court, party_user):
    bad = person(2, PartyRole.DEFENDANT)
    bad.id_number = "422826199001011234"
    with at(SEP_28), pytest.raises(DomainError) as refused:
        submit(party_user, court, parties=[person(1), bad])
    assert refused.value.code == "PARTY_ID_NUMBER_INVALID"
    assert refused.value.message.startswith("第2位当事人「自然人2」：身份证号码不正确")
    assert refused.value.detail["party_index"] == 2
    assert not Filing.objects.exists()


def test_channels_by_role(court, party_user, judge, clerk):
    with at(SEP_28):
        with pytest.raises(PermissionDenied):
            submit(party_user, court, channel=FilingChannel.WINDOW)
        with pytest.raises(PermissionDenied):
            submit(judge, court, channel=FilingChannel.WINDOW, attachments=[])
        with pytest.raises(PermissionDenied):
            submit(clerk, court, channel=FilingChannel.ONLINE)
    assert not Filing.objects.exists()


def test_enterprise_filings_are_flagged_and_come_first(court, party_user, clerk):
    with at(date(2024, 9, 20)):
        plain = submit(party_user, court)
    with at(SEP_28):
        business = submit(party_user, court, parties=[person(1), enterprise(1)])
    assert (plain.is_priority, business.is_priority, business.is_enterprise_involved) == (False, True, True)
    queue = list(selectors.filing_list_for_user(user=clerk, today=SEP_28))
    assert queue == [business, plain]


def test_financial_cause_is_flagged(court, party_user):
    with at(SEP_28):
        filing = submit(party_user, court, cause_id=cause("信用卡纠纷").pk, claim_amount_fen=12_000_00,
                        parties=[enterprise(7, PartyRole.PLAINTIFF, name="某银行咸丰支行"), person(2, PartyRole.DEFENDANT)])
    assert (filing.is_financial, filing.plaintiff_name, filing.plaintiff_key) == \
        (True, "某银行咸丰支行", filing.parties[0]["credit_code"])


# --- Registration ------------------------------------------------------------------------------------------------

def test_registration_creates_the_case_with_the_channel(court, party_user, clerk):
    with at(SEP_28):
        filing = submit(party_user, court, claim_amount_fen=30_000_00, cause_id=cause("民间借贷纠纷").pk)
        filing = services.filing_register(filing_id=filing.pk, actor=clerk)
    case = filing.case
    assert (case.case_number, case.channel, case.filed_on, case.accepted_on, case.claim_amount_fen) == \
        ("（2024）鄂2826民初1号", FilingChannel.ONLINE, SEP_28, SEP_28, 30_000_00)
    assert sorted(case.case_parties.values_list("role", flat=True)) == ["defendant", "plaintiff"]
    assert (filing.status, filing.is_on_spot, filing.is_decided_in_time, filing.decided_by) == \
        (FilingStatus.REGISTERED, True, True, clerk)
    assert actions() == ["filing.filing_submitted", "cases.case_registered", "filing.filing_registered"]
    message = Message.objects.get(template_code="cases.case_registered")
    assert (message.recipient_user, message.case) == (party_user, case)
    assert "（2024）鄂2826民初1号" in message.body


def test_registration_after_the_period_is_recorded_as_late(court, party_user, clerk):
    with at(SEP_28):
        filing = submit(party_user, court)
    with at(date(2024, 10, 9)):
        with pytest.raises(DomainError) as refused:
            services.filing_refuse(filing_id=filing.pk, reason="不符合起诉条件", actor=clerk)
        assert refused.value.code == FilingError.MUST_REGISTER
        filing = services.filing_register(filing_id=filing.pk, actor=clerk)
    assert (filing.is_on_spot, filing.is_decided_in_time, filing.case.filed_on) == (False, False, date(2024, 10, 9))


@pytest.mark.parametrize("who", ["judge", "party_user", "head_of_other_division"])
def test_only_the_filing_division_registers(court, party_user, judge, clerk, who):
    with at(SEP_28):
        filing = submit(party_user, court)
    before = AuditEvent.objects.count()
    actor = {"judge": judge, "party_user": party_user,
             "head_of_other_division": UserFactory(role=Role.DIVISION_HEAD, court=court, department=judge.department)}[who]
    with at(SEP_28), pytest.raises((PermissionDenied, NotFound)):
        services.filing_register(filing_id=filing.pk, actor=actor)
    assert not Case.objects.exists() and AuditEvent.objects.count() == before
    assert Filing.objects.get(pk=filing.pk).status == FilingStatus.SUBMITTED


def test_a_decided_filing_cannot_be_registered_again(court, party_user, clerk):
    with at(SEP_28):
        filing = submit(party_user, court)
        services.filing_register(filing_id=filing.pk, actor=clerk)
        with pytest.raises(DomainError) as again:
            services.filing_register(filing_id=filing.pk, actor=clerk)
    assert again.value.code == FilingError.NOT_PENDING and Case.objects.count() == 1


# --- Refusal -----------------------------------------------------------------------------------------------------

def test_refusal_without_a_reason_writes_nothing(court, party_user, clerk):
    with at(SEP_28):
        filing = submit(party_user, court)
        with pytest.raises(DomainError) as refused:
            services.filing_refuse(filing_id=filing.pk, reason="   ", actor=clerk)
    assert refused.value.code == FilingError.REFUSAL_REASON_REQUIRED
    assert not RefusalRuling.objects.exists() and actions() == ["filing.filing_submitted"]
    assert Filing.objects.get(pk=filing.pk).status == FilingStatus.SUBMITTED
    assert not FilingSequence.objects.filter(kind="refusal").exists()


def test_refusal_produces_a_numbered_ruling(court, party_user, clerk):
    with at(SEP_28):
        filing = submit(party_user, court)
    with at(date(2024, 9, 30)):
        ruling = services.filing_refuse(filing_id=filing.pk, reason="原告与被告之间的纠纷已经仲裁机构裁决", actor=clerk)
    assert (ruling.number, ruling.title, ruling.decided_on) == ("（2024）鄂2826立不受1号", "民事裁定书", date(2024, 9, 30))
    assert "本院经审查认为，原告与被告之间的纠纷已经仲裁机构裁决。" in ruling.text
    assert "上诉于湖北省恩施土家族苗族自治州中级人民法院。" in ruling.text
    filing.refresh_from_db()
    assert (filing.status, filing.decided_on) == (FilingStatus.REFUSED, date(2024, 9, 30))
    audit = AuditEvent.objects.get(action="filing.filing_refused")
    assert (audit.reason, audit.actor, audit.after["ruling_number"]) == \
        ("原告与被告之间的纠纷已经仲裁机构裁决", clerk, "（2024）鄂2826立不受1号")
    assert Message.objects.get(template_code="filing.refused").recipient_user == party_user


# --- The deadline scan -------------------------------------------------------------------------------------------

def test_scan_flags_due_soon_and_overdue_set_based_and_notifies_once(court, party_user, clerk, head):
    with at(date(2024, 9, 20)):
        overdue = submit(party_user, court)                                    # due 2024-09-27
    with at(date(2024, 9, 26)):
        soon = submit(clerk, court, channel=FilingChannel.WINDOW, attachments=[])  # due 2024-10-08
    with at(SEP_28):
        later = submit(party_user, court, received_on=None)                     # due 2024-10-08 too
    counts = services.filing_deadlines_scan(today=date(2024, 10, 7))
    assert (counts["overdue"], counts["due_soon"], counts["cleared"]) == (1, 2, 0)
    levels = dict(Filing.objects.values_list("pk", "alert_level"))
    assert levels == {overdue.pk: AlertLevel.OVERDUE, soon.pk: AlertLevel.DUE_SOON, later.pk: AlertLevel.DUE_SOON}
    recipients = sorted(Message.objects.filter(template_code__startswith="filing.decision_")
                        .values_list("template_code", "recipient_user__display_name"))
    assert recipients == sorted([("filing.decision_due_soon", "立案庭长"), ("filing.decision_due_soon", "立案庭长"),
                                 ("filing.decision_due_soon", "立案员甲"), ("filing.decision_overdue", "立案庭长")])
    assert counts["notices"] == 4
    again = services.filing_deadlines_scan(today=date(2024, 10, 7))
    assert again == {"overdue": 0, "due_soon": 0, "cleared": 0, "notices": 0}
    with at(date(2024, 10, 7)):
        services.filing_register(filing_id=soon.pk, actor=clerk)
    cleared = services.filing_deadlines_scan(today=date(2024, 10, 7))
    assert cleared["cleared"] == 0  # registration already cleared the flag
    assert Filing.objects.get(pk=soon.pk).alert_level == AlertLevel.NONE


def test_scan_command_prints_the_counts(court, party_user, capsys):
    from django.core.management import call_command

    with at(date(2024, 9, 20)):
        submit(party_user, court)
    call_command("scan_filing_deadlines", "--today", "2024-10-07")
    assert "已届满 1 件" in capsys.readouterr().out


# --- Triage ------------------------------------------------------------------------------------------------------

def test_triage_suggestion_is_recorded_and_the_decision_sets_the_procedure_at_registration(
        court, party_user, clerk, wage_row):
    with at(SEP_28):
        filing = submit(party_user, court, claim_amount_fen=30_000_00)
        facts = selectors.triage_facts_for_filing(filing)
        suggestion, record = services.triage_suggest(facts=facts, actor=clerk, filing_id=filing.pk)
        assert (suggestion.procedure, record.suggested_procedure, record.threshold) == \
            (Procedure.SMALL_CLAIMS, Procedure.SMALL_CLAIMS, wage_row)
        with pytest.raises(DomainError) as no_reason:
            services.triage_decide(record_id=record.pk, procedure=Procedure.SIMPLE, actor=clerk)
        assert no_reason.value.code == FilingError.TRIAGE_REASON_REQUIRED
        services.triage_decide(record_id=record.pk, procedure=Procedure.SIMPLE, reason="被告下落待查，需调查核实",
                               actor=clerk)
        filing = services.filing_register(filing_id=filing.pk, actor=clerk)
    record.refresh_from_db()
    assert (filing.case.procedure, record.case, record.status, record.decided_by, record.follows_suggestion) == \
        (Procedure.SIMPLE, filing.case, TriageStatus.DECIDED, clerk, False)
    assert "filing.triage_decided" in actions()


def test_triage_decision_after_registration_changes_the_case_procedure(court, party_user, clerk, wage_row):
    with at(SEP_28):
        filing = submit(party_user, court, claim_amount_fen=30_000_00)
        filing = services.filing_register(filing_id=filing.pk, actor=clerk)
        assert filing.case.procedure == Procedure.ORDINARY
        _, record = services.triage_suggest(facts=selectors.triage_facts_for_filing(filing), actor=clerk,
                                            filing_id=filing.pk)
        services.triage_decide(record_id=record.pk, procedure=Procedure.SMALL_CLAIMS, actor=clerk)
    case = Case.objects.get(pk=filing.case_id)
    assert case.procedure == Procedure.SMALL_CLAIMS
    event = CaseEvent.objects.get(case=case, kind=CaseEventKind.PROCEDURE_CHANGED)
    assert event.description == "普通程序 → 小额诉讼程序：繁简分流：采纳系统建议"


def test_financial_triage_with_team_and_judge_assigns_the_case(court, party_user, clerk, judge, wage_row):
    team = TeamFactory(department=judge.department, kind=TeamKind.FINANCIAL, name="金融审判团队")
    with at(SEP_28):
        filing = submit(party_user, court, claim_amount_fen=30_000_00, cause_id=cause("信用卡纠纷").pk,
                        parties=[enterprise(7, PartyRole.PLAINTIFF, name="某银行咸丰支行"), person(2, PartyRole.DEFENDANT)])
        suggestion, record = services.triage_suggest(facts=selectors.triage_facts_for_filing(filing), actor=clerk,
                                                     filing_id=filing.pk)
        assert suggestion.team_kind == TeamKind.FINANCIAL
        services.triage_decide(record_id=record.pk, procedure=suggestion.procedure, team_id=team.pk, actor=clerk)
        filing = services.filing_register(filing_id=filing.pk, actor=clerk, judge_id=judge.pk)
    case = filing.case
    assert (case.team, case.judge, case.department, case.status) == (team, judge, judge.department, "assigned")


def test_triage_preview_writes_nothing_and_parties_cannot_triage(court, clerk, party_user, wage_row):
    with at(SEP_28):
        suggestion, record = services.triage_suggest(facts=TriageFacts(claim_amount_fen=30_000_00), actor=clerk)
        assert (suggestion.procedure, record) == (Procedure.SMALL_CLAIMS, None)
        with pytest.raises(PermissionDenied):
            services.triage_suggest(facts=TriageFacts(), actor=party_user)
    assert not TriageRecord.objects.exists() and not AuditEvent.objects.exists()


def test_seeded_hubei_rows_are_unconfirmed(db):
    rows = list(SmallClaimsThreshold.objects.filter(province="湖北省").order_by("wage_year"))
    assert [(r.wage_year, r.is_confirmed) for r in rows] == [(2022, False), (2023, False), (2024, False)]
    suggestion, _ = services.triage_suggest(facts=TriageFacts(claim_amount_fen=30_000_00),
                                            actor=UserFactory(role=Role.CLERK), on=date(2024, 9, 28))
    assert "sc_unconfirmed" in [r.code for r in suggestion.reasons]


# --- Tables ------------------------------------------------------------------------------------------------------

def test_only_filing_heads_edit_the_wage_table(court, clerk, head):
    with pytest.raises(PermissionDenied):
        services.threshold_save(actor=clerk, province="湖北省", wage_year=2025, average_wage_fen=1, is_confirmed=True,
                                effective_from=date(2026, 7, 1))
    with pytest.raises(DomainError) as early:
        services.threshold_save(actor=head, province="湖北省", wage_year=2025, average_wage_fen=100_000_00,
                                is_confirmed=True, effective_from=date(2025, 12, 31))
    assert early.value.code == FilingError.THRESHOLD_INVALID
    assert not AuditEvent.objects.exists()
    row = services.threshold_save(actor=head, province="湖北省", wage_year=2025, average_wage_fen=91_413_00,
                                  is_confirmed=True, effective_from=date(2026, 7, 1), source="省高院通知")
    assert (row.limit_fen, row.agreed_limit_fen, row.updated_by) == (45_707_00, 182_826_00, head)
    assert AuditEvent.objects.get().action == "filing.threshold_saved"


def test_criteria_edit_is_validated_and_audited(head):
    from yingshang.filing.models import TriageCriterion

    seeded = TriageCriterion.objects.get(code="foreign")
    with pytest.raises(DomainError):
        services.criterion_save(actor=head, criterion_id=seeded.pk, code="foreign", label="涉外", kind="complex",
                                fact="has_foreign_element", operator="at_least", value=1, weight=2)
    row = services.criterion_save(actor=head, criterion_id=seeded.pk, code="foreign", label="有涉外因素",
                                  kind="complex", fact="has_foreign_element", operator="is_true", weight=1,
                                  is_active=True, legal_basis="本院标准")
    assert (row.weight, AuditEvent.objects.get().before["weight"]) == (1, 2)


# --- Batches and figures -----------------------------------------------------------------------------------------

def test_bank_card_filings_are_grouped_and_registered_together(court, party_user, clerk):
    card = cause("信用卡纠纷")
    bank = dict(name="某银行咸丰支行")
    with at(SEP_28):
        filings = [submit(party_user, court, cause_id=card.pk, claim_amount_fen=10_000_00,
                          parties=[enterprise(7, PartyRole.PLAINTIFF, **bank), person(n, PartyRole.DEFENDANT)])
                   for n in (11, 12, 13)]
        submit(party_user, court)  # another plaintiff: not grouped
        candidates = selectors.batch_candidates(user=clerk)
        assert [(c["plaintiff_name"], c["count"]) for c in candidates] == [("某银行咸丰支行", 3)]
        ids = selectors.batch_candidate_ids(user=clerk, plaintiff_key=candidates[0]["plaintiff_key"],
                                            type_code="民初", cause_id=card.pk)
        batch = services.filing_batch_create(filing_ids=ids, actor=clerk)
        assert batch.name == "某银行咸丰支行·信用卡纠纷（3件）"
        registered = services.filing_batch_register(batch_id=batch.pk, actor=clerk)
    assert sorted(f.case.case_number for f in registered) == ["（2024）鄂2826民初1号", "（2024）鄂2826民初2号",
                                                              "（2024）鄂2826民初3号"]
    assert set(Filing.objects.filter(batch=batch).values_list("status", flat=True)) == {FilingStatus.REGISTERED}
    assert FilingBatch.objects.count() == 1 and selectors.batch_candidates(user=clerk) == []


def test_batch_of_different_plaintiffs_refused(court, party_user, clerk):
    with at(SEP_28):
        a = submit(party_user, court)
        b = submit(party_user, court, parties=[person(3), person(4, PartyRole.DEFENDANT)])
        with pytest.raises(DomainError) as refused:
            services.filing_batch_create(filing_ids=[a.pk, b.pk], actor=clerk)
    assert refused.value.code == FilingError.BATCH_INVALID and not FilingBatch.objects.exists()


def test_channel_figures_come_from_the_data(court, party_user, clerk):
    with at(SEP_28):
        online = submit(party_user, court)
        window = submit(clerk, court, channel=FilingChannel.WINDOW, attachments=[])
        cross = submit(clerk, court, channel=FilingChannel.CROSS_COURT, attachments=[], receiving_court_name="来凤县人民法院")
        refused = submit(party_user, court)
        for f in (online, window, cross):
            services.filing_register(filing_id=f.pk, actor=clerk)
        services.filing_refuse(filing_id=refused.pk, reason="重复起诉", actor=clerk)
    stats = selectors.filing_statistics(court=court, date_from=date(2024, 9, 1), date_to=date(2024, 9, 30))
    (month,) = stats["months"]
    assert (month["period"], month["cases_total"], month["online"], month["cross_court"]) == ("2024-09", 3, 1, 1)
    assert (month["online_rate"], month["first_instance_online_rate"]) == ("33.3%", "33.3%")
    assert (month["received_total"], month["registered"], month["refused"], month["on_spot_rate"],
            month["in_time_rate"]) == (4, 3, 1, "100.0%", "100.0%")
    assert stats["total"]["cases_total"] == 3
