"""`openpeel synth`: synthetic returns that obey their schemas, are reproducible and look like real forces.

Small forces and two months (March-April 2019, across the spring clock change) keep this fast.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import Counter
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from openpeel.cli.synth import app
from openpeel.errors import UnknownForceError
from openpeel.ingest.returns_docs import TABLES, field_names, load_return_schemas
from openpeel.synth.calibration import load_calibration
from openpeel.synth.clock import MonthHours, to_local
from openpeel.synth.generate import SynthError, generate, parse_month, resolve_forces
from openpeel.synth.profile import force_profile

FORCES = ["cumbria", "warwickshire", "gloucestershire"]  # small forces spanning the 999 spread
START, END, SEED = (2019, 3), (2019, 4), 42
PERIOD = (dt.datetime(2019, 3, 1), dt.datetime(2019, 5, 1))
CLOCK_CHANGES = {dt.date(2019, 3, 31)}
SCHEMAS = load_return_schemas()


def run(out: Path, forces: list[str], fmt: str = "csv", seed: int = SEED) -> Path:
    generate(out, resolve_forces(forces), START, END, seed, fmt)
    return out


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    return run(tmp_path_factory.mktemp("synth") / "a", FORCES)


# --- a checker for values against their schema field (the real loader is written elsewhere) ---

DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}")
INTEGER = re.compile(r"-?\d+")


def _parser(field: dict):
    kind = field["type"]
    if kind == "string":
        return str
    if kind == "integer":
        return lambda v: int(v) if INTEGER.fullmatch(v) else _bad(v)
    if kind == "number":
        return float
    if kind == "boolean":
        return lambda v: True if v in field["trueValues"] else False if v in field["falseValues"] else _bad(v)
    if kind == "date":
        return lambda v: dt.date.fromisoformat(v) if DATE.fullmatch(v) else _bad(v)
    return lambda v: dt.datetime.fromisoformat(v) if DATETIME.fullmatch(v) else _bad(v)


def _bad(value):
    raise ValueError(value)


def load(path: Path, table: str) -> dict[str, list]:
    """Read a CSV return, check every value against its field, and return the parsed columns."""
    raw = path.read_bytes()
    assert b"\r" not in raw, "line ends must be LF"
    rows = list(csv.reader(raw.decode("utf-8").split("\n")[:-1]))
    assert raw.endswith(b"\n")
    fields = SCHEMAS[table]["fields"]
    assert rows[0] == field_names(table), f"{path}: header differs from the schema's field order"
    columns = {}
    for i, field in enumerate(fields):
        parse, c = _parser(field), field.get("constraints", {})
        pattern = re.compile(c["pattern"]) if "pattern" in c else None
        values = []
        for line, row in enumerate(rows[1:], 2):
            text = row[i]
            where = f"{path.name} line {line} {field['name']}={text!r}"
            if text == "":
                assert not c.get("required"), f"{where}: required"
                values.append(None)
                continue
            try:
                value = parse(text)
            except ValueError:
                pytest.fail(f"{where}: not a {field['type']}")
            assert "enum" not in c or text in c["enum"], f"{where}: not in enum"
            assert "minimum" not in c or value >= c["minimum"], f"{where}: below minimum"
            assert "maximum" not in c or value <= c["maximum"], f"{where}: above maximum"
            assert pattern is None or pattern.fullmatch(text), f"{where}: does not match pattern"
            values.append(value)
        columns[field["name"]] = values
    for row in rows[1:]:
        assert len(row) == len(fields)
    key = list(zip(*(columns[k] for k in SCHEMAS[table]["primaryKey"]), strict=True))
    assert len(key) == len(set(key)), f"{path}: primary key repeats"
    return columns


@pytest.fixture(scope="module")
def data(out) -> dict[str, dict[str, dict[str, list]]]:
    return {f: {t: load(out / f / f"{t}.csv", t) for t in TABLES} for f in FORCES}


# --- format and integrity ---


def test_every_force_gets_one_file_per_table(out):
    for force in FORCES:
        assert sorted(p.name for p in (out / force).iterdir()) == sorted(
            [*(f"{t}.csv" for t in TABLES), "synthetic.json"]
        )


def test_every_value_obeys_its_schema_and_every_table_has_rows(data):
    for force, tables in data.items():
        for table, columns in tables.items():
            assert len(next(iter(columns.values()))) > 0, f"{force}/{table} is empty"


def test_foreign_keys_hold(data):
    for tables in data.values():
        crimes = set(tables["investigations"]["crime_reference"])
        assert set(tables["supervisory_reviews"]["crime_reference"]) <= crimes
        assert set(tables["victim_contacts"]["crime_reference"]) <= crimes
        calls = set(tables["contact"]["call_id"])
        linked = {c for c in tables["incidents"]["source_call_id"] if c is not None}
        assert linked and linked <= calls


def test_all_timestamps_fall_in_the_requested_months(data):
    start, end = PERIOD
    for tables in data.values():
        for table in TABLES:
            if table == "sex_offenders":
                continue  # a register: registration and due dates are not bounded by the period
            for field in SCHEMAS[table]["fields"]:
                values = [v for v in tables[table][field["name"]] if v is not None]
                if field["type"] == "datetime":
                    assert start <= min(values) and max(values) < end, f"{table}.{field['name']}"
                if field["type"] == "date":
                    assert start.date() <= min(values) and max(values) < end.date(), f"{table}.{field['name']}"
        assert set(tables["sex_offenders"]["as_at"]) == {dt.date(2019, 4, 30)}


def test_no_local_time_in_the_hour_the_clocks_skip():
    hours = MonthHours(2019, 3)
    local = to_local(hours.utc)
    skipped = np.datetime64("2019-03-31T01:00", "s").astype(np.int64)
    assert len(hours.utc) == 31 * 24 - 1 and not np.any((local >= skipped) & (local < skipped + 3600))
    assert len(MonthHours(2019, 10).utc) == 31 * 24 + 1  # 01:00-01:59 on 27 October happens twice


def test_calls_are_consistent(data):
    for tables in data.values():
        c = tables["contact"]
        for received, answered, abandoned, dropped, wait in zip(
            c["received_at"], c["answered_at"], c["abandoned"], c["abandoned_at"], c["seconds_to_answer"], strict=True
        ):
            if abandoned:
                assert answered is None and wait is None and dropped >= received
            else:
                # Local wall-clock times: a call that spans a clock change looks an hour longer or shorter.
                shift = 3600 if received.date() in CLOCK_CHANGES else 0
                assert dropped is None and abs((answered - received).total_seconds() - wait) in {0, shift}


def test_incidents_follow_their_calls_and_arrivals_follow_creation(data):
    for tables in data.values():
        answered = dict(zip(tables["contact"]["call_id"], tables["contact"]["answered_at"], strict=True))
        i = tables["incidents"]
        for call, created, arrived, grade, target in zip(
            i["source_call_id"],
            i["created_at"],
            i["first_arrival_at"],
            i["grade"],
            i["attendance_target_minutes"],
            strict=True,
        ):
            if call is not None:
                assert answered[call] is not None and answered[call] <= created
            assert arrived is None or arrived >= created
            assert (target is None) == (grade == "no_deployment")
            assert grade != "no_deployment" or arrived is None


def test_investigation_sequences_are_ordered(data):
    for tables in data.values():
        inv = tables["investigations"]
        recorded = dict(zip(inv["crime_reference"], inv["recorded_at"], strict=True))
        for table, seq, at in (
            ("supervisory_reviews", "review_seq", "reviewed_at"),
            ("victim_contacts", "contact_seq", "contacted_at"),
        ):
            t = tables[table]
            last: dict[str, tuple] = {}
            for ref, n, when in zip(t["crime_reference"], t[seq], t[at], strict=True):
                assert when >= recorded[ref]
                previous = last.get(ref, (0, recorded[ref]))
                assert n == previous[0] + 1 and when >= previous[1]
                last[ref] = (n, when)
        for outcome, date in zip(inv["outcome_type"], inv["outcome_date"], strict=True):
            assert (outcome is None) == (date is None)


# --- reproducibility ---


def _bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_same_arguments_give_byte_identical_files(out, tmp_path):
    again = run(tmp_path / "b", FORCES)
    for force in FORCES:
        assert _bytes(out / force) == _bytes(again / force)


def test_a_force_does_not_depend_on_the_other_forces_asked_for(out, tmp_path):
    alone = run(tmp_path / "c", ["warwickshire"])
    assert _bytes(alone / "warwickshire") == _bytes(out / "warwickshire")


def test_another_seed_gives_other_data(out, tmp_path):
    other = run(tmp_path / "d", ["warwickshire"], seed=7)
    assert _bytes(other / "warwickshire")["contact.csv"] != _bytes(out / "warwickshire")["contact.csv"]


def test_parquet_has_the_schema_columns_and_the_same_rows_as_csv(out, tmp_path):
    first = run(tmp_path / "p1", ["warwickshire"], fmt="parquet")
    second = run(tmp_path / "p2", ["warwickshire"], fmt="parquet")
    assert _bytes(first / "warwickshire") == _bytes(second / "warwickshire")
    for table in TABLES:
        parquet = pq.read_table(first / "warwickshire" / f"{table}.parquet")
        assert parquet.column_names == field_names(table)
        csv_rows = (out / "warwickshire" / f"{table}.csv").read_bytes().count(b"\n") - 1
        assert parquet.num_rows == csv_rows
    calls = pq.read_table(first / "warwickshire" / "contact.parquet")
    received = calls.schema.field("received_at").type
    assert pa.types.is_timestamp(received) and received.tz is None  # local wall-clock time, no zone
    assert str(calls.schema.field("abandoned").type) == "bool"


# --- calibration visible in the output ---


def test_999_answered_within_10_seconds_is_near_the_national_figure(data):
    answered = [
        w
        for t in data.values()
        for ch, w in zip(t["contact"]["channel"], t["contact"]["seconds_to_answer"], strict=True)
        if ch == "999" and w is not None
    ]
    share = sum(w < 10 for w in answered) / len(answered)
    assert 0.60 <= share <= 0.82, share
    assert max(answered) > 300, "the answer delay should have a heavy tail"


def test_force_characters_reproduce_the_published_spread():
    cal = load_calibration()
    forces = resolve_forces("all")
    profiles = [force_profile(SEED, cal, f.id) for f in forces]
    answer = np.array([p.answer_999_within_10s for p in profiles])
    abandon = np.array([p.abandon_101 for p in profiles])
    assert len(profiles) == 43
    assert answer.mean() == pytest.approx(0.71, abs=1e-6)
    assert (answer >= 0.90).sum() == 1, "one force meets the 90% standard"
    assert abandon.max() == pytest.approx(1 / 3, abs=0.01), "the worst force loses one 101 call in three"
    assert answer.std() > 0.05 and abandon.std() > 0.03


def test_101_abandonment_is_plausible_and_differs_by_force(data):
    rates = []
    for t in data.values():
        flags = [a for ch, a in zip(t["contact"]["channel"], t["contact"]["abandoned"], strict=True) if ch == "101"]
        rates.append(sum(flags) / len(flags))
    assert all(0 < r < 0.4 for r in rates) and max(rates) - min(rates) > 0.02, rates


def test_priority_incidents_are_mostly_attended_within_an_hour(data):
    minutes = [
        (arrived - created).total_seconds() / 60
        for t in data.values()
        for grade, created, arrived in zip(
            t["incidents"]["grade"], t["incidents"]["created_at"], t["incidents"]["first_arrival_at"], strict=True
        )
        if grade == "priority" and arrived is not None
    ]
    within = sum(m <= 60 for m in minutes) / len(minutes)
    assert 0.5 < within < 0.95, within


def test_emergency_targets_are_the_forces_own_urban_and_rural_ones(data):
    for force, t in data.items():
        urban, rural = force_profile(SEED, load_calibration(), force).emergency_target
        seen = Counter(
            (area, target)
            for grade, area, target in zip(
                t["incidents"]["grade"],
                t["incidents"]["urban_rural"],
                t["incidents"]["attendance_target_minutes"],
                strict=True,
            )
            if grade == "emergency"
        )
        assert set(seen) == {("urban", urban), ("rural", rural)}


def test_some_but_not_most_investigations_lack_a_timely_review(data):
    late = total = 0
    for t in data.values():
        inv, rev = t["investigations"], t["supervisory_reviews"]
        first: dict[str, dt.datetime] = {}
        for ref, when in zip(rev["crime_reference"], rev["reviewed_at"], strict=True):
            first.setdefault(ref, when)
        due_by = PERIOD[1]
        for ref, recorded, days in zip(
            inv["crime_reference"], inv["recorded_at"], inv["review_interval_days"], strict=True
        ):
            due = recorded + dt.timedelta(days=days)
            if due >= due_by:
                continue  # not yet due when the return was extracted
            total += 1
            late += first.get(ref, due_by) > due
    assert 0.02 < late / total < 0.5, (late, total)


def test_some_registered_sex_offender_tasks_are_overdue(data):
    for t in data.values():
        rso = t["sex_offenders"]
        overdue = sum(
            due <= as_at and done is None
            for due, done, as_at in zip(rso["visit_due"], rso["visit_done"], rso["as_at"], strict=True)
        )
        assert 0 < overdue < len(rso["visit_due"]) / 2


def test_a_larger_force_gets_more_calls(data):
    # Same recorded-crime rate per resident (57 per 1,000), 597k vs 500k residents.
    assert len(data["gloucestershire"]["contact"]["call_id"]) > 1.1 * len(data["cumbria"]["contact"]["call_id"])


def test_calls_follow_the_time_of_day(data):
    hours = Counter(r.hour for t in data.values() for r in t["contact"]["received_at"])
    assert sum(hours[h] for h in (3, 4, 5)) * 2 < sum(hours[h] for h in (17, 18, 19))


# --- the command ---


def test_run_command_writes_the_returns(tmp_path):
    args = ["run", str(tmp_path), "--forces", "City of London", "--from", "2019-01", "--to", "2019-01"]
    result = CliRunner().invoke(app, [*args, "--seed", "3", "--format", "parquet"])
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (tmp_path / "city-of-london").iterdir())
    assert written == sorted([*(f"{t}.parquet" for t in TABLES), "synthetic.json"])
    assert "rows/s" in result.output


@pytest.mark.parametrize(
    "args, error",
    [
        (["--forces", "Cambridgshire"], UnknownForceError),
        (["--forces", "btp"], SynthError),
        (["--forces", "norfolk", "--from", "2019-13"], SynthError),
        (["--forces", "norfolk", "--to", "2018-12"], SynthError),
        (["--forces", "norfolk", "--format", "xlsx"], SynthError),
    ],
)
def test_run_command_refuses_bad_arguments(tmp_path, args, error):
    base = {"--from": "2019-01", "--to": "2019-01"}
    for flag, value in zip(args[::2], args[1::2], strict=True):
        base[flag] = value
    result = CliRunner().invoke(app, ["run", str(tmp_path), *[x for kv in base.items() for x in kv]])
    assert isinstance(result.exception, error), result.output
    assert not any(tmp_path.iterdir()), "nothing is written when the arguments are wrong"


def test_parse_month():
    assert parse_month("2019-01") == (2019, 1)
    with pytest.raises(SynthError):
        parse_month("2019-1")
