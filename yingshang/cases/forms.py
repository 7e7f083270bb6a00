from django import forms

from yingshang.cases.choices import CaseCategory, CaseStatus, FilingChannel, Procedure


class CaseSearchForm(forms.Form):
    q = forms.CharField(label="案号 / 当事人 / 信用代码", required=False)
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部状态")] + CaseStatus.choices)
    procedure = forms.ChoiceField(label="程序", required=False, choices=[("", "全部程序")] + Procedure.choices)
    category = forms.ChoiceField(label="类别", required=False, choices=[("", "全部类别")] + CaseCategory.choices)
    channel = forms.ChoiceField(label="立案渠道", required=False, choices=[("", "全部渠道")] + FilingChannel.choices)
    filed_from = forms.DateField(label="立案日期自", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    filed_to = forms.DateField(label="至", required=False, widget=forms.DateInput(attrs={"type": "date"}))
