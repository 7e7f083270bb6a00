"""Version 2 of two indicators whose data now exists: 保全财产超标的比例 (the preservation app) and 改判发回率 (the
second-instance results recorded in documents.AppealOutcome). Version 1 stays, with is_current off (0002 says: a
change of definition is a new migration, never an edit). Reversible: removes version 2 and makes version 1 current."""

from datetime import date

from django.db import migrations

CHANGES = {
    "preservation_excess_rate": dict(
        numerator_definition="分母所列申请在采取保全措施时出现过的最大超标的数额合计：被保全财产价值超出裁定保全数额（加计入的"
                             "费用，默认为零）的部分（《查封规定》第19条）；其后解除超标的部分的不冲减",
        denominator_definition="统计期间内裁定准许保全的申请的裁定保全数额（保全标的额）合计",
        period_rule="按保全裁定日期落入统计期间（含首尾两日）",
        exclusions="驳回的保全申请不计",
        unconfirmed_note="口径未确认：按 Σ超标的 ÷ Σ保全数额 汇总计算，还是逐件控制（每件不超过20%）；超标的取采取措施时的最高值"
                         "还是期末值。",
        data_sources="preservation.PreservationApplication、preservation.PreservationMeasure",
        change_reason="财产保全模块建成，指标开始计算"),
    "reversal_remand_rate": dict(
        numerator_definition="分母中一审裁判被二审改判（含部分改判）或发回重审的案件数（二审法院退回结果后登记的二审结果）",
        unconfirmed_note="2024年9月起最高法将该指标改为“二审改判-发回重审比”，其公式未确认（indicators.md §1.2 注：可能为改判数"
                         "与发回数之比，意在“当改则改”）；本指标仍按（改判＋部分改判＋发回重审）÷ 一审结案数计算。二审结果"
                         "依赖人工登记，未登记的视为未改判、未发回。",
        data_sources="cases.Case、documents.Decision、documents.AppealOutcome",
        change_reason="二审结果开始登记，指标开始计算"),
}
VALID_FROM = date(2026, 11, 26)


def forward(apps, schema_editor):
    IndicatorDefinition = apps.get_model("metrics", "IndicatorDefinition")
    for code, changes in CHANGES.items():
        current = IndicatorDefinition.objects.get(code=code, is_current=True)
        IndicatorDefinition.objects.filter(pk=current.pk).update(is_current=False)
        fields = {f.name: getattr(current, f.name) for f in IndicatorDefinition._meta.concrete_fields
                  if f.name not in ("id", "created_at", "updated_at")}
        fields.update(changes, version=current.version + 1, is_current=True, valid_from=VALID_FROM)
        IndicatorDefinition.objects.create(**fields)


def backward(apps, schema_editor):
    IndicatorDefinition = apps.get_model("metrics", "IndicatorDefinition")
    for code in CHANGES:
        latest = IndicatorDefinition.objects.filter(code=code).order_by("-version").first()
        if latest is None or latest.version < 2:
            continue
        latest.delete()
        IndicatorDefinition.objects.filter(code=code, version=latest.version - 1).update(is_current=True)


class Migration(migrations.Migration):
    dependencies = [("metrics", "0002_catalogue_v1")]

    operations = [migrations.RunPython(forward, backward)]
