"""The sign-in form of the site and of the admin: Django's, with failed tries limited
(accounts.login_limits)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm

from . import login_limits


def locked_message(seconds: int) -> str:
    minutes = max(1, (seconds + 59) // 60)
    return (f"Too many failed sign-ins for this account from your address. Try again in {minutes} minute"
            f"{'s' if minutes != 1 else ''}, or ask an admin to reset your password.")


class _Limited:
    """Checks the lock before the password (a locked try is not even tested: a right guess during the
    lock teaches nothing), counts a failure, clears the count on success."""

    locked_message: str = ""

    def clean(self) -> dict[str, Any]:
        username = (self.data.get("username") or "").strip()  # type: ignore[attr-defined]
        address = login_limits.client_address(self.request)  # type: ignore[attr-defined]
        if username:
            wait = login_limits.seconds_locked(username, address)
            if wait:
                self.locked_message = locked_message(wait)
                raise forms.ValidationError(self.locked_message, code="locked")
        try:
            cleaned = super().clean()  # type: ignore[misc]
        except forms.ValidationError as exc:
            if username and getattr(exc, "code", None) == "invalid_login":
                login_limits.record_failure(username, address)
            raise
        if username:
            login_limits.clear(username, address)
        return cleaned


class LimitedAuthenticationForm(_Limited, AuthenticationForm):
    pass


class LimitedAdminAuthenticationForm(_Limited, AdminAuthenticationForm):
    pass
