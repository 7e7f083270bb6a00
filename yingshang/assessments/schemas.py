from datetime import date, datetime

from ninja import Schema
from pydantic import Field

from yingshang.assessments.choices import MeasureTag, Stage


class AssessmentIn(Schema):
    answers: dict = Field(description="问题编码 → 答案（见 GET /assessment-templates）")
    tags: list[MeasureTag] = Field(default_factory=list, description="采取的措施：活封、预留流动资金 …")


class NotApplicableIn(Schema):
    reason: str = Field(min_length=1, description="不适用的理由（必填，记录在案）")


class TagsIn(Schema):
    tags: list[MeasureTag]


class RevisionOut(Schema):
    revision: int
    status: str
    template_version: int | None
    answers: dict
    score: int
    impact_level: str
    tags: list[str]
    reason: str
    recorded_by: str
    recorded_at: datetime


class StageOut(Schema):
    stage: Stage
    stage_label: str
    status: str | None
    status_label: str | None
    impact_level: str | None
    impact_level_label: str | None
    score: int | None
    tags: list[str]
    not_applicable_reason: str
    revision: int | None
    revisions: list[RevisionOut]


class TemplateIn(Schema):
    stage: Stage
    title: str = Field(min_length=1, max_length=200)
    guidance: str = ""
    questions: list[dict]
    medium_from: int = Field(ge=1)
    high_from: int = Field(ge=2)
    gated_actions: list[str] = Field(default_factory=list)


class TemplateOut(Schema):
    id: int
    stage: str
    stage_label: str
    version: int
    title: str
    guidance: str
    questions: list[dict]
    medium_from: int
    high_from: int
    gated_actions: list[str]
    is_active: bool


class SampleIn(Schema):
    period_start: date
    period_end: date
    size: int = Field(ge=1, le=1000)
    seed: str = Field(min_length=1, max_length=50)


class SampleItemOut(Schema):
    id: int
    assessment_id: int
    case_number: str
    stage: str
    department_name: str
    quality_score: int | None


class SampleOut(Schema):
    id: int
    period_start: date
    period_end: date
    size: int
    seed: str
    items: list[SampleItemOut]


class ReviewIn(Schema):
    checklist: dict[str, int]
    comments: str = ""


class TypicalIn(Schema):
    case_id: int
    kind: str
    title: str
    text: str


class TypicalOut(Schema):
    id: int
    kind: str
    title: str
    text: str
    status: str
    published_on: date | None
