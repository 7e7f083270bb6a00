"""Writes for cases and parties. Each service authorizes, loads, validates and persists in one
transaction, and writes the audit event and the timeline event with the change."""

from dataclasses import dataclass, field
from datetime import date

from django.db import IntegrityError, connection, transaction
from django.db.models import Q

from yingshang.audit.services import audit_record
from yingshang.cases import domain
from yingshang.cases.choices import (
    FAMILY_LINK_KINDS, CaseEventKind, CaseLinkKind, CaseStatus, FilingChannel, OrganisationKind, PartyKind,
    PartyRole, Procedure,
)
from yingshang.cases.errors import CaseError
from yingshang.cases.models import (
    Case, CaseAgent, CaseEvent, CaseLink, CaseNumberSequence, CaseParty, CauseOfAction, Party,
)
from yingshang.cases.permissions import (
    access_case, access_case_for_decision, access_case_for_write, require_register,
)
from yingshang.core.clock import court_now, court_today
from yingshang.core.errors import DomainError
from yingshang.org.choices import Role
from yingshang.org.models import Court, Department, Team, User


@dataclass
class PartyInput:
    """A party as entered at filing: identified by ID number (person) or credit code (organisation)."""

    kind: str
    name: str
    role: str
    id_number: str | None = None
    credit_code: str | None = None
    organisation_kind: str = ""
    enterprise_size: str = ""
    legal_representative: str = ""
    phone: str = ""
    address: str = ""
    has_domicile_in_china: bool = True


@dataclass
class CaseInput:
    type_code: str
    filed_on: date
    channel: str = FilingChannel.WINDOW
    category: str | None = None
    procedure: str | None = None
    cause_id: int | None = None
    cause_text: str = ""
    accepted_on: date | None = None
    claim_amount_fen: int = 0
    department_id: int | None = None
    judge_id: int | None = None
    summary: str = ""
    parties: list[PartyInput] = field(default_factory=list)


def _snapshot(case: Case) -> dict:
    return {"status": case.status, "procedure": case.procedure, "department_id": case.department_id,
            "judge_id": case.judge_id, "team_id": case.team_id, "closed_on": case.closed_on,
            "closing_manner": case.closing_manner, "claim_amount_fen": case.claim_amount_fen,
            "cause_id": case.cause_id, "summary": case.summary}


def case_event_write(*, case: Case, kind: str, occurred_on: date, actor, description: str = "",
                     data: dict | None = None) -> CaseEvent:
    """Append a timeline event. Called by services inside their transaction.

    The description is cut to the column's length: it is derived from free text (a reason), which the audit event
    keeps whole."""
    limit = CaseEvent._meta.get_field("description").max_length
    return CaseEvent.objects.create(case=case, kind=kind, occurred_on=occurred_on, recorded_at=court_now(),
                                    actor=actor if getattr(actor, "pk", None) else None,
                                    description=description[:limit], data=data or {})


def case_number_allocate(*, court: Court, year: int, type_code: str) -> int:
    """Next sequence for (court, year, type code): no gaps, no duplicates, also under concurrency.

    The counter row is created with INSERT … ON CONFLICT DO NOTHING and then locked with SELECT … FOR UPDATE,
    so two registrations at once serialize on it (PostgreSQL); SQLite serializes writers anyway. Must be called
    inside the registering transaction so a rolled-back registration returns its number.
    """
    if type_code not in domain.TYPE_CODES:
        raise DomainError(CaseError.CASE_NUMBER_UNKNOWN_TYPE, f"未知的类型代字：{type_code}", {"type_code": type_code})
    CaseNumberSequence.objects.bulk_create(
        [CaseNumberSequence(court=court, year=year, type_code=type_code, last_sequence=0)], ignore_conflicts=True)
    counter = CaseNumberSequence.objects.select_for_update().get(court=court, year=year, type_code=type_code)
    counter.last_sequence += 1
    counter.save(update_fields=["last_sequence"])
    return counter.last_sequence


