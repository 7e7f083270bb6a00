"""Writes for credit: listing decisions and their publication, deletion and correction; consumption
restrictions; credit repair; reorganisation repair letters; the government-integrity push; red/black lists.
Deadlines in working days come from the one calendar; every decision is audited with its ground."""

import calendar
import json
import urllib.request
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from stdnum.cn import ric

from yingshang.assessments.gate import assessment_gate
from yingshang.audit.services import audit_record
from yingshang.calendar.selectors import add_working_days_on, period_deadline
from yingshang.cases.choices import (
    CaseCategory, CaseEventKind, ClosingManner, OPEN_STATUSES, OrganisationKind, PartyKind, PartyRole,
)
from yingshang.cases.models import Case, CaseParty, Party
from yingshang.cases.permissions import access_case, access_case_for_write
from yingshang.cases.services import case_event_write
from yingshang.core.clock import court_today
from yingshang.core.errors import DomainError, NotFound, PermissionDenied
from yingshang.notifications.services import notification_enqueue
from yingshang.credit import domain
from yingshang.credit.choices import (
    CorrectionReason, CorrectionStatus, DeletionGround, HonourList, LiftGround, ListingStatus, PushStatus,
    RepairDecisionKind, RepairStatus, ReorganisationRepairKind, RequestStatus,
)
from yingshang.credit.errors import CreditError
from yingshang.credit.models import (
    Correction, HonourEntry, IntegrityPush, Listing, RepairApplication, ReorganisationRepair, Restriction,
    RestrictedPerson,
)
from yingshang.credit.permissions import is_integrity_department, require_decider, require_preparer


def _debtor_in(case: Case, debtor_id: int) -> Party:
    link = CaseParty.objects.filter(case=case, party_id=debtor_id, role=PartyRole.DEBTOR).select_related("party").first()
    if link is None:
        raise DomainError(CreditError.NOT_A_DEBTOR, "所选当事人不是本案被执行人")
    return link.party


def _birth_date(party: Party) -> date | None:
    if party.kind != PartyKind.PERSON or not party.id_number:
        return None
    return ric.get_birth_date(party.id_number)


@transaction.atomic
def listing_decide(*, case_id: int, debtor_id: int, ground: str, facts: str, actor, decided_on: date | None = None,
                   extra_years: int = 0, grace_months: int = 0, security_provided: bool = False,
                   seized_property_sufficient: bool = False, ranks_later: bool = False,
                   on_creditor_application: bool = False) -> Listing:
    """Put a debtor on the dishonest-debtor list (president's decision, DishonestProv art. 5).

    Refused, writing nothing: a minor; ground (1) with security / sufficient seized property / later rank; an
    active listing already; a creditor's re-application within 6 months of a deletion it asked for; an enterprise
    case without the enforcement-stage impact assessment. Audit: credit.listing_decided."""
    require_decider(actor)
    case = access_case(actor, case_id)
    if case.category != CaseCategory.ENFORCEMENT or not case.is_open:
        raise DomainError("CREDIT_CASE_NOT_ENFORCEMENT", "只能在执行中的执行案件中纳入失信名单")
    debtor = _debtor_in(case, debtor_id)
    if not facts.strip():
        raise DomainError(CreditError.REASON_REQUIRED, "请写明纳入失信名单的事实与理由")
    today = court_today()
    decided_on = decided_on or today
    if decided_on > today:
        raise DomainError("CREDIT_DATE", "决定日期不能晚于今天")
    if Listing.objects.filter(case=case, debtor=debtor, status__in=[ListingStatus.GRACE,
                                                                     ListingStatus.PUBLISHED]).exists():
        raise DomainError(CreditError.ALREADY_LISTED, "该被执行人已在本案失信名单中", status=409)
    if on_creditor_application:
        last = (Listing.objects.filter(case=case, debtor=debtor, deletion_ground=DeletionGround.CREDITOR_REQUEST)
                .order_by("-deleted_on").first())
        if last and last.deleted_on and decided_on < domain.reapply_allowed_from(last.deleted_on):
            allowed = domain.reapply_allowed_from(last.deleted_on)
            raise DomainError(CreditError.REAPPLY_BARRED,
                              f"申请执行人申请删除后6个月内再次申请纳入的，不予支持（{allowed:%Y年%m月%d日}后可再申请）",
                              {"allowed_from": allowed.isoformat()})
    terms = domain.check_listing(domain.ListingFacts(
        ground=ground, decided_on=decided_on, debtor_birth_date=_birth_date(debtor),
        security_provided=security_provided, seized_property_sufficient=seized_property_sufficient,
        ranks_later=ranks_later, extra_years=extra_years, grace_months=grace_months))
    assessment_gate(case=case, action="credit.dishonest_listing", actor=actor)
    listing = Listing.objects.create(
        case=case, debtor=debtor, ground=ground, facts=facts.strip(), decided_on=decided_on, decided_by=actor,
        is_on_creditor_application=on_creditor_application, has_fixed_term=terms.has_fixed_term,
        term_years=terms.term_years, ends_on=terms.ends_on, publish_on=terms.publish_on,
        status=ListingStatus.GRACE if terms.publish_on > today else ListingStatus.PUBLISHED)
    case_event_write(case=case, kind=CaseEventKind.NOTE, occurred_on=decided_on, actor=actor,
                     description=f"决定将{debtor.name}纳入失信被执行人名单" +
                                 (f"，给予宽限期至{terms.publish_on:%Y年%m月%d日}" if grace_months else ""))
    audit_record(actor=actor, action="credit.listing_decided", target=listing, case_id=case.pk, reason=facts,
                 after={"ground": ground, "term_years": terms.term_years, "ends_on": terms.ends_on,
                        "publish_on": terms.publish_on, "status": listing.status})
    return listing


