"""The parties of the demo plan: fictional persons (valid 居民身份证号码), enterprises (valid 统一社会信用代码,
sizes 大/中/小/微, a few that appear in many cases), banks, insurers, government bodies and public institutions."""

import random
from datetime import date, timedelta

from yingshang.cases.choices import EnterpriseSize, OrganisationKind, PartyKind, PartyRole
from yingshang.cases.demo import identifiers, tables
from yingshang.cases.demo.organisation import REAL_NAMES_TO_AVOID
from yingshang.cases.demo.plan import CasePlan, PartyPlan, Weighted


class PartyPool:
    """Draws parties for cases. Shares the generator's random stream, so the order of draws is the plan's."""

    def __init__(self, rng: random.Random, n_enterprises: int):
        self.rng = rng
        self.parties: list[PartyPlan] = []
        self.used_ids: set[str] = set()
        self.used_codes: set[str] = set()
        self.used_org_names: set[str] = set()
        self.persons: list[int] = []
        self.surnames = Weighted([s for s, _ in tables.SURNAMES], [w for _, w in tables.SURNAMES])
        self.divisions = Weighted([d for d, _ in tables.PERSON_DIVISIONS], [w for _, w in tables.PERSON_DIVISIONS])
        self._build_organisations(n_enterprises)

    def _person_name(self) -> str:
        rng = self.rng
        while True:
            given = "".join(rng.choice(tables.GIVEN_CHARS) for _ in range(1 if rng.random() < 0.3 else 2))
            name = self.surnames.pick(rng) + given
            if name not in REAL_NAMES_TO_AVOID:
                return name

    def _phone(self) -> str:
        return f"1{self.rng.choice('35789')}{self.rng.randrange(10 ** 9):09d}"

    def _address(self) -> str:
        rng = self.rng
        village = rng.choice(tables.PLACE_CHARS) + rng.choice(tables.PLACE_CHARS)
        return f"湖北省咸丰县{rng.choice(tables.TOWNS)}{village}村{rng.randint(1, 12)}组{rng.randint(1, 80)}号"

    def _new_person(self) -> int:
        rng = self.rng
        while True:
            division = self.divisions.pick(rng)
            born = date(rng.randint(1950, 2004), 1, 1) + timedelta(days=rng.randrange(365))
            try:
                number = identifiers.id_number(division=division, born_on=born, sequence=rng.randrange(1000))
            except ValueError:  # division code not in use in that birth year
                continue
            if number not in self.used_ids:
                break
        self.used_ids.add(number)
        party = PartyPlan(index=len(self.parties), kind=PartyKind.PERSON, name=self._person_name(), group="person",
                          id_number=number, phone=self._phone(), address=self._address())
        self.parties.append(party)
        self.persons.append(party.index)
        return party.index

    def person(self) -> int:
        """A natural person: mostly someone new; sometimes someone seen before, and a few frequent litigants
        (the first forty persons drawn) come back again and again."""
        u = self.rng.random()
        if self.persons and u < 0.08:
            return self.persons[self.rng.randrange(len(self.persons))]
        if self.persons and u < 0.105:
            return self.persons[self.rng.randrange(min(40, len(self.persons)))]
        return self._new_person()

    def _org_code(self, *, authority: str, category: str, numeric: bool, division: str = "422826") -> str:
        rng = self.rng
        while True:
            if numeric:
                body = f"{rng.randrange(10 ** 8):08d}"
            else:
                body = "MA4" + "".join(rng.choice(identifiers.USCC_ALPHABET) for _ in range(5))
            code = identifiers.credit_code(authority=authority, category=category, division=division, org_body=body)
            if code not in self.used_codes:
                self.used_codes.add(code)
                return code

    def _org(self, *, name: str, group: str, organisation_kind: str, size: str = "", authority: str = "9",
             category: str = "1", numeric: bool | None = None) -> int:
        self.used_org_names.add(name)
        numeric = self.rng.random() < 0.4 if numeric is None else numeric
        party = PartyPlan(index=len(self.parties), kind=PartyKind.ORGANISATION, name=name, group=group,
                          credit_code=self._org_code(authority=authority, category=category, numeric=numeric),
                          organisation_kind=organisation_kind, enterprise_size=size,
                          legal_representative=self._person_name(), phone=self._phone(), address=self._address())
        self.parties.append(party)
        return party.index

    def _build_organisations(self, n_enterprises: int) -> None:
        rng = self.rng
        enterprise = OrganisationKind.ENTERPRISE
        self.banks = [self._org(name=n, group="bank", organisation_kind=enterprise, size=s) for n, s in tables.BANKS]
        self.lenders = [self._org(name=n, group="lender", organisation_kind=enterprise, size=s)
                        for n, s in tables.LENDERS]
        self.leasing = [self._org(name=n, group="lender", organisation_kind=enterprise, size=s)
                        for n, s in tables.LEASING]
        self.insurers = [self._org(name=n, group="insurer", organisation_kind=enterprise, size=s)
                         for n, s in tables.INSURERS]
        self.governments = {n: self._org(name=n, group="government", organisation_kind=OrganisationKind.GOVERNMENT,
                                         authority="1", category="1", numeric=True)
                            for n in tables.GOVERNMENT_BODIES}
        self.institutions = [self._org(name=n, group="institution",
                                       organisation_kind=OrganisationKind.PUBLIC_INSTITUTION, authority="1",
                                       category="2", numeric=True) for n in tables.PUBLIC_INSTITUTIONS]
        self.others = [self._org(name=n, group="other", organisation_kind=OrganisationKind.OTHER, authority="5",
                                 category="2") for n in tables.SOCIAL_ORGANISATIONS]
        for word in tables.COOPERATIVE_WORDS:
            name = f"咸丰县{self._brand()}{word}专业合作社"
            if name not in self.used_org_names:
                self.others.append(self._org(name=name, group="other", organisation_kind=OrganisationKind.OTHER,
                                             authority="9", category="3", numeric=False))
        industries = Weighted(tables.INDUSTRIES, [i.weight for i in tables.INDUSTRIES])
        places = Weighted([p for p, _ in tables.PLACE_PREFIXES], [w for _, w in tables.PLACE_PREFIXES])
        self.enterprises: list[int] = []
        while len(self.enterprises) < n_enterprises:
            industry = industries.pick(rng)
            size = Weighted([s for s, _ in industry.sizes], [w for _, w in industry.sizes]).pick(rng)
            suffix = "股份有限公司" if size == EnterpriseSize.LARGE and rng.random() < 0.5 else "有限公司"
            name = f"{places.pick(rng)}{self._brand()}{industry.word}{suffix}"
            if name in self.used_org_names:
                continue
            self.enterprises.append(self._org(name=name, group="enterprise", organisation_kind=enterprise, size=size))
        # Zipf-like reuse: a few enterprises appear in many cases, most in one or two.
        self.enterprise_pick = Weighted(self.enterprises, [1 / (rank + 20) ** 0.8 for rank in range(n_enterprises)])

    def _brand(self) -> str:
        return self.rng.choice(tables.BRAND_FIRST) + self.rng.choice(tables.BRAND_SECOND)

    def enterprise(self) -> int:
        return self.enterprise_pick.pick(self.rng)

    def person_or_enterprise(self, enterprise_share: float) -> int:
        return self.enterprise() if self.rng.random() < enterprise_share else self.person()

    # --- who litigates what ---------------------------------------------------------------------------

    @staticmethod
    def _put(case: CasePlan, party: int, role: str) -> None:
        if all(existing != party for existing, _ in case.parties):
            case.parties.append((party, role))

    def _civil_parties(self, case: CasePlan, cause: tables.CivilCause, plaintiff_role: str, defendant_role: str):
        rng, put, p = self.rng, self._put, cause.pattern
        plaintiffs: list[int] = []
        defendants: list[int] = []
        third: list[int] = []
        if p == "loan":
            plaintiffs.append(self.person_or_enterprise(0.15))
            defendants.append(self.person_or_enterprise(0.12))
            if rng.random() < 0.3:
                defendants.append(self.person())
        elif p in ("family", "neighbour", "tort"):
            plaintiffs.append(self.person())
            defendants.append(self.person())
            if p == "tort" and rng.random() < 0.2:
                defendants.append(self.enterprise())
        elif p == "trade":
            plaintiffs.append(self.person_or_enterprise(0.7))
            defendants.append(self.person_or_enterprise(0.6))
        elif p == "bank_loan":
            plaintiffs.append(rng.choice(self.banks[:4]))
            defendants.append(self.person_or_enterprise(0.3))
            for _ in range(rng.choice((0, 0, 1, 2))):
                defendants.append(self.person())
        elif p == "credit_card":
            plaintiffs.append(rng.choice(self.banks))
            defendants.append(self.person())
        elif p == "microloan":
            plaintiffs.append(self.lenders[0])
            defendants.append(self.person())
        elif p == "leasing":
            plaintiffs.append(rng.choice(self.leasing))
            defendants.append(self.person_or_enterprise(0.6))
        elif p == "insurance":
            plaintiffs.append(self.person_or_enterprise(0.4))
            defendants.append(rng.choice(self.insurers))
        elif p == "traffic":
            plaintiffs.append(self.person())
            defendants.append(self.person())
            if rng.random() < 0.8:
                defendants.append(rng.choice(self.insurers[:2]))
        elif p in ("labour", "wages", "injury"):
            plaintiffs.append(self.person())
            defendants.append(self.person_or_enterprise(0.7 if p == "wages" else 0.35))
        elif p == "employment":
            plaintiffs.append(self.person())
            defendants.append(self.enterprise())
        elif p == "construction":
            plaintiffs.append(self.person_or_enterprise(0.6))
            u = rng.random()
            if u < 0.12:
                defendants.append(self.governments[rng.choice(("高乐山镇人民政府", "忠堡镇人民政府", "咸丰县交通运输局",
                                                               "咸丰县住房和城乡建设局"))])
            elif u < 0.2:
                defendants.append(rng.choice(self.institutions))
            else:
                defendants.append(self.enterprise())
            if rng.random() < 0.3:
                third.append(self.enterprise())
        elif p == "lease":
            plaintiffs.append(self.person_or_enterprise(0.3) if rng.random() < 0.9 else rng.choice(self.institutions))
            defendants.append(self.person_or_enterprise(0.4))
        elif p == "property_service":
            plaintiffs.append(self.enterprise())
            defendants.append(self.person())
        elif p == "guarantee":
            plaintiffs.append(self.lenders[1] if rng.random() < 0.5 else self.person())
            defendants.append(self.person())
            if rng.random() < 0.4:
                defendants.append(self.person())
        elif p == "corporate":
            plaintiffs.append(self.person_or_enterprise(0.3))
            defendants.append(self.person())
            third.append(self.enterprise())
        elif p in ("environment", "forestry"):
            plaintiffs.append(self.person() if rng.random() < 0.8 else rng.choice(self.others))
            defendants.append(self.enterprise() if p == "environment" or rng.random() < 0.5 else self.person())
        else:  # pragma: no cover - every pattern of tables.CIVIL_CAUSES is handled above
            raise ValueError(p)
        for index in plaintiffs:
            put(case, index, plaintiff_role)
        for index in defendants:
            put(case, index, defendant_role)
        for index in third:
            put(case, index, PartyRole.THIRD_PARTY)