def party_resolve(data: PartyInput) -> tuple[Party, bool]:
    """Validate a party's identifiers and return the existing record (same credit code or ID number) or a new one.

    Returns (party, created). Identifiers are validated with python-stdnum (cn.ric, cn.uscc).
    """
    name = (data.name or "").strip()
    if not name:
        raise DomainError(CaseError.PARTY_NAME_REQUIRED, "当事人名称不能为空")
    phone = domain.normalise_phone(data.phone) if data.phone else ""
    if data.kind == PartyKind.PERSON:
        if data.credit_code:
            raise DomainError(CaseError.PARTY_KIND_MISMATCH, "自然人不应填写统一社会信用代码")
        id_number = domain.normalise_id_number(data.id_number) if data.id_number else None
        existing = Party.objects.filter(id_number=id_number).first() if id_number else None
        if existing:
            return existing, False
        party = Party(kind=PartyKind.PERSON, name=name, id_number=id_number, phone=phone, address=data.address,
                      has_domicile_in_china=data.has_domicile_in_china)
    elif data.kind == PartyKind.ORGANISATION:
        if data.id_number:
            raise DomainError(CaseError.PARTY_KIND_MISMATCH, "单位不应填写身份证号")
        if not data.credit_code:
            raise DomainError(CaseError.PARTY_IDENTIFIER_REQUIRED, "单位当事人须填写统一社会信用代码")
        credit_code = domain.normalise_credit_code(data.credit_code)
        existing = Party.objects.filter(credit_code=credit_code).first()
        if existing:
            return existing, False
        org_kind = data.organisation_kind or OrganisationKind.ENTERPRISE
        party = Party(kind=PartyKind.ORGANISATION, name=name, credit_code=credit_code, organisation_kind=org_kind,
                      enterprise_size=data.enterprise_size if org_kind == OrganisationKind.ENTERPRISE else "",
                      legal_representative=data.legal_representative, phone=phone, address=data.address,
                      has_domicile_in_china=data.has_domicile_in_china)
    else:
        raise DomainError(CaseError.PARTY_KIND_MISMATCH, "当事人类型应为自然人或单位", {"kind": data.kind})
    party.save()
    return party, True


@transaction.atomic
def party_update(*, party_id: int, actor: User, name: str | None = None, phone: str | None = None,
                 address: str | None = None, legal_representative: str | None = None,
                 organisation_kind: str | None = None, enterprise_size: str | None = None,
                 has_domicile_in_china: bool | None = None, reason: str = "") -> Party:
    """Correct a party's particulars. The identifier (ID number / credit code) is the party's identity and is not
    editable: a wrong identifier means a different party. Only court staff who may change one of the party's cases
    (or 立案庭) may edit; the derived case flags of its cases are recomputed. Audit: cases.party_updated."""
    party = Party.objects.select_for_update().filter(pk=party_id).first()
    case_ids = list(CaseParty.objects.filter(party_id=party_id).values_list("case_id", flat=True))
    writable = False
    for case_id in case_ids:
        try:
            access_case_for_write(actor, case_id)
            writable = True
            break
        except DomainError:
            continue
    if party is None or not writable:
        raise DomainError("PARTY_NOT_FOUND", "未找到该当事人，或您无权修改", status=404)
    before = {"name": party.name, "phone": party.phone, "address": party.address,
              "legal_representative": party.legal_representative, "organisation_kind": party.organisation_kind,
              "enterprise_size": party.enterprise_size, "has_domicile_in_china": party.has_domicile_in_china}
    if name is not None:
        if not name.strip():
            raise DomainError(CaseError.PARTY_NAME_REQUIRED, "当事人名称不能为空")
        party.name = name.strip()
    if phone is not None:
        party.phone = domain.normalise_phone(phone) if phone else ""
    if address is not None:
        party.address = address
    if legal_representative is not None:
        party.legal_representative = legal_representative
    if has_domicile_in_china is not None:
        party.has_domicile_in_china = has_domicile_in_china
    if organisation_kind is not None or enterprise_size is not None:
        if party.kind != PartyKind.ORGANISATION:
            raise DomainError(CaseError.PARTY_KIND_MISMATCH, "自然人没有单位性质和企业规模")
        if organisation_kind is not None:
            party.organisation_kind = organisation_kind
        if enterprise_size is not None:
            party.enterprise_size = enterprise_size
        if party.organisation_kind != OrganisationKind.ENTERPRISE:
            party.enterprise_size = ""
    party.save()
    after = {key: getattr(party, key) for key in before}
    if (before["organisation_kind"], before["enterprise_size"]) != (party.organisation_kind, party.enterprise_size):
        for case in Case.objects.filter(pk__in=case_ids).select_related("cause"):
            case_flags_refresh(case)
    audit_record(actor=actor, action="cases.party_updated", target=party, before=before, after=after, reason=reason)
    return party


