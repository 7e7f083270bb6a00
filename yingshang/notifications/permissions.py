"""Gatekeepers: an inbox item is its owner's alone; follow-up tasks belong to the staff who can see the case;
a party's channel choice is made by the party's own portal account or by court staff handling its case."""

from django.db.models import Q

from yingshang.cases.models import Case, Party
from yingshang.cases.permissions import can_write_case, case_scope_q
from yingshang.core.errors import NotFound, PermissionDenied
from yingshang.notifications.errors import NotificationError
from yingshang.notifications.models import FollowUpTask, InboxItem


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def access_inbox_item(user, item_id) -> InboxItem:
    """The caller's own inbox item, or NotFound (also for someone else's)."""
    pk = _int(item_id)
    item = (InboxItem.objects.filter(pk=pk, user_id=user.pk).select_related("case").first()
            if pk is not None and user.is_authenticated else None)
    if item is None:
        raise NotFound(NotificationError.INBOX_ITEM_NOT_FOUND, "未找到该消息，或您无权查看")
    return item


def can_see_follow_ups(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and (user.is_court_staff or user.is_superuser))


def followup_scope_q(user) -> Q:
    """Tasks assigned to the user, and tasks on cases the user may read (court staff only)."""
    if not can_see_follow_ups(user):
        return Q(pk__in=[])
    return Q(assignee_id=user.pk) | Q(case__in=Case.objects.filter(case_scope_q(user)).values("pk"))


def access_followup_task(user, task_id) -> FollowUpTask:
    pk = _int(task_id)
    task = None
    if pk is not None:
        task = (FollowUpTask.objects.filter(followup_scope_q(user), pk=pk)
                .select_related("case", "assignee", "message", "department").first())
    if task is None:
        raise NotFound(NotificationError.FOLLOWUP_NOT_FOUND, "未找到该跟进任务，或您无权查看")
    return task


def access_followup_task_for_close(user, task_id) -> FollowUpTask:
    """The assignee, or anyone who may change the case (承办法官、书记员、庭长 …), may close the task."""
    task = access_followup_task(user, task_id)
    if task.assignee_id == user.pk or can_write_case(user, task.case):
        return task
    raise PermissionDenied(NotificationError.FOLLOWUP_CLOSE_DENIED, "您无权办结该跟进任务")


def access_party_for_preference(user, party_id) -> Party:
    """A party whose channel choice the user may record: the party's own portal account, or court staff who may
    change one of the party's cases. Absent or unrelated → NotFound; visible but read-only → PermissionDenied."""
    pk = _int(party_id)
    party = Party.objects.filter(pk=pk).first() if pk is not None and user.is_authenticated else None
    if party is None:
        raise NotFound(NotificationError.PARTY_NOT_FOUND, "未找到该当事人，或您无权查看")
    if party.users.filter(pk=user.pk).exists():
        return party
    if user.is_court_staff or user.is_superuser:
        cases = list(Case.objects.filter(case_scope_q(user), case_parties__party=party).distinct()[:50])
        if any(can_write_case(user, case) for case in cases):
            return party
        if cases:
            raise PermissionDenied(NotificationError.PREFERENCE_DENIED, "您无权变更该当事人的通知方式")
    raise NotFound(NotificationError.PARTY_NOT_FOUND, "未找到该当事人，或您无权查看")
