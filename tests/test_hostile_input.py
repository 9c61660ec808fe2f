"""Hostile input, property-based: every parser, fed real files damaged at random (bytes replaced, inserted,
cut; lines dropped or repeated; cells holding quotes, separators, NULs, formulas, huge numbers), either
loads, quarantines with a rule, or refuses with openpeel's own one-line error. Any other exception fails.

Bounded by the hypothesis profile in tests/conftest.py ("short" by default; --hypothesis-profile=long)."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from openpeel.config import bundled_data_dir, bundled_street_archive
from openpeel.errors import DataFileError, OpenPeelError
from openpeel.forces.registry import REGISTRY_PATH, load_registry
from openpeel.frameworks.loader import load_framework_file
from openpeel.indicators.catalogue import CATALOGUE, load_catalogue
from openpeel.ingest.home_office import ingest_home_office
from openpeel.ingest.police_uk import ingest_police_uk
from openpeel.ingest.returns import ingest_returns
from openpeel.inspections.rules import RULES_FILE, load_grade_rules
from openpeel.warehouse import connect

NASTY = [
    b",",
    b'"',
    b'""',
    b"\n",
    b"\r\n",
    b"\r",
    b"\x00",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    "é".encode(),
    "é".encode("cp1252"),
    b'=HYPERLINK("http://x")',
    b"-1e999",
    b"NaN",
    b"9" * 40,
    b"2019-13",
    b"  ",
    b"\t",
]
YAML_NASTY = [b": ", b"- ", b"&a ", b"*a", b"!!python/object:os.system ", b"{", b"[", b"'", b"\t", b"\n  ", b"~"]


@st.composite
def damaged(draw, original: bytes, extra=()) -> bytes:
    """The original file with a few random edits."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        edit = draw(st.sampled_from(["insert", "replace", "cut", "drop line", "repeat line"]))
        payload = draw(st.sampled_from(NASTY + list(extra)) | st.binary(min_size=1, max_size=12))
        if edit == "insert":
            data[at:at] = payload
        elif edit == "replace":
            data[at : at + len(payload)] = payload
        elif edit == "cut":
            del data[at:]
        else:
            start = data.rfind(b"\n", 0, at) + 1
            end = data.find(b"\n", at)
            end = len(data) if end < 0 else end + 1
            line = bytes(data[start:end])
            data[start:end] = b"" if edit == "drop line" else line * draw(st.integers(2, 3))
    return bytes(data)


def loads_quarantines_or_refuses(ingest, name: str, records: int | None = None, one_row_each: bool = True) -> None:
    """ingest(con) on a fresh warehouse either refuses with openpeel's own one-line error naming the file, or
    accounts for every row: what the tables, the quarantine and the set-aside repeats hold adds up to the rows
    the report says it read and, where the file is plain enough to count (`records`, counted here by
    Python's csv module, independently of the ingest), to the file's own records. Nothing is dropped."""
    con = connect(":memory:")
    try:
        report = ingest(con)
    except OpenPeelError as e:
        assert name in str(e) and "\n" not in str(e).strip(), f"the refusal does not name {name} on one line: {e}"
        return
    loaded = [f for f in report.files if f.status == "loaded"]
    if not one_row_each:  # a wide table (a column per force) is loaded as a row per cell
        assert all(f.rows_read == f.rows_loaded + f.rows_quarantined + f.repeats_set_aside for f in loaded)
        return
    held = held_rows(con)
    assert held == sum(f.rows_read for f in loaded)
    assert sum(f.rows_loaded for f in loaded) == held - quarantined_lines(con) - set_aside_rows(con)
    if records is not None and loaded:
        assert held == records, f"the file has {records} records; the warehouse holds {held}"
    assert con.execute("SELECT count(*) FROM quarantine WHERE rule IS NULL OR rule = ''").fetchone() == (0,)


def held_rows(con) -> int:
    """Rows in every loaded table, quarantined lines and set-aside repeats, counted in the tables themselves."""
    tables = [
        t
        for (t,) in con.execute(
            "SELECT DISTINCT table_name FROM information_schema.columns WHERE column_name = 'source_file' "
            "AND table_name <> 'source_file'"
        ).fetchall()
    ]
    loaded = sum(con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables)
    return loaded + quarantined_lines(con) + set_aside_rows(con)


