"""Calling the API as a client would: a bearer token (or none), JSON in, JSON out."""

from __future__ import annotations

import json

from openpeel.web.api.schemas import Error


class Api:
    def __init__(self, client, token: str | None = None):
        self.client, self.token = client, token

    def as_(self, token: str | None) -> Api:
        return Api(self.client, token)

    def call(self, method: str, path: str, body=None, *, expect: int = 200, **extra):
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        headers |= extra.pop("headers", {})
        if body is not None and "files" not in extra:
            extra |= {"data": json.dumps(body), "content_type": "application/json"}
        elif "files" in extra:
            extra = {"data": {**(body or {}), **extra.pop("files")}}
        response = getattr(self.client, method.lower())(f"/api{path}", headers=headers, **extra)
        assert response.status_code == expect, (response.status_code, response.content[:2000])
        if response.status_code >= 400:
            Error.model_validate_json(response.content)  # every refusal has the one error shape
        is_json = response.get("Content-Type", "").startswith("application/json")
        return response.json() if is_json and response.content else response

    def get(self, path, **kw):
        return self.call("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.call("POST", path, body, **kw)

    def patch(self, path, body, **kw):
        return self.call("PATCH", path, body, **kw)

    def put(self, path, body, **kw):
        return self.call("PUT", path, body, **kw)

    def delete(self, path, **kw):
        return self.call("DELETE", path, **kw)
