"""Where evidence files (佐证材料) live: a private directory outside MEDIA_ROOT, so the development server's
/media/ route (config/urls.py, DEBUG only) can never serve them. They are read only through the permission-checked
download view (measures:evidence); the storage has no public URL at all."""

import os

from django.core.files.storage import FileSystemStorage

from yingshang.measures import conf


class EvidenceStorage(FileSystemStorage):
    """A FileSystemStorage rooted at conf.evidence_root(), read at each use (tests and deployments may change
    the setting), with no URL: ``.url`` raises instead of producing a /media/ link."""

    @property
    def base_location(self):
        return str(conf.evidence_root())

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("佐证材料没有公开地址：请通过 measures:evidence 下载（经权限校验）")


_STORAGE = EvidenceStorage()


def evidence_storage() -> EvidenceStorage:
    """The storage of Evidence.file (a callable, so migrations name it instead of serialising a path)."""
    return _STORAGE
