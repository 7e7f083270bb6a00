"""Demo activity on top of ``seed_demo``'s court and cases, written through each app's own services (so every row
is audited and every rule holds): the plan imported as measures, enforcement accounts with money in and out,
dishonest-debtor listings and restrictions, impact assessments, fee ledgers, online filings waiting in the queue,
generated notices, preservation, the records the plan indicators read this year (``indicators.py``: service,
hearings, agency-head appearances, enforcement closures, party messages, refunds on winning, appeal transfers,
速裁 closures), and the daily scans run once. Deterministic for a given seed; refusals by the rules are
counted and skipped (a demo case the rules refuse is simply not used).
"""

import random
from io import BytesIO, StringIO
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from django.core.management import call_command
from django.db import transaction

from yingshang.audit.models import AuditEvent
from yingshang.audit.services import audit_record
from yingshang.cases.choices import OPEN_STATUSES, CaseCategory, PartyRole
from yingshang.cases.models import Case, CaseParty
from yingshang.core.clock import court_today
from yingshang.core.errors import DomainError
from yingshang.org.models import Court, User

PLAN_FILE = Path(__file__).resolve().parent / "data" / "2023-business-environment-plan.txt"
MARKER = "demo.activity_seeded"


def _user(username: str) -> User:
    return User.objects.get(username=username)


def activity_exists() -> bool:
    return AuditEvent.objects.filter(action=MARKER).exists()


class _Tally:
    def __init__(self):
        self.done, self.skipped = Counter(), Counter()

    def attempt(self, label, fn, *args, **kwargs):
        try:
            with transaction.atomic():
                result = fn(*args, **kwargs)
            self.done[label] += 1
            return result
        except DomainError as exc:
            self.skipped[f"{label}:{exc.code}"] += 1
            return None


def _assessment_answers(template) -> dict:
    answers = {}
    for q in template.questions:
        if q["kind"] == "choice":
            answers[q["code"]] = q["options"][1]["value"]
        elif q["kind"] == "number":
            answers[q["code"]] = 25
        elif q["kind"] == "boolean":
            answers[q["code"]] = True
        else:
            answers[q["code"]] = "对厂房设备采取活封，预留工资和经营必需资金。"
    return answers


