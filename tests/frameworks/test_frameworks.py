"""The bundled PEEL framework files, their loader, grade comparison rules and the `frameworks` CLI."""

from __future__ import annotations

import copy
import hashlib
import sys

import pytest
import yaml
from typer.testing import CliRunner

import openpeel.cli
from openpeel.errors import DataFileError, IncomparableGradesError, UnknownFrameworkError
from openpeel.frameworks import (
    DATA_DIR,
    FrameworkLookupError,
    all_frameworks,
    compare_grades,
    current_framework,
    known_framework_ids,
    load_framework,
    load_framework_file,
    newest_first,
)
from openpeel.frameworks.loader import the_current

FIVE = ["OUTSTANDING", "GOOD", "ADEQUATE", "REQUIRES_IMPROVEMENT", "INADEQUATE"]
BUNDLED = ["peel-2018-19", "peel-2021-22", "peel-2023-25", "peel-2025-27"]


# --- the bundled files ---------------------------------------------------------------------------------


def test_the_four_cycles_are_bundled_in_chronological_order():
    assert sorted(known_framework_ids()) == BUNDLED
    assert [f.id for f in all_frameworks()] == BUNDLED


@pytest.mark.parametrize("framework_id", BUNDLED)
def test_every_bundled_file_loads_and_validates(framework_id):
    fw = load_framework(framework_id)
    path = DATA_DIR / f"{framework_id}.yaml"
    assert fw.id == path.stem and fw.family == "peel"
    assert fw.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert fw.sources and all(s.url.startswith("https://") for s in fw.sources)
    assert [g.order for g in fw.grades()] == list(range(1, len(fw.scale) + 1))
    # Every node can be found by id, and only top-level areas have no parent.
    for node, parent in fw.walk():
        assert fw.node(node.id) is node
        assert (parent is None) == (node in fw.areas)


def test_load_framework_is_cached():
    assert load_framework("peel-2023-25") is load_framework("peel-2023-25")


def test_2023_25_has_eight_graded_areas_and_the_victim_service_ungraded():
    fw = load_framework("peel-2023-25")
    assert len(fw.graded_areas()) == 8
    assert [a.id for a in fw.ungraded_areas()] == ["victim-service"]
    assert fw.summary() == (
        "8 graded areas, 1 ungraded area; 1 area graded only where a report graded it (recording data about crime)"
    )
    titles = {a.title for a in fw.graded_areas()}
    assert {"Responding to the public", "Leadership and force management"} <= titles
    assert [g.id for g in fw.grades()] == FIVE
    assert [g.order for g in fw.grades()] == [1, 2, 3, 4, 5]
    for area in fw.areas:
        assert (3 if area.optional else 4) <= len(area.characteristics) <= 8, area.id
        assert all(not c.graded for c in area.characteristics)


def test_2023_25_puts_the_service_for_victims_first_as_its_framework_does():
    # PAF 2023-2025 asks "How good is the force's service for victims of crime?" before the graded areas.
    assert load_framework("peel-2023-25").areas[0].id == "victim-service"


def test_2023_25_allows_a_ninth_graded_area_recording_data_where_a_report_graded_it():
    fw = load_framework("peel-2023-25")
    recording = fw.node("recording-data")
    assert recording.graded and recording.optional and not recording.grade_required
    assert fw.optional_areas() == (recording,)
    assert recording not in fw.graded_areas()
    assert fw.judgment_sentence("recording-data", "Gwent Police", "OUTSTANDING") == (
        "Gwent Police is outstanding at recording data about crime."
    )


def test_an_ungraded_area_cannot_be_optional(tmp_path):
    data = _bundled("peel-2023-25")
    data["areas"][0]["optional"] = True  # the victim service, which is never graded
    with pytest.raises(DataFileError, match="only a graded area can be optional") as caught:
        load_framework_file(_write(tmp_path, data))
    assert caught.value.field == "areas[0].optional"


def test_2025_27_is_the_one_current_cycle_and_asks_about_leadership_first():
    fw = load_framework("peel-2025-27")
    assert [f.id for f in all_frameworks() if f.current] == ["peel-2025-27"] == [current_framework().id]
    assert str(fw.published) == "2025-04-11"
    assert fw.areas[0].question == "How good is the force at leadership and force management?"
    assert len(fw.areas[0].characteristics) == 3
    assert [g.id for g in fw.grades()] == FIVE
    # What could not be read is said plainly, area by area.
    assert all("not verified" in a.notes for a in fw.areas[1:])


def test_a_new_inspection_is_offered_the_current_cycle_first():
    assert [f.id for f in newest_first(all_frameworks())] == [
        "peel-2025-27", "peel-2023-25", "peel-2021-22", "peel-2018-19"
    ]  # fmt: skip