def case_flags_refresh(case: Case) -> None:
    """Recompute the derived flags (涉企, 中小微, 机关, 金融) from the parties and the cause."""
    facts = [domain.PartyFacts(kind=p.kind, organisation_kind=p.organisation_kind, enterprise_size=p.enterprise_size)
             for p in Party.objects.filter(case_roles__case=case).distinct()]
    flags = domain.derive_flags(parties=facts, category=case.category,
                                cause_is_financial=bool(case.cause and case.cause.is_financial))
    case.is_enterprise_involved = flags.is_enterprise_involved
    case.is_sme_involved = flags.is_sme_involved
    case.has_government_party = flags.has_government_party
    case.is_financial = flags.is_financial
    case.save(update_fields=["is_enterprise_involved", "is_sme_involved", "has_government_party", "is_financial",
                             "updated_at"])


def _cause_for(cause_id: int | None, filed_on: date) -> CauseOfAction | None:
    if cause_id is None:
        return None
    cause = CauseOfAction.objects.filter(pk=cause_id).first()
    if cause is None:
        raise DomainError(CaseError.CAUSE_NOT_FOUND, "案由不存在", {"cause_id": cause_id})
    wanted = domain.cause_revision_for(filed_on)
    if cause.revision != wanted:
        raise DomainError(CaseError.CAUSE_WRONG_REVISION,
                          f"立案日期适用{wanted}年版《民事案件案由规定》，所选案由属于{cause.revision}年版",
                          {"cause_id": cause_id, "revision": cause.revision, "expected_revision": wanted})
    return cause


def _department_for(court: Court, department_id: int | None) -> Department | None:
    if department_id is None:
        return None
    department = Department.objects.filter(pk=department_id, court=court).first()
    if department is None:
        raise DomainError(CaseError.DEPARTMENT_NOT_FOUND, "承办部门不存在", {"department_id": department_id})
    return department


def _judge_for(court: Court, judge_id: int | None) -> User | None:
    if judge_id is None:
        return None
    judge = User.objects.filter(pk=judge_id, court=court, is_active=True,
                                role__in=[Role.JUDGE, Role.DIVISION_HEAD, Role.PRESIDENT, Role.VICE_PRESIDENT,
                                          Role.ENFORCEMENT_OFFICER]).first()
    if judge is None:
        raise DomainError(CaseError.JUDGE_NOT_FOUND, "承办法官不存在或不是员额法官/执行员", {"judge_id": judge_id})
    return judge