def quarantined_lines(con) -> int:
    """Source lines the quarantine holds: a record DuckDB could not parse is kept whole as its text, and a
    stray quote can make it run over several lines (found by hypothesis's long profile: an unclosed quote
    took the file's last three lines into one record)."""
    records = con.execute("SELECT DISTINCT file_key, line, raw FROM quarantine").fetchall()
    lines = {}
    for file_key, line, raw in records:
        text = json.loads(raw) if raw is not None else None
        spans = len(text.rstrip("\r\n").split("\n")) if isinstance(text, str) else 1
        lines[(file_key, line)] = max(spans, lines.get((file_key, line), 1))
    return sum(lines.values())


def set_aside_rows(con) -> int:
    return con.execute("SELECT count(*) FROM set_aside").fetchone()[0]


def csv_records(data: bytes) -> int | None:
    """The data records of a CSV file as Python's csv module reads them (blank lines are not records), or None
    where the bytes leave the count open to reading (not UTF-8, NUL, a carriage return, a quote)."""
    if any(b in data for b in (b"\x00", b"\r", b'"')):
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    rows = [r for r in csv.reader(io.StringIO(text)) if r]
    return max(len(rows) - 1, 0)


# --- police.uk CSV files -----------------------------------------------------------------------------------
with zipfile.ZipFile(bundled_street_archive()) as z:
    NAME = next(n for n in z.namelist() if n.endswith("cambridgeshire-street.csv"))
    STREET = b"".join(z.read(NAME).splitlines(keepends=True)[:30])


@given(data=damaged(STREET))
def test_a_damaged_police_uk_file_is_loaded_quarantined_or_refused(tmp_path_factory, data):
    root = tmp_path_factory.mktemp("police-uk")
    (root / NAME).parent.mkdir(parents=True)
    (root / NAME).write_bytes(data)
    loads_quarantines_or_refuses(lambda con: ingest_police_uk(con, root), Path(NAME).name, csv_records(data))


def test_the_undamaged_file_is_accounted_for_row_by_row(tmp_path):
    """The check above, on the real rows before any damage: every one of the file's records is in the warehouse."""
    (tmp_path / NAME).parent.mkdir(parents=True)
    (tmp_path / NAME).write_bytes(STREET)
    records = csv_records(STREET)
    assert records == STREET.count(b"\n") - 1 == 29  # the header and 29 rows, counted two ways
    loads_quarantines_or_refuses(lambda con: ingest_police_uk(con, tmp_path), Path(NAME).name, records)


# --- Home Office and ONS tables ----------------------------------------------------------------------------
HOME_OFFICE = [
    "police-workforce-fte-by-year.csv",
    "population_policeforces.csv",
    "Local_Authority_District_to_Community_Safety_Partnerships_to_Police_Force_Areas__December_2016__"
    "Lookup_in_England_and_Wales.csv",
]


@given(name=st.sampled_from(HOME_OFFICE), seed=st.data())
def test_a_damaged_home_office_table_is_loaded_quarantined_or_refused(tmp_path_factory, name, seed):
    original = b"".join((bundled_data_dir() / "home-office" / name).read_bytes().splitlines(keepends=True)[:40])
    path = tmp_path_factory.mktemp("home-office") / name
    path.write_bytes(seed.draw(damaged(original)))
    loads_quarantines_or_refuses(lambda con: ingest_home_office(con, path), name, one_row_each=False)


# --- force returns -----------------------------------------------------------------------------------------
def _return_files() -> dict[str, bytes]:
    import tempfile

    from openpeel.synth.generate import generate, parse_month, resolve_forces

    with tempfile.TemporaryDirectory() as tmp:
        generate(Path(tmp), resolve_forces("city-of-london"), parse_month("2019-01"), parse_month("2019-01"), seed=3)
        folder = Path(tmp) / "city-of-london"
        return {
            p.name: b"".join(p.read_bytes().splitlines(keepends=True)[:25])
            for p in sorted(folder.glob("*.csv"))
            if p.name in ("contact.csv", "incidents.csv", "workforce.csv")
        }


RETURNS = _return_files()