@pytest.mark.parametrize("marked", [[], ["peel-2023-25", "peel-2025-27"]])
def test_anything_but_exactly_one_current_framework_is_a_data_error(tmp_path, marked):
    frameworks = []
    for framework_id in ("peel-2023-25", "peel-2025-27"):
        data = _bundled(framework_id)
        data["current"] = framework_id in marked
        folder = tmp_path / framework_id
        folder.mkdir()
        frameworks.append(load_framework_file(_write(folder, data)))
    with pytest.raises(DataFileError, match="exactly one framework must be marked 'current: true'"):
        the_current(frameworks)


def test_2023_25_measurable_characteristics_carry_a_structured_standard():
    fw = load_framework("peel-2023-25")
    answered = fw.node("responding.999-answered").standard
    assert (answered.target, answered.time_limit_seconds, answered.unit) == (0.9, 10, "proportion")
    assert answered.source == "National Contact Management Strategy"
    assert fw.node("responding.101-abandonment").standard.better == "lower"
    assert fw.node("responding.attendance").standard.time_limit_seconds == 3600
    recording = fw.node("victim-service.crime-recording")
    assert fw.parent(recording.id).id == "victim-service"
    assert recording.standard.unit == "proportion"


def test_2021_22_has_eleven_areas_ten_graded_and_five_grades():
    fw = load_framework("peel-2021-22")
    assert (len(fw.areas), len(fw.graded_areas())) == (11, 10)
    assert [g.id for g in fw.grades()] == FIVE
    assert all(a.kind == "area" for a in fw.areas)


def test_2018_19_has_pillars_with_ten_questions_one_ungraded_and_four_grades():
    fw = load_framework("peel-2018-19")
    assert [a.id for a in fw.areas] == ["effectiveness", "efficiency", "legitimacy"]
    assert all(a.kind == "pillar" and a.graded for a in fw.areas)
    assert [len(a.questions) for a in fw.areas] == [5, 2, 3]
    assert [q.id for a in fw.areas for q in a.questions if not q.graded] == ["effectiveness.q5"]
    assert [g.id for g in fw.grades()] == ["OUTSTANDING", "GOOD", "REQUIRES_IMPROVEMENT", "INADEQUATE"]
    pillar_question = "How effectively does the force reduce crime and keep people safe?"
    assert fw.node("effectiveness").question == pillar_question
    assert fw.summary() == "3 graded pillars; 9 graded questions, 1 ungraded question"


# --- judgment sentences ---------------------------------------------------------------------------------


def test_2018_19_effectiveness_judgment_sentence():
    fw = load_framework("peel-2018-19")
    assert (
        fw.judgment_sentence("effectiveness", "Cambridgeshire Constabulary", "GOOD")
        == "Cambridgeshire Constabulary is good at reducing crime and keeping people safe."
    )
    assert (
        fw.judgment_sentence("effectiveness", "Cambridgeshire Constabulary", "requires improvement")
        == "Cambridgeshire Constabulary requires improvement in reducing crime and keeping people safe."
    )


@pytest.mark.parametrize("framework_id", BUNDLED)
def test_every_grade_reads_correctly_for_every_graded_node(framework_id):
    fw = load_framework(framework_id)
    for node, _ in fw.walk():
        if not node.graded:
            continue
        for grade in fw.grades():
            sentence = fw.judgment_sentence(node.id, "Kent Police", grade)
            assert sentence.startswith("Kent Police ") and sentence.endswith(f"{node.judgment_phrase}.")
            assert grade.label in sentence and "is requires" not in sentence and "{" not in sentence


def test_ungraded_or_unknown_nodes_and_unknown_grades_are_refused_plainly():
    fw = load_framework("peel-2023-25")
    with pytest.raises(FrameworkLookupError, match="not graded"):
        fw.judgment_sentence("victim-service", "Kent Police", "GOOD")
    with pytest.raises(FrameworkLookupError, match="Did you mean: responding"):
        fw.node("respondin")
    with pytest.raises(FrameworkLookupError, match="adequate"):
        fw.grade("EXCELLENT")


def test_grade_lookup_accepts_id_or_label_in_any_case():
    fw = load_framework("peel-2023-25")
    ri = fw.grade("REQUIRES_IMPROVEMENT")
    assert fw.grade("requires improvement") == ri == fw.grade("Requires-Improvement")
    assert fw.grade("good").framework_id == "peel-2023-25"


# --- comparing grades -----------------------------------------------------------------------------------


def test_grades_within_one_framework_compare_by_order():
    fw = load_framework("peel-2023-25")
    good, adequate = fw.grade("GOOD"), fw.grade("ADEQUATE")
    assert compare_grades(good, adequate) == 1
    assert compare_grades(adequate, good) == -1
    assert compare_grades(good, fw.grade("good")) == 0
    assert good > adequate and adequate < good and good >= good and adequate <= good
    assert max(fw.grades()).id == "OUTSTANDING"
    assert sorted(fw.grades())[0].id == "INADEQUATE"