@transaction.atomic
def case_register(*, court: Court, data: CaseInput, actor: User) -> Case:
    """Register a case (立案): allocate its number, record channel, parties and the first timeline event.

    Audit: cases.case_registered. Only 立案庭 may register (permissions.require_register).
    """
    require_register(actor)
    if data.type_code not in domain.TYPE_CODES:
        raise DomainError(CaseError.CASE_NUMBER_UNKNOWN_TYPE, f"未知的类型代字：{data.type_code}",
                          {"type_code": data.type_code})
    if data.accepted_on and data.accepted_on > data.filed_on:
        raise DomainError(CaseError.DATE_ORDER, "收案日期不能晚于立案日期",
                          {"accepted_on": data.accepted_on.isoformat(), "filed_on": data.filed_on.isoformat()})
    if data.filed_on > court_today():
        raise DomainError(CaseError.DATE_ORDER, "立案日期不能晚于今天", {"filed_on": data.filed_on.isoformat()})
    if data.claim_amount_fen < 0:
        raise DomainError("AMOUNT_NEGATIVE", "标的额不能为负数")
    cause = _cause_for(data.cause_id, data.filed_on)
    department = _department_for(court, data.department_id)
    judge = _judge_for(court, data.judge_id)
    resolved = [(party_resolve(p)[0], p.role) for p in data.parties]
    seen = set()
    for party, role in resolved:
        if (party.pk, role) in seen:
            raise DomainError(CaseError.PARTY_ALREADY_IN_CASE, f"当事人「{party.name}」重复列为{PartyRole(role).label}")
        seen.add((party.pk, role))

    year = data.filed_on.year
    sequence = case_number_allocate(court=court, year=year, type_code=data.type_code)
    number = domain.format_case_number(year, court.code, data.type_code, sequence)
    case = Case.objects.create(
        court=court, case_number=number, year=year, type_code=data.type_code, sequence=sequence,
        category=data.category or domain.category_for_type_code(data.type_code),
        procedure=data.procedure or domain.default_procedure_for(data.type_code),
        channel=data.channel, filed_on=data.filed_on, accepted_on=data.accepted_on, cause=cause,
        cause_text=data.cause_text, claim_amount_fen=data.claim_amount_fen, department=department, judge=judge,
        summary=data.summary,
        status=CaseStatus.ASSIGNED if (department and judge) else CaseStatus.REGISTERED,
    )
    CaseParty.objects.bulk_create([CaseParty(case=case, party=party, role=role) for party, role in resolved])
    case_flags_refresh(case)
    case_event_write(case=case, kind=CaseEventKind.REGISTERED, occurred_on=data.filed_on, actor=actor,
                     description=f"{FilingChannel(data.channel).label}，案号{number}")
    if case.status == CaseStatus.ASSIGNED:
        case_event_write(case=case, kind=CaseEventKind.ASSIGNED, occurred_on=data.filed_on, actor=actor,
                         description=f"分配至{department.name}，承办法官{judge}")
    audit_record(actor=actor, action="cases.case_registered", target=case, before=None,
                 after={"case_number": number, **_snapshot(case),
                        "parties": [{"party_id": p.pk, "role": r} for p, r in resolved]})
    return case


@transaction.atomic
def case_assign(*, case_id: int, department_id: int, judge_id: int, team_id: int | None = None, actor: User,
                on: date | None = None) -> Case:
    """Assign a case to a department and judge (分案). Audit: cases.case_assigned."""
    access_case_for_write(actor, case_id)
    case = Case.objects.select_for_update().get(pk=case_id)
    department = _department_for(case.court, department_id)
    judge = _judge_for(case.court, judge_id)
    team = Team.objects.filter(pk=team_id, department=department).first() if team_id else None
    if team_id and team is None:
        raise DomainError("TEAM_NOT_FOUND", "审判团队不存在或不属于该部门", {"team_id": team_id})
    before = _snapshot(case)
    if case.status == CaseStatus.REGISTERED:
        domain.check_transition(case.status, CaseStatus.ASSIGNED)
        case.status = CaseStatus.ASSIGNED
    elif not case.is_open:
        domain.check_transition(case.status, CaseStatus.ASSIGNED)
    case.department, case.judge, case.team = department, judge, team
    case.save(update_fields=["department", "judge", "team", "status", "updated_at"])
    case_event_write(case=case, kind=CaseEventKind.ASSIGNED, occurred_on=on or court_today(), actor=actor,
                     description=f"分配至{department.name}，承办法官{judge}")
    audit_record(actor=actor, action="cases.case_assigned", target=case, before=before, after=_snapshot(case))
    return case