@transaction.atomic
def listings_scan(*, today: date | None = None) -> dict:
    """Daily, idempotent, set-based: publish listings whose grace period has ended; delete fixed-term listings
    whose term has expired (within 3 working days of expiry: the scan runs daily, so on the first day after)."""
    today = today or court_today()
    published = Listing.objects.filter(status=ListingStatus.GRACE, publish_on__lte=today).update(
        status=ListingStatus.PUBLISHED)
    expired = list(Listing.objects.filter(status__in=[ListingStatus.GRACE, ListingStatus.PUBLISHED],
                                          has_fixed_term=True, ends_on__lt=today).values_list("pk", "ends_on"))
    for pk, ends_on in expired:
        Listing.objects.filter(pk=pk).update(status=ListingStatus.DELETED, deletion_ground=DeletionGround.TERM_EXPIRED,
                                             deletion_event_on=ends_on,
                                             deletion_due_on=add_working_days_on(ends_on, domain.DELETION_WORKING_DAYS),
                                             deleted_on=today)
        audit_record(actor=None, action="credit.listing_expired", target=Listing(pk=pk),
                     after={"ends_on": ends_on, "deleted_on": today})
    return {"published": published, "expired": len(expired)}


def _load_listing(listing_id: int) -> Listing:
    listing = Listing.objects.select_for_update().select_related("case", "debtor").filter(pk=listing_id).first()
    if listing is None:
        raise NotFound("CREDIT_LISTING_NOT_FOUND", "失信名单记录不存在")
    return listing


@transaction.atomic
def listing_delete(*, listing_id: int, ground: str, event_on: date, actor, note: str = "") -> Listing:
    """Delete a listing on a statutory ground; the deadline is 3 working days after the event (art. 10).
    Audit: credit.listing_deleted."""
    require_decider(actor)
    listing = _load_listing(listing_id)
    access_case(actor, listing.case_id)
    if not listing.is_active:
        raise DomainError(CreditError.NOT_ACTIVE, "该失信记录已删除或撤销", status=409)
    domain.check_deletion_ground(ground, has_fixed_term=listing.has_fixed_term)
    today = court_today()
    if event_on > today or event_on < listing.decided_on:
        raise DomainError("CREDIT_DATE", "删除事由发生日应在纳入决定日与今天之间")
    before = {"status": listing.status}
    listing.status, listing.deletion_ground, listing.deletion_event_on = ListingStatus.DELETED, ground, event_on
    listing.deletion_due_on = add_working_days_on(event_on, domain.DELETION_WORKING_DAYS)
    listing.deleted_on = today
    listing.save()
    case_event_write(case=listing.case, kind=CaseEventKind.NOTE, occurred_on=today, actor=actor,
                     description=f"删除{listing.debtor.name}的失信信息：{DeletionGround(ground).label}")
    audit_record(actor=actor, action="credit.listing_deleted", target=listing, case_id=listing.case_id,
                 before=before, reason=note,
                 after={"ground": ground, "deletion_due_on": listing.deletion_due_on, "deleted_on": today,
                        "on_time": today <= listing.deletion_due_on})
    return listing


