"""The demo case plan: parties, cases, links and timelines as plain data, from ``random.Random(seed)``.

Pure: no database, no settings, no clock — ``today`` is passed in (the command passes ``court_today()``), so the
plan is the same for the same (seed, cases, today). Dates run from 2023-01-01 to ``today``.

The mix follows a county court: 民初 the majority (简易/小额诉讼 most of them, 普通程序 for complex matters),
first instance → 执 → 破申 families (执转破) and 执 → 执恢, 诉前调解 that fails and becomes a 民初, 诉前保全
followed by 执保 and 民初; online filing around 40–50 %; most cases closed within their time limit, some open,
some long-pending past 6 / 9 / 12 months.
"""

import math
import random
from datetime import date, timedelta

from yingshang.cases import domain
from yingshang.cases.choices import (
    CaseCategory, CaseLinkKind, CaseStatus, ClosingManner, EnterpriseSize, FilingChannel, PartyKind, PartyRole,
    Procedure,
)
from yingshang.cases.demo import tables
from yingshang.cases.demo.families import OtherFamilies
from yingshang.cases.demo.organisation import account, benches
from yingshang.cases.demo.parties import PartyPool
from yingshang.cases.demo.plan import (
    CasePlan, DemoPlan, LinkPlan, Weighted, weekday_on_or_after, weekday_on_or_before,
)
from yingshang.cases.demo.tables import LIMIT_DAYS
from yingshang.cases.demo.timeline import add_timelines, summary_for

START = date(2023, 1, 1)
DEFAULT_CASES = 8000

# How the first cases of a dispute arrive (families add 执, 执恢, 执异, 执保, 破申, 破, and more 民初/民特).
PRIMARY_MIX = (("民初", 55.0), ("民诉前调", 8.0), ("民特", 3.0), ("财保", 1.5), ("执", 15.0), ("刑初", 8.0),
               ("行初", 1.8), ("行审", 1.2), ("破申", 0.15))

def generate_plan(*, seed: int, cases: int = DEFAULT_CASES, today: date) -> DemoPlan:
    """The whole demo plan for ``cases`` cases filed between 2023-01-01 and ``today``."""
    if cases < 0:
        raise ValueError("cases must be >= 0")
    if today < weekday_on_or_after(START):
        raise ValueError(f"today ({today}) is before the first working day of {START.year}")
    return _Generator(seed=seed, cases=cases, today=today).run()