# Other apps react to a status change inside the same transaction (fees: refund on winning at a judgment close;
# deadlines: a suspension is a period not counted in the time limit). Each hook is called as
# hook(case=case, actor=actor, previous_status=..., on=..., reason=...) and is registered in its app's
# AppConfig.ready(), so cases does not import the apps that depend on it.
CASE_STATUS_HOOKS: list = []


_STATUS_EVENTS = {
    CaseStatus.IN_PROGRESS: CaseEventKind.RESUMED,
    CaseStatus.SUSPENDED: CaseEventKind.SUSPENDED,
    CaseStatus.CLOSED: CaseEventKind.CLOSED,
    CaseStatus.ARCHIVED: CaseEventKind.ARCHIVED,
}


@transaction.atomic
def case_status_change(*, case_id: int, status: str, actor: User, on: date | None = None, reason: str = "",
                       closing_manner: str = "") -> Case:
    """Move a case along the transition table (domain.STATUS_TRANSITIONS).

    Closing needs a closing manner fitting the category and a date on or after filing. Suspending needs a reason.
    A refusal writes nothing. Audit: cases.case_status_changed.
    """
    access_case_for_decision(actor, case_id)
    case = Case.objects.select_for_update().get(pk=case_id)
    on = on or court_today()
    domain.check_transition(case.status, status)
    if status == CaseStatus.SUSPENDED and not reason.strip():
        raise DomainError("CASE_REASON_REQUIRED", "中止须填写理由")
    if on > court_today():
        raise DomainError(CaseError.DATE_ORDER, "状态变更日期不能晚于今天", {"on": on.isoformat()})
    if status == CaseStatus.CLOSED:
        domain.check_closing(category=case.category, closing_manner=closing_manner, filed_on=case.filed_on,
                             closed_on=on)
    elif on < case.filed_on:
        raise DomainError(CaseError.DATE_ORDER, "状态变更日期不能早于立案日期",
                          {"on": on.isoformat(), "filed_on": case.filed_on.isoformat()})
    before = _snapshot(case)
    event_kind = _STATUS_EVENTS[status]
    if status == CaseStatus.IN_PROGRESS and case.status == CaseStatus.ASSIGNED:
        event_kind = CaseEventKind.NOTE
    case.status = status
    if status == CaseStatus.CLOSED:
        case.closed_on, case.closing_manner = on, closing_manner
    case.save(update_fields=["status", "closed_on", "closing_manner", "updated_at"])
    label = CaseStatus(status).label
    description = reason or (f"结案方式：{case.get_closing_manner_display()}" if status == CaseStatus.CLOSED
                             else f"状态变更为{label}")
    case_event_write(case=case, kind=event_kind, occurred_on=on, actor=actor, description=description,
                     data={"from": before["status"], "to": status})
    audit_record(actor=actor, action="cases.case_status_changed", target=case, before=before,
                 after=_snapshot(case), reason=reason)
    for hook in CASE_STATUS_HOOKS:
        hook(case=case, actor=actor, previous_status=before["status"], on=on, reason=reason)
    return case


@transaction.atomic
def case_procedure_change(*, case_id: int, procedure: str, actor: User, reason: str, on: date | None = None) -> Case:
    """Change the procedure (e.g. 简易 → 普通). Time limits are recomputed from the original filing date by the
    deadlines app (解释 258). Audit: cases.case_procedure_changed."""
    access_case_for_write(actor, case_id)
    case = Case.objects.select_for_update().get(pk=case_id)
    if not case.is_open:
        raise DomainError(CaseError.CASE_ALREADY_CLOSED, "案件已结案，不能再变更程序", status=409)
    if not reason.strip():
        raise DomainError("CASE_REASON_REQUIRED", "变更程序须填写理由")
    if procedure not in Procedure.values:
        raise DomainError("CASE_PROCEDURE_UNKNOWN", "审理程序不在允许范围内", {"procedure": procedure})
    if procedure == case.procedure:
        raise DomainError("CASE_PROCEDURE_UNCHANGED", "程序未变化")
    before = _snapshot(case)
    case.procedure = procedure
    case.save(update_fields=["procedure", "updated_at"])
    case_event_write(case=case, kind=CaseEventKind.PROCEDURE_CHANGED, occurred_on=on or court_today(), actor=actor,
                     description=f"{Procedure(before['procedure']).label} → {Procedure(procedure).label}：{reason}",
                     data={"from": before["procedure"], "to": procedure})
    audit_record(actor=actor, action="cases.case_procedure_changed", target=case, before=before,
                 after=_snapshot(case), reason=reason)
    return case


