import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models

from yingshang.core.models import TimeStampedModel
from yingshang.org.choices import COURT_ROLES, CourtLevel, DepartmentKind, Role, TeamKind


class Court(TimeStampedModel):
    name = models.CharField("法院名称", max_length=100, unique=True, help_text="如 咸丰县人民法院")
    code = models.CharField("法院代字", max_length=20, unique=True,
                            help_text="案号中的法院代字，如 鄂2826（最高法〔2015〕137号 第5条）")
    level = models.CharField("法院层级", max_length=20, choices=CourtLevel.choices, default=CourtLevel.BASIC)
    parent = models.ForeignKey("self", verbose_name="上级法院", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children", help_text="上一级人民法院")

    class Meta:
        verbose_name = "法院"
        verbose_name_plural = "法院"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Department(TimeStampedModel):
    court = models.ForeignKey(Court, verbose_name="法院", on_delete=models.PROTECT, related_name="departments")
    name = models.CharField("部门名称", max_length=100)
    kind = models.CharField("部门类型", max_length=30, choices=DepartmentKind.choices)
    seat = models.CharField("驻地", max_length=100, blank=True, default="",
                            help_text="人民法庭所在乡镇，如 高乐山镇")
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "部门"
        verbose_name_plural = "部门"
        ordering = ["court", "sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["court", "name"], name="org_department_unique_name")]

    def __str__(self) -> str:
        return self.name


class Team(TimeStampedModel):
    department = models.ForeignKey(Department, verbose_name="所属部门", on_delete=models.PROTECT, related_name="teams")
    name = models.CharField("团队名称", max_length=100)
    kind = models.CharField("团队类型", max_length=30, choices=TeamKind.choices, default=TeamKind.GENERAL)

    class Meta:
        verbose_name = "审判团队"
        verbose_name_plural = "审判团队"
        ordering = ["department", "id"]
        constraints = [models.UniqueConstraint(fields=["department", "name"], name="org_team_unique_name")]

    def __str__(self) -> str:
        return f"{self.department.name}·{self.name}"


class User(AbstractUser):
    """A person who logs in: court staff or an outside user (party, lawyer, mediator …).

    ``role`` is the primary role and decides the navigation; groups carry the Django permissions;
    object-level rules (only my cases, my department) live in each app's permissions.py.
    """

    display_name = models.CharField("姓名", max_length=50, blank=True, default="")
    role = models.CharField("角色", max_length=30, choices=Role.choices, default=Role.PARTY)
    court = models.ForeignKey(Court, verbose_name="法院", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="staff", help_text="院内人员所在法院；院外用户为空")
    department = models.ForeignKey(Department, verbose_name="部门", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="members")
    team = models.ForeignKey(Team, verbose_name="团队", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="members")
    supervised_departments = models.ManyToManyField(
        Department, verbose_name="分管部门", blank=True, related_name="supervisors",
        help_text="分管院长分管的部门",
    )
    is_committee_member = models.BooleanField("审委会委员", default=False)
    phone = models.CharField("手机号", max_length=20, blank=True, default="")
    organisation_name = models.CharField("所在单位", max_length=100, blank=True, default="",
                                         help_text="律师事务所、调解组织、管理人机构、鉴定机构等")

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def is_court_staff(self) -> bool:
        return self.role in COURT_ROLES

    @property
    def role_label(self) -> str:
        return Role(self.role).label


class ApiToken(TimeStampedModel):
    """A bearer token for API clients. Only its SHA-256 is stored; the key is shown once."""

    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("用途", max_length=100)
    key_hash = models.CharField("令牌摘要", max_length=64, unique=True)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)
    is_active = models.BooleanField("有效", default=True)

    class Meta:
        verbose_name = "API 令牌"
        verbose_name_plural = "API 令牌"

    def __str__(self) -> str:
        return f"{self.user} · {self.name}"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def new_key() -> str:
        return secrets.token_urlsafe(32)
