"""Django settings for openpeel's web app. Stores and secrets come from the environment or ./var."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import urlparse

from openpeel.config import REPO_ROOT, var_dir

VAR = var_dir()
VAR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    if key := os.environ.get("OPENPEEL_SECRET_KEY"):
        return key
    path = VAR / "secret_key"  # made once per installation, never committed
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


# Each server thread keeps its connection for ten minutes rather than opening one per request (bench_load.py).
KEEP_CONNECTIONS = {"CONN_MAX_AGE": 600, "CONN_HEALTH_CHECKS": True}


# SQLite with several people saving at once (issue 19.2): the write-ahead log lets readers go on beside a
# writer; every transaction begins IMMEDIATE, taking the write lock at BEGIN, so a writer waits its turn
# for up to the timeout instead of failing with "database is locked" when a read turns into a write.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 30,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;",
}


def _database(url: str | None) -> dict:
    """SQLite by default; OPENPEEL_DATABASE_URL=postgresql://user@host:port/name for PostgreSQL."""
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR / "workflow.sqlite3",
            "OPTIONS": SQLITE_OPTIONS,
            **KEEP_CONNECTIONS,
        }
    u = urlparse(url)
    if u.scheme not in ("postgres", "postgresql"):
        raise ValueError(f"OPENPEEL_DATABASE_URL: unsupported scheme {u.scheme!r}; use postgresql://")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": u.path.lstrip("/"),
        "USER": u.username or "",
        "PASSWORD": u.password or "",
        "HOST": u.hostname or "",
        "PORT": str(u.port or ""),
        **KEEP_CONNECTIONS,
    }


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("OPENPEEL_DEBUG") == "1"
ALLOWED_HOSTS = os.environ.get("OPENPEEL_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",  # the API docs page then uses its bundled Swagger UI files, not a CDN
    "openpeel.web",
    "openpeel.inspections",
    "openpeel.monitoring",
]
# Signed-in pages are compressed too (public pages come compressed from openpeel.web.public_cache, which
# GZipMiddleware leaves alone). BREACH: compressing a page that reflects a secret lets an attacker who can
# inject text and watch sizes guess the secret. Django masks the CSRF token afresh in every response and
# GZipMiddleware pads each response with random bytes ("Heal the BREACH", Django 4.2), the mitigations its
# documentation gives; openpeel's pages reflect no other secret (API tokens are shown once, on the command line).
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "openpeel.web.acting.ActingUserMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "openpeel.web.errors.OpenPeelErrorMiddleware",
    "openpeel.web.errors.SecurityHeadersMiddleware",
]
ROOT_URLCONF = "openpeel.web.urls"
WSGI_APPLICATION = "openpeel.web.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "openpeel.web.navigation.navigation",
            ]
        },
    }
]
DATABASES = {"default": _database(os.environ.get("OPENPEEL_DATABASE_URL"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "start"  # sent on to the role's own start page (openpeel.web.navigation)
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_TZ = True

# GOV.UK Frontend's compiled CSS asks for its fonts and images under /assets/, so static lives there.
GOVUK_FRONTEND = Path(
    os.environ.get("OPENPEEL_GOVUK_FRONTEND", REPO_ROOT / "node_modules" / "govuk-frontend" / "dist" / "govuk")
)
NODE_MODULES = GOVUK_FRONTEND.parents[2]
STATIC_URL = "/assets/"
STATICFILES_DIRS = [
    GOVUK_FRONTEND / "assets",
    ("govuk", GOVUK_FRONTEND),
    # The report charts: Vega, Vega-Lite, vega-embed, and the expression interpreter (built by npm's
    # postinstall from vega-interpreter, whose module form the browser cannot load without an inline map).
    ("vega", NODE_MODULES / "vega" / "build"),
    ("vega-lite", NODE_MODULES / "vega-lite" / "build"),
    ("vega-embed", NODE_MODULES / "vega-embed" / "build"),
    ("vega-interpreter", NODE_MODULES / "openpeel-bundles"),
]
MEDIA_ROOT = VAR / "media"
STATIC_ROOT = VAR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns on a missing root even when serving from the finders
WHITENOISE_USE_FINDERS = True  # serve straight from the finders: no collectstatic step in the demo

# In the memory of the one server process: rendered pages (openpeel.web.public_cache; a few hundred kB each,
# every force's pages and the overview's choices fit) and, apart so that pages can never push them out, the
# counts of failed sign-ins (openpeel.web.signin).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": 1000},
    },
    "sign-in": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "sign-in",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    },
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 60 * 60  # a working day, counted on the server as well as in the cookie
# Inspectors and force staff may sign in on shared machines: closing the browser signs them out.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Behind HTTPS (OPENPEEL_HTTPS=1) cookies are sent over TLS only. HSTS is sent on every TLS response and
# never on plain HTTP (SecurityMiddleware checks request.is_secure()).
HTTPS = os.environ.get("OPENPEEL_HTTPS") == "1"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