@transaction.atomic
def case_update(*, case_id: int, actor: User, summary: str | None = None, claim_amount_fen: int | None = None,
                cause_id: int | None = None, reason: str = "") -> Case:
    """Edit a case's descriptive fields (summary, claim amount, cause). Audit: cases.case_updated."""
    access_case_for_write(actor, case_id)
    case = Case.objects.select_for_update().get(pk=case_id)
    if not case.is_open:
        raise DomainError(CaseError.CASE_ALREADY_CLOSED, "案件已结案，不能再修改", status=409)
    before = _snapshot(case)
    if claim_amount_fen is not None:
        if claim_amount_fen < 0:
            raise DomainError("AMOUNT_NEGATIVE", "标的额不能为负数")
        case.claim_amount_fen = claim_amount_fen
    if summary is not None:
        case.summary = summary
    if cause_id is not None:
        case.cause = _cause_for(cause_id, case.filed_on)
    case.save(update_fields=["summary", "claim_amount_fen", "cause", "updated_at"])
    if cause_id is not None:
        case_flags_refresh(case)
    case_event_write(case=case, kind=CaseEventKind.UPDATED, occurred_on=court_today(), actor=actor,
                     description=reason or "修改案件信息")
    audit_record(actor=actor, action="cases.case_updated", target=case, before=before, after=_snapshot(case),
                 reason=reason)
    return case


@transaction.atomic
def case_party_add(*, case_id: int, party: PartyInput, actor: User) -> CaseParty:
    """Add a party to a case (追加当事人). Audit: cases.party_added."""
    access_case_for_write(actor, case_id)
    case = Case.objects.select_for_update().get(pk=case_id)
    if not case.is_open:
        raise DomainError(CaseError.CASE_ALREADY_CLOSED, "案件已结案，不能追加当事人", status=409)
    record, _ = party_resolve(party)
    if CaseParty.objects.filter(case=case, party=record, role=party.role).exists():
        raise DomainError(CaseError.PARTY_ALREADY_IN_CASE, f"「{record.name}」已是本案{PartyRole(party.role).label}",
                          status=409)
    link = CaseParty.objects.create(case=case, party=record, role=party.role)
    case_flags_refresh(case)
    case_event_write(case=case, kind=CaseEventKind.PARTY_ADDED, occurred_on=court_today(), actor=actor,
                     description=f"{PartyRole(party.role).label}：{record.name}")
    audit_record(actor=actor, action="cases.party_added", target=link, case_id=case.pk,
                 after={"party_id": record.pk, "name": record.name, "role": party.role})
    return link


