"""Who is calling: a bearer token, else the browser's session (with CSRF for writes), else the public.

Each operation accepts all three (anonymous callers are the public role and access.py decides what they may
see), so the only 401 is for a token that was given and is not valid: unknown, revoked, expired, or its
user deactivated. Changes are attributed to the caller: the request middleware sees only session users.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from openpeel.inspections.audit import acting_as
from openpeel.inspections.models import ApiToken


class BearerToken(HttpBearer):
    """Authorization: Bearer <token>, as issued by `openpeel web token USER --name ...`."""

    def __call__(self, request):
        header = request.headers.get("Authorization")
        if not header:
            return None
        scheme, _, key = header.partition(" ")
        user = ApiToken.authenticate(key.strip()) if scheme.lower() == "bearer" and key.strip() else None
        if user is None:
            raise AuthenticationError(401, "The API token is not valid: unknown, revoked or expired.")
        request.user = user  # the rest of the request (and its audit entries) acts for the token's user
        return user

    def authenticate(self, request, token):  # required by HttpBearer; __call__ does the work
        raise NotImplementedError


class Session(APIKeyCookie):
    """The signed-in browser. Writes must carry the CSRF token, as forms do."""

    param_name = settings.SESSION_COOKIE_NAME

    def __call__(self, request):
        if not request.user.is_authenticated:
            return None
        if check_csrf(request):
            raise HttpError(403, "CSRF check failed: send the csrftoken cookie's value as X-CSRFToken.")
        return request.user

    def authenticate(self, request, key):  # required by APIKeyCookie; __call__ does the work
        raise NotImplementedError


def public(request):
    """No token, no session: the caller is the public (AnonymousUser is truthy, so ninja lets it through)."""
    return AnonymousUser()


AUTH: list[Callable[..., Any]] = [BearerToken(), Session(), public]


def attributed(operation):
    """Run the operation acting as its caller, so token users' changes are attributed to them."""

    @functools.wraps(operation)
    def run(request, *args, **kwargs):
        if not request.auth.is_authenticated:
            return operation(request, *args, **kwargs)
        with acting_as(request.auth):
            return operation(request, *args, **kwargs)

    return run
