"""Load the SPC 民事案件案由规定 catalogue (2020 and 2025 revisions) as data. Reversible."""

from django.db import migrations


def load(apps, schema_editor):
    from yingshang.cases.causes import load_rows

    Cause = apps.get_model("cases", "CauseOfAction")
    for revision in (2020, 2025):
        by_code = {}
        for row in load_rows(revision):
            obj = Cause.objects.create(
                revision=row.revision, level=row.level, code=row.code, number=row.number, name=row.name,
                parent=by_code.get(row.parent_code), family=row.family, is_financial=row.is_financial,
                sort_order=row.sort_order)
            by_code[row.code] = obj


def unload(apps, schema_editor):
    apps.get_model("cases", "CauseOfAction").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_initial")]
    operations = [migrations.RunPython(load, unload)]
