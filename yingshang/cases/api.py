"""/api/v1/cases, /api/v1/parties, /api/v1/causes — thin: parse, call one service or selector, render."""

from datetime import date

from django.conf import settings
from ninja import Query, Router, Schema, Status
from pydantic import Field

from yingshang.audit.selectors import audit_list_for_case
from yingshang.cases import selectors, services
from yingshang.cases.choices import CaseCategory, CaseStatus, FilingChannel, PartyKind, Procedure
from yingshang.cases.models import Case, CaseParty, Party
from yingshang.cases.permissions import access_case
from yingshang.cases.schemas import (
    AgentIn, AssignIn, AuditOut, CaseIn, CaseListOut, CaseOut, CaseUpdateIn, CauseListOut, EventIn, EventOut,
    LinkIn, LinkOut, PartyIn, PartyListOut, PartyUpdateIn, PartyOut, ProcedureIn, StatusIn, CasePartyOut,
)
from yingshang.core.errors import DomainError, PermissionDenied
from yingshang.core.money import fen_to_yuan, yuan_to_fen
from yingshang.core.pagination import PageRequest, paginate
from yingshang.org.selectors import court_get_home

router = Router(tags=["cases 案件"])
ID_MAX = 2**63 - 1
PREFIX = "/"


def mask_id_number(value: str | None) -> str | None:
    """4228**********1234 — personal ID numbers are never served whole."""
    if not value:
        return None
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def party_out(party: Party) -> dict:
    return {"id": party.pk, "kind": party.kind, "kind_label": PartyKind(party.kind).label, "name": party.name,
            "id_number_masked": mask_id_number(party.id_number), "credit_code": party.credit_code,
            "organisation_kind": party.organisation_kind, "enterprise_size": party.enterprise_size,
            "is_enterprise": party.is_enterprise}


def case_party_out(link: CaseParty) -> dict:
    return {"id": link.pk, "role": link.role, "role_label": link.get_role_display(), "party": party_out(link.party),
            "agents": [str(a.agent) for a in link.agents.all()]}


def case_out(case: Case, parties=None) -> dict:
    links = parties if parties is not None else case.case_parties.all()
    return {
        "id": case.pk, "case_number": case.case_number, "court_code": case.court.code if case.court_id else "",
        "year": case.year, "type_code": case.type_code, "sequence": case.sequence,
        "category": case.category, "category_label": case.get_category_display(),
        "cause_id": case.cause_id, "cause_name": case.cause.name if case.cause_id else case.cause_text,
        "procedure": case.procedure, "procedure_label": case.get_procedure_display(),
        "channel": case.channel, "channel_label": case.get_channel_display(),
        "filed_on": case.filed_on, "accepted_on": case.accepted_on, "closed_on": case.closed_on,
        "closing_manner": case.closing_manner, "closing_manner_label": case.get_closing_manner_display(),
        "claim_amount_yuan": fen_to_yuan(case.claim_amount_fen),
        "department_id": case.department_id, "department_name": case.department.name if case.department_id else "",
        "judge_id": case.judge_id, "judge_name": str(case.judge) if case.judge_id else "",
        "status": case.status, "status_label": case.get_status_display(),
        "is_enterprise_involved": case.is_enterprise_involved, "is_sme_involved": case.is_sme_involved,
        "is_financial": case.is_financial, "has_government_party": case.has_government_party,
        "parties": [case_party_out(link) for link in links],
    }


def _full(user, case_id: int) -> dict:
    case = access_case(user, case_id)
    return case_out(case, selectors.case_parties_list(case=case))


class CaseQuery(Schema):
    q: str = ""
    case_number: str = ""
    party_name: str = ""
    credit_code: str = ""
    # Bounded: a foreign-key filter with an id beyond 64 bits is a database error, not an empty list.
    department_id: int | None = Field(None, ge=1, le=ID_MAX)
    judge_id: int | None = Field(None, ge=1, le=ID_MAX)
    # Enum-typed so that a misspelt value is a 422, not a silently empty list.
    status: CaseStatus | None = None
    procedure: Procedure | None = None
    category: CaseCategory | None = None
    channel: FilingChannel | None = None
    filed_from: date | None = None
    filed_to: date | None = None
    is_enterprise_involved: bool | None = None
    is_open: bool | None = None
    page: int = 1
    page_size: int = settings.PAGE_SIZE_DEFAULT


