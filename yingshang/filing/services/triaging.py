"""Recording triage: the suggestion (filing.triage.suggest) with who asked, and the human decision with who and why."""

from datetime import date

from django.db import transaction

from yingshang.audit.services import audit_record
from yingshang.cases.choices import Procedure
from yingshang.cases.models import Case
from yingshang.cases.permissions import access_case_for_write
from yingshang.cases.services import case_assign, case_procedure_change
from yingshang.core.clock import court_now, court_today
from yingshang.core.errors import DomainError, PermissionDenied
from yingshang.filing import conf, triage
from yingshang.filing.choices import TriageStatus
from yingshang.filing.errors import FilingError
from yingshang.filing.models import Filing, TriageRecord
from yingshang.filing.permissions import access_filing, require_review
from yingshang.filing.services.tables import active_criteria, threshold_row_for, threshold_snapshot, threshold_value
from yingshang.org.models import Team, User


ALLOWED_DECISIONS = {
    "民初": {Procedure.SMALL_CLAIMS, Procedure.SIMPLE, Procedure.ORDINARY},
    "刑初": {Procedure.FAST_TRACK, Procedure.SIMPLE, Procedure.ORDINARY},
    "行初": {Procedure.SIMPLE, Procedure.ORDINARY},
    "行赔初": {Procedure.SIMPLE, Procedure.ORDINARY},
}


def _triage_target(actor: User, filing_id: int | None, case_id: int | None) -> tuple[Filing | None, Case | None]:
    if filing_id is None and case_id is None:
        return None, None
    if filing_id is not None:
        filing = access_filing(actor, filing_id)
        require_review(actor)
        return filing, filing.case
    return None, access_case_for_write(actor, case_id)


def triage_suggest(*, facts: triage.TriageFacts, actor: User, filing_id: int | None = None,
                   case_id: int | None = None, on: date | None = None) -> tuple[triage.Suggestion, TriageRecord | None]:
    """Suggest the procedure (triage.suggest) with the court's active criteria and the province's wage row in force
    on the filing date (the receipt date of a filing, the acceptance or filing date of a case, else ``on`` or
    today). With a filing or case the suggestion is recorded (who asked, when, on which facts and reasons);
    without one it is a preview and writes nothing. Audit: filing.triage_suggested."""
    if not (actor and actor.is_authenticated and (actor.is_court_staff or actor.is_superuser)):
        raise PermissionDenied(FilingError.TRIAGE_DENIED, "只有法院工作人员可以进行繁简分流")
    with transaction.atomic():
        filing, case = _triage_target(actor, filing_id, case_id)
        if filing is not None:
            on = filing.received_on
        elif case is not None:
            on = case.accepted_on or case.filed_on
        on = on or court_today()
        row = threshold_row_for(province=conf.province(), on=on)
        suggestion = triage.suggest(facts, criteria=active_criteria(),
                                    threshold=threshold_value(row) if row else None,
                                    complex_threshold=conf.triage_complex_threshold(),
                                    fast_track_min_score=conf.triage_fast_track_min_simple_score())
        if filing is None and case is None:
            return suggestion, None
        record = TriageRecord.objects.create(
            filing=filing, case=case, facts=facts.as_dict(), threshold=row,
            threshold_snapshot=threshold_snapshot(row) if row else None,
            suggested_procedure=suggestion.procedure, suggested_team_kind=suggestion.team_kind,
            is_fast_track=suggestion.is_fast_track, reasons=[r.as_dict() for r in suggestion.reasons],
            simple_score=suggestion.simple_score, complex_score=suggestion.complex_score,
            suggested_by=actor, suggested_at=court_now())
        audit_record(actor=actor, action="filing.triage_suggested", target=record, before=None,
                     after={"suggested_procedure": record.suggested_procedure, "team_kind": record.suggested_team_kind,
                            "filing_id": filing.pk if filing else None, "facts": record.facts},
                     case_id=case.pk if case else None)
        return suggestion, record


@transaction.atomic
def triage_decide(*, record_id: int, procedure: str, actor: User, reason: str = "", team_id: int | None = None,
                  judge_id: int | None = None) -> TriageRecord:
    """Record the human decision on a triage suggestion: the procedure (a reason is required when it departs from
    the suggestion), optionally the team. When the case exists and its procedure differs, it is changed through
    cases.services.case_procedure_change; with a team and a judge the case is assigned (case_assign). Before
    registration the decision is kept and registration uses it. Audit: filing.triage_decided."""
    record = TriageRecord.objects.select_related("filing", "case").filter(pk=record_id).first()
    if record is None:
        raise DomainError("FILING_TRIAGE_NOT_FOUND", "繁简分流记录不存在", status=404)
    filing, case = _triage_target(actor, record.filing_id, None if record.filing_id else record.case_id)
    record = TriageRecord.objects.select_for_update().get(pk=record_id)
    case = case or record.case
    if record.status != TriageStatus.SUGGESTED:
        raise DomainError(FilingError.TRIAGE_ALREADY_DECIDED, "该建议已作出决定；如需调整，请重新进行繁简分流", status=409)
    type_code = record.facts.get("type_code", "")
    allowed = ALLOWED_DECISIONS.get(type_code, {record.suggested_procedure})
    if procedure not in allowed:
        labels = "、".join(Procedure(p).label for p in sorted(allowed))
        raise DomainError(FilingError.TRIAGE_PROCEDURE_INVALID, f"该类案件只能选择：{labels}",
                          {"procedure": procedure, "allowed": sorted(allowed)})
    cleaned = (reason or "").strip()
    if procedure != record.suggested_procedure and not cleaned:
        raise DomainError(FilingError.TRIAGE_REASON_REQUIRED,
                          f"决定适用{Procedure(procedure).label}，与建议（{Procedure(record.suggested_procedure).label}）"
                          "不同，须说明理由")
    court_id = (filing.court_id if filing else case.court_id)
    team = None
    if team_id is not None:
        team = Team.objects.select_related("department").filter(pk=team_id, department__court_id=court_id).first()
        if team is None:
            raise DomainError(FilingError.TEAM_NOT_FOUND, "审判团队不存在或不属于本院", {"team_id": team_id})
    before = {"status": record.status, "decided_procedure": record.decided_procedure}
    record.status = TriageStatus.DECIDED
    record.decided_procedure = procedure
    record.decided_team = team
    record.decision_reason = cleaned or "采纳系统建议"
    record.decided_by = actor
    record.decided_at = court_now()
    record.case = case
    record.save()
    if case is not None and case.procedure != procedure:
        case_procedure_change(case_id=case.pk, procedure=procedure, actor=actor,
                              reason=f"繁简分流：{record.decision_reason}")
    if case is not None and team is not None and judge_id is not None:
        case_assign(case_id=case.pk, department_id=team.department_id, judge_id=judge_id, team_id=team.pk, actor=actor)
    audit_record(actor=actor, action="filing.triage_decided", target=record, before=before,
                 after={"status": record.status, "decided_procedure": procedure, "team_id": team.pk if team else None,
                        "suggested_procedure": record.suggested_procedure,
                        "follows_suggestion": record.follows_suggestion},
                 reason=record.decision_reason, case_id=case.pk if case else None)
    return record
