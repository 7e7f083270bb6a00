"""Writes for the court organisation: users, role groups, API tokens."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from yingshang.audit.services import audit_record
from yingshang.core.clock import court_now
from yingshang.org.choices import Role
from yingshang.org.models import ApiToken, Department, User

# Django model permissions per role group (object-level rules live in each app's permissions.py).
# Codenames "<app_label>.<codename>"; missing ones (an app not migrated yet) are skipped.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.PRESIDENT: ["cases.view_case", "cases.change_case", "audit.view_auditevent"],
    Role.VICE_PRESIDENT: ["cases.view_case", "audit.view_auditevent"],
    Role.DIVISION_HEAD: ["cases.view_case", "cases.change_case", "audit.view_auditevent"],
    Role.JUDGE: ["cases.view_case", "cases.change_case"],
    Role.JUDGE_ASSISTANT: ["cases.view_case", "cases.change_case"],
    Role.CLERK: ["cases.view_case", "cases.add_case", "cases.change_case", "cases.add_party"],
    Role.TRIAL_MANAGEMENT: ["cases.view_case", "audit.view_auditevent"],
    Role.ENFORCEMENT_OFFICER: ["cases.view_case", "cases.change_case"],
    Role.INSPECTOR: ["cases.view_case", "audit.view_auditevent"],
    Role.FINANCE: ["cases.view_case"],
}


def role_groups_sync() -> None:
    """Create one auth group per role (named by its Chinese label) with its model permissions. Idempotent."""
    for role in Role:
        group, _ = Group.objects.get_or_create(name=role.label)
        wanted = []
        for dotted in ROLE_PERMISSIONS.get(role, []):
            app_label, codename = dotted.split(".")
            perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if perm:
                wanted.append(perm)
        group.permissions.set(wanted)


@transaction.atomic
def user_create(*, username: str, password: str, display_name: str, role: str, actor=None,
                court=None, department: Department | None = None, team=None, phone: str = "",
                organisation_name: str = "", is_committee_member: bool = False,
                supervised_departments=(), is_superuser: bool = False) -> User:
    """Create a user with a role and put them in that role's group. Audit: org.user_created."""
    user = User(username=username, display_name=display_name, role=role, court=court, department=department,
                team=team, phone=phone, organisation_name=organisation_name,
                is_committee_member=is_committee_member, is_superuser=is_superuser,
                is_staff=is_superuser or role == Role.ADMIN_STAFF)
    user.set_password(password)
    user.save()
    if supervised_departments:
        user.supervised_departments.set(supervised_departments)
    group, _ = Group.objects.get_or_create(name=Role(role).label)
    user.groups.add(group)
    audit_record(actor=actor, action="org.user_created", target=user,
                 after={"username": username, "role": role,
                        "department": department.name if department else None})
    return user


@transaction.atomic
def api_token_create(*, user: User, name: str, actor=None) -> tuple[ApiToken, str]:
    """Issue a bearer token; returns (token row, key). The key is not stored and is shown only once."""
    key = ApiToken.new_key()
    token = ApiToken.objects.create(user=user, name=name, key_hash=ApiToken.hash_key(key))
    audit_record(actor=actor or user, action="org.api_token_created", target=token, after={"name": name})
    return token, key


def api_token_authenticate(key: str) -> User | None:
    """The user behind an active bearer token, or None."""
    token = (ApiToken.objects.select_related("user")
             .filter(key_hash=ApiToken.hash_key(key), is_active=True, user__is_active=True).first())
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=court_now())
    return token.user


@transaction.atomic
def api_token_revoke(*, token_id: int, actor) -> ApiToken:
    """Revoke a bearer token: it stops working at once; the row stays for the record. Audit: org.api_token_revoked."""
    token = ApiToken.objects.select_for_update().get(pk=token_id)
    if token.is_active:
        token.is_active = False
        token.save(update_fields=["is_active", "updated_at"])
        audit_record(actor=actor, action="org.api_token_revoked", target=token, before={"is_active": True},
                     after={"is_active": False})
    return token
