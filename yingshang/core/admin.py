"""The one read-only admin base: records that the law needs to reconstruct change only through the services
(transaction, audit, timeline), so the back office may look but not add, edit or delete."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