def _user_speaks_for(user, party: Party) -> bool:
    return party.users.filter(pk=user.pk).exists() or CaseParty.objects.filter(
        party=party, agents__agent=user).exists()


@transaction.atomic
def correction_file(*, listing_id: int, reason: str, statement: str, actor) -> Correction:
    """The listed party asks for correction (art. 11); the court reviews within 15 days (art. 12)."""
    listing = _load_listing(listing_id)
    if not _user_speaks_for(actor, listing.debtor):
        raise NotFound("CREDIT_LISTING_NOT_FOUND", "失信名单记录不存在")
    if not statement.strip():
        raise DomainError(CreditError.REASON_REQUIRED, "请写明申请纠正的理由")
    today = court_today()
    correction = Correction.objects.create(listing=listing, applicant=actor, reason=reason,
                                           statement=statement.strip(), filed_on=today,
                                           review_due_on=domain.correction_review_due(today))
    audit_record(actor=actor, action="credit.correction_filed", target=correction, case_id=listing.case_id,
                 after={"reason": reason, "review_due_on": correction.review_due_on})
    return correction


@transaction.atomic
def correction_decide(*, correction_id: int, accept: bool, decision_text: str, actor) -> Correction:
    """Accept (revoke, delete or correct within 3 working days) or reject (the applicant may ask the higher court
    to reconsider within 10 days of service; the listing stays meanwhile)."""
    require_decider(actor)
    correction = Correction.objects.select_for_update().select_related("listing").filter(pk=correction_id).first()
    if correction is None:
        raise NotFound("CREDIT_CORRECTION_NOT_FOUND", "纠正申请不存在")
    if correction.status != CorrectionStatus.PENDING:
        raise DomainError("CREDIT_CORRECTION_DECIDED", "该申请已处理", status=409)
    if not decision_text.strip():
        raise DomainError(CreditError.REASON_REQUIRED, "请写明决定理由")
    today = court_today()
    listing = _load_listing(correction.listing_id)
    correction.decided_on, correction.decision_text = today, decision_text.strip()
    if accept:
        correction.status = CorrectionStatus.ACCEPTED
        if correction.reason == CorrectionReason.SHOULD_NOT_LIST and listing.is_active:
            listing.status = ListingStatus.REVOKED
        elif correction.reason == CorrectionReason.SHOULD_DELETE and listing.is_active:
            listing.status, listing.deletion_ground = ListingStatus.DELETED, DeletionGround.PERFORMED
        listing.deletion_event_on = today
        listing.deletion_due_on = add_working_days_on(today, domain.DELETION_WORKING_DAYS)
        listing.deleted_on = today if listing.status in (ListingStatus.REVOKED, ListingStatus.DELETED) else None
        listing.save()
    else:
        correction.status = CorrectionStatus.REJECTED
        correction.reconsideration_due_on = period_deadline(
            start=today, days=domain.RECONSIDERATION_APPLY_DAYS, rollover=True).deadline
    correction.save()
    audit_record(actor=actor, action="credit.correction_decided", target=correction, case_id=listing.case_id,
                 reason=decision_text, after={"status": correction.status, "listing_status": listing.status})
    return correction


@transaction.atomic
def restriction_order(*, case_id: int, debtor_id: int, persons: list[dict], actor,
                      ordered_on: date | None = None) -> Restriction:
    """A consumption-restriction order (ConsumptionProv art. 1); for a unit it also binds its legal representative,
    main person in charge, directly responsible persons and actual controller (art. 3 ¶2) — at least the legal
    representative must be named."""
    require_decider(actor)
    case = access_case_for_write(actor, case_id)
    debtor = _debtor_in(case, debtor_id)
    if debtor.kind == PartyKind.ORGANISATION:
        if not any(p.get("role") == "legal_representative" for p in persons):
            raise DomainError(CreditError.RESTRICTION_PERSONS, "被执行人为单位的，应列明其法定代表人等受限制人员")
        for p in persons:
            if not str(p.get("name", "")).strip():
                raise DomainError(CreditError.RESTRICTION_PERSONS, "受限制人员姓名不能为空")
            if p.get("id_number"):
                from yingshang.cases.domain import normalise_id_number
                p["id_number"] = normalise_id_number(p["id_number"])
    elif persons:
        raise DomainError(CreditError.RESTRICTION_PERSONS, "被执行人为自然人的，无需另列受限制人员")
    restriction = Restriction.objects.create(case=case, debtor=debtor, ordered_on=ordered_on or court_today(),
                                             ordered_by=actor)
    RestrictedPerson.objects.bulk_create([RestrictedPerson(restriction=restriction, name=p["name"].strip(),
                                                           id_number=p.get("id_number") or "", role=p["role"])
                                          for p in persons])
    from yingshang.enforcement.models import EnforcementCase, Node
    from yingshang.core.clock import court_now
    enforcement = EnforcementCase.objects.filter(case=case).first()
    if enforcement:
        Node.objects.create(enforcement=enforcement, kind="consumption_restriction", occurred_on=restriction.ordered_on,
                            description=f"对{debtor.name}限制消费", actor=actor, recorded_at=court_now())
    audit_record(actor=actor, action="credit.restriction_ordered", target=restriction, case_id=case.pk,
                 after={"debtor": debtor.name, "persons": [(p["name"], p["role"]) for p in persons]})
    return restriction


