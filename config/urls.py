"""URL root: pages of every app (yingshang.<app>.urls, discovered), the API at /api/v1, admin, i18n."""

import importlib

from django.apps import apps
from django.contrib import admin
from django.urls import include, path, re_path

from config.api import api, not_found_view


def _app_urls() -> list:
    patterns = []
    for config in apps.get_app_configs():
        if not config.name.startswith("yingshang."):
            continue
        try:
            importlib.import_module(f"{config.name}.urls")
        except ModuleNotFoundError as exc:
            if exc.name == f"{config.name}.urls":
                continue
            raise
        patterns.append(path("", include(f"{config.name}.urls")))
    return patterns


urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    re_path(r"^api/", not_found_view),
    path("i18n/", include("django.conf.urls.i18n")),
    *_app_urls(),
]

# Uploaded files (filing attachments, documents, evidence) are never served from MEDIA_ROOT by URL: each app
# serves its files through a view that checks access first.
