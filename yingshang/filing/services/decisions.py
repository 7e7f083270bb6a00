"""Deciding on a filing: registration through cases.services.case_register, the refusal ruling, and the deadline scan
(登记立案规定 arts 8–9)."""

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q

from yingshang.audit.services import audit_record
from yingshang.cases.services import CaseInput, PartyInput, case_assign, case_register
from yingshang.core.clock import court_today
from yingshang.filing import conf, domain
from yingshang.filing.choices import AlertLevel, FilingStatus, SequenceKind, TriageStatus
from yingshang.filing.models import Filing, RefusalRuling, TriageRecord
from yingshang.filing.permissions import access_filing, require_review
from yingshang.filing.services._common import filing_snapshot, next_sequence, notify
from yingshang.org.choices import DepartmentKind, Role
from yingshang.org.models import User


# --- Decisions ---------------------------------------------------------------------------------------------------


def _latest_decided_triage(filing: Filing) -> TriageRecord | None:
    return (TriageRecord.objects.filter(filing=filing, status=TriageStatus.DECIDED).select_related("decided_team")
            .order_by("-decided_at", "-id").first())


@transaction.atomic
def filing_register(*, filing_id: int, actor: User, filed_on: date | None = None, department_id: int | None = None,
                    judge_id: int | None = None) -> Filing:
    """Register the filing as a case (立案): cases.services.case_register allocates the 案号 and records the channel
    and the parties; the filing is linked to the case. On the day of receipt this is 当场立案; after the period
    ran out it is the 先行立案 the law requires (登记立案规定 art 8). A triage decision taken before registration
    gives the procedure (and, with a judge, the team). The applicant is notified. Audit: filing.filing_registered."""
    access_filing(actor, filing_id)
    require_review(actor)
    filing = Filing.objects.select_for_update(of=("self",)).select_related("court").get(pk=filing_id)
    today = court_today()
    filed_on = filed_on or today
    domain.check_registration(status=filing.status, received_on=filing.received_on, filed_on=filed_on, today=today)
    decided = _latest_decided_triage(filing)
    team = decided.decided_team if decided else None
    assign_with_team = team is not None and judge_id is not None
    summary = "\n".join(part for part in (f"诉讼请求：{filing.claims}" if filing.claims else "",
                                          f"事实与理由：{filing.summary}" if filing.summary else "") if part)
    data = CaseInput(
        type_code=filing.type_code, filed_on=filed_on, channel=filing.channel,
        procedure=decided.decided_procedure if decided else None, cause_id=filing.cause_id,
        cause_text=filing.cause_text, accepted_on=filing.received_on, claim_amount_fen=filing.claim_amount_fen,
        department_id=None if assign_with_team else department_id, judge_id=None if assign_with_team else judge_id,
        summary=summary, parties=[PartyInput(**p) for p in filing.parties],
    )
    case = case_register(court=filing.court, data=data, actor=actor)
    if assign_with_team:
        case = case_assign(case_id=case.pk, department_id=team.department_id, judge_id=judge_id, team_id=team.pk,
                           actor=actor, on=filed_on)
    before = filing_snapshot(filing)
    filing.status = FilingStatus.REGISTERED
    filing.case = case
    filing.decided_on = filed_on
    filing.decided_by = actor
    filing.is_on_spot = filed_on == filing.received_on and filing.supplement_requested_on is None
    filing.is_decided_in_time = filing.decision_due_on is None or filed_on <= filing.decision_due_on
    filing.alert_level = AlertLevel.NONE
    filing.save()
    TriageRecord.objects.filter(filing=filing, case__isnull=True).update(case=case)
    audit_record(actor=actor, action="filing.filing_registered", target=filing, before=before,
                 after={**filing_snapshot(filing), "case_number": case.case_number, "channel": case.channel,
                        "is_on_spot": filing.is_on_spot, "is_decided_in_time": filing.is_decided_in_time},
                 case_id=case.pk)
    notify(user=filing.applicant, template_code="cases.case_registered",
            context={"date": filed_on, "case_number": case.case_number}, key=f"filing.registered:{filing.pk}",
            case=case)
    return filing