@transaction.atomic
def restriction_lift(*, restriction_id: int, ground: str, actor, person_id: int | None = None) -> Restriction:
    """Lift the whole order (full performance must; security or the creditor's consent may — arts 6, 9) or one
    person's restriction when the legal representative genuinely changed (GoodFaithOp item 17)."""
    require_decider(actor)
    restriction = Restriction.objects.select_for_update().filter(pk=restriction_id).first()
    if restriction is None:
        raise NotFound("CREDIT_RESTRICTION_NOT_FOUND", "限制消费令不存在")
    access_case(actor, restriction.case_id)
    if restriction.lifted_on:
        raise DomainError("CREDIT_RESTRICTION_LIFTED", "限制消费令已解除", status=409)
    today = court_today()
    if ground == LiftGround.PERSON_CHANGED:
        person = restriction.persons.filter(pk=person_id, lifted_on__isnull=True).first()
        if person is None:
            raise DomainError("CREDIT_RESTRICTED_PERSON", "请选择需解除限制的人员")
        person.lifted_on = today
        person.save(update_fields=["lifted_on"])
    else:
        restriction.lifted_on, restriction.lift_ground = today, ground
        restriction.save(update_fields=["lifted_on", "lift_ground", "updated_at"])
    audit_record(actor=actor, action="credit.restriction_lifted", target=restriction, case_id=restriction.case_id,
                 after={"ground": ground, "person_id": person_id})
    return restriction


@transaction.atomic
def repair_apply(*, actor, requested: str, statement: str, listing_id: int | None = None,
                 restriction_id: int | None = None) -> RepairApplication:
    """An enterprise that is willing but unable to pay applies for credit repair from the portal."""
    target = (Listing.objects.filter(pk=listing_id).select_related("debtor").first() if listing_id else
              Restriction.objects.filter(pk=restriction_id).select_related("debtor").first() if restriction_id else None)
    if target is None or not _user_speaks_for(actor, target.debtor):
        raise NotFound("CREDIT_TARGET_NOT_FOUND", "未找到您的失信或限制消费记录")
    if target.debtor.organisation_kind != OrganisationKind.ENTERPRISE:
        raise DomainError(CreditError.NOT_ENTERPRISE, "信用修复申请适用于企业")
    if not statement.strip():
        raise DomainError(CreditError.REASON_REQUIRED, "请说明愿意履行但暂时无力履行的情况")
    application = RepairApplication.objects.create(
        listing=target if listing_id else None, restriction=target if restriction_id else None, applicant=actor,
        requested=requested, statement=statement.strip(), filed_on=court_today())
    audit_record(actor=actor, action="credit.repair_applied", target=application, case_id=target.case_id,
                 after={"requested": requested})
    return application


