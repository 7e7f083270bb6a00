"""Version 1 of the administrative-enforcement assessment template (measure 12). Reversible."""

from django.db import migrations


def load(apps, schema_editor):
    from yingshang.assessments.defaults import HIGH_FROM, MEDIUM_FROM, _COMMON

    apps.get_model("assessments", "AssessmentTemplate").objects.create(
        domain="administrative", stage="enforcement", version=1, is_active=True,
        title="涉企行政执法经济影响评估表", questions=_COMMON, medium_from=MEDIUM_FROM, high_from=HIGH_FROM,
        gated_actions=[], guidance="行政执法机关在作出涉企执法决定前，对企业生产经营可能受到的影响进行评估。")


def unload(apps, schema_editor):
    apps.get_model("assessments", "AssessmentTemplate").objects.filter(domain="administrative", version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("assessments", "0003_administrative_enforcement")]
    operations = [migrations.RunPython(load, unload)]