def demo_activity_seed(*, seed: int = 2023, progress=None) -> dict:
    """Write the demo activity once (refused when it exists already)."""
    if activity_exists():
        raise DomainError("DEMO_ACTIVITY_EXISTS", "演示业务数据已生成", status=409)
    if not Court.objects.filter(code="鄂2826").exists():
        raise DomainError("DEMO_COURT_MISSING", "请先运行 seed_demo 生成法院与案件")
    rng = random.Random(seed)
    tally = _Tally()
    today = court_today()
    say = progress or (lambda message: None)

    from yingshang.measures.services import plan_import
    say("导入营商环境实施方案（35项举措）")
    tally.attempt("measures.plan_import", plan_import, text=PLAN_FILE.read_text(encoding="utf-8"), actor=_user("tm1"))

    open_enf = list(Case.objects.filter(category=CaseCategory.ENFORCEMENT, type_code="执", status__in=OPEN_STATUSES,
                                        judge__isnull=False).select_related("judge").order_by("id"))
    rng.shuffle(open_enf)
    _enforcement(open_enf[:120], rng, tally, today, say)
    _credit(open_enf[120:150], tally, say)
    _assessments(rng, tally, say)
    _fees(rng, tally, today, say)
    _filings(rng, tally, say)
    _documents(tally, say)
    _agency(tally, say)
    _preservation(rng, tally, today, say)
    from yingshang.demo.indicators import plan_indicator_activity
    plan_indicator_activity(enforcement_cases=open_enf[:120], tally=tally, today=today, user=_user, say=say)

    say("运行每日扫描（审限、立案期限、留言、失信名单、生效证明、财产保全）")
    # The demo court's history predates the deadlines app's rows: its closures of the last two years get their time
    # limit too (as when a court installs over its existing cases), so 审限内结案率 has data.
    call_command("scan_deadlines", closed_since=date(today.year - 2, 1, 1), verbosity=0, stdout=StringIO())
    for command in ("scan_filing_deadlines", "scan_enforcement_messages", "scan_listings",
                    "scan_effectiveness", "scan_measures", "scan_preservation"):
        call_command(command, verbosity=0, stdout=StringIO())
    month = (today.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    call_command("credit_monthly", month=month, verbosity=0, stdout=StringIO())

    summary = {"done": dict(sorted(tally.done.items())), "skipped": dict(sorted(tally.skipped.items()))}
    audit_record(actor=None, action=MARKER, target=Court.objects.get(code="鄂2826"), after=summary,
                 reason=f"manage.py seed_demo_activity --seed {seed}")
    return summary


def _enforcement(cases, rng, tally, today, say):
    from yingshang.enforcement import services as enf
    from yingshang.enforcement.choices import NodeKind

    say(f"执行：为{len(cases)}件未结执行案件建立一案一账号，记录节点、到账与发放")
    head = User.objects.filter(role="division_head", department__kind="enforcement").first()
    for index, case in enumerate(cases):
        officer = case.judge
        amount = max(case.claim_amount_fen, 100_000)
        if not tally.attempt("enforcement.open", enf.enforcement_open, case_id=case.pk, amount_applied_fen=amount,
                             actor=officer):
            continue
        first_day = min(case.filed_on + timedelta(days=3), today)
        for offset, kind in enumerate((NodeKind.NOTICE_SERVED, NodeKind.PROPERTY_REPORT_ORDERED,
                                       NodeKind.ASSET_SEARCH)):
            on = min(first_day + timedelta(days=offset * 5), today)
            tally.attempt("enforcement.node", enf.node_record, case_id=case.pk, kind=kind, occurred_on=on,
                          actor=officer)
        if index % 3 == 0:
            received = rng.randint(20, 100) * amount // 100
            tally.attempt("enforcement.receipt", enf.receipt_record, case_id=case.pk, amount_fen=received,
                          source="online", received_on=min(first_day + timedelta(days=20), today), actor=officer)
            creditor = CaseParty.objects.filter(case=case, role=PartyRole.CREDITOR).first()
            if creditor and index % 2 == 0:
                payout = tally.attempt("enforcement.payout_request", enf.payout_request, case_id=case.pk,
                                       creditor_id=creditor.party_id, amount_fen=received, actor=officer)
                if payout and head and index % 4 == 0:
                    tally.attempt("enforcement.payout_paid", enf.payout_decide, payout_id=payout.pk, approve=True,
                                  actor=head)


def _credit(cases, tally, say):
    from yingshang.assessments import services as assess
    from yingshang.assessments.models import AssessmentTemplate
    from yingshang.credit import services as credit

    template = AssessmentTemplate.objects.get(domain="court", stage="enforcement", is_active=True)

    say(f"信用：对{len(cases)}件执行案件的被执行人作出失信、限制消费决定")
    president = _user("president")
    for index, case in enumerate(cases):
        debtor = CaseParty.objects.filter(case=case, role=PartyRole.DEBTOR).select_related("party").first()
        if debtor is None:
            continue
        if case.is_enterprise_involved:  # the gate: an enforcement-stage assessment comes first
            tally.attempt("assessments.submit", assess.assessment_submit, case_id=case.pk, stage="enforcement",
                          answers=_assessment_answers(template), tags=["working_capital_reserved"], actor=case.judge)
        grounds = ("property_report_breach", "evasion", "able_but_refuses")
        tally.attempt("credit.listing", credit.listing_decide, case_id=case.pk, debtor_id=debtor.party_id,
                      ground=grounds[index % 3], facts="经查，被执行人未按执行通知履行义务，且未如实报告财产。",
                      grace_months=1 if index % 5 == 0 else 0, actor=president)
        persons = ([{"name": debtor.party.legal_representative or "法定代表人某", "role": "legal_representative"}]
                   if debtor.party.kind == "organisation" else [])
        tally.attempt("credit.restriction", credit.restriction_order, case_id=case.pk, debtor_id=debtor.party_id,
                      persons=persons, actor=president)


def _assessments(rng, tally, say):
    from yingshang.assessments import services as assess
    from yingshang.assessments.models import AssessmentTemplate

    cases = list(Case.objects.filter(is_enterprise_involved=True, status__in=OPEN_STATUSES, judge__isnull=False,
                                     category__in=[CaseCategory.CIVIL, CaseCategory.COMMERCIAL,
                                                   CaseCategory.FINANCIAL]).order_by("id")[:40])
    say(f"经济影响评估：为{len(cases)}件涉企案件填写审理、审限管理环节评估")
    templates = {t.stage: t for t in AssessmentTemplate.objects.filter(domain="court", is_active=True)}
    for index, case in enumerate(cases):
        stage = "trial" if index % 2 == 0 else "time_limit"
        tags = [["use_preserving_seal"], ["working_capital_reserved"], ["instalments"], []][index % 4]
        tally.attempt("assessments.submit", assess.assessment_submit, case_id=case.pk, stage=stage,
                      answers=_assessment_answers(templates[stage]), tags=tags, actor=case.judge)


def _fees(rng, tally, today, say):
    from yingshang.fees import services as fees

    cases = list(Case.objects.filter(type_code="民初", status__in=OPEN_STATUSES, judge__isnull=False,
                                     claim_amount_fen__gt=0).order_by("id")[:60])
    say(f"诉讼费：为{len(cases)}件民初案件开具受理费并登记预交")
    finance = _user("finance1")
    for case in cases:
        plaintiff = CaseParty.objects.filter(case=case, role=PartyRole.PLAINTIFF).first()
        if plaintiff is None:
            continue
        charge = tally.attempt("fees.charge", fees.fee_charge_create, case_id=case.pk, fee_type="acceptance",
                               payer_case_party_id=plaintiff.pk, amount_fen=case.claim_amount_fen, actor=case.judge)
        if charge and charge.fee_fen:
            tally.attempt("fees.prepayment", fees.fee_prepayment_record, charge_id=charge.pk,
                          amount_fen=charge.fee_fen, received_on=min(case.filed_on + timedelta(days=2), today),
                          actor=finance)


def _filings(rng, tally, say):
    from yingshang.cases.services import PartyInput
    from yingshang.cases.models import CauseOfAction
    from yingshang.core.pdf import render_pdf
    from yingshang.filing.services import AttachmentInput, FilingInput, filing_submit

    say("网上立案：当事人和律师提交待审查的立案申请")
    court = Court.objects.get(code="鄂2826")
    cause = CauseOfAction.objects.filter(revision=2025, name="买卖合同纠纷").first()
    from yingshang.cases.demo.identifiers import credit_code, id_number
    for index, username in enumerate(["lawyer1", "lawyer2", "party1", "lawyer1", "lawyer3", "party2"]):
        parties = [
            PartyInput(kind="organisation", name=f"咸丰县演示供应链{index + 1}有限公司", role="plaintiff",
                       credit_code=credit_code(authority="9", category="1", division="422826",
                                               org_body=f"MA7D{index:04d}"), enterprise_size="small"),
            PartyInput(kind="person", name=f"演示被告{index + 1}", role="defendant",
                       id_number=id_number(division="422826", born_on=date(1980, 1, 1 + index), sequence=700 + index)),
        ]
        data = FilingInput(type_code="民初", channel="online", parties=parties,
                           cause_id=cause.pk if cause else None, claim_amount_fen=(index + 1) * 2_345_600,
                           claims="判令被告支付货款及逾期付款利息。", summary="买卖合同纠纷，被告拖欠货款。")
        pdf = render_pdf("demo/complaint_pdf.html", {"plaintiff": parties[0].name, "defendant": parties[1].name,
                                                      "claims": data.claims, "summary": data.summary})
        complaint = AttachmentInput(name="民事起诉状.pdf", kind="complaint", file=BytesIO(pdf), size=len(pdf))
        tally.attempt("filing.submit", filing_submit, court=court, data=data, attachments=[complaint],
                      actor=_user(username))


def _documents(tally, say):
    from yingshang.documents.services import document_generate

    say("文书：生成受理通知书（PDF，含二维码与核验码）")
    for case in Case.objects.filter(type_code="民初", status__in=OPEN_STATUSES, judge__isnull=False).order_by("id")[:3]:
        plaintiff = CaseParty.objects.filter(case=case, role=PartyRole.PLAINTIFF).first()
        tally.attempt("documents.generate", document_generate, case_id=case.pk, kind="acceptance_notice",
                      addressee_party_id=plaintiff.party_id if plaintiff else None, actor=case.judge)


def _agency(tally, say):
    """The administrative-enforcement agency of the demo agency account, with one decision assessed."""
    from yingshang.assessments import administrative
    from yingshang.assessments.models import Agency, AssessmentTemplate

    say("行政执法：市场监管局登记涉企执法决定并评估")
    user = User.objects.filter(username="agency1").first()
    if user is None:
        return
    agency, _ = Agency.objects.get_or_create(name=user.organisation_name or "咸丰县市场监督管理局")
    agency.members.add(user)
    audit_record(actor=None, action="assessments.agency_member_added", target=agency, after={"user": user.username})
    decision = tally.attempt("assessments.admin_decision", administrative.decision_record, agency_id=agency.pk,
                             number="咸市监处字〔2026〕18号", enterprise_name="咸丰县演示茶业有限公司",
                             credit_code=_with_check_character("91422826MA7D0099X"),
                             measure="责令限期整改（不停产）", decided_on=court_today() - timedelta(days=3),
                             actor=user)
    template = AssessmentTemplate.objects.filter(domain="administrative", is_active=True).first()
    if decision and template:
        tally.attempt("assessments.admin_assess", administrative.decision_assess, decision_id=decision.pk,
                      answers=_assessment_answers(template), tags=["use_preserving_seal"], actor=user)


def _preservation(rng, tally, today, say):
    """Preservation applications in open 民初 cases: some waiting for the ruling, most granted with measures taken
    (one seal of a factory, live-sealed and worth more than the claim, so the excess check has something to show)."""
    from datetime import datetime, time
    from zoneinfo import ZoneInfo

    from yingshang.assessments.models import AssessmentTemplate
    from yingshang.assessments.services import assessment_submit
    from yingshang.preservation import services as pres

    cases = []
    for case in (Case.objects.filter(type_code="民初", status__in=OPEN_STATUSES, judge__isnull=False,
                                     claim_amount_fen__gt=0, filed_on__lte=today - timedelta(days=40))
                 .select_related("judge").order_by("-filed_on", "id")[:40]):
        plaintiff = CaseParty.objects.filter(case=case, role=PartyRole.PLAINTIFF).select_related("party").first()
        defendant = CaseParty.objects.filter(case=case, role=PartyRole.DEFENDANT).select_related("party").first()
        if plaintiff and defendant and plaintiff.party_id != defendant.party_id:
            cases.append((case, plaintiff.party, defendant.party))
        if len(cases) == 8:
            break
    say(f"财产保全：为{len(cases)}件民初案件登记保全申请、裁定并采取保全措施")
    template = AssessmentTemplate.objects.filter(domain="court", is_active=True, stage="preservation").first()
    shanghai = ZoneInfo("Asia/Shanghai")
    for index, (case, applicant, respondent) in enumerate(cases):
        applied_on = today - timedelta(days=30 - index * 3)
        amount = min(case.claim_amount_fen, 500_000_000)
        application = tally.attempt(
            "preservation.apply", pres.application_create, case_id=case.pk, kind="litigation",
            applicant_id=applicant.pk, respondent_id=respondent.pk, amount_fen=amount, is_urgent=index % 4 == 1,
            applied_at=datetime.combine(applied_on, time(9, 30), tzinfo=shanghai), actor=case.judge)
        if application is None or index >= 6:
            continue  # the last two wait for their ruling
        if index % 2:
            tally.attempt("preservation.security", pres.security_decide, application_id=application.pk,
                          is_required=False, waiver_ground="clear_facts", actor=case.judge)
        else:
            tally.attempt("preservation.security", pres.security_decide, application_id=application.pk,
                          is_required=True, security_fen=amount * 3 // 10, note="保全责任保险保函", actor=case.judge)
            tally.attempt("preservation.security_provided", pres.security_provide, application_id=application.pk,
                          provided_at=datetime.combine(applied_on + timedelta(days=1), time(10), tzinfo=shanghai),
                          actor=case.judge)
        if respondent.is_enterprise and template is not None:
            tally.attempt("assessments.submit", assessment_submit, case_id=case.pk, stage="preservation",
                          answers=_assessment_answers(template), tags=["use_preserving_seal"], actor=case.judge)
        ruled_on = applied_on + timedelta(days=2)
        granted = tally.attempt("preservation.ruling", pres.ruling_make, application_id=application.pk, grant=True,
                                ruled_on=ruled_on, actor=case.judge)
        if granted is None:
            continue
        tally.attempt("preservation.measure", pres.measure_take, application_id=application.pk,
                      property_kind="bank_deposit", method="freeze", description=f"{respondent.name}的银行账户",
                      value_fen=amount // 2, taken_on=ruled_on + timedelta(days=1), actor=case.judge)
        if index % 3 == 0:
            tally.attempt("preservation.measure", pres.measure_take, application_id=application.pk,
                          property_kind="real_estate", method="seal", description=f"{respondent.name}名下厂房",
                          value_fen=amount, taken_on=ruled_on + timedelta(days=1), is_divisible=False,
                          is_factory_or_machinery=True, actor=case.judge)
        else:
            tally.attempt("preservation.measure", pres.measure_take, application_id=application.pk,
                          property_kind="movable", method="seize", description=f"{respondent.name}的车辆",
                          value_fen=amount // 2, taken_on=ruled_on + timedelta(days=1), actor=case.judge)


def _with_check_character(body: str) -> str:
    from stdnum.cn import uscc

    return body + uscc.calc_check_digit(body)
