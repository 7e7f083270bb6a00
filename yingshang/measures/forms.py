from django import forms

from yingshang.measures import domain

STATUS_CHOICES = [("", "全部状态")] + list(domain.STATUS_LABELS.items())
LIGHT_CHOICES = [("", "全部"), ("red", "红灯"), ("amber", "黄灯"), ("green", "绿灯"), ("grey", "灰灯")]
DATE = {"type": "date", "class": "form-control"}


class BoardFilterForm(forms.Form):
    plan = forms.IntegerField(required=False, widget=forms.HiddenInput)
    status = forms.ChoiceField(label="状态", required=False, choices=STATUS_CHOICES)
    light = forms.ChoiceField(label="红绿灯", required=False, choices=LIGHT_CHOICES)
    department = forms.CharField(label="部门", required=False)
    leader = forms.CharField(label="牵头领导", required=False)
    mine = forms.BooleanField(label="只看我牵头或本部门的", required=False)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"class": "form-control"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


class PlanImportForm(forms.Form):
    file = forms.FileField(label="方案文件", help_text="支持 .txt 和 .docx；.doc 请先另存为 .docx",
                           widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".txt,.docx"}))
    dry_run = forms.BooleanField(label="试运行（只解析、预览变更，不写入）", required=False, initial=True)


class ReportForm(forms.Form):
    progress_percent = forms.IntegerField(label="完成比例（%）", min_value=0, max_value=100,
                                          widget=forms.NumberInput(attrs={"class": "form-control"}))
    is_completed = forms.BooleanField(label="已全部完成", required=False)
    summary = forms.CharField(label="工作进展", widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}))
    problems = forms.CharField(label="存在问题", required=False,
                               widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}))
    next_steps = forms.CharField(label="下一步打算", required=False,
                                 widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}))
    reported_on = forms.DateField(label="报告日期", required=False, widget=forms.DateInput(attrs=DATE),
                                  help_text="默认今天")
    evidence = MultipleFileField(label="佐证材料", required=False)


class InspectionForm(forms.Form):
    findings = forms.CharField(label="发现问题", widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}))
    inspected_on = forms.DateField(label="检查日期", required=False, widget=forms.DateInput(attrs=DATE),
                                   help_text="默认今天")
    rectification_required = forms.BooleanField(label="需要整改", required=False, initial=True)
    rectification_deadline_on = forms.DateField(label="整改期限", required=False, widget=forms.DateInput(attrs=DATE))


class FollowUpForm(forms.Form):
    note = forms.CharField(label="跟踪情况", widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}))


class CloseForm(forms.Form):
    closure_note = forms.CharField(label="销号意见", widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}))
