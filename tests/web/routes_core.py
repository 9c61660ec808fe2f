"""The public pages, sign-in and the admin site."""

from .route_table import Route, everyone

ROUTES = [
    Route("home", everyone(200)),
    Route("force", everyone(200), kwargs=lambda w: {"force_id": "cambridgeshire"}),
    Route("force", everyone(404), kwargs=lambda w: {"force_id": "atlantis"}, label="unknown force"),
    Route(
        "force-indicator",
        everyone(200),
        kwargs=lambda w: {"force_id": "cambridgeshire", "indicator_id": "asb-per-1000"},
    ),
    Route("start", everyone(302)),  # on to the role's start page, or to sign in
    Route("login", everyone(200)),
    Route("logout", everyone(302), method="POST"),
    Route("logout", everyone(405), label="GET is refused"),
]
