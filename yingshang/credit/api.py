"""/api/v1 — credit: listings, corrections, restrictions, repair, reorganisation letters, the public query,
the government-integrity push, red/black lists."""

import re

from ninja import Router, Status

from yingshang.core.clock import court_today
from yingshang.core.errors import DomainError, PermissionDenied
from yingshang.credit import selectors, services
from yingshang.credit.models import Listing
from yingshang.credit.permissions import is_integrity_department, require_preparer
from yingshang.credit.ratelimit import check_public_query_rate
from yingshang.credit.schemas import (
    CorrectionIn, DecideIn, DeleteIn, LiftIn, ListingIn, ListingOut, PushStatusIn, RepairDecideIn, RepairIn,
    RestrictionIn,
)

router = Router(tags=["credit 信用"])
PREFIX = "/"


def listing_out(listing: Listing) -> dict:
    return {"id": listing.pk, "case_number": listing.case.case_number, "debtor": listing.debtor.name,
            "ground": listing.ground, "ground_label": listing.get_ground_display(), "decided_on": listing.decided_on,
            "has_fixed_term": listing.has_fixed_term, "term_years": listing.term_years, "ends_on": listing.ends_on,
            "publish_on": listing.publish_on, "status": listing.status, "status_label": listing.get_status_display(),
            "is_shielded": listing.is_shielded, "deletion_ground": listing.deletion_ground,
            "deletion_due_on": listing.deletion_due_on, "deleted_on": listing.deleted_on}


@router.get("/credit/public-query", auth=None, summary="失信被执行人公开查询（脱敏、限频）")
def public_query(request, q: str):
    """Only published entries that are not shielded; personal ID numbers masked (4228**********1234)."""
    check_public_query_rate(request)
    text = (q or "").strip()
    if len(text) < 2 or not re.fullmatch(r"[\w\u4e00-\u9fff（）()·]+", text):
        raise DomainError("CREDIT_QUERY_TOO_SHORT", "请输入至少两个字的名称，或完整的统一社会信用代码/身份证号")
    return {"items": selectors.public_query(q=text, today=court_today())}


@router.get("/listings", response=list[ListingOut], summary="失信名单（按权限范围）")
def list_listings(request):
    require_preparer(request.user)
    return [listing_out(x) for x in selectors.listings_for_user(user=request.user)[:500]]


@router.post("/listings", response={201: ListingOut}, summary="纳入失信被执行人名单（院长批准）")
def create_listing(request, payload: ListingIn):
    return Status(201, listing_out(services.listing_decide(actor=request.user, **payload.dict())))


@router.post("/listings/{listing_id}/delete", response=ListingOut, summary="删除失信信息（3个工作日内）")
def delete_listing(request, listing_id: int, payload: DeleteIn):
    return listing_out(services.listing_delete(listing_id=listing_id, ground=payload.ground, event_on=payload.event_on,
                                               note=payload.note, actor=request.user))


@router.post("/listings/{listing_id}/corrections", response={201: dict}, summary="申请纠正失信信息（被纳入人）")
def file_correction(request, listing_id: int, payload: CorrectionIn):
    c = services.correction_file(listing_id=listing_id, reason=payload.reason, statement=payload.statement,
                                 actor=request.user)
    return Status(201, {"id": c.pk, "review_due_on": c.review_due_on, "status": c.status})


@router.post("/corrections/{correction_id}/decide", summary="审查纠正申请（15日内）")
def decide_correction(request, correction_id: int, payload: DecideIn):
    c = services.correction_decide(correction_id=correction_id, accept=payload.accept,
                                   decision_text=payload.decision_text, actor=request.user)
    return {"id": c.pk, "status": c.status, "reconsideration_due_on": c.reconsideration_due_on,
            "listing_status": c.listing.status}


@router.post("/restrictions", response={201: dict}, summary="限制消费令")
def create_restriction(request, payload: RestrictionIn):
    r = services.restriction_order(case_id=payload.case_id, debtor_id=payload.debtor_id,
                                   persons=[p.dict() for p in payload.persons], ordered_on=payload.ordered_on,
                                   actor=request.user)
    return Status(201, {"id": r.pk, "persons": [{"id": p.pk, "name": p.name, "role": p.role} for p in r.persons.all()]})


@router.post("/restrictions/{restriction_id}/lift", summary="解除限制消费")
def lift_restriction(request, restriction_id: int, payload: LiftIn):
    r = services.restriction_lift(restriction_id=restriction_id, ground=payload.ground, person_id=payload.person_id,
                                  actor=request.user)
    return {"id": r.pk, "lifted_on": r.lifted_on}


@router.post("/credit-repairs", response={201: dict}, summary="企业申请信用修复（门户）")
def apply_repair(request, payload: RepairIn):
    a = services.repair_apply(actor=request.user, **payload.dict())
    return Status(201, {"id": a.pk, "status": a.status})


@router.post("/credit-repairs/{application_id}/decide", summary="信用修复决定")
def decide_repair(request, application_id: int, payload: RepairDecideIn):
    a = services.repair_decide(application_id=application_id, actor=request.user, **payload.dict())
    return {"id": a.pk, "status": a.status, "decision": a.decision}


@router.get("/credit-repairs/candidates", summary="信用修复批量评估（能修尽修）")
def repair_candidates(request):
    require_preparer(request.user)
    return [{"listing_id": c["listing"].pk, "debtor": c["listing"].debtor.name,
             "case_number": c["listing"].case.case_number, "reasons": c["reasons"]}
            for c in selectors.repair_candidates(today=court_today())]


@router.post("/cases/{case_id}/reorganisation-repairs", response={201: list[dict]}, summary="重整企业信用修复（四类函件）")
def start_reorganisation_repair(request, case_id: int, enterprise_id: int):
    created = services.reorganisation_repair_start(case_id=case_id, enterprise_id=enterprise_id, actor=request.user)
    return Status(201, [{"id": r.pk, "kind": r.kind, "addressee": r.addressee, "letter_number": r.letter_number}
                 for r in created])


@router.get("/integrity-pushes", summary="政务诚信推送清单（牵头部门 / 院内）")
def list_pushes(request, period: str | None = None):
    if not (is_integrity_department(request.user) or request.user.is_court_staff):
        raise PermissionDenied("CREDIT_INTEGRITY_ONLY", "仅限政务诚信牵头部门和院内人员")
    return [{"id": p.pk, "period": p.period, "case_number": p.case.case_number, "debtor": p.debtor.name,
             "outstanding_fen": p.outstanding_fen, "status": p.status, "status_label": p.get_status_display()}
            for p in selectors.integrity_pushes(period=period)]


@router.post("/integrity-pushes/{push_id}/status", summary="签收 / 标记已履行（牵头部门）")
def set_push_status(request, push_id: int, payload: PushStatusIn):
    p = services.integrity_status_set(push_id=push_id, status=payload.status, actor=request.user)
    return {"id": p.pk, "status": p.status}


@router.get("/honour-lists/{month}", auth=None, summary="红黑榜（已发布）")
def honour_lists(request, month: str):
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month):
        raise DomainError("CREDIT_MONTH", "月份格式应为 YYYY-MM")
    lists = selectors.honour_list(month=month)
    return {kind: [{"name": e.party.name, "case_number": e.case.case_number, "reason": e.reason} for e in rows]
            for kind, rows in lists.items()}


