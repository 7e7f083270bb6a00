"""Case.family_root, and its backfill from the existing links: one set-based recursive UPDATE (WITH RECURSIVE on
PostgreSQL and SQLite), frozen here as cases.services.family_roots_rebuild_sql wrote it when this migration was made."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

FAMILY_LINK_KINDS = ("appeal", "enforcement", "resumed_enforcement", "bankruptcy", "retrial")
KINDS = ", ".join(["%s"] * len(FAMILY_LINK_KINDS))
BACKFILL = (
    "WITH RECURSIVE family_walk(id, root_id) AS ("
    f"SELECT DISTINCT l.from_case_id, l.from_case_id FROM cases_caselink l WHERE l.kind IN ({KINDS}) "
    f"AND NOT EXISTS (SELECT 1 FROM cases_caselink p WHERE p.to_case_id = l.from_case_id AND p.kind IN ({KINDS})) "
    "UNION SELECT l.to_case_id, w.root_id FROM family_walk w JOIN cases_caselink l ON l.from_case_id = w.id "
    f"AND l.kind IN ({KINDS})) "
    "UPDATE cases_case SET family_root_id = r.root_id FROM (SELECT w.id, MIN(w.root_id) AS root_id "
    "FROM family_walk w WHERE w.root_id <> w.id GROUP BY w.id) r WHERE cases_case.id = r.id"
)


def backfill(apps, schema_editor):
    """Every linked case's dispute: the walk from the cases with family links out and none in, down the family links;
    a case reached from two disputes takes the one whose first case has the lower id."""
    schema_editor.execute(BACKFILL, FAMILY_LINK_KINDS * 3)


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0003_load_causes_of_action'),
        ('org', '0002_user_role_agency'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='case',
            name='family_root',
            field=models.ForeignKey(blank=True, db_index=False, editable=False, help_text='本案所属纠纷（案-件比的“案”）的起始案件：沿上诉、申请执行、恢复执行、执转破、再审关联上溯到的第一个案件；为空表示本案即纠纷的起始案件（没有这些关联指向本案）', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='family_members', to='cases.case', verbose_name='纠纷起始案件'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(condition=models.Q(('family_root__isnull', False)), fields=['family_root'], name='cases_family_root_idx'),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
    ]
