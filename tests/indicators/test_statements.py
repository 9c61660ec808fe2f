"""Sentences an inspector can cite, and the refusals when the figures do not support them."""

from __future__ import annotations

from datetime import date

import pytest

from openpeel.indicators.comparison import compare
from openpeel.indicators.spc import xmr
from openpeel.indicators.statements import (
    comparison_statement,
    format_p,
    format_range,
    format_value,
    name_list,
    period_label,
    rank_statement,
    trend_statement,
)

NAMES = {
    "cambs": "Cambridgeshire Constabulary",
    "herts": "Hertfordshire Constabulary",
    "norfolk": "Norfolk Constabulary",
    "suffolk": "Suffolk Constabulary",
    "essex": "Essex Police",
    "gmp": "Greater Manchester Police",
    "met": "Metropolitan Police Service",
    "kent": "Kent Police",
    "surrey": "Surrey Police",
    "sussex": "Sussex Police",
    "beds": "Bedfordshire Police",
    "northants": "Northamptonshire Police",
    "leics": "Leicestershire Police",
    "rutland": "Rutland Police",  # fictional: a force small enough to be suppressed
}
FORCES = list(NAMES)
WITHOUT_RUTLAND = FORCES[:-1]
PEERS = {"cambs": ["herts", "norfolk", "suffolk"]}
ASB = "rate of anti-social behaviour"
UNIT = "per 1,000 residents"
JAN = date(2019, 1, 1)

# per 1,000: cambs 1.0, herts 1.5, norfolk 1.2, suffolk 1.4, essex 2.0, kent 1.3, surrey 1.25, sussex 1.35,
# beds 1.6, northants 1.45, leics 1.55: eleven forces (a rank needs ten); gmp and met have no data
ROWS = [
    ("cambs", 850, 850_000),
    ("herts", 1650, 1_100_000),
    ("norfolk", 1020, 850_000),
    ("suffolk", 1050, 750_000),
    ("essex", 3500, 1_750_000),
    ("kent", 2340, 1_800_000),
    ("surrey", 1500, 1_200_000),
    ("sussex", 2160, 1_600_000),
    ("beds", 1040, 650_000),
    ("northants", 1015, 700_000),
    ("leics", 1550, 1_000_000),
]
FEW = [*ROWS, ("rutland", 4, 40_000)]


def cmp(force="cambs", rows=ROWS, forces=WITHOUT_RUTLAND, **kw):
    return compare(rows, force, PEERS, "rate", per=1000, forces=forces, period=JAN, **kw)


def test_helpers():
    assert period_label(JAN) == "January 2019" and period_label("2018/19") == "2018/19"
    assert name_list(["A"]) == "A" and name_list(["A", "B", "C"]) == "A, B and C"
    assert format_value(1.634, UNIT) == "1.63 per 1,000 residents" and format_value(30.8, "%", 1) == "30.8%"
    assert format_range(5.346, 15.987, UNIT) == "5.35 to 15.99 per 1,000 residents"
    assert format_range(5.3, 16.0, "%", 1) == "5.3% to 16.0%"


@pytest.mark.parametrize(
    ("p", "text"),
    [(0.0004, "p < 0.001"), (0.002, "p = 0.002"), (0.41, "p = 0.410"), (0.0496, "p = 0.0496"), (0.0504, "p = 0.050")],
)
def test_p_values_never_round_across_the_threshold(p, text):
    assert format_p(p) == text


def test_lowest_rank_names_period_and_missing_forces():
    assert rank_statement(cmp(), ASB, NAMES) == (
        "Cambridgeshire Constabulary had the lowest rate of anti-social behaviour of the 11 forces with data "
        "for January 2019 (Greater Manchester Police and Metropolitan Police Service had no data)."
    )


def test_highest_rank_says_which_way_is_better():
    text = rank_statement(cmp("essex", better="lower"), ASB, NAMES)
    assert text.startswith("Essex Police had the highest rate of anti-social behaviour of the 11 forces with data")
    assert "(lower is better; Greater Manchester Police" in text


