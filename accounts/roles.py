"""Roles are Django groups carrying model permissions. Every view and endpoint checks a
permission (not a group name), so an admin can tune a role without touching code."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission

REVIEWER = "reviewer"
EDITOR = "editor"
ADMIN = "admin"
ROLES = (REVIEWER, EDITOR, ADMIN)

# Verdicts, their evidence, claims and queue items are written through the workflow (the pages and
# the API call the services, which keep its rules: approval by another editor, a note for readers on a
# published check, a judged claim's words). Their model "add"/"change"/"delete" permissions only open
# the admin's forms, which skip every rule (editors are staff), so no role carries them.
_REVIEWER_PERMS = [
    "claims.view_source",
    "claims.view_article",
    "claims.view_claim",
    "claims.view_claimgroup",
    "claims.view_claimlink",
    "reviewers.view_queueitem",
    "reviewers.review_claim",
    "reviewers.view_verdict",
    "reviewers.view_evidencelink",
]
_EDITOR_PERMS = _REVIEWER_PERMS + [
    "claims.add_source",
    "claims.change_source",
    "claims.add_article",
    "claims.change_article",
    "claims.queue_claim",
    "claims.add_claimgroup",
    "claims.change_claimgroup",
    "claims.change_claimlink",
    "reviewers.manage_queue",
    "reviewers.view_assignment",
    "reviewers.approve_verdict",
    "reviewers.manage_second_review",
    "reviewers.export_verdicts",
    "integrations.manage_webhooks",
    "desk.view_dashboard",
]
ROLE_PERMISSIONS: dict[str, list[str]] = {REVIEWER: _REVIEWER_PERMS, EDITOR: _EDITOR_PERMS, ADMIN: _EDITOR_PERMS + [
    "auth.view_user", "auth.add_user", "auth.change_user", "auth.delete_user", "auth.view_group",
    "authtoken.view_tokenproxy", "authtoken.add_tokenproxy", "authtoken.delete_tokenproxy",
]}


def _permission(dotted: str) -> Permission:
    app_label, codename = dotted.split(".", 1)
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def ensure_roles() -> dict[str, Group]:
    """Create or refresh the role groups. Idempotent."""
    groups = {}
    for role, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set([_permission(p) for p in perms])
        groups[role] = group
    return groups


def ensure_roles_after_migrate(sender: Any, **kwargs: Any) -> None:
    # Permissions of every app exist once the last app has migrated; refresh then.
    try:
        ensure_roles()
    except Permission.DoesNotExist:
        pass


def user_roles(user: Any) -> set[str]:
    if not getattr(user, "is_authenticated", False):
        return set()
    names = {g.name for g in user.groups.all()}
    if user.is_superuser:
        names.add(ADMIN)
    return names & set(ROLES)