@transaction.atomic
def filing_refuse(*, filing_id: int, reason: str, actor: User, legal_basis: str = "") -> RefusalRuling:
    """Refuse to accept the complaint by a written ruling with reasons (登记立案规定 art 9; CPL 126), numbered on the
    court's refusal register; refused without a reason, and refused once the period has run out (then the court
    must register first, art 8). The applicant is notified. Audit: filing.filing_refused."""
    access_filing(actor, filing_id)
    require_review(actor)
    filing = Filing.objects.select_for_update(of=("self",)).select_related("court__parent").get(pk=filing_id)
    today = court_today()
    cleaned = domain.check_refusal(status=filing.status, reason=reason, due_on=filing.decision_due_on, today=today)
    court = filing.court
    form = domain.refusal_ruling_form(type_code=filing.type_code,
                                      appeal_court_name=court.parent.name if court.parent_id else "上一级人民法院")
    sequence = next_sequence(court, today.year, SequenceKind.REFUSAL)
    number = domain.format_number(conf.refusal_number_format(), year=today.year, court_code=court.code,
                                  sequence=sequence)
    basis = (legal_basis or "").strip() or form.basis
    text = domain.refusal_ruling_text(court_name=court.name, number=number, form=form,
                                      claimants=filing.claimant_names, respondents=filing.respondent_names,
                                      received_on=filing.received_on, claims=filing.claims, reason=cleaned,
                                      legal_basis=basis, decided_on=today)
    ruling = RefusalRuling.objects.create(filing=filing, court=court, year=today.year, sequence=sequence,
                                          number=number, title=form.title, reason=cleaned, legal_basis=basis,
                                          text=text, decided_on=today, decided_by=actor)
    before = filing_snapshot(filing)
    filing.status = FilingStatus.REFUSED
    filing.decided_on = today
    filing.decided_by = actor
    filing.is_decided_in_time = True
    filing.alert_level = AlertLevel.NONE
    filing.save()
    audit_record(actor=actor, action="filing.filing_refused", target=filing, before=before,
                 after={**filing_snapshot(filing), "ruling_number": number}, reason=cleaned)
    notify(user=filing.applicant, template_code="filing.refused",
            context={"receipt_number": filing.receipt_number, "date": today, "ruling_number": number},
            key=f"filing.refused:{filing.pk}")
    return ruling


# --- The deadline scan -------------------------------------------------------------------------------------------


@transaction.atomic
def filing_deadlines_scan(*, today: date | None = None) -> dict:
    """Flag pending filings whose decision period is about to run out (conf.due_soon_days) or has run out (then
    the court must register first, 先行立案), set-based: one UPDATE per level plus one that clears stale flags.
    Each filing whose level changed gets one notice to the 立案庭 head(s) of its court and to the clerk who entered
    it (idempotent per filing, level and deadline). Running it twice on a day changes and queues nothing."""
    today = today or court_today()
    soon_until = today + timedelta(days=conf.due_soon_days())
    running = Filing.objects.filter(status=FilingStatus.SUBMITTED, decision_due_on__isnull=False)
    targets = {
        AlertLevel.OVERDUE: running.filter(decision_due_on__lt=today),
        AlertLevel.DUE_SOON: running.filter(decision_due_on__gte=today, decision_due_on__lte=soon_until),
    }
    changed: dict[str, list[int]] = {}
    for level, qs in targets.items():
        ids = list(qs.exclude(alert_level=level).values_list("pk", flat=True))
        if ids:
            Filing.objects.filter(pk__in=ids).update(alert_level=level, alert_changed_on=today)
        changed[level] = ids
    cleared = (Filing.objects.exclude(alert_level=AlertLevel.NONE)
               .filter(~Q(status=FilingStatus.SUBMITTED) | Q(decision_due_on__isnull=True)
                       | Q(decision_due_on__gt=soon_until))
               .update(alert_level=AlertLevel.NONE, alert_changed_on=today))
    notified = _alerts_notify(changed, today=today)
    return {"overdue": len(changed[AlertLevel.OVERDUE]), "due_soon": len(changed[AlertLevel.DUE_SOON]),
            "cleared": cleared, "notices": notified}


def _alerts_notify(changed: dict[str, list[int]], *, today: date) -> int:
    ids = [pk for level_ids in changed.values() for pk in level_ids]
    if not ids:
        return 0
    filings = list(Filing.objects.filter(pk__in=ids).select_related("submitted_by__department"))
    heads: dict[int, list[User]] = {}
    for head in User.objects.filter(is_active=True, role=Role.DIVISION_HEAD, department__kind=DepartmentKind.FILING,
                                    court_id__in={f.court_id for f in filings}):
        heads.setdefault(head.court_id, []).append(head)
    count = 0
    for filing in filings:
        recipients = {u.pk: u for u in heads.get(filing.court_id, [])}
        clerk = filing.submitted_by
        if clerk.is_court_staff and clerk.is_active and clerk.department_id and \
                clerk.department.kind == DepartmentKind.FILING:
            recipients[clerk.pk] = clerk
        template = ("filing.decision_overdue" if filing.pk in changed[AlertLevel.OVERDUE]
                    else "filing.decision_due_soon")
        for user in recipients.values():
            notify(user=user, template_code=template,
                    context={"receipt_number": filing.receipt_number, "applicant": filing.plaintiff_name or "申请人",
                             "deadline_on": filing.decision_due_on},
                    key=f"{template}:{filing.pk}:{filing.decision_due_on.isoformat()}:{user.pk}")
            count += 1
    return count
