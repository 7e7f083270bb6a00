"""Reminders before and escalations after deadlines, raised once by the daily scan."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('measures', '0004_reforms'),
    ]

    operations = [
        migrations.CreateModel(
            name='DeadlineAlert',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('reminder', '到期提醒'), ('escalation', '逾期督办')], max_length=20, verbose_name='类型')),
                ('subject', models.CharField(choices=[('measure', '举措完成时限'), ('rectification', '督察整改期限'), ('reform', '改革事项完成时限')], max_length=20, verbose_name='事项')),
                ('due_on', models.DateField(verbose_name='期限')),
                ('raised_on', models.DateField(db_index=True, verbose_name='发出日期')),
                ('created_at', models.DateTimeField(verbose_name='创建时间')),
                ('is_dispatched', models.BooleanField(default=False, verbose_name='通知已处理')),
                ('recipients', models.JSONField(blank=True, default=list, help_text='已排入通知的人员姓名', verbose_name='通知对象')),
                ('note', models.CharField(blank=True, default='', help_text='如 牵头领导未匹配到用户，改由督察室督办', max_length=300, verbose_name='说明')),
                ('inspection', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='alerts', to='measures.inspection', verbose_name='督察记录')),
                ('measure', models.ForeignKey(help_text='事项所属的举措', on_delete=django.db.models.deletion.PROTECT, related_name='alerts', to='measures.measure', verbose_name='举措')),
                ('reform', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='alerts', to='measures.reform', verbose_name='改革事项')),
            ],
            options={
                'verbose_name': '到期提醒与逾期督办',
                'verbose_name_plural': '到期提醒与逾期督办',
                'ordering': ['-raised_on', '-id'],
            },
        ),
        migrations.AddConstraint(
            model_name='deadlinealert',
            constraint=models.UniqueConstraint(condition=models.Q(('subject', 'measure')), fields=('kind', 'measure', 'due_on'), name='measures_alert_unique_measure'),
        ),
        migrations.AddConstraint(
            model_name='deadlinealert',
            constraint=models.UniqueConstraint(condition=models.Q(('subject', 'rectification')), fields=('kind', 'inspection', 'due_on'), name='measures_alert_unique_rectification'),
        ),
        migrations.AddConstraint(
            model_name='deadlinealert',
            constraint=models.UniqueConstraint(condition=models.Q(('subject', 'reform')), fields=('kind', 'reform', 'due_on'), name='measures_alert_unique_reform'),
        ),
        migrations.AddConstraint(
            model_name='deadlinealert',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('inspection__isnull', True), ('reform__isnull', True), ('subject', 'measure')), models.Q(('inspection__isnull', False), ('reform__isnull', True), ('subject', 'rectification')), models.Q(('inspection__isnull', True), ('reform__isnull', False), ('subject', 'reform')), _connector='OR'), name='measures_alert_subject_matches'),
        ),
    ]