def test_grades_from_different_framework_versions_cannot_be_compared():
    good_2018 = load_framework("peel-2018-19").grade("GOOD")
    adequate_2023 = load_framework("peel-2023-25").grade("ADEQUATE")
    with pytest.raises(IncomparableGradesError) as caught:
        compare_grades(good_2018, adequate_2023)
    message = str(caught.value)
    assert "peel-2018-19" in message and "peel-2023-25" in message
    assert "questions" in message and "focus" in message and "grade scale" in message
    with pytest.raises(IncomparableGradesError):
        assert good_2018 > adequate_2023
    with pytest.raises(IncomparableGradesError):
        load_framework("peel-2023-25").judgment_sentence("investigating", "Kent Police", good_2018)
    # Equality never raises: grades of different cycles are simply different values.
    assert load_framework("peel-2021-22").grade("GOOD") != load_framework("peel-2023-25").grade("GOOD")


def test_unknown_framework_id_lists_the_known_ids():
    with pytest.raises(UnknownFrameworkError) as caught:
        load_framework("peel-2099")
    assert all(i in str(caught.value) for i in BUNDLED)


# --- malformed files ------------------------------------------------------------------------------------


def _bundled_data() -> dict:
    return yaml.safe_load((DATA_DIR / "peel-2023-25.yaml").read_text())


def _bundled(framework_id: str) -> dict:
    return yaml.safe_load((DATA_DIR / f"{framework_id}.yaml").read_text())


def _write(folder, data: dict):
    path = folder / f"{data['id']}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def _missing_field(d):
    del d["areas"][5]["graded"]


def _wrong_type(d):
    d["areas"][5]["graded"] = "sometimes"


def _duplicate_id(d):
    d["areas"][4]["characteristics"][0]["id"] = d["areas"][2]["characteristics"][0]["id"]


def _unknown_key(d):
    d["areas"][3]["colour"] = "blue"


def _no_grades(d):
    d["scale"] = []


def _ungraded_with_a_phrase(d):
    d["areas"][0]["judgment_phrase"] = "serving victims"


def _graded_without_a_phrase(d):
    del d["areas"][2]["judgment_phrase"]


def _grade_orders_repeat(d):
    d["scale"][1]["order"] = 1


def _bad_sentence_template(d):
    d["scale"][0]["sentence"] = "{force} is outstanding."


def _bad_id(d):
    d["areas"][6]["characteristics"][2]["id"] = "Protecting Vulnerable"


def _proportion_target_as_percent(d):
    d["areas"][4]["characteristics"][0]["standard"]["target"] = 90.0


@pytest.mark.parametrize(
    ("mutate", "field", "words"),
    [
        (_missing_field, "areas[5].graded", "required"),
        (_wrong_type, "areas[5].graded", "true or false"),
        (_duplicate_id, "areas[4].characteristics[0].id", "used twice"),
        (_unknown_key, "areas[3].colour", "not a field"),
        (_no_grades, "scale", "at least one grade"),
        (_ungraded_with_a_phrase, "areas[0].judgment_phrase", "ungraded"),
        (_graded_without_a_phrase, "areas[2].judgment_phrase", "graded node needs"),
        (_grade_orders_repeat, "scale", "1, 2, 3"),
        (_bad_sentence_template, "scale[0].sentence", "{phrase}"),
        (_bad_id, "areas[6].characteristics[2].id", "lower-case"),
        (_proportion_target_as_percent, "areas[4].characteristics[0].standard.target", "between 0 and 1"),
    ],
)
def test_malformed_file_names_the_file_the_field_and_the_problem(tmp_path, mutate, field, words):
    data = copy.deepcopy(_bundled_data())
    mutate(data)
    path = tmp_path / "peel-2023-25.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    with pytest.raises(DataFileError) as caught:
        load_framework_file(path)
    err, message = caught.value, str(caught.value)
    assert err.field == field and str(path) in message and repr(field) in message
    assert words in message
    for noise in ("pydantic", "validation error", "Traceback", "Input should"):
        assert noise not in message


