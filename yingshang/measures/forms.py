from django import forms

from yingshang.measures import domain
from yingshang.measures.choices import MeetingKind, ReformKind

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


class ReportEditForm(ReportForm):
    """Correcting a report: the same fields, new evidence files added, and the reason (audited)."""

    reason = forms.CharField(label="修改原因", max_length=500,
                             widget=forms.TextInput(attrs={"class": "form-control"}))
    evidence = MultipleFileField(label="补充佐证材料", required=False)

    @classmethod
    def for_report(cls, report, data=None, files=None):
        return cls(data, files, initial={name: getattr(report, name) for name in (
            "progress_percent", "is_completed", "summary", "problems", "next_steps", "reported_on")})


TEXT = {"class": "form-control"}


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label="会议类型", choices=MeetingKind.choices,
                             widget=forms.Select(attrs={"class": "form-select"}))
    held_on = forms.DateField(label="会议日期", widget=forms.DateInput(attrs=DATE))
    title = forms.CharField(label="会议名称", max_length=200, widget=forms.TextInput(attrs=TEXT))
    attendees = forms.CharField(label="参会人员", required=False, help_text="姓名之间用顿号“、”分隔",
                                widget=forms.TextInput(attrs=TEXT))
    minutes = forms.CharField(label="会议纪要", widget=forms.Textarea(attrs={"rows": 5, **TEXT}))
    decisions = forms.CharField(label="议定事项", required=False, help_text="每行一项",
                                widget=forms.Textarea(attrs={"rows": 3, **TEXT}))
    measures = forms.TypedMultipleChoiceField(label="涉及举措", required=False, coerce=int,
                                              widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 8}))
    reason = forms.CharField(label="修改原因", required=False, max_length=500, widget=forms.TextInput(attrs=TEXT))

    def __init__(self, *args, plan=None, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not editing:
            del self.fields["reason"]
        measures = plan.measures.filter(is_active=True).order_by("number") if plan else []
        self.fields["measures"].choices = [(m.pk, f"{m.number}. {m.title[:30]}") for m in measures]

    @classmethod
    def for_meeting(cls, meeting, data=None):
        return cls(data, plan=meeting.plan, editing=True, initial={
            "kind": meeting.kind, "held_on": meeting.held_on, "title": meeting.title,
            "attendees": "、".join(meeting.attendees), "minutes": meeting.minutes,
            "decisions": "\n".join(meeting.decisions), "measures": [m.pk for m in meeting.measures.all()]})


class ReformProposeForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=ReformKind.choices,
                             widget=forms.Select(attrs={"class": "form-select"}))
    title = forms.CharField(label="名称", max_length=200, widget=forms.TextInput(attrs=TEXT))
    description = forms.CharField(label="主要内容", widget=forms.Textarea(attrs={"rows": 3, **TEXT}),
                                  help_text="做法、要解决的问题")
    source = forms.CharField(label="经验来源", required=False, max_length=200, widget=forms.TextInput(attrs=TEXT),
                             help_text="借鉴的经验或去年的改革事项")
    expected_effect = forms.CharField(label="预期成效", required=False,
                                      widget=forms.Textarea(attrs={"rows": 2, **TEXT}))


class ReformAdoptForm(forms.Form):
    responsible_department = forms.TypedChoiceField(label="责任部门", coerce=int, empty_value=None,
                                                    widget=forms.Select(attrs={"class": "form-select"}))
    deadline_on = forms.DateField(label="完成时限", required=False, widget=forms.DateInput(attrs=DATE))
    is_ongoing = forms.BooleanField(label="持续推进（无固定时限）", required=False)
    reviewed_on = forms.DateField(label="审议日期", required=False, widget=forms.DateInput(attrs=DATE),
                                  help_text="默认今天")
    meeting = forms.TypedChoiceField(label="研究会议", required=False, coerce=int, empty_value=None,
                                     widget=forms.Select(attrs={"class": "form-select"}))
    review_note = forms.CharField(label="审议意见", required=False, widget=forms.Textarea(attrs={"rows": 2, **TEXT}))
    implementation_plan = forms.CharField(label="落实方案", required=False, help_text="可由责任部门随后报送",
                                          widget=forms.Textarea(attrs={"rows": 3, **TEXT}))

    def __init__(self, *args, departments=(), meetings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_department"].choices = [("", "请选择")] + [(d.pk, d.name) for d in departments]
        self.fields["meeting"].choices = [("", "—")] + [(m.pk, f"{m.held_on:%Y-%m-%d} {m.title}") for m in meetings]


class ReformRejectForm(forms.Form):
    review_note = forms.CharField(label="不予采纳的理由", widget=forms.Textarea(attrs={"rows": 2, **TEXT}))
    reviewed_on = forms.DateField(label="审议日期", required=False, widget=forms.DateInput(attrs=DATE))


class ReformPlanForm(forms.Form):
    implementation_plan = forms.CharField(label="落实方案", widget=forms.Textarea(attrs={"rows": 6, **TEXT}))
