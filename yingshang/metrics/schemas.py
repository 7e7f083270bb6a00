"""API schemas of the indicators: explicit Out schemas, English snake_case; values are decimal strings (exact), money
in yuan strings."""

from datetime import date

from ninja import Schema
from pydantic import Field

from yingshang.metrics.choices import Appearance


class TargetOut(Schema):
    comparator: str = Field(description="gte（≥）/ lte（≤）；无目标值时为空")
    value: str | None = Field(description="目标值（十进制字符串）；无目标值时为 null")
    label: str = Field(description="如 ≥ 60%；无目标值")
    source: str = Field(description="目标来源：实施方案举措或最高法合理区间")


class PeriodOut(Schema):
    key: str = Field(description="如 2023-Q3、2023-07、2023、ytd")
    kind: str
    label: str
    start: date
    end: date


class ScopeOut(Schema):
    key: str = Field(description="如 court:1、department:12、judge:57")
    kind: str
    label: str


class IndicatorOut(Schema):
    code: str = Field(description="稳定的指标代码")
    version: int = Field(description="计算所用的定义版本")
    name_zh: str
    name_en: str
    group: str = Field(description="plan 实施方案 / spc 最高法 / international 国际口径")
    unit: str = Field(description="percent / days / cases / ratio")
    direction: str = Field(description="higher / lower：越高越好或越低越好")
    plan_measure: int | None = Field(description="实施方案举措序号")
    target: TargetOut
    value: str | None = Field(description="指标值（十进制字符串，两位小数）；暂无数据时为 null，绝不以 0 代替")
    value_label: str = Field(description="如 66.67%、45.50 天、17 件、1 : 1.35、暂无数据")
    numerator: int | None = Field(description="分子（件数、人次，或金额的分）")
    denominator: int | None = Field(description="分母；件数类指标为存量总数")
    numerator_label: str
    denominator_label: str
    status: str = Field(description="met 达标 / near 接近目标 / missed 未达标 / no_target 监测 / no_data 暂无数据")
    status_label: str
    reason: str = Field(description="暂无数据的原因（模块未建或分母为零）")
    as_of: date = Field(description="存量指标的取数日")
    is_unconfirmed: bool = Field(description="官方口径是否有未确认之处")
    unconfirmed_note: str


class IndicatorDetailOut(IndicatorOut):
    numerator_definition: str
    denominator_definition: str
    period_rule: str
    exclusions: str
    source: str
    data_sources: str
    numerator_parts: list[dict] = Field(description="组合指标的分子各组成部分 {item, label, amount}")
    denominator_parts: list[dict]


class IndicatorListOut(Schema):
    scope: ScopeOut
    period: PeriodOut
    items: list[IndicatorOut]
    count: int


class IndicatorOneOut(Schema):
    scope: ScopeOut
    period: PeriodOut
    indicator: IndicatorDetailOut


class TrendPointOut(Schema):
    period: PeriodOut
    value: str | None
    value_label: str
    numerator: int | None
    denominator: int | None
    status: str


class TrendOut(Schema):
    scope: ScopeOut
    code: str
    items: list[TrendPointOut]
    count: int


class DrilldownRowOut(Schema):
    row_id: int = Field(description="所计数行的ID（案件、发放单、留言、退费单、送达记录等）")
    case_id: int
    case_number: str
    cells: dict[str, str] = Field(description="列名 → 显示值")
    contribution: str | None = Field(description="该行对合计的贡献：天数或金额（元）；计数类为 null")


class DrilldownOut(Schema):
    code: str
    side: str = Field(description="numerator 分子 / denominator 分母")
    item: int = Field(description="组合指标的组成部分序号（从0起）")
    part_label: str
    columns: list[str]
    items: list[DrilldownRowOut]
    count: int = Field(description="行数：与指标的分子（或分母）计数一致")
    hidden_count: int = Field(description="不在您查看范围内的行数（案-件比统计纠纷的全部案件）")


class AppearanceIn(Schema):
    case_id: int = Field(description="行政案件ID", ge=1, le=2**63 - 1)
    hearing_on: date = Field(description="开庭日期")
    defendant_agency: str = Field(description="被诉行政机关", min_length=1, max_length=100)
    appearance: Appearance = Field(description="principal_head 正职负责人 / deputy_head 副职（分管）负责人 / "
                                               "staff_only 仅工作人员 / absent 无人出庭")
    head_name: str = Field("", description="出庭负责人姓名（负责人出庭时必填）", max_length=50)
    head_title: str = Field("", description="职务", max_length=50)
    note: str = Field("", description="备注", max_length=300)


class AppearanceOut(Schema):
    id: int
    case_id: int
    case_number: str
    hearing_on: date
    defendant_agency: str
    appearance: str
    appearance_label: str
    is_head: bool
    head_name: str
    head_title: str
    note: str
    recorded_by: str


class AppearanceListOut(Schema):
    items: list[AppearanceOut]
    count: int
