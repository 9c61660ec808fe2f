"""Press-release sentences, generated from the grades with the framework's phrases, over many combinations."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from openpeel.frameworks import load_framework
from openpeel.publishing.press import grade_summary, headline, join_and, number_words

FW = load_framework("peel-2023-25")
AREAS = FW.graded_areas()
GRADES = FW.grades()
combos = st.lists(st.sampled_from(GRADES), min_size=len(AREAS), max_size=len(AREAS))


def test_the_issue_examples():
    grades = {"investigating": "GOOD", "protecting-vulnerable": "REQUIRES_IMPROVEMENT"}
    graded = [(a, FW.grade(grades.get(a.id, "ADEQUATE"))) for a in AREAS]
    assert headline(FW, "Kent Police", graded) == (
        "Kent Police investigates crime well but must improve how it protects vulnerable people"
    )
    kent = ["GOOD"] * 3 + ["ADEQUATE"] * 4 + ["REQUIRES_IMPROVEMENT"]
    assert grade_summary(FW, "Kent Police", [(a, FW.grade(g)) for a, g in zip(AREAS, kent, strict=True)]) == (
        "His Majesty's Inspectorate of Constabulary and Fire & Rescue Services (HMICFRS) graded Kent Police's "
        "performance across eight areas of policing and found the force was good in three areas, adequate in "
        "four areas and requires improvement in one area."
    )


def test_one_area_and_all_grades_equal():
    assert grade_summary(FW, "Kent Police", [(AREAS[0], FW.grade("GOOD"))]).endswith(
        "across one area of policing and found the force was good in one area."
    )
    even = [(a, FW.grade("ADEQUATE")) for a in AREAS]
    assert headline(FW, "Kent Police", even) == "Kent Police is adequate in every area we graded"
    assert grade_summary(FW, "Kent Police", even).endswith("found the force was adequate in eight areas.")


def test_every_grade_present():
    graded = [(a, GRADES[i % len(GRADES)]) for i, a in enumerate(AREAS)]
    assert grade_summary(FW, "Kent Police", graded).endswith(
        "found the force was outstanding in two areas, good in two areas, adequate in two areas, "
        "requires improvement in one area and inadequate in one area."
    )
    assert headline(FW, "Kent Police", graded) == (
        "Kent Police uses its powers fairly and treats the public with respect but must improve how it "
        "protects vulnerable people"
    )


@settings(max_examples=500)  # pure and fast: many combinations, whatever the suite's profile
@given(combos)
def test_grade_summary_counts_every_area_once_in_grade_order(grades):
    graded = list(zip(AREAS, grades, strict=True))
    sentence = grade_summary(FW, "Kent Police", graded)
    found = re.search(r"found the force was (.*)\.$", sentence).group(1)
    parts = re.findall(r"(outstanding|good|adequate|requires improvement|inadequate) in (\w+) (areas?)", found)
    counts = {g.label: grades.count(g) for g in GRADES if g in grades}
    assert [(label, n) for label, n, _ in parts] == [(label, number_words(n)) for label, n in counts.items()]
    assert all((n == "one") == (word == "area") for _, n, word in parts)  # singular and plural agree
    assert found == join_and([f"{label} in {n} {word}" for label, n, word in parts])  # "and" before the last only


@settings(max_examples=500)  # pure and fast: many combinations, whatever the suite's profile
@given(combos)
def test_headline_names_the_best_areas_strength_and_every_weakest_areas_duty(grades):
    graded = list(zip(AREAS, grades, strict=True))
    text = headline(FW, "Kent Police", graded)
    best, worst = max(grades), min(grades)
    if best == worst:
        assert text == f"Kent Police is {best.label} in every area we graded"
        return
    first_best = next(a for a, g in graded if g == best)
    weakest = [a.press.improve for a, g in graded if g == worst]
    assert text == f"Kent Police {first_best.press.strength} but must improve how it {join_and(weakest)}"
