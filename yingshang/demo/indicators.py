"""Demo activity for the 2023-plan indicators of the leadership dashboard that read records other than the case table
(送达记录、诉讼活动、负责人出庭应诉、执行结案、当事人留言、胜诉退费、上诉移送、速裁涉企案件): written through each app's
own services, on dates of the current year, so that every one of those indicators has a denominator in the demo
court and a plausible value (some on time, some late). Called by ``activity.demo_activity_seed``; every step goes
through ``_Tally.attempt`` (a refusal by the rules is counted and skipped).
"""

from datetime import date, timedelta

from django.db.models import Q

from yingshang.cases.choices import OPEN_STATUSES, CaseCategory, PartyRole
from yingshang.cases.models import Case, CaseAgent, CaseParty
from yingshang.org.models import User


def plan_indicator_activity(*, enforcement_cases, tally, today: date, user, say) -> None:
    """All the steps below, in an order that keeps their case sets apart (each picks its cases by fixed rules)."""
    year_start = date(today.year, 1, 1)
    _enforcement_outcomes(enforcement_cases, tally, today, year_start, say)
    _party_messages(enforcement_cases, tally, say)
    _fast_track(tally, today, year_start, say)
    _judgments_refunds_appeals(tally, today, year_start, user, say)
    _agency_appearances(tally, today, year_start, say)
    _service_and_hearings(tally, today, year_start, say)


def _creditor(case):
    return CaseParty.objects.filter(case=case, role=PartyRole.CREDITOR).order_by("pk").first()


def _enforcement_outcomes(cases, tally, today, year_start, say):
    """执行完毕: money in for the whole applied amount, paid out to the creditor (maker/checker), closed 执行完毕.
    终结本次执行: the accounts partly paid out by ``activity._enforcement`` (every twelfth) get the two remaining
    nodes of 法〔2016〕373号 art. 1 and are closed for this round — so 执行到位率 is below 100 %."""
    from yingshang.enforcement import services as enf
    from yingshang.enforcement.choices import NodeKind

    head = User.objects.filter(role="division_head", department__kind="enforcement").order_by("pk").first()
    # the smaller claims are the ones debtors pay in full; a round closure needs more than 3 months since filing
    full = sorted([(i, c) for i, c in enumerate(cases) if i % 3 == 1],
                  key=lambda ic: (ic[1].claim_amount_fen, ic[0]))[:8]
    rounds = [(i, c) for i, c in enumerate(cases) if i % 12 == 0 and c.filed_on < today - timedelta(days=100)]
    say(f"执行结案：{len(full)}件执行完毕，{len(rounds)}件部分到位后终结本次执行")
    for index, case in full:
        creditor = _creditor(case)
        if creditor is None or head is None:
            continue
        amount = max(case.claim_amount_fen, 100_000)
        received_on = max(min(case.filed_on + timedelta(days=25 + index % 20), today), year_start, case.filed_on)
        if not tally.attempt("enforcement.receipt_full", enf.receipt_record, case_id=case.pk, amount_fen=amount,
                             source="bank_transfer" if index % 2 else "online", received_on=received_on,
                             actor=case.judge):
            continue
        payout = tally.attempt("enforcement.payout_request", enf.payout_request, case_id=case.pk,
                               creditor_id=creditor.party_id, amount_fen=amount, actor=case.judge)
        if payout and tally.attempt("enforcement.payout_paid", enf.payout_decide, payout_id=payout.pk, approve=True,
                                    actor=head):
            tally.attempt("enforcement.fully_enforced", enf.fully_enforced_close, case_id=case.pk, actor=case.judge)
    for index, case in rounds:
        for kind in (NodeKind.CONSUMPTION_RESTRICTION, NodeKind.CREDITOR_INTERVIEW):
            tally.attempt("enforcement.node", enf.node_record, case_id=case.pk, kind=kind,
                          occurred_on=max(today - timedelta(days=10), case.filed_on), actor=case.judge)
        tally.attempt("enforcement.round_closed", enf.round_close, case_id=case.pk, actor=case.judge)


