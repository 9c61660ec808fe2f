"""Finding your way: home leads to the overview, the reports and the forces; signing in lands each role on
its own start page with its pages in the header; errors are GOV.UK pages; hints are tied to their fields;
signed-in pages are compressed."""

from __future__ import annotations

import gzip
import re

import pytest
from django.test import Client

from openpeel.web.navigation import current_framework, start_page

pytestmark = pytest.mark.django_db

START = {
    "inspector": "/inspections/",
    "moderator": "/inspections/",
    "liaison": "/monitoring/forces/cambridgeshire/",
    "pcc": "/monitoring/forces/cambridgeshire/",
    "administrator": "/inspections/",
}


def as_(world, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def test_home_links_to_the_national_overview_the_reports_and_the_forces(client):
    page = client.get("/").content.decode()
    assert f'href="/reports/national/{current_framework().id}/"' in page
    assert 'href="/reports/"' in page and 'href="/forces/cambridgeshire/"' in page


@pytest.mark.parametrize("role", START)
def test_signing_in_lands_each_role_on_its_own_start_page(world, role):
    assert start_page(world.users[role]) == START[role]
    client = as_(world, role)
    assert client.get("/start/").url == START[role]
    page = client.get(START[role]).content.decode()
    header = page[page.index("<header") : page.index("</header>")]
    assert f'href="{START[role]}"' in header  # the header shows the role's own pages
    assert ('href="/admin/"' in header) == (role == "administrator")
    assert ('href="/monitoring/digest/"' in header) == (role in ("inspector", "moderator", "administrator"))


def test_the_sign_in_form_sends_people_to_their_start_page(settings):
    assert settings.LOGIN_REDIRECT_URL == "start"


def test_a_force_page_links_to_its_published_reports(world, client, demo_warehouse, monkeypatch):
    monkeypatch.setenv("OPENPEEL_WAREHOUSE", str(demo_warehouse))
    page = client.get("/forces/cambridgeshire/").content.decode()
    assert f'href="/reports/{world.published.pk}/"' in page


def test_not_found_and_forbidden_are_govuk_pages_with_a_main_landmark(world, client):
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404
    assert '<main class="govuk-main-wrapper" id="main-content">' in missing.content.decode()
    assert "Page not found" in missing.content.decode()
    forbidden = as_(world, "liaison").get("/monitoring/forces/norfolk/")
    assert forbidden.status_code == 403
    assert "<main" in forbidden.content.decode() and "You cannot see this page" in forbidden.content.decode()


def test_the_server_error_page_renders_without_a_request():
    from django.template.loader import render_to_string

    page = render_to_string("500.html")
    assert "Sorry, there is a problem with the service" in page and "<main" in page


def test_the_phase_banner_is_inside_the_header_landmark(client):
    page = client.get("/").content.decode()
    assert page.index("govuk-phase-banner") < page.index("</header>")
    assert "openpeel/govuk-init.js" in page  # GOV.UK Frontend's JavaScript, started by initAll


def test_every_hint_and_error_a_field_is_described_by_is_on_the_page(world, demo_warehouse, monkeypatch):
    monkeypatch.setenv("OPENPEEL_WAREHOUSE", str(demo_warehouse))  # the form lists the warehouse's indicators
    client = as_(world, "inspector")
    url = f"/inspections/{world.draft.pk}/evidence/attach-indicator/"
    for page in (client.get(url), client.post(url, {})):
        html = page.content.decode()
        assert page.status_code == 200, page.status_code
        described = [i for ids in re.findall(r'aria-describedby="([^"]+)"', html) for i in ids.split()]
        assert described, "the form has hints"
        for element_id in described:
            assert f'id="{element_id}"' in html, element_id


def test_signed_in_pages_are_compressed(world):
    response = as_(world, "inspector").get("/inspections/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert b"Inspections" in gzip.decompress(response.content)