@transaction.atomic
def repair_decide(*, application_id: int, approve: bool, decision: str, decision_text: str, actor,
                  shorten_to: date | None = None) -> RepairApplication:
    """Decide a repair application: shield, shorten the term, lift the restriction or delete (measures 19, 29)."""
    require_decider(actor)
    application = RepairApplication.objects.select_for_update().filter(pk=application_id).first()
    if application is None:
        raise NotFound("CREDIT_REPAIR_NOT_FOUND", "信用修复申请不存在")
    if application.status != RepairStatus.SUBMITTED:
        raise DomainError("CREDIT_REPAIR_DECIDED", "该申请已处理", status=409)
    if not decision_text.strip():
        raise DomainError(CreditError.REASON_REQUIRED, "请写明决定理由")
    today = court_today()
    if approve:
        listing, restriction = application.listing, application.restriction
        if decision in (RepairDecisionKind.SHIELD, RepairDecisionKind.SHORTEN, RepairDecisionKind.DELETE) \
                and listing is None:
            raise DomainError("CREDIT_REPAIR_TARGET", "该申请针对限制消费令，只能决定解除限制消费")
        if decision == RepairDecisionKind.SHIELD:
            listing.is_shielded = True
            listing.save(update_fields=["is_shielded", "updated_at"])
        elif decision == RepairDecisionKind.SHORTEN:
            if not listing.has_fixed_term or not shorten_to or not (today <= shorten_to < listing.ends_on):
                raise DomainError("CREDIT_REPAIR_SHORTEN", "缩短后的届满日应不早于今天且早于原届满日（仅适用于有期限的名单）")
            listing.ends_on = shorten_to
            listing.save(update_fields=["ends_on", "updated_at"])
        elif decision == RepairDecisionKind.DELETE:
            if not listing.is_active:
                raise DomainError(CreditError.NOT_ACTIVE, "该失信记录已删除或撤销", status=409)
            listing.status, listing.deletion_ground = ListingStatus.DELETED, DeletionGround.CREDIT_REPAIR
            listing.deletion_event_on, listing.deleted_on = today, today
            listing.deletion_due_on = add_working_days_on(today, domain.DELETION_WORKING_DAYS)
            listing.save()
        elif decision == RepairDecisionKind.LIFT_RESTRICTION:
            restriction = restriction or Restriction.objects.filter(
                case=listing.case, debtor=listing.debtor, lifted_on__isnull=True).first()
            if restriction is None or restriction.lifted_on:
                raise DomainError("CREDIT_REPAIR_TARGET", "没有可解除的限制消费令")
            restriction.lifted_on, restriction.lift_ground = today, LiftGround.CREDIT_REPAIR
            restriction.save(update_fields=["lifted_on", "lift_ground", "updated_at"])
        application.status, application.decision, application.shorten_to = RepairStatus.APPROVED, decision, shorten_to
    else:
        application.status = RepairStatus.REJECTED
    application.decision_text, application.decided_by, application.decided_on = decision_text.strip(), actor, today
    application.save()
    target = application.listing or application.restriction
    audit_record(actor=actor, action="credit.repair_decided", target=application, case_id=target.case_id,
                 reason=decision_text, after={"status": application.status, "decision": application.decision})
    outcome = (f"准予{application.get_decision_display()}" if approve else "不予修复") + f"（{decision_text.strip()}）"
    notification_enqueue(recipient_user=application.applicant, template_code="credit.repair_decided",
                         case=target.case, idempotency_key=f"credit.repair_decided:{application.pk}",
                         context={"case_number": target.case.case_number, "date": today, "outcome": outcome})
    return application


# --- Reorganisation credit repair (four kinds, letters) --------------------------------------------------------

_ADDRESSEES = {
    ReorganisationRepairKind.TAX: "国家税务总局咸丰县税务局",
    ReorganisationRepairKind.MARKET: "咸丰县市场监督管理局",
    ReorganisationRepairKind.JUDICIAL: "本院执行局",
    ReorganisationRepairKind.FINANCIAL: "中国人民银行恩施州分行及相关金融机构",
}
_ASKS = {
    ReorganisationRepairKind.TAX: "依据国家税务总局公告2021年第31号，对该企业予以纳税信用修复，撤出已公布的重大税收违法失信信息",
    ReorganisationRepairKind.MARKET: "将该企业移出经营异常名录及严重违法失信名单",
    ReorganisationRepairKind.JUDICIAL: "删除该企业的失信被执行人信息并解除限制消费措施",
    ReorganisationRepairKind.FINANCIAL: "在征信系统中对该企业重整情况予以标注，并对其正常融资需求一视同仁",
}


