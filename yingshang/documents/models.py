"""Documents of a case (its electronic dossier), their service on the parties, consent to electronic service,
decisions and their legal effect, appeals, exported dossier packages and online litigation records."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from yingshang.core.models import TimeStampedModel
from yingshang.documents.choices import (
    ActivityKind, AppealOutcomeKind, ActivityMode, Channel, ConsentScope, DecisionStatus, DocumentKind, DocumentSource, PackagePurpose,
    ServiceMethod, ServiceStatus, Volume,
)


def _document_path(instance, filename: str) -> str:
    return f"documents/{instance.case_id}/{filename}"


def _package_path(instance, filename: str) -> str:
    return f"documents/{instance.case_id}/packages/{filename}"


def _mailing_path(instance, filename: str) -> str:
    return f"documents/{instance.document.case_id}/mailing/{filename}"


class DocumentNumberSequence(models.Model):
    """The last document serial allocated per court and year."""

    court = models.ForeignKey("org.Court", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    last_sequence = models.PositiveIntegerField("已分配到", default=0)

    class Meta:
        verbose_name = "文书编号序列"
        verbose_name_plural = "文书编号序列"
        constraints = [models.UniqueConstraint(fields=["court", "year"], name="documents_seq_unique")]

    def __str__(self) -> str:
        return f"{self.court_id} {self.year}: {self.last_sequence}"


class Document(TimeStampedModel):
    """One document of a case, uploaded or generated, and its entry in the case's electronic dossier
    (电子卷宗随案同步生成): ``volume`` + ``sequence`` give the catalogue order, allocated as the document arrives."""

    case = models.ForeignKey("cases.Case", verbose_name="案件", on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField("文书类型", max_length=30, choices=DocumentKind.choices)
    title = models.CharField("标题", max_length=200)
    source = models.CharField("来源", max_length=20, choices=DocumentSource.choices)
    number = models.CharField("文书编号", max_length=60, unique=True, help_text="本院文书流水号，如（2024）鄂2826文书第000123号")
    volume = models.CharField("卷别", max_length=10, choices=Volume.choices, default=Volume.MAIN,
                              help_text="正卷可供当事人查阅；副卷（合议庭评议、审理报告等）只在院内")
    sequence = models.PositiveIntegerField("卷内序号", help_text="按入卷先后分配，正卷与副卷分别编号")
    issued_on = models.DateField("文书日期", help_text="文书落款日期或材料提交日期")
    file = models.FileField("文件", upload_to=_document_path, max_length=300)
    file_name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("文件类型", max_length=100, default="application/pdf")
    size_bytes = models.PositiveBigIntegerField("大小（字节）", default=0)
    sha256 = models.CharField("SHA-256", max_length=64, help_text="文件内容的摘要，公开验证页据此比对")
    verification_code = models.CharField("验证码", max_length=10, unique=True,
                                         help_text="8位随机字符+2位校验位（HMAC），印在文书上，公众可在验证页核验")
    template_name = models.CharField("模板", max_length=100, blank=True, default="", help_text="系统生成文书的模板")
    data = models.JSONField("生成数据", default=dict, blank=True, help_text="生成文书时填入模板的数据")
    addressee_party = models.ForeignKey("cases.Party", verbose_name="受文当事人", null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="+",
                                        help_text="传票、缴费通知书等指向某一当事人的文书")
    is_shared_with_parties = models.BooleanField("向全体当事人公开", default=False,
                                                 help_text="未送达的当事人也可查看（如生效证明、起诉状副本）")
    is_sealed_from_parties = models.BooleanField("对当事人不公开", default=False,
                                                 help_text="依法不向当事人公开的材料；即使已送达也不在门户显示")
    seal_status = models.CharField("签章状态", max_length=20, default="awaiting_seal",
                                   help_text="awaiting_seal：等待法院电子签章服务加盖（本平台不自制签章）")
    is_channel_online = models.BooleanField("线上提交", default=False, help_text="当事人通过诉讼服务平台提交")
    submitted_by_party = models.ForeignKey("cases.Party", verbose_name="提交当事人", null=True, blank=True,
                                           on_delete=models.PROTECT, related_name="+",
                                           help_text="当事人提交的材料（起诉状、答辩状、证据、上诉状）")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="入卷人", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+", help_text="系统自动生成的为空")
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True,
                                      help_text="如生效证明因在期上诉而撤销；验证页显示已撤销")
    revoked_reason = models.CharField("撤销原因", max_length=300, blank=True, default="")

    class Meta:
        verbose_name = "案件文书"
        verbose_name_plural = "案件文书"
        ordering = ["case", "-volume", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["case", "volume", "sequence"], name="documents_dossier_order_unique"),
            models.CheckConstraint(condition=~Q(volume=Volume.INTERNAL) | Q(is_shared_with_parties=False),
                                   name="documents_internal_not_shared"),
        ]
        indexes = [models.Index(fields=["case", "kind"], name="documents_case_kind_idx")]

    def __str__(self) -> str:
        return f"{self.title}（{self.number}）"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class ServiceConsent(TimeStampedModel):
    """A party's consent to electronic service (CPL 90), as in its 送达地址确认书: methods and addresses agreed,
    whether judgments/rulings/mediation agreements are included, for this case or all its cases here."""

    party = models.ForeignKey("cases.Party", verbose_name="当事人", on_delete=models.PROTECT,
                              related_name="service_consents")
    case = models.ForeignKey("cases.Case", verbose_name="案件", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="service_consents", help_text="范围为“本案”时的案件")
    scope = models.CharField("范围", max_length=20, choices=ConsentScope.choices, default=ConsentScope.CASE)
    methods = models.JSONField("同意的方式", default=list, help_text="sms / email / inbox 的列表")
    phone = models.CharField("送达手机号", max_length=20, blank=True, default="")
    email = models.CharField("送达邮箱", max_length=254, blank=True, default="")
    covers_decisions = models.BooleanField("含判决书、裁定书、调解书", default=True)
    consented_on = models.DateField("同意日期")
    channel = models.CharField("确认途径", max_length=10, choices=Channel.choices, default=Channel.OFFLINE)
    withdrawn_on = models.DateField("撤回日期", null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        verbose_name = "电子送达同意"
        verbose_name_plural = "电子送达同意"
        ordering = ["-consented_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(scope=ConsentScope.ALL_CASES, case__isnull=True)
                                   | Q(scope=ConsentScope.CASE, case__isnull=False), name="documents_consent_scope"),
        ]

    def __str__(self) -> str:
        return f"{self.party_id} {self.get_scope_display()} {self.consented_on}"


class ServiceRecord(TimeStampedModel):
    """One attempt to serve one document on one party: method, consent relied on, sent / delivered / read moments,
    the date the law deems it served, failure and the fallback to post."""

    document = models.ForeignKey(Document, verbose_name="文书", on_delete=models.PROTECT, related_name="services")
    party = models.ForeignKey("cases.Party", verbose_name="受送达人", on_delete=models.PROTECT,
                              related_name="service_records")
    method = models.CharField("送达方式", max_length=20, choices=ServiceMethod.choices)
    status = models.CharField("状态", max_length=12, choices=ServiceStatus.choices, default=ServiceStatus.PENDING)
    consent = models.ForeignKey(ServiceConsent, verbose_name="依据的同意", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    address = models.CharField("送达地址", max_length=300, blank=True, default="",
                               help_text="手机号、邮箱、邮寄地址或公告媒体")
    message = models.ForeignKey("notifications.Message", verbose_name="电子送达消息", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField("发出时间", null=True, blank=True)
    delivered_at = models.DateTimeField("到达时间", null=True, blank=True, help_text="到达受送达人特定系统的时刻")
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)
    event_on = models.DateField("送达事件日期", null=True, blank=True,
                                help_text="签收日、回执日、到达日或公告发布日")
    served_on = models.DateField("送达日期", null=True, blank=True, help_text="法律视为送达之日（民事诉讼法第87–95条）")
    failed_at = models.DateTimeField("失败时间", null=True, blank=True)
    failure_reason = models.CharField("失败原因", max_length=500, blank=True, default="")
    fallback_of = models.OneToOneField("self", verbose_name="补送自", null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="fallback")
    mailing_pack = models.FileField("邮寄材料", upload_to=_mailing_path, blank=True, max_length=300,
                                    help_text="地址页+文书，可直接打印装封")
    tracking_number = models.CharField("邮件号", max_length=40, blank=True, default="")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="经办人", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "送达记录"
        verbose_name_plural = "送达记录"
        ordering = ["document", "party", "id"]
        constraints = [
            models.UniqueConstraint(fields=["document", "party"], condition=Q(status=ServiceStatus.SERVED),
                                    name="documents_served_once"),
            models.UniqueConstraint(fields=["document", "party"],
                                    condition=Q(status__in=[ServiceStatus.PENDING, ServiceStatus.SENT]),
                                    name="documents_one_open_service"),
            models.CheckConstraint(condition=~Q(status=ServiceStatus.SERVED) | Q(served_on__isnull=False),
                                   name="documents_served_has_date"),
        ]
        indexes = [models.Index(fields=["status", "served_on"], name="documents_service_served_idx"),
                   models.Index(fields=["party", "status"], name="documents_service_party_idx")]

    def __str__(self) -> str:
        return f"{self.document_id} → {self.party_id} {self.get_method_display()} {self.get_status_display()}"

    @property
    def is_electronic(self) -> bool:
        from yingshang.documents.choices import ELECTRONIC_METHODS

        return self.method in ELECTRONIC_METHODS


class Decision(TimeStampedModel):
    """A judgment, ruling or mediation agreement whose legal effect the platform follows (measure 22)."""

    document = models.OneToOneField(Document, verbose_name="裁判文书", on_delete=models.PROTECT,
                                    related_name="decision")
    case = models.ForeignKey("cases.Case", verbose_name="案件", on_delete=models.PROTECT, related_name="decisions")
    kind = models.CharField("类型", max_length=30, choices=[(k.value, k.label) for k in
                                                            (DocumentKind.JUDGMENT, DocumentKind.RULING,
                                                             DocumentKind.MEDIATION_AGREEMENT)])
    is_appealable = models.BooleanField("可以上诉", default=True,
                                        help_text="二审、小额诉讼、不准上诉的裁定、调解书为否：送达即生效")
    status = models.CharField("状态", max_length=12, choices=DecisionStatus.choices, default=DecisionStatus.PENDING)
    last_appeal_day = models.DateField("上诉期最后一日", null=True, blank=True,
                                       help_text="全体当事人上诉期中最晚的届满日（已顺延节假日）")
    effective_on = models.DateField("生效日期", null=True, blank=True)
    certificate = models.OneToOneField(Document, verbose_name="生效证明", null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="certified_decision")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        verbose_name = "裁判文书生效"
        verbose_name_plural = "裁判文书生效"
        ordering = ["case", "id"]
        indexes = [models.Index(fields=["status"], name="documents_decision_status_idx")]

    def __str__(self) -> str:
        return f"{self.document} {self.get_status_display()}"


class AppealClock(models.Model):
    """One party's appeal period for one decision (解释 244: each runs from the party's own service)."""

    decision = models.ForeignKey(Decision, verbose_name="裁判文书", on_delete=models.CASCADE, related_name="clocks")
    party = models.ForeignKey("cases.Party", verbose_name="当事人", on_delete=models.PROTECT, related_name="+")
    served_on = models.DateField("送达日期", null=True, blank=True)
    appeal_days = models.PositiveSmallIntegerField("上诉期（日）", null=True, blank=True)
    last_day_on = models.DateField("上诉期届满日", null=True, blank=True, help_text="遇节假日顺延后的最后一日")
    unconfirmed_calendar = models.BooleanField("日历未确认", default=False)

    class Meta:
        verbose_name = "上诉期"
        verbose_name_plural = "上诉期"
        ordering = ["decision", "id"]
        constraints = [models.UniqueConstraint(fields=["decision", "party"], name="documents_clock_unique")]

    def __str__(self) -> str:
        return f"{self.decision_id} {self.party_id} → {self.last_day_on}"


class Appeal(TimeStampedModel):
    """An appeal against a decision. In time (filed by the appellant's own last day) it stops the decision from
    taking effect; the copy is served on the other side and the file goes to the second-instance court within 5
    days of the answer period (the clock is yingshang.deadlines.AppealTransfer)."""

    decision = models.ForeignKey(Decision, verbose_name="裁判文书", on_delete=models.PROTECT, related_name="appeals")
    party = models.ForeignKey("cases.Party", verbose_name="上诉人", on_delete=models.PROTECT, related_name="+")
    filed_on = models.DateField("上诉日期", help_text="递交上诉状之日（邮寄以邮戳为准）")
    is_in_time = models.BooleanField("在上诉期内")
    channel = models.CharField("提交途径", max_length=10, choices=Channel.choices, default=Channel.OFFLINE)
    petition = models.ForeignKey(Document, verbose_name="上诉状", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    copy_served_on = models.DateField("副本送达完毕日", null=True, blank=True,
                                      help_text="上诉状副本送达最后一名对方当事人之日；答辩期自次日起算")
    transfer_id = models.PositiveBigIntegerField("移送期限记录", null=True, blank=True,
                                                 help_text="yingshang.deadlines 的上诉移送记录 id")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        verbose_name = "上诉"
        verbose_name_plural = "上诉"
        ordering = ["decision", "filed_on", "id"]
        constraints = [models.UniqueConstraint(fields=["decision", "party"], name="documents_appeal_once")]

    def __str__(self) -> str:
        return f"{self.decision_id} {self.party_id} {self.filed_on}"


class AppealOutcome(TimeStampedModel):
    """The result of the appeal against a first-instance decision, as the second-instance court sends it back: how
    it disposed of the appeal, its case number and decision date. One per decision (every appellant's appeal against
    the decision is heard in one second-instance case). The input of 改判发回率 (indicators.md §1.2, §5)."""

    decision = models.OneToOneField(Decision, verbose_name="一审裁判文书", on_delete=models.PROTECT,
                                    related_name="appeal_outcome", help_text="在上诉期内被上诉的一审判决书或裁定书")
    outcome = models.CharField("二审结果", max_length=20, choices=AppealOutcomeKind.choices,
                               help_text="维持、改判、部分改判、发回重审、撤回上诉、按撤回上诉处理、调解")
    second_instance_case_number = models.CharField("二审案号", max_length=60,
                                                   help_text="如（2024）鄂28民终123号，按案号规则校验")
    decided_on = models.DateField("二审裁判日期", help_text="二审判决、裁定或调解书的落款日期")
    note = models.CharField("备注", max_length=300, blank=True, default="",
                            help_text="如 改判的主要理由、发回重审的事由")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT,
                                    related_name="+", help_text="登记二审结果的本案工作人员")

    class Meta:
        verbose_name = "二审结果"
        verbose_name_plural = "二审结果"
        ordering = ["-decided_on", "-id"]
        indexes = [models.Index(fields=["outcome"], name="documents_outcome_idx")]

    def __str__(self) -> str:
        return f"{self.second_instance_case_number} {self.get_outcome_display()}"


class CertificateRequest(models.Model):
    """A party's online request for the effectiveness certificate (counted as an online service)."""

    decision = models.ForeignKey(Decision, verbose_name="裁判文书", on_delete=models.PROTECT, related_name="requests")
    party = models.ForeignKey("cases.Party", verbose_name="申请人", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="申请账号", on_delete=models.PROTECT,
                                     related_name="+")
    requested_on = models.DateField("申请日期")
    requested_at = models.DateTimeField("申请时间")
    channel = models.CharField("途径", max_length=10, choices=Channel.choices, default=Channel.ONLINE)

    class Meta:
        verbose_name = "生效证明申请"
        verbose_name_plural = "生效证明申请"
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"{self.decision_id} {self.requested_on}"


class DossierPackage(models.Model):
    """An exported electronic dossier (zip of the files plus a catalogue PDF), kept when it leaves the court:
    the paperless appeal transfer (measure 21) or archiving."""

    case = models.ForeignKey("cases.Case", verbose_name="案件", on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField("用途", max_length=20, choices=PackagePurpose.choices)
    file = models.FileField("卷宗包", upload_to=_package_path, max_length=300)
    sha256 = models.CharField("SHA-256", max_length=64)
    size_bytes = models.PositiveBigIntegerField("大小（字节）", default=0)
    entry_count = models.PositiveIntegerField("文书数")
    includes_internal = models.BooleanField("含副卷", default=False)
    receiving_court = models.CharField("接收法院", max_length=100, blank=True, default="")
    transferred_on = models.DateField("移送日期", null=True, blank=True)
    appeal = models.ForeignKey(Appeal, verbose_name="上诉", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="packages")
    created_at = models.DateTimeField("生成时间")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="经办人", on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        verbose_name = "电子卷宗包"
        verbose_name_plural = "电子卷宗包"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.get_purpose_display()} {self.created_at:%Y-%m-%d}"


class LitigationActivity(TimeStampedModel):
    """A hearing, mediation session, evidence exchange or inquiry, marked online / offline (measures 21–22)."""

    case = models.ForeignKey("cases.Case", verbose_name="案件", on_delete=models.PROTECT,
                             related_name="litigation_activities")
    kind = models.CharField("活动", max_length=30, choices=ActivityKind.choices)
    mode = models.CharField("方式", max_length=10, choices=ActivityMode.choices)
    held_on = models.DateField("举行日期")
    platform = models.CharField("平台/地点", max_length=100, blank=True, default="",
                                help_text="如 人民法院在线服务、第一审判庭")
    note = models.CharField("备注", max_length=500, blank=True, default="")
    recording = models.ForeignKey(Document, verbose_name="笔录/录像", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        verbose_name = "诉讼活动"
        verbose_name_plural = "诉讼活动"
        ordering = ["case", "held_on", "id"]
        indexes = [models.Index(fields=["kind", "held_on"], name="documents_activity_idx")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.get_kind_display()} {self.get_mode_display()} {self.held_on}"
