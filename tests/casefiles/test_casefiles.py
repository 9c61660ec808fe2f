"""Case file sampling and compliance (openpeel.casefiles): sizes worked by hand, allocation, a reproducible draw."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from openpeel.casefiles.checklist import checklist, load_checklist, load_outcome_groups, outcome_groups
from openpeel.casefiles.compliance import ReviewedFile, compliance
from openpeel.casefiles.sampling import (
    UNKNOWN_OFFENCE_GROUP,
    Investigation,
    SamplingError,
    Stratum,
    allocate,
    draw,
    population,
    sample_size,
)
from openpeel.errors import DataFileError
from openpeel.warehouse import connect

JAN, FEB = dt.date(2019, 1, 1), dt.date(2019, 2, 1)


# --- sample size -------------------------------------------------------------------------------------------
# By hand, z = 1.959964 for 95%: n0 = z² x 0.25 / 0.05² = 384.146; with N = 1,000, n = 384.146 / (1 + 383.146 /
# 1,000) = 277.74, so 278. N = 500: 384.146 / 1.766292 = 217.49 -> 218. ±10% from 100: n0 = 96.04,
# n = 96.04 / 1.9504 = 49.24 -> 50. 99% (z = 2.575829), ±5%, N = 1,000: n0 = 663.49, n = 663.49 / 1.66249 = 399.1
# -> 400. No correction (N huge): 385.


@pytest.mark.parametrize(
    "population, margin, confidence, n",
    [(1000, 0.05, 0.95, 278), (500, 0.05, 0.95, 218), (100, 0.10, 0.95, 50), (1000, 0.05, 0.99, 400),
     (10**9, 0.05, 0.95, 385), (1, 0.05, 0.95, 1)],
)  # fmt: skip
def test_sample_size_matches_the_hand_worked_values(population, margin, confidence, n):
    assert sample_size(population, margin, confidence) == n


def test_an_expected_proportion_away_from_a_half_needs_fewer_files():
    # n0 = 1.959964² x 0.9 x 0.1 / 0.05² = 138.29; 138.29 / (1 + 137.29 / 1000) = 121.6 -> 122
    assert sample_size(1000, 0.05, 0.95, p=0.9) == 122


@pytest.mark.parametrize(
    "population, margin, confidence, words",
    [(0, 0.05, 0.95, "population is empty"), (100, 0, 0.95, "impossible"), (100, 0.5, 0.95, "impossible"),
     (100, -0.1, 0.95, "impossible"), (100, 0.05, 1.0, "not usable"), (100, 0.05, 0.2, "not usable")],
)  # fmt: skip
def test_an_empty_population_or_an_impossible_margin_is_refused(population, margin, confidence, words):
    with pytest.raises(SamplingError, match=words):
        sample_size(population, margin, confidence)


# --- allocation --------------------------------------------------------------------------------------------


def stratum(name: str, month: dt.date = JAN) -> Stratum:
    return Stratum(name, "open", month)


def test_proportional_allocation_rounds_by_the_largest_remainder():
    # 10 from 600 / 300 / 100: quotas 6, 3, 1 exactly.
    a, b, c = stratum("A"), stratum("B"), stratum("C")
    assert allocate({a: 600, b: 300, c: 100}, 10) == {a: 6, b: 3, c: 1}
    # 10 from 500 / 250 / 250 / 5 (N = 1,005): quotas 4.975, 2.488, 2.488, 0.050; floors 4 + 2 + 2 + 0 = 8,
    # the two left go to the largest remainders: A (0.975) then a tie at 0.488 broken by size (equal), then key (B).
    d = stratum("D")
    assert allocate({a: 500, b: 250, c: 250, d: 5}, 10) == {a: 5, b: 3, c: 2, d: 0}


def test_allocation_adds_up_and_never_exceeds_a_stratum():
    rng = random.Random(7)
    for _ in range(200):
        sizes = {stratum(f"S{i}"): rng.randint(1, 50) for i in range(rng.randint(1, 30))}
        total = sum(sizes.values())
        n = rng.randint(0, total)
        got = allocate(sizes, n)
        assert sum(got.values()) == n
        assert all(0 <= got[s] <= sizes[s] for s in sizes)
        # proportional to within one file
        assert all(abs(got[s] - n * sizes[s] / total) < 1 for s in sizes)


# --- the draw ----------------------------------------------------------------------------------------------


def made_population(size: int = 2000) -> list[Investigation]:
    groups = ["Theft offences", "Violence against the person", "Robbery"]
    outcomes = ["open", "charged", "no-suspect"]
    return [
        Investigation(f"CR{i:06d}", Stratum(groups[i % 3], outcomes[(i // 3) % 3], JAN if i % 2 else FEB))
        for i in range(size)
    ]


def test_the_same_seed_and_population_give_the_same_sample_in_any_row_order():
    people = made_population()
    first = draw(people, margin=0.05, confidence=0.95, seed=2024)
    shuffled = people[:]
    random.Random(1).shuffle(shuffled)
    again = draw(shuffled, margin=0.05, confidence=0.95, seed=2024)
    assert first == again
    other = draw(people, margin=0.05, confidence=0.95, seed=2025)
    assert {i.crime_reference for i in other.items} != {i.crime_reference for i in first.items}
    assert other.population_sha256 == first.population_sha256  # same population, same fingerprint


def test_the_draw_takes_each_stratum_its_allocation_without_repeats():
    people = made_population()
    sample = draw(people, margin=0.05, confidence=0.95, seed=3)
    assert len(sample.items) == sample_size(2000, 0.05, 0.95) == 323  # 384.146 / (1 + 383.146 / 2000) = 322.4
    refs = [i.crime_reference for i in sample.items]
    assert len(set(refs)) == len(refs)
    by_stratum = {p.stratum: p for p in sample.strata}
    assert sum(p.population for p in sample.strata) == 2000
    for plan in sample.strata:
        drawn = [i for i in sample.items if i.stratum == plan.stratum]
        assert len(drawn) == plan.allocated
    population_of = {i.crime_reference: i.stratum for i in people}
    assert all(population_of[i.crime_reference] == i.stratum for i in sample.items)
    assert len(by_stratum) == 18  # 3 offence groups x 3 outcomes x 2 months


def test_the_draw_is_uniform_within_a_stratum():
    # Over many seeds, each of 50 investigations in one stratum is drawn about as often (10 of 50 each time).
    people = [Investigation(f"R{i}", stratum("A")) for i in range(50)]
    counts = dict.fromkeys((p.crime_reference for p in people), 0)
    for seed in range(1000):
        for item in draw(people, margin=0.27, confidence=0.95, seed=seed).items:
            counts[item.crime_reference] += 1
    n = sample_size(50, 0.27, 0.95)
    expected = 1000 * n / 50
    assert 0.75 * expected < min(counts.values()) and max(counts.values()) < 1.25 * expected


def test_a_duplicate_reference_or_a_negative_seed_is_refused():
    people = made_population(20)
    with pytest.raises(SamplingError, match="twice"):
        draw([*people, people[0]], margin=0.1, confidence=0.95, seed=1)
    with pytest.raises(SamplingError, match="seed"):
        draw(people, margin=0.1, confidence=0.95, seed=-1)


@pytest.fixture(scope="module")
def returns_warehouse(tmp_path_factory):
    """Two months of seeded synthetic returns for Cambridgeshire, with the Home Office offence groups."""
    from openpeel.ingest.home_office import ingest_home_office
    from openpeel.ingest.returns import ingest_returns
    from openpeel.synth.generate import generate, parse_month, resolve_forces

    folder = tmp_path_factory.mktemp("casefiles")
    generate(
        folder / "returns", resolve_forces("cambridgeshire"), parse_month("2019-01"), parse_month("2019-02"), seed=5
    )
    con = connect(folder / "warehouse.duckdb")
    ingest_home_office(con)
    ingest_returns(con, folder / "returns")
    con.close()
    return folder / "warehouse.duckdb"


def test_the_population_comes_from_the_warehouse_by_offence_group_outcome_and_month(returns_warehouse):
    con = connect(returns_warehouse, read_only=True)
    everyone = population(con, "cambridgeshire", JAN, FEB, checklist().theme("investigations"))
    domestic = population(con, "cambridgeshire", JAN, FEB, checklist().theme("domestic-abuse"))
    january = population(con, "cambridgeshire", JAN, JAN, checklist().theme("investigations"))
    counts = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE domestic_abuse), "
        "count(*) FILTER (WHERE date_trunc('month', recorded_at) = DATE '2019-01-01'), "
        "count(*) FILTER (WHERE outcome_type IS NULL) "
        "FROM return_investigation WHERE force_id = 'cambridgeshire'"
    ).fetchone()
    assert (len(everyone), len(domestic), len(january)) == counts[:3]
    assert sum(i.stratum.outcome_group == "open" for i in everyone) == counts[3]
    assert {i.stratum.month for i in everyone} == {JAN, FEB}
    assert {i.stratum.outcome_group for i in everyone} <= set(outcome_groups().titles())
    # Every code the synthetic returns use is in the Home Office lookup except homicide, published only
    # joined with others ("1/4.1/4.10/4.2") and split here.
    assert UNKNOWN_OFFENCE_GROUP not in {i.stratum.offence_group for i in everyone}
    assert population(con, "norfolk", JAN, FEB, checklist().theme("investigations")) == []
    with pytest.raises(SamplingError, match="backwards"):
        population(con, "cambridgeshire", FEB, JAN, checklist().theme("investigations"))
    first = draw(everyone, margin=0.05, confidence=0.95, seed=11)
    again = draw(population(con, "cambridgeshire", JAN, FEB, checklist().theme("investigations")), margin=0.05,
                 confidence=0.95, seed=11)  # fmt: skip
    con.close()
    assert first == again
    assert len(first.items) == sample_size(counts[0], 0.05, 0.95)


# --- the data files ----------------------------------------------------------------------------------------


def test_the_bundled_checklist_names_real_areas_and_characteristics():
    questions = checklist().questions_for("domestic-abuse")
    assert "risk-assessed" in [q.id for q in questions]
    assert "risk-assessed" not in [q.id for q in checklist().questions_for("investigations")]
    assert outcome_groups().id_of(None) == "open" and outcome_groups().id_of(1) == "charged"


def test_a_checklist_naming_a_characteristic_of_another_area_is_refused(tmp_path):
    bad = tmp_path / "checklist.yaml"
    text = (checklist_path := load_checklist.__defaults__[0]).read_text()
    bad.write_text(text.replace("characteristic: investigating.supervision", "characteristic: responding.attendance"))
    with pytest.raises(DataFileError, match="not a characteristic of investigating"):
        load_checklist(bad)
    bad.write_text(text.replace("themes: [domestic-abuse]", "themes: [burglary]"))
    with pytest.raises(DataFileError, match="unknown theme"):
        load_checklist(bad)
    assert checklist_path.exists()


def test_outcome_groups_must_cover_every_outcome_type_once(tmp_path):
    bad = tmp_path / "groups.yaml"
    bad.write_text(load_outcome_groups.__defaults__[0].read_text().replace("[4, 19, 20, 21]", "[4, 18, 20, 21]"))
    with pytest.raises(DataFileError, match=r"twice: \[18\]; missing: \[19\]"):
        load_outcome_groups(bad)


# --- compliance --------------------------------------------------------------------------------------------


def q(qid: str = "plan-recorded"):
    return next(x for x in checklist().questions if x.id == qid)


def test_compliance_of_a_complete_proportional_sample_is_the_plain_share_with_wilson():
    # 30 yes, 10 no, 5 not applicable: 30 / 40 = 0.75; Wilson 95% by hand: centre (0.75 + 3.84146/80) /
    # (1 + 3.84146/40) = 0.798018 / 1.096037 = 0.728095, half 1.959964 / 1.096037 x sqrt(0.1875/40 +
    # 3.84146/6400) = 1.788227 x 0.072716 = 0.130034: 0.598061 to 0.858129.
    files = [ReviewedFile("A", {"plan-recorded": a}) for a in ["yes"] * 30 + ["no"] * 10 + ["na"] * 5]
    [row] = compliance([q()], files, {"A": 450}, self_weighting=True)
    assert (row.yes, row.no, row.not_applicable, row.answered) == (30, 10, 5, 40)
    assert row.value == pytest.approx(0.75)
    assert row.low == pytest.approx(0.598061, abs=1e-5)
    assert row.high == pytest.approx(0.858129, abs=1e-5)
    assert not row.weighted and row.effective_n == 40


def test_an_unevenly_reviewed_sample_is_weighted_by_stratum():
    # Stratum A (population 900): 10 reviewed, all yes. Stratum B (population 100): 10 reviewed, none yes.
    # Weighted: A's files weigh 90, B's 10: share = 900 / 1000 = 0.9; n_eff = 1000² / (10 x 90² + 10 x 10²) = 12.2.
    files = [ReviewedFile("A", {"plan-recorded": "yes"})] * 10 + [ReviewedFile("B", {"plan-recorded": "no"})] * 10
    [row] = compliance([q()], files, {"A": 900, "B": 100}, self_weighting=False)
    assert row.weighted
    assert row.value == pytest.approx(0.9)
    assert row.effective_n == pytest.approx(1000**2 / (10 * 90**2 + 10 * 10**2))
    [plain] = compliance([q()], files, {"A": 900, "B": 100}, self_weighting=True)
    assert plain.value == pytest.approx(0.5)


def test_fewer_than_ten_compliant_files_are_suppressed():
    files = [ReviewedFile("A", {"plan-recorded": a}) for a in ["yes"] * 9 + ["no"] * 40]
    [row] = compliance([q()], files, {"A": 49}, self_weighting=True)
    assert row.suppressed and row.value is None and row.low is None and row.yes == 9
    [nothing] = compliance([q()], [ReviewedFile("A", {"plan-recorded": "na"})], {"A": 1}, self_weighting=True)
    assert nothing.value is None and nothing.answered == 0