@router.get("/cases", response=CaseListOut, summary="案件列表（按权限范围）")
def list_cases(request, query: Query[CaseQuery]):
    """Cases the caller may see. Filters: 案号, party name, credit code, department, judge, status, procedure,
    category, channel, filing dates; ``q`` searches 案号, party name and credit code at once."""
    data = query.dict()
    page = PageRequest.of(data.pop("page"), data.pop("page_size"))
    qs = selectors.case_list_for_user(user=request.user, filters=selectors.CaseFilters(**data))
    items, count = paginate(qs.select_related("court"), page)
    return {"items": [case_out(c) for c in items], "count": count}


@router.post("/cases", response={201: CaseOut}, summary="立案")
def register_case(request, payload: CaseIn):
    """Register a case (立案庭 only): allocates the 案号, records the channel and parties."""
    court = request.user.court or court_get_home()
    if court is None:
        raise DomainError("COURT_NOT_CONFIGURED", "尚未配置法院，请先在后台建立法院及其法院代字", status=409)
    data = services.CaseInput(
        type_code=payload.type_code, filed_on=payload.filed_on, channel=payload.channel, category=payload.category,
        procedure=payload.procedure, cause_id=payload.cause_id, cause_text=payload.cause_text,
        accepted_on=payload.accepted_on, claim_amount_fen=payload.claim_amount_fen,
        department_id=payload.department_id, judge_id=payload.judge_id, summary=payload.summary,
        parties=[_party_input(p) for p in payload.parties],
    )
    case = services.case_register(court=court, data=data, actor=request.user)
    return Status(201, _full(request.user, case.pk))


def _party_input(p: PartyIn) -> services.PartyInput:
    return services.PartyInput(
        kind=p.kind, name=p.name, role=p.role, id_number=p.id_number, credit_code=p.credit_code,
        organisation_kind=p.organisation_kind or "", enterprise_size=p.enterprise_size or "",
        legal_representative=p.legal_representative, phone=p.phone, address=p.address,
        has_domicile_in_china=p.has_domicile_in_china)


@router.get("/cases/{case_id}", response=CaseOut, summary="案件详情")
def get_case(request, case_id: int):
    return _full(request.user, case_id)


@router.patch("/cases/{case_id}", response=CaseOut, summary="修改案件信息")
def update_case(request, case_id: int, payload: CaseUpdateIn):
    services.case_update(case_id=case_id, actor=request.user, summary=payload.summary,
                         claim_amount_fen=(None if payload.claim_amount_yuan in (None, "")
                                           else yuan_to_fen(payload.claim_amount_yuan)),
                         cause_id=payload.cause_id, reason=payload.reason)
    return _full(request.user, case_id)


@router.post("/cases/{case_id}/assign", response=CaseOut, summary="分案")
def assign_case(request, case_id: int, payload: AssignIn):
    services.case_assign(case_id=case_id, department_id=payload.department_id, judge_id=payload.judge_id,
                         team_id=payload.team_id, actor=request.user)
    return _full(request.user, case_id)


@router.post("/cases/{case_id}/status", response=CaseOut, summary="变更案件状态（中止、恢复、结案、归档）")
def change_status(request, case_id: int, payload: StatusIn):
    services.case_status_change(case_id=case_id, status=payload.status, actor=request.user, on=payload.on,
                                reason=payload.reason, closing_manner=payload.closing_manner or "")
    return _full(request.user, case_id)


@router.post("/cases/{case_id}/procedure", response=CaseOut, summary="变更审理程序")
def change_procedure(request, case_id: int, payload: ProcedureIn):
    services.case_procedure_change(case_id=case_id, procedure=payload.procedure, reason=payload.reason,
                                   actor=request.user)
    return _full(request.user, case_id)


@router.post("/cases/{case_id}/parties", response={201: CasePartyOut}, summary="追加当事人")
def add_party(request, case_id: int, payload: PartyIn):
    link = services.case_party_add(case_id=case_id, party=_party_input(payload), actor=request.user)
    return Status(201, case_party_out(link))


@router.post("/case-parties/{case_party_id}/agents", response={201: CasePartyOut}, summary="登记委托代理人")
def add_agent(request, case_party_id: int, payload: AgentIn):
    link = services.case_agent_add(case_party_id=case_party_id, agent_id=payload.agent_id,
                                   law_firm=payload.law_firm, actor=request.user)
    return Status(201, case_party_out(link.case_party))


@router.get("/cases/{case_id}/events", response=list[EventOut], summary="案件时间轴")
def list_events(request, case_id: int):
    case = access_case(request.user, case_id)
    return [{"id": e.pk, "kind": e.kind, "kind_label": e.get_kind_display(), "occurred_on": e.occurred_on,
             "recorded_at": e.recorded_at, "actor": str(e.actor) if e.actor_id else None,
             "description": e.description} for e in selectors.case_events_list(case=case)]