def repair_letter(kind: str, *, enterprise: Party, case: Case, court_name: str, letter_number: str,
                  today: date) -> str:
    return (f"{_ADDRESSEES[kind]}：\n\n"
            f"本院受理的{case.case_number}{enterprise.name}（统一社会信用代码：{enterprise.credit_code}）"
            f"重整（和解）一案，已依法裁定批准重整计划（和解协议）。根据《关于推动和保障管理人在破产程序中依法履职"
            f"进一步优化营商环境的意见》（发改财金规〔2021〕274号）等规定，特函请贵单位{_ASKS[kind]}。\n\n"
            f"特此函告。\n\n{court_name}\n{today:%Y年%m月%d日}\n（函号：{letter_number}）")


@transaction.atomic
def reorganisation_repair_start(*, case_id: int, enterprise_id: int, actor) -> list[ReorganisationRepair]:
    """Create the four repair requests with their letters (idempotent: existing kinds are kept)."""
    require_preparer(actor)
    case = access_case(actor, case_id)
    if case.category != CaseCategory.BANKRUPTCY:
        raise DomainError("CREDIT_NOT_BANKRUPTCY", "重整企业信用修复须在破产（重整、和解）案件中办理")
    enterprise = Party.objects.filter(pk=enterprise_id, case_roles__case=case,
                                      organisation_kind=OrganisationKind.ENTERPRISE).first()
    if enterprise is None:
        raise DomainError(CreditError.NOT_ENTERPRISE, "所选当事人不是本案企业")
    today = court_today()
    created = []
    for index, kind in enumerate(ReorganisationRepairKind, start=1):
        if ReorganisationRepair.objects.filter(case=case, enterprise=enterprise, kind=kind).exists():
            continue
        number = f"（{today.year}）{case.court.code}破函{case.sequence}-{index}号"
        created.append(ReorganisationRepair.objects.create(
            case=case, enterprise=enterprise, kind=kind, addressee=_ADDRESSEES[kind], letter_number=number,
            letter_text=repair_letter(kind, enterprise=enterprise, case=case, court_name=case.court.name,
                                      letter_number=number, today=today),
            status_on=today, created_by=actor))
    audit_record(actor=actor, action="credit.reorganisation_repair_started", target=case, case_id=case.pk,
                 after={"enterprise": enterprise.name, "kinds": [r.kind for r in created]})
    return created


@transaction.atomic
def reorganisation_repair_status(*, request_id: int, status: str, actor) -> ReorganisationRepair:
    require_preparer(actor)
    request = ReorganisationRepair.objects.select_for_update().filter(pk=request_id).first()
    if request is None:
        raise NotFound("CREDIT_REPAIR_REQUEST_NOT_FOUND", "修复函件不存在")
    access_case(actor, request.case_id)
    if status not in RequestStatus.values:
        raise DomainError("CREDIT_STATUS", "状态不正确")
    before = {"status": request.status}
    request.status, request.status_on = status, court_today()
    request.save()
    audit_record(actor=actor, action="credit.reorganisation_repair_status", target=request, case_id=request.case_id,
                 before=before, after={"status": status})
    return request


# --- Government integrity (measure 23) and red/black lists -----------------------------------------------------

