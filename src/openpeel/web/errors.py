"""One handler turns openpeel's own errors into a page (or JSON for the API) with a stable code."""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views import defaults

from openpeel.errors import OpenPeelError, UnknownForceError, WarehouseError

STATUS = {UnknownForceError: 404, WarehouseError: 503}


def status_for(exception: OpenPeelError) -> int:
    return next((s for cls, s in STATUS.items() if isinstance(exception, cls)), 400)


class OpenPeelErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OpenPeelError):
            return None
        status = status_for(exception)
        if request.path.startswith("/api/"):
            return JsonResponse({"error": {"code": exception.code, "message": str(exception)}}, status=status)
        return render(request, "error.html", {"error": exception, "status": status}, status=status)


def server_error(request):
    """handler500: a failure outside the API's own handlers (a middleware, say) still answers the API in JSON."""
    if request.path.startswith("/api/"):
        message = "The server could not complete this request; it has been logged. Try again."
        return JsonResponse({"error": {"code": "server_error", "message": message}}, status=500)
    return defaults.server_error(request)


class SecurityHeadersMiddleware:
    """A strict Content Security Policy: pages load only their own styles, fonts and images, no inline code."""

    POLICY = (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; font-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", self.POLICY)
        # A page for a signed-in user (drafts, evidence, previews, the API with their token) is never kept by
        # the browser or a proxy: not on a shared machine's disk, not shown again by "back" after sign-out.
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response