class _Generator(OtherFamilies, PartyPool):
    def __init__(self, *, seed: int, cases: int, today: date):
        super().__init__(random.Random(seed), n_enterprises=max(40, cases // 12))
        self.seed = seed
        self.target = cases
        self.today = today
        self.span_days = (today - START).days
        self.cases: list[CasePlan] = []
        self.links: list[LinkPlan] = []
        self.benches = benches()
        self.civil_causes = Weighted(tables.CIVIL_CAUSES, [c.weight for c in tables.CIVIL_CAUSES])
        money = [c for c in tables.CIVIL_CAUSES if c.pattern in tables.MONEY_PATTERNS]
        self.money_causes = Weighted(money, [c.weight for c in money])
        self.crimes = Weighted(tables.CRIMES, [c.weight for c in tables.CRIMES])
        self.admin_matters = Weighted(tables.ADMINISTRATIVE_MATTERS, [m.weight for m in tables.ADMINISTRATIVE_MATTERS])
        self.admin_enforcement = Weighted(tables.ADMINISTRATIVE_ENFORCEMENT,
                                          [w for _, w, _ in tables.ADMINISTRATIVE_ENFORCEMENT])
        self.primary = Weighted([t for t, _ in PRIMARY_MIX], [w for _, w in PRIMARY_MIX])

    # --- dates ---------------------------------------------------------------------------------------

    def filing_date(self) -> date:
        rng = self.rng
        while True:
            day = START + timedelta(days=rng.randrange(self.span_days + 1))
            if day.month == 2 and rng.random() < 0.35:  # fewer filings around the Spring Festival
                continue
            day = weekday_on_or_after(day)
            if day > self.today:
                day = weekday_on_or_before(self.today)
            if day >= START:
                return day

    def later(self, day: date, low: int, high: int) -> date:
        return weekday_on_or_after(day + timedelta(days=self.rng.randint(low, high)))

    def duration(self, limit: int, minimum: int = 1) -> int:
        """Days from filing to closing: most within the limit, some after extensions, a few far beyond."""
        rng = self.rng
        u = rng.random()
        if u < 0.80:
            days = limit * (0.08 + 0.9 * rng.betavariate(2.0, 2.2))
        elif u < 0.94:
            days = limit * rng.uniform(1.0, 1.6)
        else:
            days = limit * rng.uniform(1.6, 3.2)
        return max(minimum, round(days))

    def long_pending(self, filed_on: date, factor: float = 1.0) -> bool:
        """Whether a case that would be closed is still open past 6 / 9 / 12 months (a court's backlog)."""
        age = (self.today - filed_on).days
        if age < 183:
            return False
        share = 0.06 if age < 274 else 0.035 if age < 366 else 0.012 if age < 731 else 0.003
        return self.rng.random() < share * factor

    def channel(self, filed_on: date, online_bonus: float = 0.0) -> str:
        rng = self.rng
        online = min(0.95, 0.38 + 0.04 * (filed_on.year - 2023) + online_bonus)
        if rng.random() < online:
            return FilingChannel.ONLINE
        u = rng.random()
        return (FilingChannel.WINDOW if u < 0.72 else FilingChannel.SELF_SERVICE if u < 0.92
                else FilingChannel.CROSS_COURT)

    # --- assignment ----------------------------------------------------------------------------------

    def judge(self, department: str, team: str | None = None) -> str:
        bench = self.benches[department]
        names = bench.by_team.get(team or "") or bench.everyone()
        weights = [0.4 if account(name).role == "division_head" else 1.0 for name in names]
        return Weighted(names, weights).pick(self.rng)

    # --- the run -------------------------------------------------------------------------------------

    def run(self) -> DemoPlan:
        makers = {
            "民初": self.make_first_instance, "民诉前调": self.make_pre_filing_mediation, "民特": self.make_confirmation,
            "财保": self.make_preservation, "执": self.make_enforcement, "刑初": self.make_criminal,
            "行初": self.make_administrative, "行审": self.make_administrative_enforcement,
            "破申": self.make_bankruptcy_application,
        }
        while len(self.cases) < self.target:
            type_code = self.primary.pick(self.rng)
            makers[type_code](filed_on=self.filing_date())
        self._drop_unused_parties()
        self._number()
        portal = self._portal()
        for case in self.cases:
            case.summary = summary_for(case, self.parties)
        add_timelines(self.cases, self.parties, self.links, self.rng)
        return DemoPlan(seed=self.seed, cases_requested=self.target, start=START, today=self.today,
                        parties=self.parties, cases=self.cases, links=self.links, portal=portal)

    def _room(self, filed_on: date) -> bool:
        """Whether another case filed on that day fits (target not reached, not in the future)."""
        return len(self.cases) < self.target and filed_on <= self.today

    def _add(self, case: CasePlan, parent: CasePlan | None = None, link_kind: str = "") -> CasePlan | None:
        """Append a case if the target is not reached yet (and link it to its parent)."""
        if len(self.cases) >= self.target or case.filed_on > self.today:
            return None
        case.index = len(self.cases)
        self.cases.append(case)
        if parent is not None:
            self.links.append(LinkPlan(parent.index, case.index, link_kind))
        return case

    def _new_case(self, type_code: str, filed_on: date, **kwargs) -> CasePlan:
        kwargs.setdefault("category", domain.category_for_type_code(type_code))
        kwargs.setdefault("procedure", domain.default_procedure_for(type_code))
        if "channel" not in kwargs:
            kwargs["channel"] = self.channel(filed_on)
        return CasePlan(index=-1, type_code=type_code, filed_on=filed_on, **kwargs)

    def _amount(self, cause: tables.CivilCause) -> int:
        if cause.low_yuan is None:
            return 0
        rng = self.rng
        yuan = math.exp(rng.uniform(math.log(cause.low_yuan), math.log(cause.high_yuan)) * 0.85
                        + math.log(cause.low_yuan) * 0.15)
        if cause.pattern in ("credit_card", "bank_loan", "microloan"):
            return round(yuan * 100)  # to the fen: principal, interest and penalties
        step = 1000 if yuan > 100_000 else 100 if yuan > 10_000 else 10
        return int(round(yuan / step) * step) * 100

    def _close(self, case: CasePlan, *, limit: int, outcomes, minimum: int = 1, long_factor: float = 1.0,
               suspend_share: float = 0.25) -> None:
        """Closing date and manner, or leave the case open (recent, slow, or long-pending)."""
        rng = self.rng
        closed_on = weekday_on_or_after(case.filed_on + timedelta(days=self.duration(limit, minimum)))
        if closed_on <= self.today and not self.long_pending(case.filed_on, long_factor):
            case.closed_on = closed_on
            case.closing_manner = Weighted([m for m, _ in outcomes], [w for _, w in outcomes]).pick(rng)
            case.status = CaseStatus.CLOSED
            archive_on = self.later(closed_on, 20, 90)
            if archive_on <= self.today - timedelta(days=30) and rng.random() < 0.85:
                case.status, case.archived_on = CaseStatus.ARCHIVED, archive_on
            return
        age = (self.today - case.filed_on).days
        if age <= 1 and rng.random() < 0.5:
            case.status = CaseStatus.REGISTERED
            case.department = case.team = case.judge = None
        elif age > 60 and rng.random() < (suspend_share if age > 183 else 0.05):
            on = self.later(case.filed_on, 30, min(age - 1, 150))
            if on <= self.today:
                case.suspended = (on, rng.choice(tables.SUSPENSION_REASONS))
            case.status = CaseStatus.SUSPENDED if case.suspended else CaseStatus.IN_PROGRESS
        else:
            case.status = CaseStatus.IN_PROGRESS if age > 3 else CaseStatus.ASSIGNED

    def _schedule(self, case: CasePlan, *, hearing_share: float) -> None:
        """分案, 送达 and 开庭 dates inside the case's life (never after closing or today)."""
        rng = self.rng
        if case.status == CaseStatus.REGISTERED:
            return
        end = case.closed_on or (case.suspended[0] if case.suspended else self.today)
        case.assigned_on = min(self.later(case.filed_on, 0, 2), end)
        served = self.later(case.assigned_on, 1, 8)
        if served <= end and (case.closed_on is None or served < case.closed_on or rng.random() < 0.3):
            case.served_on = served
        if case.served_on and rng.random() < hearing_share:
            low = case.served_on + timedelta(days=max(1, (end - case.served_on).days // 3))
            if low <= end:
                hearing = weekday_on_or_after(low + timedelta(days=rng.randint(0, max(0, (end - low).days))))
                if hearing <= end:
                    case.hearing_on = hearing
                    case.is_online_hearing = rng.random() < 0.3
        if case.status == CaseStatus.ASSIGNED and (case.served_on or case.hearing_on):
            case.status = CaseStatus.IN_PROGRESS

    def _agents(self, case: CasePlan, financial_plaintiff: bool = False) -> None:
        rng = self.rng
        if not case.parties:
            return
        if financial_plaintiff and rng.random() < 0.35:
            case.agents.append((0, "lawyer2"))
        elif rng.random() < 0.035:
            case.agents.append((rng.randrange(len(case.parties)), "lawyer1"))
        elif rng.random() < 0.012:
            case.agents.append((rng.randrange(len(case.parties)), "lawyer3"))

    # --- first instance (民初) ------------------------------------------------------------------------

    def _first_instance_outcomes(self, pattern: str):
        if pattern in tables.FINANCE_PLAINTIFF_PATTERNS:
            return ((ClosingManner.JUDGMENT, 55), (ClosingManner.MEDIATION, 20), (ClosingManner.WITHDRAWAL, 23),
                    (ClosingManner.RULING, 2))
        if pattern in ("family", "neighbour"):
            return ((ClosingManner.JUDGMENT, 28), (ClosingManner.MEDIATION, 40), (ClosingManner.WITHDRAWAL, 29),
                    (ClosingManner.DISMISSAL, 2), (ClosingManner.RULING, 1))
        return ((ClosingManner.JUDGMENT, 35), (ClosingManner.MEDIATION, 30), (ClosingManner.WITHDRAWAL, 27),
                (ClosingManner.DISMISSAL, 3), (ClosingManner.TRANSFER, 2), (ClosingManner.RULING, 3))

    def make_first_instance(self, *, filed_on: date, cause: tables.CivilCause | None = None,
                            parties: list[tuple[int, str]] | None = None, amount_fen: int | None = None,
                            parent: CasePlan | None = None, link_kind: str = "") -> None:
        if not self._room(filed_on):
            return
        rng = self.rng
        cause = cause or self.civil_causes.pick(rng)
        financial = domain.is_financial_cause(cause.name) or cause.pattern == "insurance"
        category = (CaseCategory.FINANCIAL if financial else
                    CaseCategory.COMMERCIAL if cause.pattern in ("trade", "construction", "corporate", "leasing")
                    else CaseCategory.CIVIL)
        bonus = 0.4 if cause.pattern in tables.FINANCE_PLAINTIFF_PATTERNS else 0.0
        case = self._new_case("民初", filed_on, category=category, cause_name=cause.name, pattern=cause.pattern,
                              channel=self.channel(filed_on, bonus))
        if parties:
            roles = {PartyRole.APPLICANT: PartyRole.PLAINTIFF, PartyRole.RESPONDENT: PartyRole.DEFENDANT,
                     PartyRole.CREDITOR: PartyRole.PLAINTIFF, PartyRole.DEBTOR: PartyRole.DEFENDANT}
            for index, role in parties:
                self._put(case, index, roles.get(role, role))
        else:
            self._civil_parties(case, cause, PartyRole.PLAINTIFF, PartyRole.DEFENDANT)
        case.claim_amount_fen = self._amount(cause) if amount_fen is None else amount_fen
        yuan = case.claim_amount_fen / 100
        is_money = cause.low_yuan is not None
        if cause.is_complex or yuan > 1_000_000:
            procedure = Procedure.ORDINARY if rng.random() < 0.7 else Procedure.SIMPLE
        elif is_money and yuan <= 50_000 and rng.random() < 0.45:
            procedure = Procedure.SMALL_CLAIMS
        else:
            procedure = Procedure.SIMPLE if rng.random() < 0.82 else Procedure.ORDINARY
        case.procedure = procedure
        # Department and team: 金融 to the financial team, environment to its court, the rest split between the
        # civil division (with its 速裁团队) and the two tribunals.
        if cause.is_environmental:
            case.department = "environment"
        elif financial and rng.random() < 0.9:
            case.department, case.team = "civil", "civil_financial"
        else:
            tribunal_share = 0.6 if cause.pattern in ("family", "neighbour") else 0.42
            u = rng.random()
            case.department = ("civil" if u >= tribunal_share else
                               "tribunal_gaoleshan" if u < tribunal_share / 2 else "tribunal_zhongjianhe")
            if (case.department == "civil" and procedure != Procedure.ORDINARY and yuan <= 100_000
                    and rng.random() < 0.5):
                case.team = "civil_fast"
        case.judge = self.judge(case.department, case.team or "")
        case.accepted_on = case.filed_on - timedelta(days=0 if rng.random() < 0.6 else rng.randint(1, 7))
        limit = LIMIT_DAYS[("民初", procedure)]
        self._close(case, limit=limit, outcomes=self._first_instance_outcomes(cause.pattern),
                    long_factor=1.5 if procedure == Procedure.ORDINARY else 1.0)
        self._convert_procedure(case)
        judged = case.closing_manner == ClosingManner.JUDGMENT
        self._schedule(case, hearing_share=0.95 if judged else 0.6 if case.closing_manner == ClosingManner.MEDIATION
                       else 0.25 if case.closed_on else 0.5)
        self._agents(case, financial_plaintiff=cause.pattern in tables.FINANCE_PLAINTIFF_PATTERNS)
        if self._add(case, parent, link_kind) is None:
            return
        if rng.random() < 0.04 and is_money:  # 诉中财产保全 → 执保
            self.make_preservation_enforcement(parent=case, filed_on=self.later(case.filed_on, 1, 20))
        self._maybe_enforce(case)

    def _convert_procedure(self, case: CasePlan) -> None:
        """简易/小额诉讼 cases that run long were converted (to ordinary), as CPL 170 allows."""
        if case.procedure not in (Procedure.SIMPLE, Procedure.SMALL_CLAIMS):
            return
        end = case.closed_on or self.today
        days = (end - case.filed_on).days
        limit = LIMIT_DAYS[("民初", case.procedure)]
        if days > limit and self.rng.random() < 0.75:
            target = Procedure.ORDINARY if days > 90 or case.procedure == Procedure.SIMPLE else Procedure.SIMPLE
            on = self.later(case.filed_on, max(10, limit - 30), max(11, limit - 5))
            if on < end:
                case.procedure_changed = (on, case.procedure, target)
                case.procedure = target

    # --- families -------------------------------------------------------------------------------------

    def _maybe_enforce(self, case: CasePlan) -> None:
        """An unpaid judgment, mediation or confirmed agreement goes to enforcement (申请执行)."""
        if case.closing_manner not in (ClosingManner.JUDGMENT, ClosingManner.MEDIATION,
                                       ClosingManner.JUDICIAL_CONFIRMATION):
            return
        if case.claim_amount_fen <= 0 or self.rng.random() >= 0.33:
            return
        creditors = [i for i, role in case.parties if role in (PartyRole.PLAINTIFF, PartyRole.APPLICANT)][:1]
        debtors = [i for i, role in case.parties if role == PartyRole.DEFENDANT]
        if not debtors:
            debtors = [i for i, role in case.parties if role == PartyRole.APPLICANT][1:]
        if not creditors or not debtors:
            return
        amount = round(case.claim_amount_fen * self.rng.uniform(0.6, 1.0))
        filed_on = self.later(case.closed_on, 25, 320)
        self.make_enforcement(filed_on=filed_on, cause_name=case.cause_name, creditors=creditors, debtors=debtors,
                              amount_fen=amount, parent=case, link_kind=CaseLinkKind.ENFORCEMENT)

    def make_enforcement(self, *, filed_on: date, type_code: str = "执", cause_name: str | None = None,
                         creditors: list[int] | None = None, debtors: list[int] | None = None,
                         amount_fen: int | None = None, parent: CasePlan | None = None, link_kind: str = "") -> None:
        if not self._room(filed_on):
            return
        rng = self.rng
        if cause_name is None:
            cause = self.money_causes.pick(rng)
            cause_name = cause.name
            probe = CasePlan(index=-1, type_code="执", category="", procedure="", channel="", filed_on=filed_on)
            self._civil_parties(probe, cause, PartyRole.CREDITOR, PartyRole.DEBTOR)
            creditors = [i for i, role in probe.parties if role == PartyRole.CREDITOR]
            debtors = [i for i, role in probe.parties if role == PartyRole.DEBTOR]
            if rng.random() < 0.02:  # a government body or institution that does not pay (政务诚信)
                debtors = [self.governments[rng.choice(("高乐山镇人民政府", "忠堡镇人民政府", "咸丰县住房和城乡建设局"))]]
            amount_fen = max(self._amount(cause), 100_000)
            pattern = cause.pattern
        else:
            pattern = next((c.pattern for c in tables.CIVIL_CAUSES if c.name == cause_name), "")
        financial = domain.is_financial_cause(cause_name) or pattern == "insurance"
        case = self._new_case(type_code, filed_on, cause_name=cause_name, pattern=pattern,
                              channel=self.channel(filed_on, 0.1), claim_amount_fen=amount_fen or 0,
                              department="enforcement",
                              team="enforcement_financial" if financial else "enforcement_general")
        for index in creditors:
            self._put(case, index, PartyRole.CREDITOR)
        for index in debtors:
            self._put(case, index, PartyRole.DEBTOR)
        case.judge = self.judge("enforcement", case.team)
        case.accepted_on = case.filed_on
        outcomes = ((ClosingManner.FULLY_ENFORCED, 42), (ClosingManner.ROUND_CLOSURE, 38),
                    (ClosingManner.SETTLEMENT, 8), (ClosingManner.TERMINATION, 6), (ClosingManner.WITHDRAWAL, 4),
                    (ClosingManner.OTHER, 2))
        self._close(case, limit=LIMIT_DAYS[type_code], outcomes=outcomes, minimum=10, long_factor=1.5,
                    suspend_share=0.35)
        if case.closing_manner == ClosingManner.ROUND_CLOSURE and (case.closed_on - case.filed_on).days < 90:
            case.closed_on = self.later(case.filed_on, 90, 150)  # 终本 only after the search for assets
            if case.closed_on > self.today:
                case.closed_on, case.closing_manner, case.status = None, "", CaseStatus.IN_PROGRESS
                case.archived_on = None
            elif case.archived_on and case.archived_on <= case.closed_on:
                case.archived_on = self.later(case.closed_on, 20, 60)
                if case.archived_on > self.today:
                    case.status, case.archived_on = CaseStatus.CLOSED, None
        self._schedule(case, hearing_share=0.0)
        if case.served_on:
            search_on = self.later(case.served_on, 0, 5)
            if search_on <= (case.closed_on or self.today):
                case.notes.append((search_on, "网络查控：已查询银行存款、不动产、车辆、证券、网络资金"))
        self._agents(case, financial_plaintiff=pattern in tables.FINANCE_PLAINTIFF_PATTERNS)
        if self._add(case, parent, link_kind) is None:
            return
        if rng.random() < 0.05:  # 执行异议
            latest = (case.closed_on or self.today) - case.filed_on
            if latest.days > 20:
                self.make_enforcement_objection(parent=case, filed_on=self.later(case.filed_on, 20, latest.days))
        if case.closing_manner == ClosingManner.ROUND_CLOSURE:
            if rng.random() < 0.12:
                self.make_enforcement(filed_on=self.later(case.closed_on, 90, 720), type_code="执恢",
                                      cause_name=cause_name, creditors=creditors, debtors=debtors,
                                      amount_fen=amount_fen, parent=case,
                                      link_kind=CaseLinkKind.RESUMED_ENFORCEMENT)
            enterprise_debtors = [i for i in debtors if self.parties[i].group == "enterprise"]
            if enterprise_debtors and rng.random() < 0.3:  # 执转破
                self.make_bankruptcy_application(filed_on=self.later(case.closed_on, 30, 300),
                                                 debtor=enterprise_debtors[0], applicant=creditors[0],
                                                 amount_fen=amount_fen, parent=case)

    def make_enforcement_objection(self, *, parent: CasePlan, filed_on: date) -> None:
        if not self._room(filed_on):
            return
        rng = self.rng
        case = self._new_case("执异", filed_on, cause_text="执行异议", department="enforcement",
                              channel=self.channel(filed_on))
        creditor = next(i for i, role in parent.parties if role == PartyRole.CREDITOR)
        debtor = next(i for i, role in parent.parties if role == PartyRole.DEBTOR)
        if rng.random() < 0.5:  # 案外人异议
            self._put(case, self.person(), PartyRole.APPLICANT)
            self._put(case, creditor, PartyRole.RESPONDENT)
            self._put(case, debtor, PartyRole.THIRD_PARTY)
        else:
            self._put(case, debtor, PartyRole.APPLICANT)
            self._put(case, creditor, PartyRole.RESPONDENT)
        case.judge = self.judge("enforcement", "")
        case.accepted_on = filed_on
        self._close(case, limit=LIMIT_DAYS["执异"], outcomes=((ClosingManner.RULING, 90), (ClosingManner.WITHDRAWAL, 10)))
        self._schedule(case, hearing_share=0.5)
        self._add(case, parent, CaseLinkKind.RELATED)

    def make_preservation(self, *, filed_on: date) -> None:
        """诉前财产保全 (财保): ruled within days, enforced as 执保, followed by the lawsuit within 30 days."""
        if not self._room(filed_on):
            return
        rng = self.rng
        cause = self.money_causes.pick(rng)
        case = self._new_case("财保", filed_on, cause_name=tables.SPECIAL_CAUSES["财保"], pattern=cause.pattern,
                              department="filing", claim_amount_fen=max(self._amount(cause), 1_000_000))
        self._civil_parties(case, cause, PartyRole.APPLICANT, PartyRole.RESPONDENT)
        case.judge = self.judge("filing")
        case.accepted_on = filed_on
        self._close(case, limit=LIMIT_DAYS["财保"], outcomes=((ClosingManner.RULING, 95), (ClosingManner.WITHDRAWAL, 5)),
                    minimum=0)
        self._schedule(case, hearing_share=0.0)
        if self._add(case) is None:
            return
        if case.closing_manner == ClosingManner.RULING:
            self.make_preservation_enforcement(parent=case, filed_on=self.later(case.closed_on, 0, 1))
            if rng.random() < 0.85:
                self.make_first_instance(filed_on=self.later(case.closed_on, 3, 28), cause=cause,
                                         parties=case.parties, amount_fen=case.claim_amount_fen, parent=case,
                                         link_kind=CaseLinkKind.PRESERVATION)

    def make_preservation_enforcement(self, *, parent: CasePlan, filed_on: date) -> None:
        if not self._room(filed_on):
            return
        cause_name = parent.cause_name if parent.type_code == "民初" else ""
        case = self._new_case("执保", filed_on, cause_name=cause_name, cause_text="" if cause_name else "财产保全执行",
                              pattern=parent.pattern, department="enforcement", team="enforcement_general",
                              claim_amount_fen=parent.claim_amount_fen, channel=FilingChannel.WINDOW)
        applicant_roles = (PartyRole.APPLICANT, PartyRole.PLAINTIFF)
        for index, role in parent.parties:
            if role in applicant_roles:
                self._put(case, index, PartyRole.CREDITOR)
            elif role in (PartyRole.RESPONDENT, PartyRole.DEFENDANT):
                self._put(case, index, PartyRole.DEBTOR)
        case.judge = self.judge("enforcement", "enforcement_general")
        case.accepted_on = filed_on
        self._close(case, limit=LIMIT_DAYS["执保"], outcomes=((ClosingManner.FULLY_ENFORCED, 90),
                                                             (ClosingManner.OTHER, 10)), minimum=1)
        self._schedule(case, hearing_share=0.0)
        self._add(case, parent, CaseLinkKind.PRESERVATION)

    def make_pre_filing_mediation(self, *, filed_on: date) -> None:
        """诉前调解 (民诉前调): about half settle; some that fail come back as a 民初, some settlements are
        confirmed by the court (民特)."""
        if not self._room(filed_on):
            return
        rng = self.rng
        cause = self.civil_causes.pick(rng)
        case = self._new_case("民诉前调", filed_on, cause_name=cause.name, pattern=cause.pattern, department="filing",
                              channel=self.channel(filed_on, 0.1))
        self._civil_parties(case, cause, PartyRole.APPLICANT, PartyRole.RESPONDENT)
        case.claim_amount_fen = self._amount(cause)
        case.judge = self.judge("filing")
        case.accepted_on = filed_on
        self._close(case, limit=LIMIT_DAYS["民诉前调"], outcomes=((ClosingManner.MEDIATION, 55), (ClosingManner.OTHER, 40),
                                                               (ClosingManner.WITHDRAWAL, 5)), long_factor=0.3)
        self._schedule(case, hearing_share=0.0)
        mediator = account(rng.choice(("mediator1", "mediator1", "mediator2")))
        if case.assigned_on:
            case.notes.append((case.assigned_on, f"委派特邀调解员{mediator.display_name}（{mediator.organisation_name}）调解"))
        if case.closing_manner == ClosingManner.OTHER:
            case.outcome_note = "调解不成"
        if self._add(case) is None:
            return
        if case.closing_manner == ClosingManner.OTHER and rng.random() < 0.6:
            self.make_first_instance(filed_on=self.later(case.closed_on, 1, 20), cause=cause, parties=case.parties,
                                     amount_fen=case.claim_amount_fen, parent=case,
                                     link_kind=CaseLinkKind.MEDIATION_TO_LITIGATION)
        elif case.closing_manner == ClosingManner.MEDIATION and rng.random() < 0.25:
            self.make_confirmation(filed_on=self.later(case.closed_on, 0, 10), parties=[i for i, _ in case.parties],
                                   amount_fen=case.claim_amount_fen, underlying=cause, parent=case)

    def make_confirmation(self, *, filed_on: date, parties: list[int] | None = None, amount_fen: int | None = None,
                          underlying: tables.CivilCause | None = None, parent: CasePlan | None = None) -> None:
        """司法确认 of a mediation agreement (民特, special procedure, both sides apply together)."""
        if not self._room(filed_on):
            return
        rng = self.rng
        underlying = underlying or self.money_causes.pick(rng)
        department = "filing" if rng.random() < 0.6 else rng.choice(("tribunal_gaoleshan", "tribunal_zhongjianhe"))
        case = self._new_case("民特", filed_on, cause_name=tables.SPECIAL_CAUSES["民特"], pattern=underlying.pattern,
                              department=department)
        if parties is None:
            probe = CasePlan(index=-1, type_code="民特", category="", procedure="", channel="", filed_on=filed_on)
            self._civil_parties(probe, underlying, PartyRole.APPLICANT, PartyRole.APPLICANT)
            parties = [i for i, _ in probe.parties]
        for index in parties:
            self._put(case, index, PartyRole.APPLICANT)
        case.claim_amount_fen = self._amount(underlying) if amount_fen is None else amount_fen
        case.judge = self.judge(department)
        case.accepted_on = filed_on
        self._close(case, limit=LIMIT_DAYS["民特"], outcomes=((ClosingManner.JUDICIAL_CONFIRMATION, 92),
                                                            (ClosingManner.RULING, 8)), long_factor=0.2)
        self._schedule(case, hearing_share=0.1)
        if self._add(case, parent, CaseLinkKind.RELATED if parent else "") is None:
            return
        self._maybe_enforce(case)

    # --- criminal and administrative -------------------------------------------------------------

    def _drop_unused_parties(self) -> None:
        """Keep only parties that appear in a case (a few drawn for a case that fell past the target)."""
        used = sorted({index for case in self.cases for index, _ in case.parties})
        renumber = {old: new for new, old in enumerate(used)}
        kept = [self.parties[old] for old in used]
        for new, party in enumerate(kept):
            party.index = new
        for case in self.cases:
            case.parties = [(renumber[index], role) for index, role in case.parties]
        self.parties = kept

    def _number(self) -> None:
        """Sequences per (year, type code) in filing order, from 1 without gaps (法〔2015〕137号 arts 9–10)."""
        counters: dict[tuple[int, str], int] = {}
        for case in sorted(self.cases, key=lambda c: (c.filed_on, c.index)):
            key = (case.filed_on.year, case.type_code)
            counters[key] = counters.get(key, 0) + 1
            case.year, case.sequence = key[0], counters[key]
            case.case_number = domain.format_case_number(case.year, "鄂2826", case.type_code, case.sequence)

    def _portal(self) -> dict[str, int]:
        """The parties the demo portal accounts represent: the busiest person, small enterprise and government
        body; lawyer1 acts for the person in one of their cases."""
        counts: dict[int, int] = {}
        for case in self.cases:
            for index, _ in case.parties:
                counts[index] = counts.get(index, 0) + 1

        def busiest(predicate) -> int | None:
            best = None
            for party in self.parties:
                if predicate(party) and counts.get(party.index, 0) > 0:
                    if best is None or counts[party.index] > counts[best]:
                        best = party.index
            return best

        portal = {
            "person": busiest(lambda p: p.kind == PartyKind.PERSON),
            "enterprise": busiest(lambda p: p.group == "enterprise" and p.enterprise_size in (
                EnterpriseSize.SMALL, EnterpriseSize.MICRO)),
            "government": busiest(lambda p: p.group == "government"),
        }
        person = portal["person"]
        if person is not None:
            for case in self.cases:
                positions = [pos for pos, (index, _) in enumerate(case.parties) if index == person]
                if positions:
                    if all(lawyer != "lawyer1" for _, lawyer in case.agents):
                        case.agents.append((positions[0], "lawyer1"))
                    break
        return {key: value for key, value in portal.items() if value is not None}
