"""Access control basics: sessions expire, passwords are stored hashed, every form needs its CSRF token,
failed sign-ins are limited, and the security headers are sent (HSTS only over TLS)."""

from __future__ import annotations

import pytest
from django.conf import global_settings as django_settings_default
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import identify_hasher
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from openpeel.web.signin import MAX_FAILURES, REFUSED, cache

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password"


@pytest.fixture(autouse=True)
def fresh_limiter():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # many sign-ins in one test


@pytest.fixture
def user():
    return get_user_model().objects.create_user("inspector-a", password=PASSWORD)


def sign_in(client, username="inspector-a", password=PASSWORD, **extra):
    return client.post("/sign-in/", {"username": username, "password": password}, **extra)


def signed_in(client) -> bool:
    return "Signed in as" in client.get("/").content.decode()


def test_a_password_is_stored_only_as_a_salted_hash_by_djangos_default_hasher(settings):
    # The web tests hash with MD5 for speed (tests/web/conftest.py); this one checks the product's setting.
    settings.PASSWORD_HASHERS = django_settings_default.PASSWORD_HASHERS
    user = get_user_model().objects.create_user("inspector-a", password=PASSWORD)
    stored = user.password
    assert PASSWORD not in stored
    assert identify_hasher(stored).algorithm == "pbkdf2_sha256"  # Django's default, first in PASSWORD_HASHERS
    algorithm, iterations, salt, digest = stored.split("$")
    assert int(iterations) >= 1_000_000 and len(salt) >= 16 and digest
    assert user.check_password(PASSWORD) and not user.check_password(PASSWORD.upper())


def test_the_session_cookie_ends_with_the_browser_and_the_session_after_a_working_day(fast_hashing, client, user):
    assert sign_in(client).status_code == 302 and signed_in(client)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["expires"] and not cookie["max-age"]  # a browser-session cookie
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    session = Session.objects.get(session_key=cookie.value)
    left = (session.expire_date - timezone.now()).total_seconds()
    assert 8 * 3600 - 60 < left <= 8 * 3600
    session.expire_date = timezone.now() - timezone.timedelta(seconds=1)  # the working day is over
    session.save()
    assert not signed_in(client)


def test_sign_in_without_the_csrf_token_is_refused_and_with_it_works(fast_hashing, user):
    client = Client(enforce_csrf_checks=True)
    assert sign_in(client).status_code == 403
    client.get("/sign-in/")  # sets the CSRF cookie, as a browser showing the form would
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    response = client.post("/sign-in/", {"username": "inspector-a", "password": PASSWORD, "csrfmiddlewaretoken": token})
    assert response.status_code == 302 and signed_in(client)


def test_sign_out_without_the_csrf_token_is_refused_and_leaves_the_user_signed_in(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.post("/sign-out/").status_code == 403
    assert signed_in(client)
    page = client.get("/").content.decode()
    assert 'name="csrfmiddlewaretoken"' in page  # the sign-out form in the header carries the token
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    assert client.post("/sign-out/", {"csrfmiddlewaretoken": token}).status_code == 302
    assert not signed_in(client)


def test_the_sixth_attempt_in_a_minute_is_refused_even_with_the_right_password(fast_hashing, client, user):
    for _ in range(MAX_FAILURES):
        response = sign_in(client, password="wrong")
        assert response.status_code == 200 and "Enter a correct username and password" in response.content.decode()
    response = sign_in(client)
    assert response.status_code == 200 and REFUSED in response.content.decode()
    assert not signed_in(client)
    cache.clear()  # the minute is out
    assert sign_in(client).status_code == 302 and signed_in(client)


def test_failures_are_counted_per_address_across_usernames_and_per_username_across_addresses(fast_hashing, user):
    get_user_model().objects.create_user("inspector-b", password=PASSWORD)
    spraying = Client(REMOTE_ADDR="192.0.2.1")
    for n in range(MAX_FAILURES):
        sign_in(spraying, username=f"guess-{n}", password="wrong")
    assert REFUSED in sign_in(spraying, username="inspector-b").content.decode()
    for n in range(MAX_FAILURES):  # one account from many addresses
        sign_in(Client(REMOTE_ADDR=f"198.51.100.{n}"), password="wrong")
    assert REFUSED in sign_in(Client(REMOTE_ADDR="203.0.113.9")).content.decode()
    assert sign_in(Client(REMOTE_ADDR="203.0.113.9"), username="inspector-b").status_code == 302


def test_hsts_is_sent_over_tls_only(client):
    assert "Strict-Transport-Security" not in client.get("/")
    hsts = client.get("/", secure=True)["Strict-Transport-Security"]
    assert hsts.startswith("max-age=") and int(hsts.split("=")[1].split(";")[0]) >= 180 * 24 * 3600


@pytest.mark.parametrize("path", ["/", "/sign-in/", "/admin/login/", "/no-such-page/"])
def test_no_page_may_be_framed_or_run_inline_code(client, path):
    response = client.get(path)
    assert response["X-Frame-Options"] == "DENY"
    policy = dict(p.strip().split(" ", 1) for p in response["Content-Security-Policy"].split(";"))
    assert policy["frame-ancestors"] == "'none'" and policy["script-src"] == "'self'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_the_admin_sign_in_shares_the_limit_with_the_sites_sign_in(fast_hashing, client):
    get_user_model().objects.create_superuser("admin-a", password=PASSWORD)
    for _ in range(MAX_FAILURES):  # locked out on the site's sign-in page
        sign_in(client, username="admin-a", password="wrong")
    assert REFUSED in sign_in(client, username="admin-a").content.decode()
    admin = Client()
    for password in ["wrong"] * 20 + [PASSWORD]:  # then the admin's sign-in, wrong 20 times, then right
        response = admin.post("/admin/login/", {"username": "admin-a", "password": password, "next": "/admin/"})
        assert response.status_code == 200 and REFUSED in response.content.decode()
    assert admin.get("/admin/").status_code == 302  # still signed out: the admin index sends to its sign-in
    cache.clear()
    # And the other way round: failures on the admin's sign-in lock the site's.
    for _ in range(MAX_FAILURES):
        admin.post("/admin/login/", {"username": "admin-a", "password": "wrong", "next": "/admin/"})
    assert REFUSED in sign_in(Client(REMOTE_ADDR="203.0.113.7"), username="admin-a").content.decode()
