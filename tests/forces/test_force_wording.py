"""How the inspectorate names and refers to each kind of force, from the force registry, and the sentences
that use it: judgment, carried-forward, areas for improvement and the press release summary."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from openpeel.forces import Force, all_forces, get_force
from openpeel.frameworks import load_framework
from openpeel.publishing.press import grade_summary

FW = load_framework("peel-2023-25")


def test_a_constabulary_is_the_constabulary_and_a_police_force_is_the_force():
    cambridgeshire, kent = get_force("Cambridgeshire"), get_force("Kent")
    assert (cambridgeshire.refer(), cambridgeshire.should()) == ("the constabulary", "The constabulary should")
    assert (kent.refer(), kent.should()) == ("the force", "The force should")
    assert cambridgeshire.named(start=True) == "Cambridgeshire Constabulary" and kent.named() == "Kent Police"


def test_the_metropolitan_police_service_is_the_metropolitan_police_and_the_force():
    met = get_force("Metropolitan Police Service")
    assert met.named() == "the Metropolitan Police" and met.named(start=True) == "The Metropolitan Police"
    assert met.refer() == "the force" and met.should() == "The force should"
    assert met.wording_source.startswith("https://hmicfrs.justiceinspectorates.gov.uk/")
    assert get_force("City of London").named(start=True) == "The City of London Police"


def test_every_force_is_referred_to_by_its_kind():
    for force in all_forces():
        assert force.refer() == ("the constabulary" if force.designation == "Constabulary" else "the force"), force.id
        assert force.wording_source or not force.inspectorate_name, force.id


def test_a_wording_that_does_not_fit_the_designation_is_refused():
    data = get_force("Kent").model_dump()
    with pytest.raises(ValidationError, match="does not fit designation"):
        Force.model_validate({**data, "refer_as": "the constabulary"})
    with pytest.raises(ValidationError, match="needs a wording_source"):
        Force.model_validate({**data, "inspectorate_name": "the Kent force"})


def test_judgment_sentences_name_the_force_as_the_inspectorate_does():
    met = get_force("metropolitan")
    assert FW.judgment_sentence("investigating", met.named(start=True), "INADEQUATE") == (
        "The Metropolitan Police is inadequate at investigating crime."
    )


def test_carried_forward_sentences_use_the_cycles_wording_for_the_force():
    scale_2021 = load_framework("peel-2021-22")
    good_2021 = scale_2021.grade("GOOD")
    cambridgeshire, kent = get_force("cambridgeshire"), get_force("kent")
    assert FW.carried_forward_sentence("investigating", 2022, good_2021, scale_2021, cambridgeshire) == (
        "In 2022, we judged the constabulary to be good at investigating crime."
    )
    assert FW.carried_forward_sentence("investigating", 2022, good_2021, scale_2021, kent) == (
        "In 2022, we judged the force to be good at investigating crime."
    )
    # The 2018/19 pages said "the force" of constabularies too.
    fw_2018 = load_framework("peel-2018-19")
    assert fw_2018.carried_forward_sentence("effectiveness", 2017, fw_2018.grade("GOOD"), fw_2018, cambridgeshire) == (
        "In 2017, we judged the force to be good at reducing crime and keeping people safe."
    )


def test_areas_for_improvement_open_as_the_cycles_reports_word_them():
    assert FW.should(get_force("cambridgeshire")) == "The constabulary should"
    assert FW.should(get_force("metropolitan")) == "The force should"
    assert load_framework("peel-2018-19").should(get_force("cambridgeshire")) == "The force should"


def test_the_press_release_summary_refers_to_a_constabulary_as_the_constabulary():
    cambridgeshire = get_force("cambridgeshire")
    graded = [(area, FW.grade("GOOD")) for area in FW.graded_areas()]
    summary = grade_summary(FW, cambridgeshire.named(), graded, FW.the_force(cambridgeshire))
    assert summary.endswith("found the constabulary was good in eight areas.")
    met = get_force("metropolitan")
    assert "graded the Metropolitan Police's performance" in grade_summary(FW, met.named(), graded, FW.the_force(met))
