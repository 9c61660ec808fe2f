"""The admin site (Django's own): users, their roles and API tokens, for administrators only. Everyone else is
sent to the admin sign-in page, which refuses anyone who is not staff."""

from .route_table import Route, everyone


def user(w):
    return {"object_id": w.users["inspector"].pk}


ADMINS_ONLY = everyone(302, administrator=200)

ROUTES = [
    Route("admin:index", ADMINS_ONLY),
    Route("admin:app_list", ADMINS_ONLY, kwargs=lambda w: {"app_label": "auth"}),
    Route("admin:auth_user_changelist", ADMINS_ONLY),
    Route("admin:auth_user_add", ADMINS_ONLY),
    Route("admin:auth_user_change", ADMINS_ONLY, kwargs=user),
    Route("admin:auth_user_history", ADMINS_ONLY, kwargs=user),
    Route("admin:auth_user_delete", ADMINS_ONLY, kwargs=user),
    Route("admin:auth_user_password_change", ADMINS_ONLY, kwargs=lambda w: {"id": w.users["inspector"].pk}),
    Route("admin:password_change", ADMINS_ONLY),
    Route("admin:password_change_done", ADMINS_ONLY),
    Route("admin:jsi18n", ADMINS_ONLY),
    # Asked without its query the autocomplete refuses even an administrator.
    Route("admin:autocomplete", everyone(302, administrator=403)),
    # Users have no public page to view on the site.
    Route(
        "admin:view_on_site",
        everyone(302, administrator=404),
        kwargs=lambda w: {"content_type_id": 1, "object_id": w.users["inspector"].pk},
    ),
    # The admin's own sign-in page: shown to anyone not yet staff; an administrator goes on to the index.
    Route("admin:login", everyone(200, administrator=302)),
    Route("admin:logout", everyone(302), method="POST"),  # then home (LOGOUT_REDIRECT_URL)
]
