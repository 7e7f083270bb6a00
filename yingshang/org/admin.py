from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from yingshang.org.models import ApiToken, Court, Department, Team, User


@admin.register(Court)
class CourtAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "level", "parent")


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "court", "seat", "sort_order")
    list_filter = ("kind", "court")


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "department")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "display_name", "role", "department", "is_active")
    list_filter = ("role", "department", "is_active")
    fieldsets = BaseUserAdmin.fieldsets + (
        ("法院信息", {"fields": ("display_name", "role", "court", "department", "team", "supervised_departments",
                                 "is_committee_member", "phone", "organisation_name")}),
    )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("user", "name", "is_active", "last_used_at", "created_at")
    readonly_fields = ("key_hash",)
