"""Replicable reforms and 小切口 pilots (plan measures 32, 33); reports may concern a reform."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('measures', '0003_liaison_meetings'),
        ('org', '0002_user_role_agency'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Reform',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, help_text='记录创建的时刻', verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, help_text='记录最后修改的时刻', verbose_name='更新时间')),
                ('kind', models.CharField(choices=[('practice', '可复制推广举措'), ('pilot', '小切口改革试点')], max_length=20, verbose_name='类型')),
                ('title', models.CharField(max_length=200, verbose_name='名称')),
                ('description', models.TextField(help_text='做法、要解决的问题', verbose_name='主要内容')),
                ('source', models.CharField(blank=True, default='', help_text='借鉴的经验或去年的改革事项（再回顾、再互鉴、再发力）', max_length=200, verbose_name='经验来源')),
                ('expected_effect', models.TextField(blank=True, default='', verbose_name='预期成效')),
                ('proposed_on', models.DateField(verbose_name='提出日期')),
                ('status', models.CharField(choices=[('proposed', '待审议'), ('adopted', '已采纳'), ('rejected', '未采纳')], default='proposed', max_length=20, verbose_name='状态')),
                ('reviewed_on', models.DateField(blank=True, null=True, verbose_name='审议日期')),
                ('review_note', models.TextField(blank=True, default='', verbose_name='审议意见')),
                ('deadline_on', models.DateField(blank=True, null=True, verbose_name='完成时限')),
                ('is_ongoing', models.BooleanField(default=False, verbose_name='持续推进')),
                ('implementation_plan', models.TextField(blank=True, default='', verbose_name='落实方案')),
                ('plan_submitted_on', models.DateField(blank=True, null=True, verbose_name='落实方案报送日期')),
                ('progress_percent', models.PositiveSmallIntegerField(default=0, verbose_name='最新进度（%）')),
                ('last_reported_on', models.DateField(blank=True, null=True, verbose_name='最近报告日期')),
                ('completed_on', models.DateField(blank=True, null=True, verbose_name='完成日期')),
                ('measure', models.ForeignKey(help_text='方案中的第32项（复制推广）或第33项（小切口改革）', on_delete=django.db.models.deletion.PROTECT, related_name='reforms', to='measures.measure', verbose_name='所属举措')),
                ('meeting', models.ForeignKey(blank=True, help_text='经院领导研究确定的会议', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='reforms', to='measures.liaisonmeeting', verbose_name='研究会议')),
                ('proposed_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='提出人')),
                ('proposing_department', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='org.department', verbose_name='提出部门')),
                ('responsible_department', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='org.department', verbose_name='责任部门')),
                ('reviewed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='审议记录人')),
            ],
            options={
                'verbose_name': '改革事项',
                'verbose_name_plural': '改革事项',
                'ordering': ['-proposed_on', '-id'],
            },
        ),
        migrations.AddField(
            model_name='progressreport',
            name='reform',
            field=models.ForeignKey(blank=True, help_text='报告的是第32、33项下已采纳的改革事项时填写；此时举措为该事项所属举措', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='reports', to='measures.reform', verbose_name='改革事项'),
        ),
        migrations.AddConstraint(
            model_name='reform',
            constraint=models.CheckConstraint(condition=models.Q(('progress_percent__lte', 100)), name='measures_reform_progress_le_100'),
        ),
        migrations.AddConstraint(
            model_name='reform',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'adopted'), _negated=True), models.Q(('responsible_department__isnull', False), ('reviewed_on__isnull', False), models.Q(('deadline_on__isnull', False), ('is_ongoing', True), _connector='OR')), _connector='OR'), name='measures_reform_adopted_has_department_and_deadline'),
        ),
        migrations.AddConstraint(
            model_name='reform',
            constraint=models.CheckConstraint(condition=models.Q(('status', 'adopted'), ('completed_on__isnull', True), _connector='OR'), name='measures_reform_completed_only_when_adopted'),
        ),
    ]
