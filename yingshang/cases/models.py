from django.conf import settings
from django.db import models
from django.db.models import Q

from yingshang.cases.choices import (
    OPEN_STATUSES, CaseCategory, CaseEventKind, CaseLinkKind, CaseStatus, ClosingManner, EnterpriseSize,
    FilingChannel, OrganisationKind, PartyKind, PartyRole, Procedure,
)
from yingshang.core.models import TimeStampedModel
from yingshang.core.money import fen_to_yuan


class CauseOfAction(models.Model):
    """One entry of the SPC 民事案件案由规定 catalogue (2020 or 2025 revision), loaded as data."""

    revision = models.PositiveSmallIntegerField("版本", help_text="2020 或 2025（案由规定修订年份）")
    level = models.PositiveSmallIntegerField("级别", help_text="1 部分，2 大类，3 案由，4 子案由")
    code = models.CharField("编码", max_length=40, help_text="稳定键：版本-三级编号[-四级序号]")
    number = models.PositiveIntegerField("三级编号", null=True, blank=True,
                                         help_text="三级案由的全目录连续编号（四级为其上级的编号）")
    name = models.CharField("案由名称", max_length=100)
    parent = models.ForeignKey("self", verbose_name="上级", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children")
    family = models.CharField("所属大类", max_length=100, blank=True, default="", help_text="二级大类名称")
    is_financial = models.BooleanField("金融类", default=False, help_text="causes-of-action.md 金融 分组")
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "案由"
        verbose_name_plural = "案由"
        ordering = ["revision", "sort_order"]
        constraints = [models.UniqueConstraint(fields=["revision", "code"], name="cases_cause_unique_code")]

    def __str__(self) -> str:
        return self.name


class CaseNumberSequence(models.Model):
    """The last allocated sequence per court, year and type code (法〔2015〕137号 arts 9–10)."""

    court = models.ForeignKey("org.Court", on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField("年度")
    type_code = models.CharField("类型代字", max_length=10)
    last_sequence = models.PositiveIntegerField("已分配到", default=0)

    class Meta:
        verbose_name = "案号序列"
        verbose_name_plural = "案号序列"
        constraints = [models.UniqueConstraint(fields=["court", "year", "type_code"], name="cases_seq_unique")]

    def __str__(self) -> str:
        return f"{self.court.code} {self.year} {self.type_code}: {self.last_sequence}"


class CaseQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)


class Case(TimeStampedModel):
    court = models.ForeignKey("org.Court", verbose_name="法院", on_delete=models.PROTECT, related_name="cases")
    case_number = models.CharField("案号", max_length=50, unique=True, help_text="如（2023）鄂2826民初123号")
    year = models.PositiveSmallIntegerField("收案年度")
    type_code = models.CharField("类型代字", max_length=10, help_text="如 民初、执、破申")
    sequence = models.PositiveIntegerField("案件编号")
    category = models.CharField("案件类别", max_length=30, choices=CaseCategory.choices)
    cause = models.ForeignKey(CauseOfAction, verbose_name="案由", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="cases", help_text="民事案件案由（按立案日期适用的版本）")
    cause_text = models.CharField("案由（文字）", max_length=100, blank=True, default="",
                                  help_text="刑事、行政等不在民事案由目录中的案由")
    procedure = models.CharField("审理程序", max_length=30, choices=Procedure.choices)
    channel = models.CharField("立案渠道", max_length=20, choices=FilingChannel.choices,
                               default=FilingChannel.WINDOW)
    filed_on = models.DateField("立案日期", help_text="立案登记之日；审限自次日起算")
    accepted_on = models.DateField("收案日期", null=True, blank=True, help_text="收到起诉材料之日")
    closed_on = models.DateField("结案日期", null=True, blank=True)
    closing_manner = models.CharField("结案方式", max_length=30, choices=ClosingManner.choices, blank=True,
                                      default="")
    claim_amount_fen = models.BigIntegerField("标的额（分）", default=0, help_text="诉讼请求金额，整数分")
    department = models.ForeignKey("org.Department", verbose_name="承办部门", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="cases")
    team = models.ForeignKey("org.Team", verbose_name="审判团队", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="cases")
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="承办法官", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="cases_as_judge")
    status = models.CharField("状态", max_length=20, choices=CaseStatus.choices, default=CaseStatus.REGISTERED)
    is_enterprise_involved = models.BooleanField("涉企", default=False, help_text="有企业作为当事人（由当事人派生）")
    is_sme_involved = models.BooleanField("涉中小微企业", default=False)
    is_financial = models.BooleanField("金融案件", default=False, help_text="金融类别或金融类案由（派生）")
    has_government_party = models.BooleanField("机关作为当事人", default=False)
    summary = models.TextField("案情摘要", blank=True, default="")
    # Kept by cases.services.case_link (same transaction); backfilled by migration 0004; bulk inserts (demo) run
    # services.case_family_roots_rebuild. NULL, not the case's own id, for a case that starts its dispute: nothing to
    # write when a case is registered, and the index below holds only the cases that are linked under another.
    family_root = models.ForeignKey(
        "self", verbose_name="纠纷起始案件", null=True, blank=True, editable=False, on_delete=models.SET_NULL,
        related_name="family_members", db_index=False,
        help_text="本案所属纠纷（案-件比的“案”）的起始案件：沿上诉、申请执行、恢复执行、执转破、再审关联上溯到的"
                  "第一个案件；为空表示本案即纠纷的起始案件（没有这些关联指向本案）")

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = "案件"
        verbose_name_plural = "案件"
        ordering = ["-filed_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["court", "year", "type_code", "sequence"], name="cases_case_unique_seq"),
            models.CheckConstraint(condition=Q(claim_amount_fen__gte=0), name="cases_case_claim_nonneg"),
            models.CheckConstraint(condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("filed_on")),
                                   name="cases_case_closed_after_filed"),
        ]
        indexes = [
            models.Index(fields=["status", "filed_on"], name="cases_status_filed_idx"),
            models.Index(fields=["department", "status"], name="cases_dept_status_idx"),
            models.Index(fields=["judge", "status"], name="cases_judge_status_idx"),
            models.Index(fields=["closed_on"], name="cases_closed_idx"),
            # 案-件比: the cases of the disputes found (family_root_id IN the disputes); only linked cases are in it.
            models.Index(fields=["family_root"], condition=Q(family_root__isnull=False), name="cases_family_root_idx"),
        ]

    def __str__(self) -> str:
        return self.case_number

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def claim_amount_yuan(self) -> str:
        return fen_to_yuan(self.claim_amount_fen)