def _webhook(payload: list[dict]) -> str:
    url = getattr(settings, "CREDIT_INTEGRITY_WEBHOOK_URL", "")
    if not url:
        return ""
    request = urllib.request.Request(url, data=json.dumps(payload, ensure_ascii=False).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - configured internal URL
            return f"HTTP {response.status}"
    except Exception as exc:  # recorded, never fatal: the push rows and the export stay the source of truth
        return f"失败：{exc.__class__.__name__}"


@transaction.atomic
def integrity_push(*, period: str, actor=None) -> list[IntegrityPush]:
    """Push every open enforcement case whose debtor is a government body or public institution to the
    government-integrity lead department for the period (YYYY-MM). Idempotent: one row per period, case, debtor."""
    from yingshang.enforcement.models import EnforcementCase

    today = court_today()
    rows = (CaseParty.objects.filter(role=PartyRole.DEBTOR, case__category=CaseCategory.ENFORCEMENT,
                                     case__status__in=OPEN_STATUSES,
                                     party__organisation_kind__in=[OrganisationKind.GOVERNMENT,
                                                                   OrganisationKind.PUBLIC_INSTITUTION])
            .exclude(Exists(IntegrityPush.objects.filter(period=period, case=OuterRef("case"),
                                                         debtor=OuterRef("party"))))
            .select_related("case", "party"))
    outstanding = dict(EnforcementCase.objects.values_list("case_id", "amount_applied_fen"))
    paid = dict(EnforcementCase.objects.values_list("case_id", "paid_out_fen"))
    pushes = [IntegrityPush(period=period, case=row.case, debtor=row.party, status_on=today,
                            outstanding_fen=max(outstanding.get(row.case_id, row.case.claim_amount_fen)
                                                - paid.get(row.case_id, 0), 0)) for row in rows]
    IntegrityPush.objects.bulk_create(pushes, ignore_conflicts=True)
    keys = {(p.case_id, p.debtor_id) for p in pushes}
    created = [p for p in IntegrityPush.objects.filter(period=period).select_related("case", "debtor")
               if (p.case_id, p.debtor_id) in keys]
    if created:
        status = _webhook([{"period": period, "case_number": p.case.case_number, "debtor": p.debtor.name,
                            "credit_code": p.debtor.credit_code, "outstanding_fen": p.outstanding_fen}
                           for p in created])
        if status:
            IntegrityPush.objects.filter(pk__in=[p.pk for p in created]).update(webhook_status=status)
        audit_record(actor=actor, action="credit.integrity_pushed", target=created[0],
                     after={"period": period, "count": len(created), "webhook": status})
    return list(IntegrityPush.objects.filter(period=period).select_related("case", "debtor"))


@transaction.atomic
def integrity_status_set(*, push_id: int, status: str, actor) -> IntegrityPush:
    if not is_integrity_department(actor):
        raise PermissionDenied("CREDIT_INTEGRITY_ONLY", "仅限政务诚信牵头部门")
    push = IntegrityPush.objects.select_for_update().filter(pk=push_id).first()
    if push is None:
        raise NotFound("CREDIT_PUSH_NOT_FOUND", "推送记录不存在")
    if status not in (PushStatus.ACKNOWLEDGED, PushStatus.PERFORMED):
        raise DomainError("CREDIT_STATUS", "状态应为已签收或已履行")
    before = {"status": push.status}
    push.status, push.status_on = status, court_today()
    push.save()
    audit_record(actor=actor, action="credit.integrity_status_set", target=push, before=before,
                 after={"status": status})
    return push


PROMPT_DAYS = 30        # red list: fully performed within 30 days of filing (court policy)
PERSISTENT_MONTHS = 6   # black list: published on the dishonest list for at least 6 months at month end


@transaction.atomic
def honour_lists_build(*, month: str, actor=None) -> dict:
    """The month's red list (enforcement cases closed 执行完毕 within 30 days of filing in the month: prompt
    performers) and black list (debtors published on the list for at least 6 months at month end, still active,
    not shielded). Idempotent; court policy, not statute."""
    year, mon = (int(x) for x in month.split("-"))
    first = date(year, mon, 1)
    last = date(year, mon, calendar.monthrange(year, mon)[1])
    red = []
    for case in Case.objects.filter(category=CaseCategory.ENFORCEMENT, closing_manner=ClosingManner.FULLY_ENFORCED,
                                    closed_on__gte=first, closed_on__lte=last):
        if (case.closed_on - case.filed_on).days <= PROMPT_DAYS:
            for link in CaseParty.objects.filter(case=case, role=PartyRole.DEBTOR):
                red.append(HonourEntry(month=month, kind=HonourList.RED, party_id=link.party_id, case=case,
                                       reason=f"立案后{(case.closed_on - case.filed_on).days}日内履行完毕"))
    cutoff = domain.add_months(last, -PERSISTENT_MONTHS)
    black = [HonourEntry(month=month, kind=HonourList.BLACK, party_id=listing.debtor_id, case_id=listing.case_id,
                         reason=f"自{listing.publish_on:%Y年%m月%d日}起被列为失信被执行人，至今未履行")
             for listing in Listing.objects.filter(status=ListingStatus.PUBLISHED, is_shielded=False,
                                                   publish_on__lte=cutoff)]
    HonourEntry.objects.bulk_create(red + black, ignore_conflicts=True)
    result = {"red": HonourEntry.objects.filter(month=month, kind=HonourList.RED).count(),
              "black": HonourEntry.objects.filter(month=month, kind=HonourList.BLACK).count()}
    return result


@transaction.atomic
def honour_lists_publish(*, month: str, actor) -> int:
    require_decider(actor)
    count = HonourEntry.objects.filter(month=month, is_published=False).update(is_published=True)
    if count:
        audit_record(actor=actor, action="credit.honour_lists_published",
                     target=HonourEntry.objects.filter(month=month).first(), after={"month": month, "count": count})
    return count
