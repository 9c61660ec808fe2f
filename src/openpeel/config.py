"""Where openpeel keeps its stores. One place, overridable by environment variables."""

from __future__ import annotations

import os
from pathlib import Path

# The repository root: bundled data and front-end assets live beside src/ (an editable install).
REPO_ROOT = Path(__file__).resolve().parents[2]


def var_dir() -> Path:
    """Runtime state (warehouse, workflow database). Default ./var under the repository."""
    return Path(os.environ.get("OPENPEEL_VAR", REPO_ROOT / "var"))


def warehouse_path() -> Path:
    return Path(os.environ.get("OPENPEEL_WAREHOUSE", var_dir() / "warehouse.duckdb"))


def bundled_data_dir() -> Path:
    return REPO_ROOT / "data"


def bundled_street_archive() -> Path:
    """The police.uk street files shipped with openpeel (data/ATTRIBUTION.md)."""
    return bundled_data_dir() / "police-uk" / "street-2018-10_2019-02.zip"


def bundled_police_uk_archives() -> list[Path]:
    """Every police.uk archive shipped with openpeel: street, outcomes, stop and search."""
    return sorted((bundled_data_dir() / "police-uk").glob("*.zip"))