class Party(TimeStampedModel):
    """A natural person or an organisation. One organisation is one record across cases (by credit code);
    one person by ID number."""

    kind = models.CharField("类型", max_length=20, choices=PartyKind.choices)
    name = models.CharField("名称/姓名", max_length=200, db_index=True)
    id_number = models.CharField("身份证号", max_length=18, null=True, blank=True, unique=True,
                                 help_text="自然人居民身份证号码（GB 11643 校验）")
    credit_code = models.CharField("统一社会信用代码", max_length=18, null=True, blank=True, unique=True,
                                   help_text="单位统一社会信用代码（GB 32100 校验）")
    organisation_kind = models.CharField("单位性质", max_length=30, choices=OrganisationKind.choices, blank=True,
                                         default="")
    enterprise_size = models.CharField("企业规模", max_length=10, choices=EnterpriseSize.choices, blank=True,
                                       default="")
    legal_representative = models.CharField("法定代表人", max_length=50, blank=True, default="")
    phone = models.CharField("联系电话", max_length=20, blank=True, default="")
    address = models.CharField("住所地", max_length=200, blank=True, default="")
    has_domicile_in_china = models.BooleanField("在中国境内有住所", default=True)
    users = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name="门户账号", blank=True,
                                   related_name="parties", help_text="代表该当事人登录门户的账号")

    class Meta:
        verbose_name = "当事人"
        verbose_name_plural = "当事人"
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind=PartyKind.PERSON, credit_code__isnull=True, organisation_kind="")
                           | Q(kind=PartyKind.ORGANISATION, id_number__isnull=True)),
                name="cases_party_identifier_fits_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_enterprise(self) -> bool:
        return self.organisation_kind == OrganisationKind.ENTERPRISE


class CaseParty(TimeStampedModel):
    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.CASCADE, related_name="case_parties")
    party = models.ForeignKey(Party, verbose_name="当事人", on_delete=models.PROTECT, related_name="case_roles")
    role = models.CharField("诉讼地位", max_length=30, choices=PartyRole.choices)

    class Meta:
        verbose_name = "案件当事人"
        verbose_name_plural = "案件当事人"
        ordering = ["case", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "party", "role"], name="cases_caseparty_unique")]

    def __str__(self) -> str:
        return f"{self.case} {self.get_role_display()} {self.party}"


class CaseAgent(TimeStampedModel):
    """A lawyer (or other agent) representing a party in a case (委托代理人)."""

    case_party = models.ForeignKey(CaseParty, verbose_name="被代理人", on_delete=models.CASCADE, related_name="agents")
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="代理人", on_delete=models.PROTECT,
                              related_name="agencies")
    law_firm = models.CharField("律师事务所", max_length=100, blank=True, default="")

    class Meta:
        verbose_name = "委托代理人"
        verbose_name_plural = "委托代理人"
        constraints = [models.UniqueConstraint(fields=["case_party", "agent"], name="cases_agent_unique")]

    def __str__(self) -> str:
        return f"{self.agent} → {self.case_party}"


class CaseLink(TimeStampedModel):
    """One step of a dispute's family: first instance → appeal → enforcement → bankruptcy."""

    from_case = models.ForeignKey(Case, verbose_name="原案", on_delete=models.CASCADE, related_name="links_out")
    to_case = models.ForeignKey(Case, verbose_name="后续案件", on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField("关系", max_length=30, choices=CaseLinkKind.choices)

    class Meta:
        verbose_name = "关联案件"
        verbose_name_plural = "关联案件"
        constraints = [
            models.UniqueConstraint(fields=["from_case", "to_case"], name="cases_link_unique"),
            models.CheckConstraint(condition=~Q(from_case=models.F("to_case")), name="cases_link_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.from_case} → {self.to_case} ({self.get_kind_display()})"


class CaseEvent(models.Model):
    """The case timeline (立案, 分案, 送达, 开庭, 中止, 恢复, 结案 …), written with each change."""

    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("节点", max_length=30, choices=CaseEventKind.choices)
    occurred_on = models.DateField("发生日期", help_text="节点的法律日期（如开庭日、送达日）")
    recorded_at = models.DateTimeField("记录时间")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    description = models.CharField("说明", max_length=500, blank=True, default="")
    data = models.JSONField("附加数据", default=dict, blank=True)

    class Meta:
        verbose_name = "案件节点"
        verbose_name_plural = "案件节点"
        ordering = ["occurred_on", "recorded_at", "id"]
        indexes = [models.Index(fields=["case", "occurred_on"], name="cases_event_case_idx")]

    def __str__(self) -> str:
        return f"{self.case} {self.get_kind_display()} {self.occurred_on}"

