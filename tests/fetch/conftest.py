"""A police.uk stand-in on 127.0.0.1, serving a 2024-01 archive built from the bundled real files."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest

from openpeel.config import bundled_data_dir

from .server import Served, serving

POLICE_UK = bundled_data_dir() / "police-uk"
ROWS = 400  # of each rewritten street and outcomes file: enough to be real, small enough to be quick


def _rewritten(archive: str, member: str, month: str, rows: int = ROWS) -> str:
    """A bundled month's first rows as another month: the Month column rewritten, nothing else."""
    with zipfile.ZipFile(POLICE_UK / archive) as z:
        reader = csv.DictReader(io.StringIO(z.read(member).decode("utf-8")))
        out = io.StringIO()
        writer = csv.DictWriter(out, reader.fieldnames, lineterminator="\n")
        writer.writeheader()
        for i, row in enumerate(reader):
            if i == rows:
                break
            writer.writerow(row | {"Month": month})
    return out.getvalue()


def archive(month: str = "2024-01", before: str = "2023-12") -> bytes:
    """A month as police.uk lays it out: Cambridgeshire's real stop and search of 2024-01 (and GMP's), its street
    and outcomes rows of January 2019 moved to the month, another force beside it and an earlier month, neither
    of which a fetch for cambridgeshire and the month may load."""
    members = {
        f"{month}/{month}-cambridgeshire-street.csv": _rewritten(
            "street-2018-10_2019-02.zip", "2019-01/2019-01-cambridgeshire-street.csv", month
        ),
        f"{month}/{month}-cambridgeshire-outcomes.csv": _rewritten(
            "outcomes-cambridgeshire-2019-01_2020-06.zip", "2019-01/2019-01-cambridgeshire-outcomes.csv", month
        ),
        f"{before}/{before}-cambridgeshire-street.csv": _rewritten(
            "street-2018-10_2019-02.zip", "2018-12/2018-12-cambridgeshire-street.csv", before
        ),
        f"{month}/{month}-bedfordshire-street.csv": _rewritten(
            "street-2018-10_2019-02.zip", "2019-01/2019-01-bedfordshire-street.csv", month
        ),
    }
    with zipfile.ZipFile(POLICE_UK / "stop-and-search-cambridgeshire-gmp.zip") as z:
        for name in z.namelist():
            if name.startswith("2024-01/") and name.endswith(".csv"):
                members[name.replace("2024-01", month)] = z.read(name).decode("utf-8")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in sorted(members.items()):
            z.writestr(name, text)
    return buf.getvalue()


DATES = [
    {"date": "2024-02", "stop-and-search": ["cambridgeshire", "greater-manchester"]},
    {"date": "2024-01", "stop-and-search": ["cambridgeshire", "greater-manchester"]},
    {"date": "2023-12", "stop-and-search": ["cambridgeshire"]},
]


@pytest.fixture(scope="session")
def archive_bytes() -> bytes:
    return archive("2024-01", "2023-12")


@pytest.fixture(scope="session")
def february_bytes() -> bytes:
    """2024-02 (and 2024-01 beside it, which a fetch of February must not load again)."""
    return archive("2024-02", "2024-01")


@pytest.fixture
def police_uk(monkeypatch, tmp_path, archive_bytes, february_bytes) -> Served:
    """The stand-in server, with $OPENPEEL_POLICE_UK_URL pointing at it and a fresh OPENPEEL_VAR."""
    served = Served()
    served.put("/api/crimes-street-dates", json.dumps(DATES).encode(), "application/json")
    served.put("/data/archive/2024-01.zip", archive_bytes)
    served.put("/data/archive/2024-02.zip", february_bytes)
    with serving(served, monkeypatch, tmp_path):
        monkeypatch.setenv("OPENPEEL_POLICE_UK_URL", served.url)
        yield served
