from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField("创建时间", auto_now_add=True, help_text="记录创建的时刻")
    updated_at = models.DateTimeField("更新时间", auto_now=True, help_text="记录最后修改的时刻")

    class Meta:
        abstract = True
