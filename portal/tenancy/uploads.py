"""An uploaded file kept between its preview and its confirmation, and the user a management command acts as.

The admin's imports (contacts, translations) show a preview of an upload and write only once the
user confirms. The file waits in the user's server-side session under a one-time token: the
browser never sends it back, the confirmation cannot be replayed, and whatever writes it checks it
again. `manage.py` imports act as a named user, or as an administrator without an account.
"""
from __future__ import annotations

import base64
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError


def keep_upload(request, key: str, *, content: bytes, filename: str, **extra) -> str:
    """Keep the upload for its confirmation; returns the token the confirmation form posts back."""
    token = secrets.token_urlsafe(16)
    request.session[key] = {
        "token": token, "filename": filename, "content": base64.b64encode(content).decode("ascii"), **extra,
    }
    return token


def forget_upload(request, key: str) -> None:
    request.session.pop(key, None)


def take_upload(request, key: str) -> dict | None:
    """The upload the POSTed token confirms, removed from the session (it confirms once), its content decoded;
    None when there is none or the token does not match."""
    stored = request.session.get(key)
    if not stored or not secrets.compare_digest(stored.get("token", ""), request.POST.get("token", "")):
        return None
    forget_upload(request, key)
    return {**stored, "content": base64.b64decode(stored["content"])}


class SystemAdministrator:
    """The acting user of a command run without --user: an administrator for the permission checks, no account in logs."""

    pk = id = None
    is_active = True
    is_authenticated = True
    is_superuser = True
    is_staff = True
    username = "manage.py"

    def __str__(self) -> str:
        return self.username


def acting_user(username: str | None):
    """The active user named by a command's --user, or the SystemAdministrator when none is named."""
    if not username:
        return SystemAdministrator()
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"No active user named {username!r}.")
    return user
