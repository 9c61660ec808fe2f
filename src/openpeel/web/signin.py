"""Sign-in with a limit on failed attempts: after 5 failures in a minute, for one username or from one
address, further attempts are refused, even with the right password, until the minute is out.

A small cache-based limiter rather than django-axes: axes needs its own models, an authentication backend
and a request on every authenticate() call; this needs Django's cache only. The default cache is in the
memory of the one waitress process; several processes would need a shared cache (CACHES) to share counts.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import caches
from django.core.exceptions import ValidationError

MAX_FAILURES = 5
cache = caches["sign-in"]
WINDOW_SECONDS = 60
REFUSED = "Too many failed attempts to sign in. Wait a minute, then try again."


def _keys(request, username: str) -> list[str]:
    address = request.META.get("REMOTE_ADDR", "") if request else ""
    # hashed so that any text a visitor types makes a valid cache key
    return [
        "sign-in-failures:" + hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()
        for kind, value in (("user", username.casefold()), ("address", address))
        if value
    ]


def locked_out(request, username: str) -> bool:
    return any((cache.get(key) or 0) >= MAX_FAILURES for key in _keys(request, username))


def record_failure(request, username: str) -> None:
    for key in _keys(request, username):
        cache.add(key, 0, WINDOW_SECONDS)  # the window starts at the first failure
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, WINDOW_SECONDS)


if TYPE_CHECKING:  # a mixin for sign-in forms: typed as the form it is mixed into
    _SignInForm = AuthenticationForm
else:
    _SignInForm = object


class RateLimited(_SignInForm):
    """Mixed into a sign-in form: refused while locked out, each wrong password counted. The site's sign-in and
    the admin's use the same counts, so locking one locks both."""

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        if locked_out(self.request, username):
            raise ValidationError(self.error_messages["too_many_attempts"], code="too_many_attempts")
        try:
            return super().clean()
        except ValidationError as e:
            if e.code == "invalid_login":
                record_failure(self.request, username)
            raise


class RateLimitedAuthenticationForm(RateLimited, AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Enter a correct username and password",
        "too_many_attempts": REFUSED,
    }


class RateLimitedAdminAuthenticationForm(RateLimited, AdminAuthenticationForm):
    error_messages = {**AdminAuthenticationForm.error_messages, "too_many_attempts": REFUSED}
