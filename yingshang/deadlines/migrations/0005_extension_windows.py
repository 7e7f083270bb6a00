"""Extension paperwork: the last days to apply and to decide, and late requests or decisions with their reasons
(2019 SPC 延长审限和延期开庭规定 art. 1; 法发〔2006〕35号 art. 1)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('deadlines', '0004_drop_tier_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='extensionrequest',
            name='apply_by_on',
            field=models.DateField(blank=True, help_text='申请时应提出申请的最后一日（审判案件届满15日前；执行案件届满前）；空：审限暂停计算', null=True, verbose_name='申请期限'),
        ),
        migrations.AddField(
            model_name='extensionrequest',
            name='decide_by_on',
            field=models.DateField(blank=True, help_text='申请时院长应作出决定的最后一日（审判案件届满5日前）', null=True, verbose_name='审批期限'),
        ),
        migrations.AddField(
            model_name='extensionrequest',
            name='decision_late_reason',
            field=models.TextField(blank=True, default='', verbose_name='逾期审批理由'),
        ),
        migrations.AddField(
            model_name='extensionrequest',
            name='is_late_decision',
            field=models.BooleanField(default=False, help_text='在审批期限之后批准或报请', verbose_name='逾期审批'),
        ),
        migrations.AddField(
            model_name='extensionrequest',
            name='is_late_request',
            field=models.BooleanField(default=False, help_text='在申请期限之后提出', verbose_name='逾期申请'),
        ),
        migrations.AddField(
            model_name='extensionrequest',
            name='late_reason',
            field=models.TextField(blank=True, default='', verbose_name='逾期申请理由'),
        ),
    ]