def test_middle_rank_is_refused_unless_asked():
    assert rank_statement(cmp("suffolk"), ASB, NAMES) is None
    text = rank_statement(cmp("suffolk"), ASB, NAMES, extremes_only=False)
    # 1.4: below essex, beds, leics, herts and northants, above cambs, norfolk, surrey, kent and sussex
    assert text.startswith("Suffolk Constabulary had the 6th highest rate")


def test_ties_are_joint():
    rows = [("norfolk", 850, 850_000), *(r for r in ROWS if r[0] != "norfolk")]  # Norfolk now 1.0 too
    text = rank_statement(cmp(rows=rows), ASB, NAMES)
    assert "had the joint lowest rate" in text and "joint with Norfolk Constabulary" in text
    assert " the lowest" not in text


def test_rank_refusals():
    everyone_equal = [(f, 10, 10_000) for f in WITHOUT_RUTLAND]
    assert rank_statement(cmp(rows=everyone_equal), ASB, NAMES) is None
    assert rank_statement(cmp(rows=ROWS[:1]), ASB, NAMES) is None  # one force: no ranking
    assert rank_statement(cmp(rows=ROWS[:9]), ASB, NAMES) is None  # nine forces: too few to rank
    assert rank_statement(cmp("gmp"), ASB, NAMES) is None  # no data
    assert rank_statement(cmp("rutland", rows=FEW, forces=FORCES), ASB, NAMES) is None  # suppressed


def test_rank_with_a_suppressed_force_says_published_figures():
    text = rank_statement(cmp(rows=FEW, forces=FORCES), ASB, NAMES)
    assert "of the 11 forces with published figures for January 2019" in text
    assert "the figure for Rutland Police was not published because its count was fewer than 10" in text
    assert "4" not in text.split("(")[1]  # the suppressed count never appears


TOTAL = 850 + 1650 + 1020 + 1050 + 3500 + 2340 + 1500 + 2160 + 1040 + 1015 + 1550  # 17,675
RESIDENTS = 850 + 1100 + 850 + 750 + 1750 + 1800 + 1200 + 1600 + 650 + 700 + 1000  # thousands: 12,250
METHOD = "variation between forces allowed for: additive random effects (Spiegelhalter 2005), τ = "


def test_significantly_higher_than_england_and_wales_as_a_whole_names_the_method():
    c = cmp("essex")
    # England and Wales: 17,675 / 12.25m = 1.443 per 1,000, Essex 2.0 and far outside the widened funnel
    assert c.vs_national.verdict == "significantly higher"
    text = comparison_statement(c, ASB, UNIT, NAMES)
    assert text.startswith(
        "Essex Police's rate of anti-social behaviour in January 2019 was 2.00 per 1,000 residents "
        "(95% confidence interval 1.93 to 2.07), significantly higher than England and Wales as a whole "
        f"({TOTAL / RESIDENTS:.2f} per 1,000 residents; p < 0.001; "
    )
    assert "11 forces counted; Greater Manchester Police and Metropolitan Police Service had no data; " in text
    assert METHOD in text and "from 11 forces)." in text


def test_peer_statement_names_the_peers():
    text = comparison_statement(cmp(), ASB, UNIT, NAMES, against="peers")
    # (1650 + 1020 + 1050) / (1.1m + 0.85m + 0.75m) = 3720 / 2.7m = 1.378 per 1,000
    assert "than its peer group as derived by openpeel (1.38 per 1,000 residents" in text
    assert "peers counted: Hertfordshire Constabulary, Norfolk Constabulary and Suffolk Constabulary" in text


def test_a_force_a_plain_test_would_call_different_is_not_significantly_different():
    """Kent, 2,340 in 1.8m (1.30 per 1,000), against the rest (15,335 in 10.45m, 1.47): the exact Poisson test
    says p < 0.001; with the variation between these eleven forces allowed for, Kent is inside the funnel."""
    from openpeel.indicators.comparison import poisson_rate_test

    assert poisson_rate_test(2340, 1_800_000, TOTAL - 2340, (RESIDENTS - 1800) * 1000) < 0.001
    c = cmp("kent")
    assert c.vs_national.verdict == "not significantly different"
    text = comparison_statement(c, ASB, UNIT, NAMES)
    assert "not significantly different from England and Wales as a whole" in text


