"""Every change made while serving a signed-in user's request is attributed to that user in the audit trail."""

from __future__ import annotations

from openpeel.inspections.audit import acting_as


class ActingUserMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)  # nobody to attribute to: the models refuse unattributed changes
        with acting_as(user):
            return self.get_response(request)