@transaction.atomic
def case_agent_add(*, case_party_id: int, agent_id: int, law_firm: str = "", actor: User) -> CaseAgent:
    """Record a lawyer as agent for a party in a case (委托代理). Audit: cases.agent_added."""
    case_party = CaseParty.objects.select_related("case", "party").filter(pk=case_party_id).first()
    if case_party is None:
        raise DomainError("CASE_PARTY_NOT_FOUND", "案件当事人不存在", status=404)
    access_case_for_write(actor, case_party.case_id)
    agent = User.objects.filter(pk=agent_id, role=Role.LAWYER, is_active=True).first()
    if agent is None:
        raise DomainError(CaseError.AGENT_NOT_LAWYER, "代理人须为已注册的律师账号", {"agent_id": agent_id})
    try:
        with transaction.atomic():
            link = CaseAgent.objects.create(case_party=case_party, agent=agent,
                                            law_firm=law_firm or agent.organisation_name)
    except IntegrityError:
        raise DomainError("AGENT_EXISTS", "该律师已是此当事人的代理人", status=409)
    case_event_write(case=case_party.case, kind=CaseEventKind.AGENT_ADDED, occurred_on=court_today(), actor=actor,
                     description=f"{case_party.party.name}委托{agent}（{link.law_firm}）")
    audit_record(actor=actor, action="cases.agent_added", target=link, case_id=case_party.case_id,
                 after={"agent_id": agent.pk, "case_party_id": case_party.pk})
    return link


@transaction.atomic
def case_link(*, from_case_id: int, to_case_id: int, kind: str, actor: User) -> CaseLink:
    """Link two cases of one dispute (一审 → 二审 → 执行 → 破产). Audit: cases.case_linked. A family link (上诉, 申请执行,
    恢复执行, 执转破, 再审) also puts the later case, and the cases already linked under it, into the earlier case's
    dispute (Case.family_root); a link into the first case of the earlier case's own dispute is refused (a dispute
    with no first case)."""
    if int(from_case_id) == int(to_case_id):
        raise DomainError(CaseError.LINK_TO_SELF, "案件不能关联自身")
    from_case = access_case_for_write(actor, from_case_id)
    to_case = access_case(actor, to_case_id)
    if CaseLink.objects.filter(from_case=from_case, to_case=to_case).exists():
        raise DomainError(CaseError.LINK_EXISTS, "两案已关联", status=409)
    if kind in FAMILY_LINK_KINDS:
        _family_attach(parent=from_case, child=to_case)
    link = CaseLink.objects.create(from_case=from_case, to_case=to_case, kind=kind)
    label = CaseLinkKind(kind).label
    case_event_write(case=from_case, kind=CaseEventKind.LINKED, occurred_on=court_today(), actor=actor,
                     description=f"{label}：{to_case.case_number}")
    audit_record(actor=actor, action="cases.case_linked", target=link, case_id=from_case.pk,
                 after={"to_case": to_case.case_number, "kind": kind})
    return link


def _family_attach(*, parent: Case, child: Case) -> None:
    """Case.family_root after a family link parent → child: a child that starts a dispute of its own (no family link
    into it yet) joins the parent's dispute with every case of its own family (one UPDATE re-roots the subtree); a
    child already in a dispute keeps it (a case is one 件 of one 案 — the dispute it joined first: the sums over
    departments add up). Refused, before anything is written, when the child is the first case of the parent's
    dispute (the family would have no first case). The rows of the parent's root and of the child are locked first
    (in id order), so that a concurrent attach of the parent's dispute under a third one cannot be missed."""
    for _attempt in range(5):
        root_id = Case.objects.filter(pk=parent.pk).values_list("family_root_id", flat=True).get() or parent.pk
        locked = {row.pk: row.family_root_id
                  for row in Case.objects.select_for_update().filter(pk__in={root_id, child.pk}).order_by("pk")
                  .only("pk", "family_root_id")}
        if (Case.objects.filter(pk=parent.pk).values_list("family_root_id", flat=True).get() or parent.pk) == root_id:
            break
    else:  # pragma: no cover - the parent's dispute kept moving under concurrent links
        raise DomainError(CaseError.LINK_BUSY, "关联案件正在变更，请稍后重试", status=409)
    if locked[child.pk] is not None:
        return
    if root_id == child.pk:
        raise DomainError(CaseError.LINK_CYCLE, "后续案件是原案所属纠纷的起始案件，不能形成循环关联",
                          {"from_case_id": parent.pk, "to_case_id": child.pk}, status=409)
    Case.objects.filter(Q(pk=child.pk) | Q(family_root_id=child.pk)).update(family_root_id=root_id)
    child.family_root_id = root_id


