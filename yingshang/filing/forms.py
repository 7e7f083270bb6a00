"""Page forms of the filing app (the online filing form's parties are parsed in views.parties_from_post)."""

from django import forms

from yingshang.cases.choices import FilingChannel, Procedure
from yingshang.filing.choices import AlertLevel, CriterionKind, CriterionOperator, FilingStatus
from yingshang.filing.triage import FACT_LABELS, TriageFacts

STATUS_FILTER_CHOICES = [("pending", "待处理（待审查、待补正）"), ("all", "全部")] + list(FilingStatus.choices)
ALERT_CHOICES = [("", "全部期限状态"), (AlertLevel.DUE_SOON, "即将届满"), ("overdue", "已届满·应先行立案")]


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(label="状态", choices=STATUS_FILTER_CHOICES, required=False)
    channel = forms.ChoiceField(label="渠道", choices=[("", "全部渠道")] + list(FilingChannel.choices), required=False)
    alert = forms.ChoiceField(label="期限", choices=ALERT_CHOICES, required=False)
    priority = forms.ChoiceField(label="优先", choices=[("", "全部"), ("1", "仅涉企优先"), ("0", "非涉企")],
                                 required=False)
    type_code = forms.CharField(label="类型代字", max_length=10, required=False)
    q = forms.CharField(label="收件编号 / 起诉人 / 案号", max_length=100, required=False)


class RegisterForm(forms.Form):
    filed_on = forms.DateField(label="立案日期", required=False, help_text="默认今天",
                               widget=forms.DateInput(attrs={"type": "date"}))


class SupplementRequestForm(forms.Form):
    items = forms.CharField(label="补正事项（每行一项）", widget=forms.Textarea(attrs={"rows": 4}), required=False,
                            help_text="一次性书面告知需要补正的全部材料或内容（登记立案规定第7条）")
    note = forms.CharField(label="说明", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class RefuseForm(forms.Form):
    reason = forms.CharField(label="不予受理理由", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    legal_basis = forms.CharField(label="法律依据（不填则按类型默认）", max_length=300, required=False)


class ThresholdForm(forms.Form):
    province = forms.CharField(label="省份", max_length=20)
    wage_year = forms.IntegerField(label="工资统计年度", min_value=2000, max_value=2100)
    average_wage_yuan = forms.CharField(label="就业人员年平均工资（元）", max_length=20)
    effective_from = forms.DateField(label="适用起始日", widget=forms.DateInput(attrs={"type": "date"}))
    is_confirmed = forms.BooleanField(label="已与公布数据核对", required=False)
    source = forms.CharField(label="来源", max_length=300, required=False)
    note = forms.CharField(label="备注", required=False)


class CriterionForm(forms.Form):
    code = forms.SlugField(label="编码", max_length=50)
    label = forms.CharField(label="指标", max_length=100)
    kind = forms.ChoiceField(label="类型", choices=CriterionKind.choices)
    fact = forms.ChoiceField(label="案件要素", choices=sorted(FACT_LABELS.items(), key=lambda kv: kv[1]))
    operator = forms.ChoiceField(label="判断", choices=CriterionOperator.choices)
    value = forms.IntegerField(label="比较值", required=False)
    weight = forms.IntegerField(label="权重", min_value=1, max_value=10, initial=1)
    is_active = forms.BooleanField(label="启用", required=False, initial=True)
    legal_basis = forms.CharField(label="依据", max_length=200, required=False)
    sort_order = forms.IntegerField(label="排序", min_value=0, initial=0, required=False)


# The facts the triage screen asks, in the order shown (type code and amount are separate inputs).
TRIAGE_BOOLEAN_GROUPS = [
    ("基本情况", ["is_money_claim", "facts_clear", "rights_clear", "little_dispute", "is_typical_simple_cause",
              "is_enterprise_involved", "is_financial"]),
    ("繁案因素", ["is_numerous_party", "has_foreign_element", "needs_appraisal", "needs_public_notice_service",
              "party_missing", "has_counterclaim", "is_personal_status_or_ownership", "is_remanded_or_retrial",
              "involves_public_interest", "is_mass_dispute", "is_novel_or_difficult"]),
    ("当事人约定", ["parties_agree_small_claims", "parties_agree_simple"]),
    ("刑事（刑初）", ["possible_sentence_over_3_years", "admits_guilt_and_accepts_punishment",
                "defendant_agrees_procedure", "fast_track_excluded"]),
    ("行政（行初）", ["admin_simple_ground"]),
]


def facts_from_post(data, *, type_code: str, claim_amount_fen: int, party_count: int) -> TriageFacts:
    """Checkboxes: present = yes. Every boolean fact of TriageFacts is on the form."""
    booleans = {name: data.get(name) in ("on", "1", "true") for _, names in TRIAGE_BOOLEAN_GROUPS for name in names}
    return TriageFacts(type_code=type_code, claim_amount_fen=claim_amount_fen, party_count=party_count, **booleans)


class DecideForm(forms.Form):
    procedure = forms.ChoiceField(label="决定适用程序", choices=[(p, Procedure(p).label) for p in (
        Procedure.SMALL_CLAIMS, Procedure.SIMPLE, Procedure.ORDINARY, Procedure.FAST_TRACK)])
    team_id = forms.IntegerField(label="审判团队", required=False)
    reason = forms.CharField(label="决定理由（与建议不同时必填）", widget=forms.Textarea(attrs={"rows": 2}), required=False)
