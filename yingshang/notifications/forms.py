from django import forms

from yingshang.notifications.choices import Channel


class PreferenceForm(forms.Form):
    channels = forms.MultipleChoiceField(label="接收方式", choices=Channel.choices,
                                         widget=forms.CheckboxSelectMultiple, required=False)
    phone = forms.CharField(label="接收短信的手机号", max_length=20, required=False,
                            help_text="为空则使用档案中的手机号")
    email = forms.CharField(label="接收邮件的邮箱", max_length=254, required=False)


class FollowUpCloseForm(forms.Form):
    outcome = forms.CharField(label="处理结果", max_length=2000, required=False,
                              widget=forms.TextInput(attrs={"placeholder": "如：已电话告知当事人"}))
