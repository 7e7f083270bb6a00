"""Evidence files move out of MEDIA_ROOT into the private evidence directory (storage.py), so the development
server's /media/ route cannot serve them. Files already stored under MEDIA_ROOT are moved; reversible."""

import shutil
from pathlib import Path

from django.conf import settings
from django.db import migrations, models

import yingshang.measures.models
import yingshang.measures.storage


def _move(apps, source: Path, target: Path) -> None:
    Evidence = apps.get_model("measures", "Evidence")
    for name in Evidence.objects.values_list("file", flat=True).iterator():
        old, new = source / name, target / name
        if old.is_file() and not new.exists():
            new.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(old), str(new))


def to_private(apps, schema_editor):
    from yingshang.measures import conf

    _move(apps, Path(settings.MEDIA_ROOT), conf.evidence_root())


def to_media(apps, schema_editor):
    from yingshang.measures import conf

    _move(apps, conf.evidence_root(), Path(settings.MEDIA_ROOT))


class Migration(migrations.Migration):

    dependencies = [
        ("measures", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="evidence",
            name="file",
            field=models.FileField(max_length=255, storage=yingshang.measures.storage.evidence_storage,
                                   upload_to=yingshang.measures.models.evidence_upload_to, verbose_name="文件"),
        ),
        migrations.RunPython(to_private, to_media),
    ]
