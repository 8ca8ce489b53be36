"""User management used by the add_user command, the demo set-up and tests."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.db import transaction

from .roles import ADMIN, EDITOR, ROLES, ensure_roles


@transaction.atomic
def create_user_with_role(username: str, role: str, password: str | None = None, email: str = "") -> AbstractUser:
    """Create (or update) a user in exactly one role. Editors and admins get the admin site."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
    groups = ensure_roles()
    User = get_user_model()
    user, _created = User.objects.get_or_create(username=username, defaults={"email": email})
    user.is_staff = role in (EDITOR, ADMIN)
    user.is_superuser = role == ADMIN
    if password:
        user.set_password(password)
    elif not user.has_usable_password():
        user.set_unusable_password()
    user.save()
    user.groups.set([groups[role]])
    return user
