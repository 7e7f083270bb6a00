"""Pages: the inbox (消息中心) with unread badges and HTMX mark-read, the clerks' follow-up list with HTMX
closing, and one's own notification preferences."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_POST

from yingshang.core.errors import DomainError, NotFound
from yingshang.core.pagination import PageRequest, paginate
from yingshang.notifications import selectors, services
from yingshang.notifications.choices import FollowUpStatus
from yingshang.notifications.forms import FollowUpCloseForm, PreferenceForm
from yingshang.notifications.permissions import access_followup_task, can_see_follow_ups


def _pages(count: int, page: PageRequest) -> int:
    return max((count + page.page_size - 1) // page.page_size, 1)


@login_required
def inbox(request):
    unread_only = request.GET.get("unread") == "1"
    page = PageRequest.of(request.GET.get("page"), request.GET.get("page_size"))
    items, count = paginate(selectors.inbox_list_for_user(user=request.user, unread_only=unread_only), page)
    context = {"items": items, "count": count, "page": page.page, "pages": _pages(count, page),
               "unread_only": unread_only, "unread_count": selectors.inbox_unread_count(user=request.user),
               "followups_open": (selectors.followup_list_for_user(user=request.user, mine_only=True).count()
                                  if can_see_follow_ups(request.user) else None)}
    template = "notifications/partials/_inbox_list.html" if request.headers.get("HX-Request") \
        else "notifications/inbox.html"
    return render(request, template, context)


@login_required
@require_POST
def inbox_read(request, item_id: int):
    """HTMX: mark one item read; answers the row and, out of band, the unread badge."""
    try:
        item = services.inbox_item_mark_read(item_id=item_id, actor=request.user)
    except NotFound:
        raise Http404("未找到该消息")
    return render(request, "notifications/partials/_inbox_row.html",
                  {"item": item, "unread_count": selectors.inbox_unread_count(user=request.user), "oob": True})


@login_required
@require_POST
def inbox_read_all(request):
    services.inbox_mark_all_read(actor=request.user)
    return inbox(request)


@login_required
def inbox_badge(request):
    """HTMX fragment: the unread count as a badge (empty when nothing is unread), for any page to poll."""
    return render(request, "notifications/partials/_unread_badge.html",
                  {"unread_count": selectors.inbox_unread_count(user=request.user)})


@login_required
def followups(request):
    if not can_see_follow_ups(request.user):
        raise Http404("仅限法院工作人员")
    status = request.GET.get("status", FollowUpStatus.OPEN)
    if status not in (FollowUpStatus.OPEN, FollowUpStatus.CLOSED, "all"):
        status = FollowUpStatus.OPEN
    mine = request.GET.get("mine") == "1"
    page = PageRequest.of(request.GET.get("page"), request.GET.get("page_size"))
    items, count = paginate(selectors.followup_list_for_user(user=request.user,
                                                             status=None if status == "all" else status,
                                                             mine_only=mine), page)
    context = {"tasks": items, "count": count, "page": page.page, "pages": _pages(count, page), "status": status,
               "mine": mine, "channels": selectors.channel_statuses(), "form": FollowUpCloseForm()}
    template = "notifications/partials/_followup_table.html" if request.headers.get("HX-Request") \
        else "notifications/followups.html"
    return render(request, template, context)


@login_required
@require_POST
def followup_close(request, task_id: int):
    """HTMX: close a task; answers the row (closed, or the form with the error beside the field)."""
    form = FollowUpCloseForm(request.POST)
    form.is_valid()
    try:
        task = services.followup_task_close(task_id=task_id, outcome=form.cleaned_data.get("outcome", ""),
                                            actor=request.user)
    except NotFound:
        raise Http404("未找到该跟进任务")
    except DomainError as exc:
        try:
            task = access_followup_task(request.user, task_id)
        except NotFound:
            raise Http404("未找到该跟进任务")
        form.add_error("outcome", exc.message)
        return render(request, "notifications/partials/_followup_row.html", {"task": task, "form": form},
                      status=422 if exc.status < 403 else exc.status)
    return render(request, "notifications/partials/_followup_row.html", {"task": task, "form": FollowUpCloseForm()})


@login_required
def preferences(request):
    pref = selectors.preference_get(user=request.user)
    saved = False
    if request.method == "POST":
        form = PreferenceForm(request.POST)
        if form.is_valid():
            try:
                pref = services.contact_preference_set(actor=request.user, channels=form.cleaned_data["channels"],
                                                       phone=form.cleaned_data["phone"],
                                                       email=form.cleaned_data["email"])
                saved = True
            except DomainError as exc:
                field = {"PARTY_PHONE_INVALID": "phone", "NOTIFICATION_EMAIL_INVALID": "email"}.get(exc.code,
                                                                                                   "channels")
                form.add_error(field, exc.message)
    else:
        initial = {"channels": pref.channels, "phone": pref.phone, "email": pref.email} if pref else \
            {"channels": ["inbox"]}
        form = PreferenceForm(initial=initial)
    status = 422 if request.method == "POST" and not saved else 200
    return render(request, "notifications/preferences.html", {"form": form, "pref": pref, "saved": saved},
                  status=status)


