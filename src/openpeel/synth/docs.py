"""docs/force-returns.md: the return schemas, then the generator's calibration, all rendered from data."""

from __future__ import annotations

from pathlib import Path

from openpeel.config import REPO_ROOT
from openpeel.forces import all_forces
from openpeel.ingest.returns_docs import render_schemas
from openpeel.synth.calibration import Calibration, load_calibration
from openpeel.synth.profile import force_profile

DOCS_PATH = REPO_ROOT / "docs" / "force-returns.md"
DOC_SEED = 42  # the CLI's default seed: the force characters shown are the ones `synth run` uses by default

CALIBRATION_INTRO = """\
## Calibration

`openpeel synth run OUT --forces all --from 2019-01 --to 2019-12 --seed 42` writes synthetic returns in
the formats above, one folder per force. Every figure it is calibrated to is listed here with its
source: **DOMAIN.md** is a published figure from the project's domain notes (which cite the original
publications), **derived** is computed from real open data in `../shared/data` into
`src/openpeel/synth/calibration_derived.yaml` (`python -m openpeel.synth.derive`), and ***assumed*** is a
reasonable guess, kept as a parameter in `src/openpeel/synth/calibration.yaml` so it can be changed.

How the generator works, in brief:

- **Volumes** scale with each force's 2011 Census residents (the force registry). Crimes use the force's
  own recorded-crime rate; calls and incidents use a national rate times the force's demand factor
  (its crime rate over the national one, to the power `volumes.demand_elasticity`), so busy urban
  forces get more calls per resident. Demand varies by month, weekday and local hour.
- **Forces differ.** Each of the 43 territorial forces gets a performance score per area (999
  answering, 101 answering, emergency and priority attendance, supervision, victim contact, offender
  management, workforce). Scores are drawn from the seed, correlated across areas
  (`performance.correlation`), and replaced by their normal scores (the normal quantile of each force's
  rank), so every seed reproduces the calibrated spread exactly: the mean across forces of the 999
  within-10-seconds share is 71%, the best force is at 91% (the only one meeting the 90% standard),
  and the worst force loses one 101 call in three. A score becomes a share on the logit scale;
  "spread" parameters are standard deviations there. A force's own choices (its emergency attendance
  targets, its review interval) are drawn from the seed and the force id alone.
- **Shapes.** 999 answer delays: under 10 s with the force's share, otherwise 10 s plus a heavy-tailed
  Lomax delay. 101 delays are lognormal, longer where more callers give up. Attendance times are
  lognormal around a median set so that the force's share within target comes out as calibrated.
  Supervisory reviews and victim updates recur at the force's interval, on time with the force's
  share, otherwise late; some investigations therefore go longer than the interval without a review.
- **Time.** Events are generated in real elapsed time and written as local UK time (GMT/BST), all
  inside the requested months. The returns are taken as extracted at the end of the period: later
  arrivals, reviews, contacts and outcomes are not yet known (empty, or no row).
- **Reproducible.** Each force-month draws from its own generator, seeded by (seed, force, month, table):
  the same arguments give byte-identical files, and a force's files do not depend on which other forces
  were asked for.
"""


def _value(value: object) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k} {_value(v)}" for k, v in value.items())
    if isinstance(value, list):
        if value and isinstance(value[0], dict):
            return "; ".join(_value(v) for v in value)
        return ", ".join(_value(v) for v in value)
    return str(value)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("*assumed*", "***assumed***")


def _parameters(cal: Calibration) -> list[str]:
    lines = ["### Parameters", "", "| parameter | value | source |", "|---|---|---|"]
    for p in cal.parameters.values():
        lines.append(f"| `{p.key}` | {_cell(_value(p.value))} | {_cell(p.source)} |")
    return [*lines, ""]


def _derived(cal: Calibration) -> list[str]:
    offences = cal.derived["offence_mix"]
    lines = [
        "### Derived from real data",
        "",
        f"- Offence mix: {len(offences)} Home Office offence codes weighted by their 2017/18 recorded volume "
        "in England and Wales (police recorded crime by police force area, Home Office; fraud bodies and "
        f"BTP left out); the largest are {', '.join(str(o['code']) for o in offences[:5])}.",
        "- Outcome mix: the shares of Home Office outcome types by offence group, outcomes recorded in "
        "2017/18 (Home Office crime outcomes open data), scaled for each force by its charge factor.",
        "- Victim contacts are generated for victim-based crime groups only: "
        + ", ".join(cal.derived["victim_based_groups"])
        + ".",
        "- Per force (table below): recorded crimes per 1,000 residents (2017/18), police officer FTE per "
        "1,000 residents (31 March 2019, Home Office police workforce), the share of residents in LSOAs "
        "under 5 persons per hectare (2011 Census; an approximation of rural, not the ONS classification), "
        "and the charge factor (the force's charge rate over the national rate, outcomes 2017/18).",
        "",
        f"The force characters drawn for seed {DOC_SEED} (the default) follow, with the derived figures.",
        "",
        "| force | crimes /1,000 | officers /1,000 | rural share | charge factor | 999 ≤10 s | 101 abandoned "
        "| emergency target (urban/rural) | review interval (days) | reviews on time |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for f in all_forces(territorial_only=True):
        d, p = cal.force(f.id), force_profile(DOC_SEED, cal, f.id)
        lines.append(
            f"| {f.short_name} | {d['crimes_per_1000']:.1f} | {d['officers_per_1000']:.2f} | "
            f"{d['rural_share']:.0%} | {d['charge_factor']:.2f} | {p.answer_999_within_10s:.0%} | "
            f"{p.abandon_101:.0%} | {p.emergency_target[0]}/{p.emergency_target[1]} min | "
            f"{p.review_interval_days} | {p.review_on_time:.0%} |"
        )
    return [*lines, ""]


def render_document() -> str:
    """The whole of docs/force-returns.md."""
    cal = load_calibration()
    return "\n".join([render_schemas(), CALIBRATION_INTRO, *_parameters(cal), *_derived(cal)])


def write_docs(path: Path = DOCS_PATH) -> Path:
    path.write_text(render_document(), encoding="utf-8")
    return path
