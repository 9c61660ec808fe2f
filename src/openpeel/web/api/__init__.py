"""The JSON API under /api/ (django-ninja): the inspection model as the pages show it, with the same access
rules (openpeel.inspections.access). OpenAPI at /api/openapi.json, Swagger UI at /api/docs. docs/api.md."""

from __future__ import annotations

from ninja import NinjaAPI, Swagger

from openpeel.web.api import errors, evidence, findings, inspections, judgments, report_text
from openpeel.web.api.auth import AUTH, attributed
from openpeel.web.public_cache import public_page, publication_stamp


class OpenPeelAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        # Every operation also answers anonymous callers (as the public role): an empty requirement says so.
        for operations in schema["paths"].values():
            for operation in operations.values():
                if "security" in operation:
                    operation["security"].append({})
        return schema


api = OpenPeelAPI(
    title="openpeel API",
    version="1",
    description="PEEL inspections: evidence, findings, judgments, workflow and audit. See docs/api.md.",
    auth=AUTH,
    urls_namespace="api",
    # The page loads Swagger UI from ninja's own static files (no CDN, no inline script); the validator badge
    # would call out to swagger.io, so it is off.
    docs=Swagger(settings={"validatorUrl": None}),
)
api.add_decorator(attributed)
# Anonymous reads are public data: served from memory until the published inspections or the warehouse change.
api.add_decorator(public_page(publication_stamp, query=None), mode="view")  # its declared filters
errors.install(api)
for module in (inspections, evidence, findings, judgments, report_text):
    api.add_router("", module.router)