@given(name=st.sampled_from(sorted(RETURNS)), seed=st.data())
def test_a_damaged_force_return_is_loaded_quarantined_or_refused(tmp_path_factory, name, seed):
    folder = tmp_path_factory.mktemp("return")
    data = seed.draw(damaged(RETURNS[name]))
    (folder / name).write_bytes(data)
    loads_quarantines_or_refuses(
        lambda con: ingest_returns(con, folder, force="city-of-london"), name, csv_records(data)
    )


def test_an_unclosed_quote_quarantines_the_lines_it_swallows_as_one_record(tmp_path):
    """hypothesis's long profile found it (make hardening, 2026-12-07): a quote opened on line 2 and never closed
    takes lines 3 to 5 into the same record. The quarantine keeps that record's whole text, and the report
    counts the four lines it spans as read."""
    data = (
        b"as_at,role,headcount,established_fte,actual_fte,vacancies_fte,sickness_days_lost,average_strength_fte\n"
        b'2019-01-31,police_officer,761,753.83,737.74,"16.09,4964.1,733.72\n'
        b"2019-01-31,police_staff,10,8.91,8.47,0.44,58.4,8.43\n"
        b"2019-01-31,pcso,1,1.35,1.25,0.1,9.2,1.25\n"
        b"2019-01-31,special_constable,1,,,,,\n"
    )
    (tmp_path / "workforce.csv").write_bytes(data)
    loads_quarantines_or_refuses(lambda con: ingest_returns(con, tmp_path, force="city-of-london"), "workforce.csv")
    con = connect(":memory:")
    report = ingest_returns(con, tmp_path, force="city-of-london")
    [(line, raw)] = con.execute("SELECT line, raw FROM quarantine").fetchall()
    assert line == 2 and json.loads(raw).rstrip("\n").split("\n")[1:] == [r.decode() for r in data.splitlines()[2:]]
    assert sum(f.rows_read for f in report.files) == 4


# --- YAML data files: frameworks, indicator catalogue, grade rules, forces ---------------------------------
FRAMEWORK = Path(load_framework_file.__code__.co_filename).parent / "data" / "peel-2023-25.yaml"
YAML_FILES = {
    "framework": (FRAMEWORK, load_framework_file),
    "catalogue": (Path(str(CATALOGUE)), load_catalogue),
    "grade rules": (RULES_FILE, load_grade_rules),
    "forces": (REGISTRY_PATH, load_registry),
}


def loads_or_names_the_file(loader, path: Path) -> None:
    try:
        loader(path)
    except DataFileError as e:
        assert str(path) in str(e) and "\n" not in str(e).strip()
    except OpenPeelError as e:
        assert str(path) in str(e), f"{type(e).__name__} does not name the file: {e}"


@given(kind=st.sampled_from(sorted(YAML_FILES)), seed=st.data())
def test_a_damaged_data_file_loads_or_gives_an_error_naming_the_file(tmp_path_factory, kind, seed):
    original, loader = YAML_FILES[kind]
    path = tmp_path_factory.mktemp("yaml") / Path(original).name
    path.write_bytes(seed.draw(damaged(Path(original).read_bytes(), YAML_NASTY)))
    loads_or_names_the_file(loader, path)


VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8) | st.dates(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


def refused_naming_the_file(loader, path: Path) -> None:
    """A file of the wrong shape never loads: openpeel's own one-line error, naming the file."""
    with pytest.raises(OpenPeelError) as refused:
        loader(path)
    assert str(path) in str(refused.value) and "\n" not in str(refused.value).strip()


@given(kind=st.sampled_from(sorted(YAML_FILES)), value=VALUES)
def test_any_yaml_of_the_wrong_shape_is_refused_with_an_error_naming_the_file(tmp_path_factory, kind, value):
    original, loader = YAML_FILES[kind]
    path = tmp_path_factory.mktemp("yaml") / Path(original).name
    path.write_text(yaml.safe_dump(value))
    refused_naming_the_file(loader, path)


@pytest.mark.parametrize("kind", sorted(YAML_FILES))
@pytest.mark.parametrize("text", ["", "null\n", "[]\n", "{}\n", "grades: {}\n", "forces: []\n"])
def test_an_empty_data_file_is_refused_not_loaded_as_nothing(tmp_path, kind, text):
    original, loader = YAML_FILES[kind]
    path = tmp_path / Path(original).name
    path.write_text(text)
    refused_naming_the_file(loader, path)
