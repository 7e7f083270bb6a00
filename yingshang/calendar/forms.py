from django import forms

from yingshang.calendar.choices import PeriodUnit


class CalculatorForm(forms.Form):
    start = forms.DateField(label="起算日", input_formats=["%Y-%m-%d"],
                            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                            help_text="如送达日、立案日；当日不计入",
                            error_messages={"required": "请填写起算日", "invalid": "日期不正确，应为 YYYY-MM-DD"})
    count = forms.IntegerField(label="期间长度", error_messages={"required": "请填写期间长度", "invalid": "应为整数"})
    unit = forms.ChoiceField(label="单位", choices=PeriodUnit.choices, initial=PeriodUnit.DAYS)
    rollover = forms.BooleanField(label="届满日遇节假日、周末顺延", required=False, initial=True,
                                  help_text="民事诉讼法第85条第3款；工作日期间不适用")


class DayEditForm(forms.Form):
    is_working_day = forms.TypedChoiceField(label="类型", coerce=lambda v: v == "1",
                                            choices=[("1", "工作日（周末即调休上班）"), ("0", "休息日")])
    holiday_name = forms.CharField(label="节假日名称", required=False, max_length=100,
                                   help_text="休息日所属节日，如 春节；周一至周五改为休息日时必填")
    reason = forms.CharField(label="修改依据", max_length=500, error_messages={"required": "请填写修改依据"},
                             help_text="如 国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕×号）")


class YearConfirmForm(forms.Form):
    note = forms.CharField(label="确认依据", max_length=500, error_messages={"required": "请填写确认依据"},
                           help_text="如 国办发明电〔2026〕×号；确认前请逐日核对")
