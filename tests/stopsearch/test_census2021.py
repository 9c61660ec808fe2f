"""The bundled Census 2021 file by police force area: re-derived from the bundled ONS local authority table and
lookup (data/census2021/sources/), and checked for what the census itself guarantees."""

from __future__ import annotations

import csv
import importlib.util
from collections import Counter

from openpeel.config import bundled_data_dir
from openpeel.stopsearch.census2021 import residents_2021_by_group

BUNDLED = bundled_data_dir() / "census2021" / "ts021-ethnic-group-by-police-force-area.csv"


def test_every_force_area_has_19_categories_and_the_groups_add_up():
    with BUNDLED.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    per_area = Counter(r["pfa22cd"] for r in rows)
    assert len(per_area) == 43 and set(per_area.values()) == {19}
    by_group = residents_2021_by_group()
    assert len(by_group) == 43
    for force, counts in by_group.items():
        assert sum(counts[g] for g in ("White", "Mixed", "Asian", "Black", "Other")) == counts["All"], force
    assert sum(c["All"] for c in by_group.values()) == sum(int(r["residents"]) for r in rows)


def test_the_bundled_file_is_the_local_authority_table_summed_to_force_areas():
    spec = importlib.util.spec_from_file_location("derive", bundled_data_dir() / "census2021" / "derive.py")
    derive = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(derive)
    with BUNDLED.open(encoding="utf-8") as f:
        bundled = [tuple(r) for r in list(csv.reader(f))[1:]]
    assert [tuple(str(v) for v in r) for r in derive.derive(derive.SOURCES)] == bundled