def test_unknown_key_error_lists_the_allowed_fields(tmp_path):
    data = _bundled_data()
    _unknown_key(data)
    path = tmp_path / "peel-2023-25.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    with pytest.raises(DataFileError, match=r"\(allowed here: id, kind, title, graded"):
        load_framework_file(path)


def test_bad_yaml_syntax_names_the_file_and_line(tmp_path):
    path = tmp_path / "peel-2023-25.yaml"
    path.write_text("id: peel-2023-25\ntitle: [unclosed\nyears: '2023-2025'\n")
    with pytest.raises(DataFileError) as caught:
        load_framework_file(path)
    assert str(path) in str(caught.value) and "not valid YAML" in str(caught.value)
    assert caught.value.line is not None


def test_a_key_given_twice_is_an_error_not_silently_the_last_one(tmp_path):
    path = tmp_path / "peel-2023-25.yaml"
    text = (DATA_DIR / "peel-2023-25.yaml").read_text()
    path.write_text(text.replace("    graded: true\n", "    graded: true\n    graded: false\n", 1))
    with pytest.raises(DataFileError, match="'graded' appears twice") as caught:
        load_framework_file(path)
    assert caught.value.line is not None


def test_file_id_must_match_the_file_name(tmp_path):
    path = tmp_path / "peel-2025-27.yaml"
    path.write_bytes((DATA_DIR / "peel-2023-25.yaml").read_bytes())
    with pytest.raises(DataFileError, match="must match its file name") as caught:
        load_framework_file(path)
    assert caught.value.field == "id"


@pytest.mark.parametrize(("text", "words"), [("", "is empty"), ("- a\n- b\n", "mapping")])
def test_empty_or_non_mapping_file(tmp_path, text, words):
    path = tmp_path / "peel-2023-25.yaml"
    path.write_text(text)
    with pytest.raises(DataFileError, match=words):
        load_framework_file(path)


def test_missing_file(tmp_path):
    with pytest.raises(DataFileError, match="file not found"):
        load_framework_file(tmp_path / "nope.yaml")


def test_loading_an_arbitrary_valid_path_works_and_hashes_its_bytes(tmp_path):
    path = tmp_path / "peel-2023-25.yaml"
    path.write_bytes((DATA_DIR / "peel-2023-25.yaml").read_bytes() + b"\n# a comment changes the hash\n")
    fw = load_framework_file(path)
    assert fw.path == path and fw.sha256 != load_framework("peel-2023-25").sha256


# --- the CLI --------------------------------------------------------------------------------------------

runner = CliRunner()


def test_cli_list():
    result = runner.invoke(openpeel.cli.app, ["frameworks", "list"], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    for framework_id in BUNDLED:
        assert framework_id in result.output
    assert "8 areas" in result.output and "10 areas" in result.output
    current = [line for line in result.output.splitlines() if "current" in line]
    assert len(current) == 1 and "peel-2025-27" in current[0]


def test_cli_show_2025_27_lists_its_core_questions():
    result = runner.invoke(openpeel.cli.app, ["frameworks", "show", "peel-2025-27"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "the current cycle" in result.output
    assert "[graded] Leadership and force management (leadership) - How good is the force at leadership" in (
        result.output
    )
    for area in load_framework("peel-2025-27").areas:
        assert f"{area.title} ({area.id})" in result.output


def test_cli_show_2023_25():
    result = runner.invoke(openpeel.cli.app, ["frameworks", "show", "peel-2023-25"], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    out = result.output
    assert "8 graded areas, 1 ungraded area" in out
    assert "[graded] Responding to the public" in out
    assert "[graded where a report graded it] Recording data about crime" in out
    assert "[ungraded] Service for victims of crime" in out
    assert "requires improvement" in out and "REQUIRES_IMPROVEMENT" in out
    assert "Crime recording can be trusted" in out
    assert "target at least 90%" in out


def test_cli_show_2018_19_marks_the_ungraded_question():
    result = runner.invoke(openpeel.cli.app, ["frameworks", "show", "peel-2018-19"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "How effectively does the force reduce crime and keep people safe?" in result.output
    assert "[ungraded] Q5 Specialist capabilities" in result.output


def test_cli_show_unknown_id_raises_the_user_error():
    result = runner.invoke(openpeel.cli.app, ["frameworks", "show", "peel-1999"])
    assert result.exit_code == 1
    assert isinstance(result.exception, UnknownFrameworkError)
    assert "No PEEL framework has the id 'peel-1999'" in str(result.exception)
    assert "peel-2023-25" in str(result.exception)


def test_main_turns_the_unknown_id_into_one_line_and_exit_1(monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["openpeel", "frameworks", "show", "peel-1999"])
    with pytest.raises(SystemExit) as caught:
        openpeel.cli.main()
    assert caught.value.code == 1
    err = capsys.readouterr().err
    assert "error:" in err and "peel-1999" in err and "Traceback" not in err


@pytest.mark.parametrize(
    "args", [["frameworks", "--help"], ["frameworks", "list", "--help"], ["frameworks", "show", "--help"]]
)
def test_cli_help(args):
    result = runner.invoke(openpeel.cli.app, args, env={"COLUMNS": "160"})
    assert result.exit_code == 0
    assert "framework" in result.output.lower()
