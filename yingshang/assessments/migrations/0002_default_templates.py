"""Publish version 1 of each stage's assessment template (yingshang/assessments/defaults.py). Reversible."""

from django.db import migrations


def load(apps, schema_editor):
    from yingshang.assessments.defaults import default_templates

    Template = apps.get_model("assessments", "AssessmentTemplate")
    for spec in default_templates():
        Template.objects.create(domain="court", version=1, is_active=True, **spec)


def unload(apps, schema_editor):
    apps.get_model("assessments", "AssessmentTemplate").objects.filter(version=1, created_by__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
