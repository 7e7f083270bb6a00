"""Admin: the outbox is a read-only log (messages and their delivery history); preferences and follow-up tasks
are shown read-only too, because their changes go through the audited services (API and pages)."""

from django.contrib import admin

from yingshang.core.admin import ReadOnlyAdmin
from yingshang.notifications.models import ContactPreference, DeliveryLog, FollowUpTask, InboxItem, Message


class DeliveryLogInline(admin.TabularInline):
    model = DeliveryLog
    extra = 0
    can_delete = False
    fields = ("occurred_at", "event", "attempt", "reason", "gateway_message_id", "raw_code")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    list_display = ("id", "created_at", "channel", "template_code", "recipient_party", "recipient_user", "phone",
                    "case", "status", "attempts", "next_attempt_at", "gateway_message_id")
    list_filter = ("status", "channel", "template_code")
    search_fields = ("idempotency_key", "group_key", "phone", "email", "gateway_message_id", "case__case_number",
                     "recipient_party__name")
    date_hierarchy = "created_at"
    list_select_related = ("recipient_party", "recipient_user", "case")
    inlines = [DeliveryLogInline]


@admin.register(DeliveryLog)
class DeliveryLogAdmin(ReadOnlyAdmin):
    list_display = ("occurred_at", "message", "event", "attempt", "reason", "gateway_message_id", "raw_code")
    list_filter = ("event",)
    search_fields = ("gateway_message_id", "message__idempotency_key")
    list_select_related = ("message",)


@admin.register(InboxItem)
class InboxItemAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "user", "title", "case", "read_at")
    search_fields = ("user__username", "title")
    list_select_related = ("user", "case")


@admin.register(ContactPreference)
class ContactPreferenceAdmin(ReadOnlyAdmin):
    list_display = ("user", "party", "channels", "phone", "email", "updated_by", "updated_at")
    list_select_related = ("user", "party", "updated_by")


@admin.register(FollowUpTask)
class FollowUpTaskAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "case", "kind", "recipient_label", "assignee", "status", "closed_at")
    list_filter = ("status", "kind")
    search_fields = ("case__case_number", "recipient_label")
    list_select_related = ("case", "assignee")
