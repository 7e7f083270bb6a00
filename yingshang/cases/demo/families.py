"""The demo plan's non-civil case families: criminal (刑初), administrative (行初, 行审) and bankruptcy (破申 → 破).

A mixin of ``generator._Generator``: the methods use its random source, party pool and helpers (``_new_case``,
``_add``, ``_close``, ``_schedule`` …). Pure like the generator: no database, no settings, no clock.
"""

from datetime import date, timedelta

from yingshang.cases.choices import CaseLinkKind, ClosingManner, FilingChannel, PartyRole, Procedure
from yingshang.cases.demo import tables
from yingshang.cases.demo.organisation import account
from yingshang.cases.demo.plan import CasePlan
from yingshang.cases.demo.tables import LIMIT_DAYS


class OtherFamilies:
    """Criminal, administrative and bankruptcy cases of the demo court."""

    def make_criminal(self, *, filed_on: date) -> None:
        if not self._room(filed_on):
            return
        rng = self.rng
        crime = self.crimes.pick(rng)
        u = rng.random()
        procedure = (Procedure.FAST_TRACK if u < 0.3 else Procedure.SIMPLE if u < 0.72 else Procedure.ORDINARY)
        department = "environment" if crime.is_environmental and rng.random() < 0.5 else "criminal"
        case = self._new_case("刑初", filed_on, procedure=procedure, cause_text=crime.name,
                              channel=FilingChannel.WINDOW, department=department)
        if rng.random() < crime.unit_crime_share:
            self._put(case, self.enterprise(), PartyRole.ACCUSED)
        for _ in range(1 if rng.random() < 0.75 else rng.randint(2, 4)):
            self._put(case, self._new_person(), PartyRole.ACCUSED)
        if rng.random() < crime.victim_share:
            self._put(case, self.person_or_enterprise(0.25 if crime.name in ("合同诈骗罪", "盗窃罪") else 0.0),
                      PartyRole.VICTIM)
        case.judge = self.judge(department)
        case.accepted_on = filed_on - timedelta(days=rng.randint(0, 3))
        self._close(case, limit=LIMIT_DAYS[("刑初", procedure)],
                    outcomes=((ClosingManner.JUDGMENT, 92), (ClosingManner.WITHDRAWAL, 4), (ClosingManner.RULING, 3),
                              (ClosingManner.TRANSFER, 1)), long_factor=0.5, suspend_share=0.3)
        self._schedule(case, hearing_share=0.97)
        self._add(case)

    def make_administrative(self, *, filed_on: date) -> None:
        if not self._room(filed_on):
            return
        rng = self.rng
        matter = self.admin_matters.pick(rng)
        procedure = Procedure.ORDINARY if rng.random() < 0.8 else Procedure.SIMPLE
        case = self._new_case("行初", filed_on, procedure=procedure, cause_text=matter.cause_text,
                              department="environment" if matter.is_environmental else "administrative")
        self._put(case, self.person_or_enterprise(0.35), PartyRole.PLAINTIFF)
        self._put(case, self.governments[rng.choice(matter.defendants)], PartyRole.DEFENDANT)
        if matter.cause_text == "工伤认定":
            self._put(case, self.enterprise(), PartyRole.THIRD_PARTY)
        case.judge = self.judge(case.department)
        case.accepted_on = filed_on - timedelta(days=rng.randint(0, 7))
        self._close(case, limit=LIMIT_DAYS[("行初", procedure)],
                    outcomes=((ClosingManner.JUDGMENT, 45), (ClosingManner.WITHDRAWAL, 40),
                              (ClosingManner.DISMISSAL, 15)))
        self._schedule(case, hearing_share=0.8)
        if case.hearing_on and rng.random() < 0.6:
            case.notes.append((case.hearing_on, "行政机关负责人出庭应诉"))
        self._agents(case)
        self._add(case)

    def make_administrative_enforcement(self, *, filed_on: date) -> None:
        if not self._room(filed_on):
            return
        rng = self.rng
        text, _, applicants = self.admin_enforcement.pick(rng)
        case = self._new_case("行审", filed_on, cause_text=text, department="administrative",
                              channel=FilingChannel.WINDOW)
        self._put(case, self.governments[rng.choice(applicants)], PartyRole.APPLICANT)
        self._put(case, self.person_or_enterprise(0.4), PartyRole.RESPONDENT)
        case.judge = self.judge("administrative")
        case.accepted_on = filed_on
        self._close(case, limit=LIMIT_DAYS["行审"], outcomes=((ClosingManner.RULING, 100),), long_factor=0.3)
        if case.closing_manner:
            case.outcome_note = "裁定准予执行" if rng.random() < 0.85 else "裁定不准予执行"
        self._schedule(case, hearing_share=0.0)
        self._add(case)

    # --- bankruptcy ---------------------------------------------------------------------------------

    def make_bankruptcy_application(self, *, filed_on: date, debtor: int | None = None,
                                    applicant: int | None = None, amount_fen: int | None = None,
                                    parent: CasePlan | None = None) -> None:
        if not self._room(filed_on):
            return
        rng = self.rng
        debtor = debtor if debtor is not None else self.enterprise()
        applicant = applicant if applicant is not None else debtor  # the debtor's own application
        case = self._new_case("破申", filed_on, cause_name=tables.SPECIAL_CAUSES["破申"], department="bankruptcy",
                              channel=FilingChannel.WINDOW)
        if applicant != debtor:
            self._put(case, applicant, PartyRole.APPLICANT)
        self._put(case, debtor, PartyRole.BANKRUPT_DEBTOR)
        case.claim_amount_fen = amount_fen if amount_fen is not None else rng.randint(100, 5000) * 1_000_000
        case.judge = self.judge("bankruptcy")
        case.accepted_on = filed_on
        self._close(case, limit=LIMIT_DAYS["破申"], outcomes=((ClosingManner.RULING, 100),), long_factor=0.3)
        accepted = case.closing_manner == ClosingManner.RULING and rng.random() < 0.7
        if case.closing_manner:
            case.outcome_note = "裁定受理破产清算申请" if accepted else "裁定不予受理"
        self._schedule(case, hearing_share=0.3)
        if self._add(case, parent, CaseLinkKind.BANKRUPTCY if parent else "") is None:
            return
        if accepted:
            self.make_bankruptcy(filed_on=self.later(case.closed_on, 0, 3), debtor=debtor,
                                 creditors=[applicant] if applicant != debtor else [], parent=case)

    def make_bankruptcy(self, *, filed_on: date, debtor: int, creditors: list[int], parent: CasePlan) -> None:
        if not self._room(filed_on):
            return
        rng = self.rng
        case = self._new_case("破", filed_on, cause_text="破产清算", department="bankruptcy",
                              channel=FilingChannel.WINDOW, claim_amount_fen=parent.claim_amount_fen)
        self._put(case, debtor, PartyRole.BANKRUPT_DEBTOR)
        others = creditors + [rng.choice(self.banks[:3])] + [self.person() for _ in range(rng.randint(1, 4))]
        for index in others:
            self._put(case, index, PartyRole.BANKRUPTCY_CREDITOR)
        case.judge = self.judge("bankruptcy")
        case.accepted_on = filed_on
        self._close(case, limit=LIMIT_DAYS["破"], outcomes=((ClosingManner.RULING, 100),), minimum=120,
                    long_factor=4.0, suspend_share=0.0)
        if case.closing_manner:
            case.outcome_note = "裁定终结破产程序"
        self._schedule(case, hearing_share=0.0)
        administrator = account("administrator1")
        if case.assigned_on:
            case.notes.append((case.assigned_on, f"指定破产管理人：{administrator.organisation_name}"))
            meeting = self.later(case.assigned_on, 40, 90)
            if meeting <= (case.closed_on or self.today):
                case.notes.append((meeting, "第一次债权人会议"))
        self._add(case, parent, CaseLinkKind.RELATED)

    # --- numbers, portal accounts, summaries, timelines -----------------------------------------------
