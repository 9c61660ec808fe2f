"""User-facing errors of monitoring: each an OpenPeelError with a stable code."""

from __future__ import annotations

from openpeel.errors import OpenPeelError


class TrackingError(OpenPeelError):
    """A change to a tracked item, its log or a force's monitoring status that the rules do not allow."""

    code = "tracking_refused"


class DigestWeekError(OpenPeelError):
    """A digest week that is not an ISO week written YYYY-Www."""

    code = "digest_week_invalid"
