from django import forms

from yingshang.metrics.choices import Appearance


class AppearanceForm(forms.Form):
    """行政机关负责人出庭应诉登记 (the service validates again: administrative case, dates, head's name)."""

    case_number = forms.CharField(label="案号", max_length=50, help_text="如（2024）鄂2826行初12号")
    hearing_on = forms.DateField(label="开庭日期", widget=forms.DateInput(attrs={"type": "date"}))
    defendant_agency = forms.CharField(label="被诉行政机关", max_length=100)
    appearance = forms.ChoiceField(label="出庭情况", choices=Appearance.choices)
    head_name = forms.CharField(label="出庭负责人姓名", max_length=50, required=False,
                                help_text="正职或副职（分管）负责人出庭时必填")
    head_title = forms.CharField(label="职务", max_length=50, required=False)
    note = forms.CharField(label="备注", max_length=300, required=False)

    def clean_case_number(self):
        return self.cleaned_data["case_number"].strip().replace("(", "（").replace(")", "）")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            css = "form-select form-select-sm" if name == "appearance" else "form-control form-control-sm"
            field.widget.attrs.setdefault("class", css)
