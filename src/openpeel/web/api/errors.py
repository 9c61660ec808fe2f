"""One JSON error shape for every refusal: {"error": {"code", "message", "fields"?, "problems"?}}.

422 for invalid input (the model's own ValidationError or the request schema's), with a message per field;
an OpenPeelError keeps its stable code and status (web/errors.py); 404 for what does not exist or is not
the caller's to know about; 403 for what they may see but not do; 401 for a token that is not valid.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as ModelValidationError
from django.http import Http404
from ninja.errors import HttpError
from ninja.errors import ValidationError as RequestValidationError

from openpeel.errors import OpenPeelError
from openpeel.inspections.errors import GradeRulesError
from openpeel.web.errors import status_for

log = logging.getLogger("openpeel.api")
HTTP_CODES = {401: "invalid_token", 403: "forbidden", 404: "not_found", 405: "method_not_allowed"}
# Where a request schema error was found; the field path follows it (and the parameter's name, for bodies).
_SOURCES = {"body": 2, "form": 2, "file": 2, "query": 1, "path": 1, "header": 1, "cookie": 1}


def body(code: str, message: str, **extra) -> dict:
    return {"error": {"code": code, "message": message, **{k: v for k, v in extra.items() if v is not None}}}


SERVER_ERROR = body("server_error", "The server could not complete this request; it has been logged. Try again.")


def _field(loc) -> str:
    loc = [str(p) for p in loc]
    skip = _SOURCES.get(loc[0], 0) if loc else 0
    return ".".join(loc[skip:]) or ".".join(loc)


def install(api) -> None:
    def respond(request, status: int, payload: dict):
        return api.create_response(request, payload, status=status)

    @api.exception_handler(ModelValidationError)
    def model_invalid(request, exc: ModelValidationError):
        fields = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        message = "; ".join(f"{k}: {' '.join(v)}" for k, v in fields.items())
        return respond(request, 422, body("validation_error", message, fields=fields))

    @api.exception_handler(RequestValidationError)
    def request_invalid(request, exc: RequestValidationError):
        fields: dict[str, list[str]] = {}
        for err in exc.errors:
            fields.setdefault(_field(err.get("loc", ())), []).append(err.get("msg", "invalid"))
        message = "; ".join(f"{k}: {' '.join(v)}" for k, v in fields.items())
        return respond(request, 422, body("validation_error", message, fields=fields))

    @api.exception_handler(OpenPeelError)
    def openpeel_error(request, exc: OpenPeelError):
        problems = None
        if isinstance(exc, GradeRulesError):
            problems = [
                {"area_id": p.area_id, "area_title": p.area_title, "grade_id": p.grade_id, "rule": p.rule,
                 "message": str(p)}
                for p in exc.problems
            ]  # fmt: skip
        return respond(request, status_for(exc), body(exc.code, str(exc), problems=problems))

    @api.exception_handler(Http404)
    def not_found(request, exc: Http404):
        return respond(request, 404, body("not_found", str(exc) or "Not found."))

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc: PermissionDenied):
        return respond(request, 403, body("forbidden", str(exc) or "You may not do this."))

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        return respond(request, exc.status_code, body(HTTP_CODES.get(exc.status_code, "http_error"), str(exc)))

    @api.exception_handler(Exception)
    def unexpected(request, exc: Exception):
        # The API answers JSON whatever happens (issue 19.2): a client must never have to parse a page.
        log.exception("%s %s failed", request.method, request.path, exc_info=exc)
        return respond(request, 500, SERVER_ERROR)
