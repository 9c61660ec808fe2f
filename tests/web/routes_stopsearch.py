"""The public stop and search page of a force."""

from .route_table import Route, everyone

ROUTES = [
    Route("stop-search", everyone(200), kwargs=lambda w: {"force_id": "greater-manchester"}),
    Route("stop-search", everyone(404), kwargs=lambda w: {"force_id": "atlantis"}, label="unknown force"),
]