@router.post("/cases/{case_id}/events", response={201: EventOut}, summary="记录程序节点（送达、开庭等）")
def record_event(request, case_id: int, payload: EventIn):
    e = services.case_event_record(case_id=case_id, kind=payload.kind, occurred_on=payload.occurred_on,
                                   description=payload.description, actor=request.user)
    return Status(201, {"id": e.pk, "kind": e.kind, "kind_label": e.get_kind_display(), "occurred_on": e.occurred_on,
                 "recorded_at": e.recorded_at, "actor": str(e.actor) if e.actor_id else None,
                 "description": e.description})


@router.get("/cases/{case_id}/history", response=list[AuditOut], summary="案件变更历史（审计）")
def case_history(request, case_id: int):
    """Every audited change to the case: who, when, what, before, after, why. Court staff only."""
    case = access_case(request.user, case_id)
    if not request.user.is_court_staff and not request.user.is_superuser:
        raise PermissionDenied("HISTORY_STAFF_ONLY", "变更历史仅供院内人员查看")
    return [{"id": a.pk, "occurred_at": a.occurred_at, "actor": str(a.actor) if a.actor_id else None,
             "action": a.action, "target_type": a.target_type, "target_id": a.target_id, "before": a.before,
             "after": a.after, "reason": a.reason} for a in audit_list_for_case(case_id=case.pk)]


@router.get("/cases/{case_id}/links", response=list[LinkOut], summary="关联案件")
def list_links(request, case_id: int):
    case = access_case(request.user, case_id)
    out = []
    for link in selectors.case_links_list(case=case):
        other, direction = (link.to_case, "out") if link.from_case_id == case.pk else (link.from_case, "in")
        out.append({"id": link.pk, "case_id": other.pk, "case_number": other.case_number, "kind": link.kind,
                    "kind_label": link.get_kind_display(), "direction": direction})
    return out


@router.post("/cases/{case_id}/links", response={201: LinkOut}, summary="关联案件")
def create_link(request, case_id: int, payload: LinkIn):
    link = services.case_link(from_case_id=case_id, to_case_id=payload.to_case_id, kind=payload.kind,
                              actor=request.user)
    return Status(201, {"id": link.pk, "case_id": link.to_case_id, "case_number": link.to_case.case_number,
                 "kind": link.kind, "kind_label": link.get_kind_display(), "direction": "out"})


@router.get("/cases/{case_id}/family", response=list[CaseOut], summary="同一纠纷的全部关联案件")
def case_family(request, case_id: int):
    case = access_case(request.user, case_id)
    return [case_out(c) for c in selectors.case_family(case=case, user=request.user)]


@router.get("/parties", response=PartyListOut, summary="当事人检索（院内人员）")
def list_parties(request, q: str = "", page: int = 1, page_size: int = settings.PAGE_SIZE_DEFAULT):
    if not request.user.is_court_staff and not request.user.is_superuser:
        raise PermissionDenied("PARTY_LIST_STAFF_ONLY", "当事人检索仅供院内人员使用")
    items, count = paginate(selectors.party_list(q=q), PageRequest.of(page, page_size))
    return {"items": [party_out(p) for p in items], "count": count}


@router.patch("/parties/{party_id}", response=PartyOut, summary="更正当事人信息（院内人员）")
def update_party(request, party_id: int, payload: PartyUpdateIn):
    """Correct a party's name, contacts, address, legal representative, organisation kind or size. The ID number
    or credit code is the party's identity and cannot be changed here."""
    data = payload.dict(exclude_unset=True)
    party = services.party_update(party_id=party_id, actor=request.user, **data)
    return party_out(party)


@router.get("/causes", response=CauseListOut, auth=None, summary="民事案由目录")
def list_causes(request, revision: int = 2025, q: str = "", level: int | None = None, page: int = 1,
                page_size: int = settings.PAGE_SIZE_DEFAULT):
    """The SPC 民事案件案由规定 catalogue: revision 2020 (cases filed 2021–2025) or 2025 (filed from 2026)."""
    if revision not in (2020, 2025):
        raise DomainError("CAUSE_REVISION_UNKNOWN", "案由目录版本应为 2020 或 2025", {"revision": revision})
    items, count = paginate(selectors.cause_list(revision=revision, q=q, level=level), PageRequest.of(page, page_size))
    return {"items": [{"id": c.pk, "revision": c.revision, "level": c.level, "code": c.code, "number": c.number,
                       "name": c.name, "family": c.family, "is_financial": c.is_financial} for c in items],
            "count": count}