def _party_messages(cases, tally, say):
    """Messages left by the creditors' portal accounts or lawyers; the officer answers most of them the same day
    (due in 3 working days), the rest are still within their time."""
    from yingshang.enforcement import services as enf

    writers = []
    for case in cases:
        case.refresh_from_db(fields=["status"])  # closed by _enforcement_outcomes
        if case.status not in OPEN_STATUSES:
            continue
        agent = (CaseAgent.objects.filter(case_party__case=case, case_party__role=PartyRole.CREDITOR)
                 .select_related("agent").order_by("pk").first())
        party_user = User.objects.filter(parties__case_roles__case=case,
                                         parties__case_roles__role=PartyRole.CREDITOR).order_by("pk").first()
        writer = agent.agent if agent else party_user
        if writer is not None:
            writers.append((case, writer))
        if len(writers) == 6:
            break
    say(f"执行留言：{len(writers)}件执行案件的申请执行人留言，承办人答复")
    bodies = ("请问案款何时能发放？", "我方发现被执行人名下另有一辆货车，请法院查控。", "建议对被执行人法定代表人限制高消费。")
    kinds = ("message", "clue", "suggestion")
    for index, (case, writer) in enumerate(writers):
        message = tally.attempt("enforcement.message", enf.message_post, case_id=case.pk, kind=kinds[index % 3],
                                body=bodies[index % 3], actor=writer)
        if message and index % 3 != 2:
            tally.attempt("enforcement.message_reply", enf.message_reply, message_id=message.pk,
                          reply="已收悉，承办人已核实并将依法处理，处理结果将另行告知。", actor=case.judge)


def _fast_track(tally, today, year_start, say):
    """繁简分流: simple-procedure enterprise 民初 cases filed this year turn to 速裁 and close — most by mediation or
    withdrawal, some by judgment (企业速裁案件调撤率)."""
    from yingshang.cases.services import case_procedure_change, case_status_change

    cases = list(Case.objects.filter(type_code="民初", procedure="simple", is_enterprise_involved=True,
                                     status__in=OPEN_STATUSES, judge__isnull=False, filed_on__gte=year_start,
                                     filed_on__lte=today - timedelta(days=20),
                                     category__in=[CaseCategory.CIVIL, CaseCategory.COMMERCIAL,
                                                   CaseCategory.FINANCIAL])
                 .exclude(preservation_applications__isnull=False).order_by("id")[:8])
    say(f"速裁：{len(cases)}件涉企民初案件转入速裁程序并结案（调解、撤诉或判决）")
    manners = ("mediation", "withdrawal", "mediation", "judgment")
    for index, case in enumerate(cases):
        changed = tally.attempt("cases.procedure_fast_track", case_procedure_change, case_id=case.pk,
                                procedure="fast_track", reason="繁简分流：事实清楚、权利义务关系明确、争议不大，转入速裁",
                                on=case.filed_on + timedelta(days=3), actor=case.judge)
        if changed:
            tally.attempt("cases.close_fast_track", case_status_change, case_id=case.pk, status="closed",
                          on=min(case.filed_on + timedelta(days=12 + index), today), actor=case.judge,
                          closing_manner=manners[index % 4])


def _judgments_refunds_appeals(tally, today, year_start, user, say):
    """胜诉即退费 and 上诉移送: 民初 cases with the acceptance fee prepaid (``activity._fees``) close by judgment in
    the plaintiff's favour some weeks ago; finance pays the refund — mostly within the working day, sometimes late;
    in some a party appeals and the file goes to the second instance (on time, late, one still waiting)."""
    from yingshang.cases.services import case_status_change
    from yingshang.deadlines.services import appeal_transfer_record, appeal_transfer_complete
    from yingshang.fees.models import RefundOrder
    from yingshang.fees.services import fee_allocation_record, refund_order_mark_paid

    cases = list(Case.objects.filter(type_code="民初", status__in=OPEN_STATUSES, judge__isnull=False,
                                     fee_entries__kind="prepayment",
                                     filed_on__lte=today - timedelta(days=120))
                 .exclude(preservation_applications__isnull=False).distinct().order_by("id")[:6])
    say(f"判决结案：{len(cases)}件民初案件判决结案，胜诉退费，部分上诉移送")
    finance = user("finance1")
    for index, case in enumerate(cases):
        closed_on = max(today - timedelta(days=95 - 10 * index), year_start)
        if not tally.attempt("cases.close_judgment", case_status_change, case_id=case.pk, status="closed",
                             on=closed_on, actor=case.judge, closing_manner="judgment"):
            continue
        tally.attempt("fees.allocation", fee_allocation_record, case_id=case.pk, manner="judgment",
                      plaintiff_prevails=True, actor=case.judge)
        for order in RefundOrder.objects.filter(case=case).order_by("pk"):
            paid_on = order.due_on if index % 3 != 2 else order.due_on + timedelta(days=6)
            tally.attempt("fees.refund_paid", refund_order_mark_paid, refund_id=order.pk, paid_on=min(paid_on, today),
                          actor=finance)
        if index % 3 == 1:
            continue  # not appealed
        appeal_filed_on = closed_on + timedelta(days=9)
        transfer = tally.attempt("deadlines.appeal_transfer", appeal_transfer_record, case_id=case.pk,
                                 appeal_filed_on=appeal_filed_on, served_on=appeal_filed_on + timedelta(days=2),
                                 actor=case.judge)
        if transfer is None or index == 5:
            continue  # the last one waits for its transfer
        transferred_on = transfer.due_on - timedelta(days=1) if index % 2 == 0 else transfer.due_on + timedelta(days=4)
        tally.attempt("deadlines.appeal_transferred", appeal_transfer_complete, transfer_id=transfer.pk,
                      transferred_on=min(transferred_on, today), actor=case.judge)


