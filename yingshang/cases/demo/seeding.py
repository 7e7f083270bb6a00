"""Write the demo court and its cases: the organisation through ``org.services.user_create``, the generated
plan with ``bulk_create`` in batches, all in one transaction, and one ``demo.seeded`` audit event that
summarises what was created (not one event per row: these rows are fixtures, not court business).
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from yingshang.audit.services import audit_record
from yingshang.cases import domain
from yingshang.cases.demo.generator import DEFAULT_CASES, DemoPlan, generate_plan
from yingshang.cases.demo.organisation import (
    ACCOUNTS, COURT, DEMO_PASSWORD, DEPARTMENTS, PARENT_COURT, TEAMS, AccountSpec,
)
from yingshang.cases.models import (
    Case, CaseAgent, CaseEvent, CaseLink, CaseNumberSequence, CaseParty, CauseOfAction, Party,
)
from yingshang.cases.services import case_family_roots_rebuild
from yingshang.core.errors import DomainError
from yingshang.org.models import Court, Department, Team, User
from yingshang.org.services import user_create

DEFAULT_SEED = 2023
BATCH_SIZE = 2000

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class SeedResult:
    court: Court
    plan: DemoPlan
    summary: dict


def demo_court_exists() -> bool:
    """Whether any court exists (``seed_demo --if-empty`` then does nothing)."""
    return Court.objects.exists()


def demo_seed(*, cases: int = DEFAULT_CASES, seed: int = DEFAULT_SEED, today: date,
              progress: Progress | None = None) -> SeedResult:
    """Create 咸丰县人民法院 with its organisation, demo accounts and ``cases`` generated cases.

    Refuses (DEMO_COURT_EXISTS, nothing written) when 鄂2826 already exists. Audit: one demo.seeded event.
    """
    if Court.objects.filter(code=COURT.code).exists():
        raise DomainError("DEMO_COURT_EXISTS", f"{COURT.name}（{COURT.code}）已存在，演示数据只能写入空库",
                          {"court_code": COURT.code}, status=409)
    plan = generate_plan(seed=seed, cases=cases, today=today)
    writer = _Writer(plan, progress)
    with transaction.atomic():
        court = writer.write()
        summary = _summary(plan, writer)
        audit_record(actor=None, action="demo.seeded", target=court, after=summary,
                     reason=f"manage.py seed_demo --cases {cases} --seed {seed}")
    return SeedResult(court=court, plan=plan, summary=summary)


def _summary(plan: DemoPlan, writer: "_Writer") -> dict:
    statuses = Counter(case.status for case in plan.cases)
    parties = Counter(party.organisation_kind or party.kind for party in plan.parties)
    return {
        "seed": plan.seed, "cases_requested": plan.cases_requested,
        "filed_from": plan.start, "filed_to": plan.today,
        "court": COURT.code, "departments": len(DEPARTMENTS), "teams": len(TEAMS), "users": len(ACCOUNTS),
        "cases": len(plan.cases), "cases_by_type_code": plan.case_counts_by_type(),
        "cases_by_status": dict(sorted(statuses.items())),
        "parties": len(plan.parties), "parties_by_kind": dict(sorted(parties.items())),
        "case_parties": writer.counts["case_parties"], "agents": writer.counts["agents"],
        "links": len(plan.links), "events": writer.counts["events"],
        "sequences": writer.counts["sequences"],
    }


def _recorded_at(day: date, position: int, zone) -> datetime:
    """A deterministic moment on the event's day (09:00 plus a few minutes per event), court time."""
    return datetime.combine(day, time(9, 0), tzinfo=zone) + timedelta(minutes=7 * position)


