"""The back office: every registered model's list opens for a superuser, and the read-only ones refuse writes."""

import pytest
from django.contrib import admin

from yingshang.core.admin import ReadOnlyAdmin
from yingshang.org.tests.factories import UserFactory


@pytest.mark.django_db
def test_every_admin_changelist_opens_and_read_only_ones_refuse_writes(client):
    from yingshang.org.choices import Role

    root = UserFactory(role=Role.ADMIN_STAFF, is_superuser=True, is_staff=True)
    client.force_login(root)
    read_only = 0
    for model, model_admin in admin.site._registry.items():
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        assert client.get(url).status_code == 200, url
        if isinstance(model_admin, ReadOnlyAdmin):
            read_only += 1
            assert client.get(url + "add/").status_code == 403, url
    assert read_only >= 20
