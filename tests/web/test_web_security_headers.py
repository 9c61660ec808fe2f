"""Every page is sent with a Content Security Policy without unsafe-inline, and may not be framed."""

import pytest


@pytest.mark.parametrize("path", ["/", "/sign-in/", "/forces/atlantis/"])
def test_pages_carry_a_strict_content_security_policy(client, path):
    response = client.get(path)
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
