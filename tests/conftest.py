"""Shared fixtures: real bundled files, real DuckDB warehouses in temporary folders."""

from __future__ import annotations

import os
import shutil
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from openpeel.config import bundled_street_archive

STREET_ZIP = bundled_street_archive()


@pytest.fixture
def street_archive(tmp_path) -> callable:
    """Unpack chosen real files of the bundled archive into a police.uk-layout folder."""

    def make(*names: str) -> Path:
        root = tmp_path / "archive"
        with zipfile.ZipFile(STREET_ZIP) as z:
            for name in names:
                z.extract(name, root)
        return root

    return make


SYNTH_FORCES = ("cambridgeshire", "northamptonshire", "city-of-london")


@pytest.fixture(scope="session")
def bundled_ingest(tmp_path_factory):
    """Every bundled police.uk archive and Home Office table ingested, the bundled published record imported,
    two months of seeded synthetic returns for three forces, and the catalogue computed: once per test session.
    Returns the warehouse path and each police.uk archive's ingest report."""
    from openpeel.config import bundled_police_uk_archives
    from openpeel.indicators.engine import compute_all
    from openpeel.ingest.home_office import ingest_home_office
    from openpeel.ingest.police_uk import ingest_police_uk
    from openpeel.ingest.returns import ingest_returns
    from openpeel.record import bundled_record_path, import_record
    from openpeel.synth.generate import generate, parse_month, resolve_forces
    from openpeel.warehouse import connect

    returns = tmp_path_factory.mktemp("returns")
    generate(returns, resolve_forces(",".join(SYNTH_FORCES)), parse_month("2019-01"), parse_month("2019-02"), seed=5)
    path = tmp_path_factory.mktemp("warehouse") / "warehouse.duckdb"
    con = connect(path)
    reports = {archive: ingest_police_uk(con, archive) for archive in bundled_police_uk_archives()}
    ingest_home_office(con)
    import_record(bundled_record_path(), con)  # the published record, as the demo imports it
    ingest_returns(con, returns)
    compute_all(con)
    con.close()
    return path, reports


@pytest.fixture(scope="session")
def demo_warehouse(bundled_ingest) -> Path:
    return bundled_ingest[0]


@pytest.fixture
def copy_of(tmp_path):
    def copy(path: Path) -> Path:
        target = tmp_path / path.name
        shutil.copy(path, target)
        return target

    return copy


# --- a real browser: Debian's Chromium, driven by Playwright (tests marked `browser`) ---

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Chromium's background connections are refused on a closed network; these flags keep it quiet.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; Django's test database teardown then
    # refuses to run unless told the loop is not serving async code (it is not).
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "1"

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is not installed: `make test` installs Debian's chromium package")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


# Property-based tests: a short bounded run by default; `pytest --hypothesis-profile=long` for a long one.
hypothesis_settings.register_profile(
    "short", max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.register_profile(
    "long", max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
if not any(a.startswith("--hypothesis-profile") for a in sys.argv):
    hypothesis_settings.load_profile("short")


# --- the audit chain verified after every test that leaves entries in it ---


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """After a test that wrote audit entries (in the test or its fixtures), the hash chain must verify: a change
    made by a page, the API, a command or a factory that bypassed audit.py's appending would break it. Tests
    that break the chain on purpose are marked `audit_tampered`."""
    result = yield
    if item.get_closest_marker("audit_tampered") is None:
        problem = _audit_chain_problem()
        if problem:
            raise AssertionError(f"the audit chain is broken after this test: {problem}")
    return result


def _audit_chain_problem() -> str | None:
    from django.conf import settings

    if not settings.configured or "openpeel.inspections" not in settings.INSTALLED_APPS:
        return None
    from openpeel.inspections.audit import verify_chain
    from openpeel.inspections.models import AuditHead

    try:
        if not AuditHead.objects.exists():  # no entry was written
            return None
    except RuntimeError as e:  # pytest-django blocks the database for tests that did not ask for it
        if "Database access not allowed" in str(e):
            return None
        raise
    return verify_chain().problem


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """With OPENPEEL_NO_SKIPS=1 (`make hardening`), a skipped test fails: a missing tool must not pass quietly."""
    report = yield
    if os.environ.get("OPENPEEL_NO_SKIPS") == "1" and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped, and OPENPEEL_NO_SKIPS=1 turns skips into failures: {report.longrepr}"
    return report


# --- `make test`'s second run: only the Django-backed tests, on PostgreSQL ---

# A test is Django-backed when it asks for the workflow database, directly or through a fixture.
# (Not django_db_blocker: pytest-django's own autouse fixtures ask for it in every test.)
DJANGO_DB_FIXTURES = {"db", "transactional_db", "django_db_setup", "client", "admin_client", "live_server"}


def pytest_collection_modifyitems(config, items):
    """With OPENPEEL_DJANGO_TESTS_ONLY=1 (make test's PostgreSQL run), keep only the tests that use the workflow
    database; the rest ran already in the first run and would run the same again. The database must be the one
    OPENPEEL_EXPECT_DB_VENDOR names, so a run meant for PostgreSQL cannot pass on SQLite."""
    if os.environ.get("OPENPEEL_DJANGO_TESTS_ONLY") != "1":
        return
    from django.conf import settings

    expected = os.environ.get("OPENPEEL_EXPECT_DB_VENDOR")
    engine = settings.DATABASES["default"]["ENGINE"]
    if expected and not engine.endswith(expected):
        raise pytest.UsageError(f"OPENPEEL_EXPECT_DB_VENDOR={expected} but the database engine is {engine}")
    keep, drop = [], []
    for item in items:
        uses_db = item.get_closest_marker("django_db") or DJANGO_DB_FIXTURES & set(getattr(item, "fixturenames", ()))
        # The PostgreSQL child run of the inspection tests is this run's own job already.
        (keep if uses_db and "test_inspections_postgres" not in item.nodeid else drop).append(item)
    config.hook.pytest_deselected(items=drop)
    items[:] = keep
