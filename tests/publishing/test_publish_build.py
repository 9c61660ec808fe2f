"""`openpeel publish build --all --jobs 2`, run as a user runs it: its own process and workflow database."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"

# A fresh workflow database with two forces' example inspections, published at an embargo already passed.
SEED = textwrap.dedent(
    """
    import datetime as dt
    from django.utils import timezone
    from openpeel.django_setup import migrate
    migrate()
    from openpeel.inspections.audit import acting_as
    from openpeel.demo.examples import WORKED_EXAMPLE, example_inspection, publish_example
    from openpeel.publishing.versions import publish_due
    with acting_as("test"):
        for force in ("cambridgeshire", "norfolk"):
            inspection = example_inspection(force, WORKED_EXAMPLE)
            now = timezone.now()
            publish_example(inspection, moderator="test", embargo_at=now + dt.timedelta(seconds=1), now=now)
    publish_due(now=timezone.now() + dt.timedelta(seconds=2))
    """
)


def test_build_all_in_two_worker_processes_writes_every_forces_files(tmp_path):
    env = os.environ | {"OPENPEEL_VAR": str(tmp_path), "PYTHONPATH": str(SRC), "OPENPEEL_WAREHOUSE": "/nonexistent"}
    subprocess.run([sys.executable, "-c", SEED], env=env, check=True, capture_output=True)
    out = tmp_path / "reports"
    build = [sys.executable, "-c", "from openpeel.cli import main; main()", "publish", "build", "--all"]
    result = subprocess.run([*build, "--jobs", "2", "--out", str(out)], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "2 reports written" in result.stdout
    for force in ("cambridgeshire", "norfolk"):
        stem = out / f"{force}-peel-2023-25"
        assert stem.with_suffix(".pdf").read_bytes().startswith(b"%PDF")
        assert "Our judgments" in stem.with_suffix(".html").read_text()
        assert "must improve how it" in Path(f"{stem}-press-release.txt").read_text()
