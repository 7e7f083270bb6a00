"""Forms for the fee pages. Amounts are typed in yuan and parsed with core.money (two decimals at most)."""

from django import forms

from yingshang.core.errors import DomainError
from yingshang.core.money import yuan_to_fen
from yingshang.fees.choices import (
    AMOUNT_REQUIRED_FEE_TYPES, FeeOutcome, FeeProcedure, FeeType, RefundKind, RefundStatus,
)


class QuoteForm(forms.Form):
    fee_type = forms.ChoiceField(label="费用类型", choices=FeeType.choices, initial=FeeType.ACCEPTANCE)
    amount_yuan = forms.CharField(label="金额（元）", required=False, max_length=20,
                                  help_text="诉讼请求金额、执行金额、实际保全数额或破产财产总额；按件收费的可不填")
    procedure = forms.ChoiceField(label="审理程序", choices=FeeProcedure.choices, initial=FeeProcedure.ORDINARY,
                                  required=False, help_text="仅案件受理费")
    outcome = forms.ChoiceField(label="结案方式", choices=[("", "判决或尚未结案"), *FeeOutcome.choices], required=False,
                                help_text="仅案件受理费")
    is_counterclaim = forms.BooleanField(label="反诉与本诉合并审理", required=False)

    def clean_amount_yuan(self):
        """Thousands separators are allowed on the page ("1,000,000"); the value is checked by core.money."""
        value = (self.cleaned_data.get("amount_yuan") or "").strip().replace(",", "").replace("，", "")
        if value:
            try:
                yuan_to_fen(value)
            except DomainError as exc:
                raise forms.ValidationError(exc.message, code=exc.code)
        return value

    def clean(self):
        data = super().clean()
        value = data.get("amount_yuan")
        data["amount_fen"] = yuan_to_fen(value) if value else None
        if data.get("fee_type") in AMOUNT_REQUIRED_FEE_TYPES and data["amount_fen"] is None \
                and "amount_yuan" not in self.errors:
            self.add_error("amount_yuan", "请填写金额")
        return data


class RefundFilterForm(forms.Form):
    q = forms.CharField(label="案号 / 当事人", required=False, max_length=100)
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *RefundStatus.choices])
    kind = forms.ChoiceField(label="类型", required=False, choices=[("", "全部"), *RefundKind.choices])
    overdue = forms.ChoiceField(label="逾期", required=False, choices=[("", "全部"), ("1", "逾期未退"), ("0", "未逾期")])
    due_from = forms.DateField(label="应退付自", required=False)
    due_to = forms.DateField(label="至", required=False)