def test_suppressed_figures_in_comparison_statements():
    assert comparison_statement(cmp("rutland", rows=FEW, forces=FORCES), ASB, UNIT, NAMES) is None
    text = comparison_statement(cmp("essex", rows=FEW, forces=FORCES), ASB, UNIT, NAMES)
    assert "12 forces counted, among them Rutland Police, whose figure is not published but in the total" in text
    assert comparison_statement(cmp("gmp"), ASB, UNIT, NAMES) is None


def test_no_comparison_statement_from_fewer_than_ten_forces():
    assert comparison_statement(cmp(rows=ROWS[:9]), ASB, UNIT, NAMES) is None


def months(values, start=(2019, 1)):
    y, m = start
    out = []
    for v in values:
        out.append((date(y, m, 1), v))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


SUBJECT = "Cambridgeshire Constabulary's rate of anti-social behaviour"
STABLE = [1.0, 1.2, 0.9, 1.1, 1.0, 1.3, 0.9, 1.1, 1.0, 1.2, 1.1, 1.0]


def test_no_signal_says_no_significant_change():
    assert trend_statement(xmr(months(STABLE)), SUBJECT, UNIT) == (
        "Cambridgeshire Constabulary's rate of anti-social behaviour showed no significant change from January 2019 "
        "to December 2019 (XmR chart of 12 months from January 2019 to December 2019; average 1.07 per 1,000 "
        "residents; process limits 0.53 to 1.60 per 1,000 residents)."
    )


def test_rise_is_claimed_only_with_a_trend_signal():
    rising = [1.1, 0.9, 1.2, 1.0, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3, 1.4, 1.1]  # 7 rising from May to November
    text = trend_statement(xmr(months(rising), better="lower"), SUBJECT, UNIT)
    assert text.startswith(
        f"{SUBJECT} rose significantly over the 7 months from May 2019 to November 2019, each higher than the last, "
        "a deterioration as lower is better (XmR chart of 12 months"
    )
    six = [1.1, 0.9, 1.2, 1.0, 1.1, 0.9, 1.0, 1.1, 1.2, 1.3, 1.4, 1.1]  # only 6 rising: no signal, no claim
    text = trend_statement(xmr(months(six)), SUBJECT, UNIT)
    assert "rose" not in text and "showed no significant change" in text


def test_spike_and_shift_statements():
    spike = [10, 12, 9, 11, 10, 13, 25, 11, 10, 12, 11, 10]
    text = trend_statement(xmr(months(spike)), "Norfolk's count", decimals=0)
    assert text.startswith(
        "Norfolk's count was significantly high in July 2019 (25, above the upper process limit of 19"
    )
    shift = [10, 11, 9, 10, 11, 9, 13, 14, 13, 14, 13, 14, 13]
    text = trend_statement(xmr(months(shift)), "Norfolk's count", decimals=1)
    assert "was significantly higher over the 7 months from July 2019 to January 2020, all above the average" in text


def test_trend_refusals_and_gaps():
    assert trend_statement(xmr(months(STABLE[:4])), SUBJECT, UNIT) is None  # too few points for limits
    assert xmr(months(STABLE[:11])).provisional
    assert trend_statement(xmr(months(STABLE[:11])), SUBJECT, UNIT) is None  # provisional limits: nothing to cite
    counts = [850] * 11 + [8]
    assert trend_statement(xmr(months(STABLE)), SUBJECT, UNIT, counts=counts) is None  # a suppressed month
    gappy = months(STABLE[:5]) + months(STABLE[5:], start=(2019, 7))  # June 2019 missing
    text = trend_statement(xmr(gappy), SUBJECT, UNIT)
    assert "from January 2019 to January 2020" in text and "no data for June 2019" in text
