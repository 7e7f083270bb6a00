from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "yingshang.org"
    label = "org"
    verbose_name = "法院组织"

    def ready(self):
        from django.db.models.signals import post_migrate

        from yingshang.org.services import role_groups_sync

        post_migrate.connect(lambda sender, **kw: role_groups_sync() if sender.name == self.name else None,
                             weak=False, dispatch_uid="org_role_groups_sync")