class _Writer:
    def __init__(self, plan: DemoPlan, progress: Progress | None):
        self.plan = plan
        self.progress = progress or (lambda done, total, label: None)
        self.done = 0
        self.total = (len(plan.parties) + len(plan.cases) + sum(len(c.parties) for c in plan.cases)
                      + sum(len(c.agents) for c in plan.cases) + len(plan.links)
                      + sum(len(c.events) for c in plan.cases))
        self.counts: Counter = Counter()

    def _insert(self, model, rows: list, label: str) -> list:
        created = []
        for start in range(0, len(rows), BATCH_SIZE):
            batch = rows[start:start + BATCH_SIZE]
            created.extend(model.objects.bulk_create(batch, batch_size=BATCH_SIZE))
            self.done += len(batch)
            self.progress(self.done, self.total, label)
        return created

    def write(self) -> Court:
        self.progress(0, self.total, "法院与人员")
        court = self._organisation()
        users = self._accounts(court)
        self._cases(court, users)
        self.progress(self.total, self.total, "完成")
        return court

    # --- the organisation ---------------------------------------------------------------------------

    def _organisation(self) -> Court:
        parent, _ = Court.objects.get_or_create(code=PARENT_COURT.code, defaults={
            "name": PARENT_COURT.name, "level": PARENT_COURT.level})
        court = Court.objects.create(name=COURT.name, code=COURT.code, level=COURT.level, parent=parent)
        self.departments = {spec.key: Department.objects.create(court=court, name=spec.name, kind=spec.kind,
                                                                seat=spec.seat, sort_order=order)
                            for order, spec in enumerate(DEPARTMENTS, start=1)}
        self.teams = {spec.key: Team.objects.create(department=self.departments[spec.department], name=spec.name,
                                                    kind=spec.kind) for spec in TEAMS}
        return court

    def _accounts(self, court: Court) -> dict[str, User]:
        """One user per demo account, through org.services.user_create (group, audit org.user_created).

        Every demo account has the same password: it is hashed once and stored for all, instead of letting
        user_create run PBKDF2 once per account (about a quarter of a second each).
        """
        users: dict[str, User] = {}
        for spec in ACCOUNTS:
            display_name, phone, organisation = self._portal_identity(spec)
            is_court = spec.department is not None or spec.role in ("president", "vice_president")
            users[spec.username] = user_create(
                username=spec.username, password=None, display_name=display_name, role=spec.role,
                court=court if is_court else None,
                department=self.departments[spec.department] if spec.department else None,
                team=self.teams[spec.team] if spec.team else None, phone=phone,
                organisation_name=organisation, is_committee_member=spec.is_committee_member,
                supervised_departments=[self.departments[key] for key in spec.supervises],
                is_superuser=spec.is_superuser)
        User.objects.filter(pk__in=[u.pk for u in users.values()]).update(password=make_password(DEMO_PASSWORD))
        return users

    def _portal_identity(self, spec: AccountSpec) -> tuple[str, str, str]:
        if not spec.represents:
            return spec.display_name, "", spec.organisation_name
        if spec.represents not in self.plan.portal:  # no case has such a party (e.g. --cases 0)
            return "演示当事人", "", ""
        party = self.plan.parties[self.plan.portal[spec.represents]]
        if spec.represents == "person":
            return party.name, party.phone, ""
        return party.legal_representative, party.phone, party.name

    # --- the cases ----------------------------------------------------------------------------------

    def _causes(self) -> dict[tuple[int, str], CauseOfAction]:
        causes: dict[tuple[int, str], CauseOfAction] = {}
        for cause in CauseOfAction.objects.filter(level__gte=3).order_by("revision", "sort_order"):
            causes.setdefault((cause.revision, cause.name), cause)
        return causes

    def _cases(self, court: Court, users: dict[str, User]) -> None:
        plan = self.plan
        parties = self._insert(Party, [Party(
            kind=p.kind, name=p.name, id_number=p.id_number, credit_code=p.credit_code,
            organisation_kind=p.organisation_kind, enterprise_size=p.enterprise_size,
            legal_representative=p.legal_representative, phone=p.phone, address=p.address,
        ) for p in plan.parties], "当事人")
        for spec in ACCOUNTS:
            if spec.represents in plan.portal:
                parties[plan.portal[spec.represents]].users.add(users[spec.username])

        causes = self._causes()
        rows = []
        for case in plan.cases:
            cause = None
            if case.cause_name:
                key = (domain.cause_revision_for(case.filed_on), case.cause_name)
                if key not in causes:
                    raise DomainError("DEMO_CAUSE_MISSING", f"案由目录中没有「{case.cause_name}」（{key[0]}年版）",
                                      {"cause": case.cause_name, "revision": key[0]})
                cause = causes[key]
            facts = [domain.PartyFacts(kind=plan.parties[i].kind, organisation_kind=plan.parties[i].organisation_kind,
                                       enterprise_size=plan.parties[i].enterprise_size) for i, _ in case.parties]
            flags = domain.derive_flags(parties=facts, category=case.category,
                                        cause_is_financial=bool(cause and cause.is_financial))
            rows.append(Case(
                court_id=court.pk, case_number=case.case_number, year=case.year, type_code=case.type_code,
                sequence=case.sequence, category=case.category, cause_id=cause.pk if cause else None,
                cause_text=case.cause_text,
                procedure=case.procedure, channel=case.channel, filed_on=case.filed_on, accepted_on=case.accepted_on,
                closed_on=case.closed_on, closing_manner=case.closing_manner,
                claim_amount_fen=case.claim_amount_fen,
                department_id=self.departments[case.department].pk if case.department else None,
                team_id=self.teams[case.team].pk if case.team else None,
                judge_id=users[case.judge].pk if case.judge else None, status=case.status,
                is_enterprise_involved=flags.is_enterprise_involved, is_sme_involved=flags.is_sme_involved,
                is_financial=flags.is_financial, has_government_party=flags.has_government_party,
                summary=case.summary,
            ))
        cases = self._insert(Case, rows, "案件")

        links = [(c.index, pos, CaseParty(case_id=cases[c.index].pk, party_id=parties[i].pk, role=role))
                 for c in plan.cases for pos, (i, role) in enumerate(c.parties)]
        created = self._insert(CaseParty, [row for _, _, row in links], "案件当事人")
        by_position = {(index, pos): row for (index, pos, _), row in zip(links, created)}
        self.counts["case_parties"] = len(created)

        agents = [CaseAgent(case_party_id=by_position[(c.index, pos)].pk, agent_id=users[lawyer].pk,
                            law_firm=users[lawyer].organisation_name)
                  for c in plan.cases for pos, lawyer in c.agents]
        self.counts["agents"] = len(self._insert(CaseAgent, agents, "委托代理人"))
        self._insert(CaseLink, [CaseLink(from_case_id=cases[link.from_index].pk, to_case_id=cases[link.to_index].pk,
                                         kind=link.kind) for link in plan.links], "关联案件")
        case_family_roots_rebuild()  # Case.family_root from the links just inserted (what case_link keeps)

        zone = timezone.get_default_timezone()
        events = [CaseEvent(case_id=cases[c.index].pk, kind=e.kind, occurred_on=e.occurred_on,
                            recorded_at=_recorded_at(e.occurred_on, position, zone),
                            actor_id=users[e.actor].pk if e.actor else None, description=e.description,
                            data=e.data)
                  for c in plan.cases for position, e in enumerate(c.events)]
        self.counts["events"] = len(self._insert(CaseEvent, events, "案件节点"))

        last: dict[tuple[int, str], int] = {}
        for case in plan.cases:
            key = (case.year, case.type_code)
            last[key] = max(last.get(key, 0), case.sequence)
        CaseNumberSequence.objects.bulk_create([
            CaseNumberSequence(court=court, year=year, type_code=type_code, last_sequence=sequence)
            for (year, type_code), sequence in sorted(last.items())])
        self.counts["sequences"] = len(last)
