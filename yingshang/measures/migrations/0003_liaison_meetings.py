"""Liaison meetings: the Party group's quarterly study and 联席会议 (plan 四(一))."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('measures', '0002_evidence_private_storage'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='LiaisonMeeting',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, help_text='记录创建的时刻', verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, help_text='记录最后修改的时刻', verbose_name='更新时间')),
                ('kind', models.CharField(choices=[('party_group', '党组季度研究'), ('liaison', '联席会议')], max_length=20, verbose_name='会议类型')),
                ('held_on', models.DateField(verbose_name='会议日期')),
                ('title', models.CharField(help_text='如 2023年第三季度党组会研究营商环境工作', max_length=200, verbose_name='会议名称')),
                ('attendees', models.JSONField(blank=True, default=list, help_text='姓名列表（含院外参会人员）', verbose_name='参会人员')),
                ('minutes', models.TextField(verbose_name='会议纪要')),
                ('decisions', models.JSONField(blank=True, default=list, help_text='每项一条', verbose_name='议定事项')),
                ('measures', models.ManyToManyField(blank=True, related_name='meetings', to='measures.measure', verbose_name='涉及举措')),
                ('plan', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='meetings', to='measures.plan', verbose_name='方案')),
                ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='记录人')),
            ],
            options={
                'verbose_name': '营商环境会议',
                'verbose_name_plural': '营商环境会议',
                'ordering': ['-held_on', '-id'],
            },
        ),
        migrations.AddIndex(
            model_name='liaisonmeeting',
            index=models.Index(fields=['plan', 'held_on'], name='measures_meeting_held_idx'),
        ),
    ]
