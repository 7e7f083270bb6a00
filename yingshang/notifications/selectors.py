"""Reads of the notifications app, scoped to the user."""

from django.db.models import QuerySet

from yingshang.notifications.choices import Channel, FollowUpStatus
from yingshang.notifications.gateways import ChannelStatus, email_status, sms_gateway
from yingshang.notifications.models import ContactPreference, FollowUpTask, InboxItem, Message
from yingshang.notifications.permissions import followup_scope_q


def inbox_list_for_user(*, user, unread_only: bool = False) -> QuerySet:
    """The user's own inbox, newest first."""
    qs = InboxItem.objects.filter(user_id=user.pk).select_related("case").order_by("-created_at", "-id")
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs


def inbox_unread_count(*, user) -> int:
    if not user.is_authenticated:
        return 0
    return InboxItem.objects.filter(user_id=user.pk, read_at__isnull=True).count()


def followup_list_for_user(*, user, status: str | None = FollowUpStatus.OPEN, mine_only: bool = False) -> QuerySet:
    """Follow-up tasks the user may see (assigned to them or on their cases); open ones first."""
    qs = FollowUpTask.objects.filter(followup_scope_q(user))
    if status:
        qs = qs.filter(status=status)
    if mine_only:
        qs = qs.filter(assignee_id=user.pk)
    return qs.select_related("case", "assignee", "message", "closed_by").order_by("status", "-created_at", "-id")


def messages_for_case(*, case_id: int) -> QuerySet:
    """Every notice of a case with its delivery log (for staff who may read the case)."""
    return (Message.objects.filter(case_id=case_id).select_related("recipient_party", "recipient_user")
            .prefetch_related("log").order_by("-created_at", "-id"))


def preference_get(*, user=None, party=None) -> ContactPreference | None:
    if party is not None:
        return ContactPreference.objects.filter(party=party).first()
    return ContactPreference.objects.filter(user=user).first()


def channel_statuses() -> dict[str, ChannelStatus]:
    """Whether each channel is usable now, with the reason when it is not."""
    return {Channel.SMS.value: sms_gateway().status(), Channel.EMAIL.value: email_status(),
            Channel.INBOX.value: ChannelStatus(True, "站内消息")}