def family_roots_rebuild_sql(*, case_table: str = "cases_case",
                             link_table: str = "cases_caselink") -> tuple[str, tuple]:
    """One set-based UPDATE (PostgreSQL and SQLite: WITH RECURSIVE) that sets every linked case's family_root from
    the links: the walk starts from the cases with family links out and none in, and follows the family links down;
    a case reached from two disputes takes the one whose first case has the lower id (registered first). The cases
    that start a dispute, or have no family link, are left as they are (NULL: case_family_roots_rebuild resets them
    first). Frozen in migration 0004 as its backfill."""
    kinds = ", ".join(["%s"] * len(FAMILY_LINK_KINDS))
    sql = (f"WITH RECURSIVE family_walk(id, root_id) AS ("
           f"SELECT DISTINCT l.from_case_id, l.from_case_id FROM {link_table} l WHERE l.kind IN ({kinds}) "
           f"AND NOT EXISTS (SELECT 1 FROM {link_table} p WHERE p.to_case_id = l.from_case_id AND p.kind IN ({kinds})) "
           f"UNION SELECT l.to_case_id, w.root_id FROM family_walk w JOIN {link_table} l ON l.from_case_id = w.id "
           f"AND l.kind IN ({kinds})) "
           f"UPDATE {case_table} SET family_root_id = r.root_id FROM (SELECT w.id, MIN(w.root_id) AS root_id "
           f"FROM family_walk w WHERE w.root_id <> w.id GROUP BY w.id) r WHERE {case_table}.id = r.id")
    return sql, (*FAMILY_LINK_KINDS, *FAMILY_LINK_KINDS, *FAMILY_LINK_KINDS)


def case_family_roots_rebuild() -> int:
    """Recompute Case.family_root of every case from the links, set-based (after bulk inserts of links: the demo
    generator, benchmarks): every root reset, then the one recursive UPDATE of family_roots_rebuild_sql. Idempotent.
    Returns the number of cases linked under another."""
    with transaction.atomic():
        Case.objects.filter(family_root__isnull=False).update(family_root=None)
        sql, params = family_roots_rebuild_sql(case_table=Case._meta.db_table, link_table=CaseLink._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(sql, [str(p) for p in params])
        return Case.objects.filter(family_root__isnull=False).count()


# Timeline kinds that only the status/assignment services may write.
RESERVED_EVENT_KINDS = {CaseEventKind.REGISTERED, CaseEventKind.ASSIGNED, CaseEventKind.SUSPENDED,
                        CaseEventKind.RESUMED, CaseEventKind.CLOSED, CaseEventKind.ARCHIVED,
                        CaseEventKind.PROCEDURE_CHANGED, CaseEventKind.PARTY_ADDED, CaseEventKind.AGENT_ADDED,
                        CaseEventKind.LINKED, CaseEventKind.UPDATED}


@transaction.atomic
def case_event_record(*, case_id: int, kind: str, occurred_on: date, description: str, actor: User) -> CaseEvent:
    """Record a procedural node that does not change status (送达, 开庭, 上诉, 移送, 备注). Audit: cases.event_recorded."""
    if kind in RESERVED_EVENT_KINDS:
        raise DomainError(CaseError.EVENT_KIND_RESERVED, "该节点由相应操作自动记录，不能手工添加", {"kind": kind})
    case = access_case_for_write(actor, case_id)
    if occurred_on < case.filed_on:
        raise DomainError(CaseError.DATE_ORDER, "节点日期不能早于立案日期")
    if occurred_on > court_today():
        raise DomainError(CaseError.DATE_ORDER, "节点日期不能晚于今天")
    event = case_event_write(case=case, kind=kind, occurred_on=occurred_on, actor=actor, description=description)
    audit_record(actor=actor, action="cases.event_recorded", target=event, case_id=case.pk,
                 after={"kind": kind, "occurred_on": occurred_on, "description": description})
    return event
