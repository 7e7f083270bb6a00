"""The record of the monthly summary sent to the leadership (issue 3 §8)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('deadlines', '0005_extension_windows'),
    ]

    operations = [
        migrations.CreateModel(
            name='MonthlySummaryRun',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('month_on', models.DateField(help_text='所汇总月份的第一日', unique=True, verbose_name='月份')),
                ('first_run_at', models.DateTimeField(verbose_name='首次发送时间')),
                ('last_run_at', models.DateTimeField(verbose_name='最近补发时间')),
                ('recipient_ids', models.JSONField(default=list, help_text='已排入通知的用户ID', verbose_name='已通知人员')),
                ('figures', models.JSONField(default=dict, help_text='各法院全院口径的月度数据，按法院ID', verbose_name='全院数据')),
            ],
            options={
                'verbose_name': '长期未结月度调度发送记录',
                'verbose_name_plural': '长期未结月度调度发送记录',
                'ordering': ['-month_on'],
            },
        ),
    ]
