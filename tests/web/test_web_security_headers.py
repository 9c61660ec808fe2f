"""Every page is sent with a Content Security Policy without unsafe-inline, and may not be framed."""

import pytest

# The force page and the error pages read the workflow database (the force's published reports).
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/sign-in/", "/forces/atlantis/"])
def test_pages_carry_a_strict_content_security_policy(client, path):
    response = client.get(path)
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_working_pages_are_never_stored_and_public_pages_may_be(client, world):
    """Issue 19.9: drafts, evidence, previews, grades and history (any page for a signed-in user) carry
    Cache-Control: no-store, so a shared machine's browser or a proxy never keeps them."""
    draft, published = world.draft.pk, world.published.pk
    working = [
        "/inspections/", f"/inspections/{draft}/", f"/inspections/{draft}/summary/", f"/inspections/{draft}/grades/",
        f"/inspections/{draft}/grades/investigating/", f"/inspections/{draft}/history/",
        f"/reports/{draft}/preview/", f"/api/inspections/{draft}", f"/api/inspections/{draft}/judgments",
    ]  # fmt: skip
    client.force_login(world.users["inspector"])
    for path in working:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "no-store" in response.get("Cache-Control", ""), path
    token = {"Authorization": f"Bearer {world.tokens['inspector']}"}
    client.logout()
    assert "no-store" in client.get(f"/api/inspections/{draft}", headers=token).get("Cache-Control", "")
    public = client.get(f"/reports/{published}/")  # a visitor's public page: the page cache's own business
    assert public.status_code == 200 and "no-store" not in public.get("Cache-Control", "")