def _agency_appearances(tally, today, year_start, say):
    """行政机关负责人出庭应诉: the hearings of this year's administrative cases, with who appeared for the agency."""
    from yingshang.metrics.services import agency_appearance_record

    picked = []
    for case in (Case.objects.filter(type_code="行初", judge__isnull=False)
                 .filter(Q(status__in=OPEN_STATUSES) | Q(closed_on__gte=year_start)).order_by("id")):
        hearing_on = max(case.filed_on + timedelta(days=20), year_start + timedelta(days=4))
        if hearing_on <= min(case.closed_on or today, today):
            picked.append((case, hearing_on))
        if len(picked) == 10:
            break
    say(f"行政诉讼：登记{len(picked)}次庭审的行政机关负责人出庭应诉情况")
    heads = (("principal_head", "局长"), ("deputy_head", "副局长"), ("staff_only", ""), ("deputy_head", "副局长"),
             ("principal_head", "主任"))
    for index, (case, hearing_on) in enumerate(picked):
        defendant = (CaseParty.objects.filter(case=case, role=PartyRole.DEFENDANT).select_related("party")
                     .order_by("pk").first())
        appearance, title = heads[index % len(heads)]
        tally.attempt("metrics.agency_appearance", agency_appearance_record, case_id=case.pk, hearing_on=hearing_on,
                      defendant_agency=defendant.party.name if defendant else "咸丰县人民政府",
                      appearance=appearance, head_name=f"负责人{index + 1}" if title else "", head_title=title,
                      actor=case.judge)


def _service_and_hearings(tally, today, year_start, say):
    """送达 and 庭审: 受理通知书 served on the plaintiffs of recent 民初 cases — electronically (SMS, with the party's
    consent) or by post/in person — and hearings held online, offline or both (电子送达率、在线庭审率)."""
    from yingshang.documents.services import activities, dossier, service

    cases = list(Case.objects.filter(type_code="民初", status__in=OPEN_STATUSES, judge__isnull=False,
                                     filed_on__gte=year_start).order_by("-filed_on", "-id")[:10])
    say(f"送达与庭审：向{len(cases)}件民初案件原告送达受理通知书，记录庭审方式")
    modes = ("online", "offline", "hybrid", "offline", "online")
    for index, case in enumerate(cases):
        plaintiff = CaseParty.objects.filter(case=case, role=PartyRole.PLAINTIFF).order_by("pk").first()
        if plaintiff is None:
            continue
        document = tally.attempt("documents.generate", dossier.document_generate, case_id=case.pk,
                                 kind="acceptance_notice", addressee_party_id=plaintiff.party_id, actor=case.judge)
        if document is not None:
            if index % 4 != 3:
                tally.attempt("documents.consent", service.consent_record, party_id=plaintiff.party_id,
                              case_id=case.pk, methods=["sms"], consented_on=max(case.filed_on, today - timedelta(1)),
                              phone=f"1397182{index:04d}", actor=case.judge)
                record = tally.attempt("documents.service_sent", service.service_send, document_id=document.pk,
                                       party_id=plaintiff.party_id, method="sms", actor=case.judge)
                if record is not None:
                    tally.attempt("documents.service_served", service.service_result_record, record_id=record.pk,
                                  outcome="served", actor=case.judge)
            else:
                tally.attempt("documents.service_sent", service.service_send, document_id=document.pk,
                              party_id=plaintiff.party_id, method="in_person", event_on=today, actor=case.judge)
        held_on = max(today - timedelta(days=3 + index), case.filed_on)
        tally.attempt("documents.hearing", activities.activity_record, case_id=case.pk, kind="hearing",
                      mode=modes[index % len(modes)], held_on=held_on,
                      platform="人民法院在线服务" if modes[index % len(modes)] != "offline" else "", actor=case.judge)
