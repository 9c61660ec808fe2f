"""The published PEEL record: its file format (CSV and YAML), the rules every fact is checked against, the
import into the warehouse (all or nothing, idempotent), the readers and the `record` commands."""

from __future__ import annotations

import csv
import hashlib
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import openpeel.cli
from openpeel.errors import RecordFileError
from openpeel.forces import all_forces, get_force
from openpeel.record import COLUMNS, bundled_record_path, cycle_grades, force_history, import_record, load_record
from openpeel.record.data.build_peel_record import COLLECTION, FORCE_NAMES, build
from openpeel.warehouse import connect

runner = CliRunner()
BUNDLED = bundled_record_path()
AREA_COLUMNS = [
    "police_powers", "preventing_crime", "responding", "investigating",
    "protecting_vulnerable", "managing_offenders", "positive_workplace", "leadership",
]  # fmt: skip
TABLES = ("record_report", "record_grade", "record_cause")


def bundled_rows() -> list[dict]:
    with BUNDLED.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def collection(name: str) -> list[dict]:
    with (COLLECTION / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def counts(con) -> dict[str, int]:
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


@pytest.fixture
def con(tmp_path):
    con = connect(tmp_path / "warehouse.duckdb")
    yield con
    con.close()


def write_csv(path: Path, rows: list[dict]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows({c: r.get(c, "") for c in COLUMNS} for r in rows)
    return path


# --- the bundled record --------------------------------------------------------------------------------------


def test_the_bundled_record_holds_every_sourced_grade_of_the_collection_and_no_other():
    # Counted independently, from the collection's own files with the csv module.
    eight = sum(1 for row in collection("peel-2023-25-grades.csv") for c in AREA_COLUMNS if row[c].strip())
    ninth = sum(1 for row in collection("peel-2023-25-extras.csv") if row["item"] == "recording_data grade")
    cambridgeshire_2018_19 = [r for r in bundled_rows() if r["cycle"] == "peel-2018-19" and r["fact"] == "grade"]
    record = load_record(BUNDLED)
    grades_2023_25 = [g for r in record.reports if r.framework_id == "peel-2023-25" for g in r.grades]
    assert len(grades_2023_25) == eight + ninth
    assert record.counts()["grades"] == eight + ninth + len(cambridgeshire_2018_19)
    assert all(g.sources for r in record.reports for g in r.grades)


def test_the_bundled_file_is_what_the_build_script_makes_from_the_collection():
    made = [{c: row.get(c, "") for c in COLUMNS} for row in build(COLLECTION)]
    assert made == bundled_rows()


def test_each_bundled_grade_is_the_collections_grade_with_its_sources():
    by_force = {get_force(FORCE_NAMES.get(r["force"], r["force"])).id: r for r in collection("peel-2023-25-grades.csv")}
    record = load_record(BUNDLED)
    for report in record.reports:
        if report.framework_id != "peel-2023-25":
            continue
        row = by_force[report.force_id]
        for g in report.grades:
            if g.area_id == "recording-data":
                continue
            column = AREA_COLUMNS[[a.replace("_", "-") for a in AREA_COLUMNS].index(g.area_id)]
            assert get_label(g.grade_now) == row[column], (report.force_id, g.area_id)
            assert set(g.sources) <= set(row["source_url"].split()), (report.force_id, g.area_id)


def get_label(grade_id: str) -> str:
    return grade_id.lower().replace("_", " ")


def test_northamptonshires_amended_grade_is_held_with_its_date_beside_the_first(con):
    import_record(BUNDLED, con)
    report = next(r for r in force_history(con, "Northamptonshire") if r.framework_id == "peel-2023-25")
    responding = next(g for g in report.grades if g.area_id == "responding")
    assert (responding.first_published, responding.grade) == ("adequate", "requires improvement")
    assert responding.amended_on == "2024-08-08" and responding.amendment_sources
    assert [g.area_id for g in report.grades if g.amended] == ["responding"]


def test_recording_data_grades_and_causes_of_concern_come_from_the_extras_file(con):
    extras = collection("peel-2023-25-extras.csv")
    import_record(BUNDLED, con)
    stored = con.execute("SELECT count(*) FROM record_grade WHERE area_id = 'recording-data'").fetchone()[0]
    assert stored == sum(e["item"] == "recording_data grade" for e in extras)
    gwent = next(r for r in force_history(con, "Gwent") if r.framework_id == "peel-2023-25")
    assert {g.area_id: g.grade for g in gwent.grades}["recording-data"] == "outstanding"
    # Every cause the extras name, plus Cambridgeshire's (sourced in the bundled file's own rows).
    causes = sum(e["item"] == "cause_of_concern" for e in extras)
    cambridgeshire = [r for r in bundled_rows() if r["fact"] == "cause" and r["force"].startswith("Cambridgeshire")]
    assert counts(con)["record_cause"] == causes + len(cambridgeshire) == causes + 1


def test_cambridgeshires_history_has_2018_19_and_2023_25_in_cycle_order(con):
    import_record(BUNDLED, con)
    history = force_history(con, "Cambridgeshire Constabulary")
    assert [r.framework_id for r in history] == ["peel-2018-19", "peel-2023-25"]
    assert {g.area_id: g.grade for g in history[0].grades} == {
        "effectiveness": "good", "efficiency": "good", "legitimacy": "good"
    }  # fmt: skip
    assert history[1].published == "2024-03-12"
    assert [c.area_id for c in history[1].causes] == ["managing-offenders"]


def test_every_forces_grades_for_a_cycle_say_how_many_of_the_43_are_loaded(con):
    import_record(BUNDLED, con)
    graded = {get_force(r["force"]).id for r in bundled_rows() if r["fact"] == "grade" and r["cycle"] == "peel-2023-25"}
    cycle = cycle_grades(con, "peel-2023-25")
    territorial = len(all_forces(territorial_only=True))
    assert (cycle.loaded, cycle.of) == (len(graded), territorial)
    assert cycle.caption() == f"grades loaded for {len(graded)} of {territorial} forces"
    # A force with nothing loaded is shown as such, never as a grade.
    dyfed = next(f for f in cycle.forces if f.force_id == "dyfed-powys")
    assert dyfed.report is None and not dyfed.loaded
    dorset = next(f for f in cycle.forces if f.force_id == "dorset")
    assert dorset.report is not None and not dorset.loaded and dorset.report.published == "2025-04-10"


def test_a_cycle_with_nothing_loaded_counts_none_of_43(con):
    cycle = cycle_grades(con, "peel-2025-27")
    assert cycle.caption() == "grades loaded for 0 of 43 forces"


# --- importing: all or nothing, idempotent ------------------------------------------------------------------


def test_importing_the_same_file_again_changes_nothing(con):
    first = import_record(BUNDLED, con)
    before = counts(con)
    stamps = con.execute("SELECT max(imported_at) FROM record_grade").fetchone()
    again = import_record(BUNDLED, con)
    assert first.changed and not again.changed
    assert counts(con) == before
    assert con.execute("SELECT max(imported_at) FROM record_grade").fetchone() == stamps
    rows = bundled_rows()
    assert before == {
        "record_report": sum(r["fact"] == "report" for r in rows),
        "record_grade": sum(r["fact"] == "grade" for r in rows),
        "record_cause": sum(r["fact"] == "cause" for r in rows),
    }


def test_a_corrected_file_replaces_that_reports_facts_and_leaves_the_others(con, tmp_path):
    import_record(BUNDLED, con)
    before = counts(con)
    rows = [r for r in bundled_rows() if r["force"] == "Kent Police"]
    rows.append({"force": "Kent Police", "cycle": "peel-2023-25", "fact": "grade", "area": "investigating",
                 "grade": "good", "source_url": "https://example.org/a-made-up-test-source"})  # fmt: skip
    import_record(write_csv(tmp_path / "kent.csv", rows), con)
    assert counts(con) == {**before, "record_grade": before["record_grade"] + 1}
    import_record(write_csv(tmp_path / "kent.csv", rows[:-1]), con)
    assert counts(con) == before


def test_a_failed_import_changes_nothing(con, tmp_path):
    import_record(BUNDLED, con)
    before = counts(con)
    rows = [r for r in bundled_rows() if r["force"] == "Kent Police"]  # valid rows first, then a bad one
    rows.append({"force": "Kent Police", "cycle": "peel-2023-25", "fact": "grade", "area": "investigating",
                 "grade": "excellent", "source_url": "https://example.org/a-made-up-test-source"})  # fmt: skip
    with pytest.raises(RecordFileError):
        import_record(write_csv(tmp_path / "bad.csv", rows), con)
    assert counts(con) == before


# --- every rule names file, line, column and value ----------------------------------------------------------

REPORT = {"force": "Kent", "cycle": "peel-2023-25", "fact": "report", "source_url": "https://example.org/report"}


def grade(**cells) -> dict:
    return {"force": "Kent", "cycle": "peel-2023-25", "fact": "grade", "area": "investigating", "grade": "good",
            "source_url": "https://example.org/grade", **cells}  # fmt: skip


@pytest.mark.parametrize(
    ("bad", "column", "value", "rule"),
    [
        (grade(force="Kent Constabulary Police Force"), "force", "Kent Constabulary Police Force", "unknown force"),
        (grade(area="crime-prevention"), "area", "crime-prevention", "unknown area"),
        (grade(grade="requires improvements"), "grade", "requires improvements", "not a grade on the scale"),
        (grade(cycle="peel-2018-19", grade="adequate", area="effectiveness"), "grade", "adequate",
         "not a grade on the scale of peel-2018-19"),
        (grade(area="crime-recording"), "area", "crime-recording", "is an area of peel-2021-22, not of peel-2023-25"),
        (grade(source_url=""), "source_url", None, "missing source link"),
        (grade(source_url="www.example.org/no-scheme"), "source_url", "www.example.org/no-scheme", "web address"),
        (grade(area="victim-service"), "area", "victim-service", "not graded in peel-2023-25"),
        (grade(cycle="peel-2099"), "cycle", "peel-2099", "unknown cycle"),
        (grade(amended_grade="inadequate", amended_on="2024-13-01",
               amendment_source_url="https://example.org/amended"), "amended_on", "2024-13-01", "not a real date"),
        ({**REPORT, "published": "12 March 2024"}, "published", "12 March 2024", "YYYY-MM-DD"),
        ({"force": "Kent", "cycle": "peel-2023-25", "fact": "cause", "cause": "Calls", "status": "shut",
          "source_url": "https://example.org/cause"}, "status", "shut", "open, closed, not known"),
        (grade(published="2024"), "published", "2024", "does not apply to a grade row"),
    ],
)  # fmt: skip
def test_every_broken_rule_in_a_csv_names_the_file_line_column_value_and_rule(tmp_path, bad, column, value, rule):
    rows = [bad] if bad["fact"] == "report" else [REPORT, {**REPORT, "cycle": "peel-2018-19"}, bad]
    path = write_csv(tmp_path / "record.csv", rows)
    line = 1 + len(rows)  # the header is line 1 and the bad row comes last
    with pytest.raises(RecordFileError) as caught:
        load_record(path)
    err, message = caught.value, str(caught.value)
    assert (err.line, err.column, err.value) == (line, column, value)
    assert message.startswith(f"{path}, line {line}, column {column!r}")
    if value is not None:
        assert f"value {value!r}" in message
    assert rule in message


def test_an_area_of_another_cycle_names_the_cycle_it_belongs_to(tmp_path):
    rows = [{**REPORT, "cycle": "peel-2025-27"}, grade(cycle="peel-2025-27", area="recording-data")]
    with pytest.raises(RecordFileError, match="is an area of peel-2023-25, not of peel-2025-27") as caught:
        load_record(write_csv(tmp_path / "record.csv", rows))
    assert (caught.value.line, caught.value.column, caught.value.value) == (3, "area", "recording-data")


def test_a_grade_without_its_report_row_and_a_second_grade_for_one_area_are_refused(tmp_path):
    with pytest.raises(RecordFileError, match="no report row for kent in peel-2023-25") as caught:
        load_record(write_csv(tmp_path / "a.csv", [grade()]))
    assert (caught.value.line, caught.value.column) == (2, "cycle")
    with pytest.raises(RecordFileError, match="a second grade for this area") as caught:
        load_record(write_csv(tmp_path / "b.csv", [REPORT, grade(), grade(grade="adequate")]))
    assert (caught.value.line, caught.value.column, caught.value.value) == (4, "area", "investigating")


def test_a_header_that_is_not_version_1_names_the_column(tmp_path):
    path = tmp_path / "record.csv"
    path.write_text(",".join(COLUMNS).replace(",source_url,", ",source,") + "\n")
    with pytest.raises(RecordFileError, match="is not a column of openpeel-record/1") as caught:
        load_record(path)
    assert (caught.value.line, caught.value.column, caught.value.value) == (1, "source", "source")


YAML = """\
format: openpeel-record/1
reports:
  - force: Cambridgeshire
    cycle: peel-2023-25
    published: 2024-03-12
    source_url:
      - https://example.org/one
      - https://example.org/two
    grades:
      - area: police-powers
        grade: outstanding
        source_url: https://example.org/one
      - area: responding
        grade: adequate
        amended_grade: inadequate
        amended_on: 2024-08-08
        amendment_source_url: https://example.org/three
        source_url: https://example.org/one
    causes:
      - area: managing-offenders
        cause: Registered sex offenders
        status: open
        source_url: https://example.org/two
"""


def test_the_yaml_layout_holds_the_same_facts_as_the_csv(tmp_path):
    path = tmp_path / "record.yaml"
    path.write_text(YAML)
    (report,) = load_record(path).reports
    assert (report.force_id, report.framework_id, report.published) == ("cambridgeshire", "peel-2023-25", "2024-03-12")
    assert report.sources == ("https://example.org/one", "https://example.org/two")
    assert [(g.area_id, g.grade_id, g.grade_now) for g in report.grades] == [
        ("police-powers", "OUTSTANDING", "OUTSTANDING"), ("responding", "ADEQUATE", "INADEQUATE")
    ]  # fmt: skip
    assert report.grades[1].amendment.on == "2024-08-08"
    assert [(c.area_id, c.status) for c in report.causes] == [("managing-offenders", "open")]


@pytest.mark.parametrize(
    ("old", "new", "line", "column", "value", "rule"),
    [
        ("grade: outstanding", "grade: excellent", 11, "grade", "excellent", "not a grade on the scale"),
        ("force: Cambridgeshire", "force: Cambridge United", 3, "force", "Cambridge United", "unknown force"),
        ("area: responding", "area: crime-recording", 13, "area", "crime-recording", "an area of peel-2021-22"),
        ("        source_url: https://example.org/one\n      - area: responding",
         "        note: no source\n      - area: responding", 10, "source_url", None, "missing source link"),
        ("grade: outstanding", "colour: outstanding", 11, "colour", "colour", "is not a field of a grade"),
    ],
)  # fmt: skip
def test_every_broken_rule_in_yaml_names_the_file_line_column_value_and_rule(
    tmp_path, old, new, line, column, value, rule
):
    path = tmp_path / "record.yaml"
    assert old in YAML
    path.write_text(YAML.replace(old, new, 1))
    with pytest.raises(RecordFileError) as caught:
        load_record(path)
    err = caught.value
    assert (err.line, err.column, err.value) == (line, column, value)
    assert str(err).startswith(f"{path}, line {line}, column {column!r}") and rule in str(err)


# --- the commands --------------------------------------------------------------------------------------------


def test_record_show_cambridgeshire_prints_its_2023_25_grades_with_their_sources(tmp_path):
    warehouse = str(tmp_path / "w.duckdb")
    imported = runner.invoke(openpeel.cli.app, ["record", "import", str(BUNDLED), "--warehouse", warehouse])
    assert imported.exit_code == 0, imported.output
    shown = runner.invoke(openpeel.cli.app, ["record", "show", "cambridgeshire", "--warehouse", warehouse])
    assert shown.exit_code == 0, shown.output
    out = shown.output
    mine = [r for r in bundled_rows() if r["force"] == "Cambridgeshire Constabulary" and r["fact"] == "grade"]
    assert len(mine) == 8 + 3
    for row in mine:
        for url in row["source_url"].split():
            assert url in out
    assert "Police powers and public treatment: outstanding" in out
    assert "Responding to the public: inadequate" in out
    assert "Published: 2024-03-12" in out
    assert out.index("peel-2018-19") < out.index("peel-2023-25")


def test_record_list_shows_a_cycle_with_the_forces_not_loaded(tmp_path):
    warehouse = str(tmp_path / "w.duckdb")
    runner.invoke(openpeel.cli.app, ["record", "import", "--warehouse", warehouse])
    listed = runner.invoke(
        openpeel.cli.app, ["record", "list", "--cycle", "peel-2023-25", "--warehouse", warehouse],
        env={"COLUMNS": "400"},
    )  # fmt: skip
    assert listed.exit_code == 0, listed.output
    with connect(warehouse, read_only=True) as con:
        caption = cycle_grades(con, "peel-2023-25").caption()
    assert "grades loaded for" in caption and caption.rsplit("grades loaded for", 1)[1] in listed.output
    assert "not loaded" in listed.output, listed.output


def test_a_bad_file_is_one_line_on_stderr_and_exit_1(tmp_path, monkeypatch, capsys):
    path = write_csv(tmp_path / "bad.csv", [REPORT, grade(area="crime-prevention")])
    warehouse = tmp_path / "w.duckdb"
    monkeypatch.setattr(sys, "argv", ["openpeel", "record", "import", str(path), "--warehouse", str(warehouse)])
    with pytest.raises(SystemExit) as caught:
        openpeel.cli.main()
    assert caught.value.code == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.startswith("error:")
    # One message (the terminal may wrap it): compared without the white space a wrap adds.
    expected = f"{path}, line 3, column 'area', value 'crime-prevention': unknown area"
    assert "".join(expected.split()) in "".join(err.split())


def test_the_attribution_gives_the_sha256_of_each_copied_collection_file():
    attribution = (BUNDLED.parent / "ATTRIBUTION.md").read_text()
    for name in ("peel-2023-25-grades.csv", "peel-2023-25-extras.csv"):
        digest = hashlib.sha256((COLLECTION / name).read_bytes()).hexdigest()
        assert f"`{name}`, sha256 `{digest}`" in attribution


def test_the_yaml_example_in_the_docs_loads(tmp_path):
    docs = (Path(__file__).parents[2] / "docs" / "record.md").read_text()
    example = docs.split("```yaml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "example.yaml"
    path.write_text(example)
    (report,) = load_record(path).reports
    assert (report.force_id, [g.area_id for g in report.grades], len(report.causes)) == (
        "cambridgeshire", ["police-powers"], 1
    )  # fmt: skip


@pytest.mark.parametrize(
    ("text", "line", "column", "rule"),
    [
        ("format: openpeel-record/2\nreports: []\n", 1, "format", "a record file starts with"),
        ("format: openpeel-record/1\nreports:\n  - force: [Kent\n", 4, None, "is not valid YAML"),
    ],
)
def test_a_yaml_file_of_another_version_or_broken_syntax_names_the_line(tmp_path, text, line, column, rule):
    path = tmp_path / "record.yaml"
    path.write_text(text)
    with pytest.raises(RecordFileError, match=rule) as caught:
        load_record(path)
    assert (caught.value.line, caught.value.column) == (line, column)


def test_a_csv_row_with_too_many_cells_names_its_line(tmp_path):
    path = write_csv(tmp_path / "record.csv", [REPORT])
    path.write_text(path.read_text() + "Kent,peel-2023-25,report,,,,,,,,,,,,https://example.org/x,,extra\n")
    with pytest.raises(RecordFileError, match="has 17 cells; the header has 16") as caught:
        load_record(path)
    assert caught.value.line == 3
