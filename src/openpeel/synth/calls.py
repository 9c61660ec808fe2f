"""The contact (999 and 101 calls) and incidents returns for one force-month."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from scipy.special import ndtri

from openpeel.synth.month import ForceMonth, lognormal, pick
from openpeel.synth.output import build_table, datetimes, ids, ints, labels

CHANNELS = ["999", "101"]
MINUTE = 60


def _delays_999(rng: np.random.Generator, fm: ForceMonth, n: int) -> np.ndarray:
    """Seconds to answer a 999 call: within 10 s with the force's share, else a heavy (Lomax) tail."""
    cal = fm.cal
    fast = rng.random(n) < fm.profile.answer_999_within_10s
    quick = np.minimum(rng.exponential(cal["contact.answer_999_fast_mean_seconds"], n), 9.999)
    slow = 10 + cal["contact.answer_tail_scale_seconds"] * rng.pareto(cal["contact.answer_tail_shape"], n)
    return np.where(fast, quick, np.minimum(slow, cal["contact.max_wait_seconds"]))


def contact(fm: ForceMonth) -> tuple[pa.Table, dict[str, np.ndarray]]:
    """Calls arriving this month. Returns the table and the arrays incidents are built from."""
    rng, cal, p = fm.rng("contact"), fm.cal, fm.profile
    per_1000 = {"999": cal["volumes.calls_999_per_1000"], "101": cal["volumes.calls_101_per_1000"]}
    received, channel, abandoned, wait = [], [], [], []
    for c, name in enumerate(CHANNELS):
        n = rng.poisson(fm.expected(per_1000[name] * p.demand))
        received.append(fm.hours.sample(rng, n, fm.weights(name)))
        channel.append(np.full(n, c))
        if name == "999":
            lost = rng.random(n) < cal["contact.abandon_999"]
            answer = _delays_999(rng, fm, n)
            patience = lognormal(rng, cal["contact.patience_999_median_seconds"], 0.8, n)
        else:
            lost = rng.random(n) < p.abandon_101
            answer = np.minimum(
                lognormal(rng, p.answer_101_median, cal["contact.answer_101_sigma"], n),
                cal["contact.max_wait_seconds"],
            )
            patience = lognormal(rng, cal["contact.patience_101_median_seconds"], 0.8, n)
        abandoned.append(lost)
        wait.append(np.minimum(np.where(lost, patience, answer), cal["contact.max_wait_seconds"]).astype(np.int64))
    received, channel = np.concatenate(received), np.concatenate(channel)
    abandoned, wait = np.concatenate(abandoned), np.concatenate(wait)
    # A call must end by the extraction time: the few straddling it are moved back (seconds at most an hour).
    received -= np.maximum(received + wait - (fm.period_end - 1), 0)
    order = np.argsort(received, kind="stable")
    received, channel, abandoned, wait = received[order], channel[order], abandoned[order], wait[order]
    ended = received + wait
    table = build_table(
        "contact",
        {
            "call_id": ids(f"C{fm.tag}-", np.arange(1, len(received) + 1)),
            "channel": labels(CHANNELS, channel),
            "received_at": datetimes(received),
            "answered_at": datetimes(ended, ~abandoned),
            "abandoned": pa.array(abandoned),
            "abandoned_at": datetimes(ended, abandoned),
            "seconds_to_answer": ints(wait, ~abandoned),
        },
    )
    calls = {"id": table.column("call_id"), "channel": channel, "answered": ended, "abandoned": abandoned}
    return table, calls


def _attendance_minutes(rng: np.random.Generator, fm: ForceMonth, grade: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Lognormal around a median set so the force's share within target comes out as calibrated."""
    cal, p = fm.cal, fm.profile
    sigma = cal["incidents.attendance_sigma"]
    within = {0: p.emergency_within, 1: p.priority_within, 2: cal["incidents.scheduled_within_target"]}
    minutes = np.zeros(len(grade))  # no_deployment incidents are never attended
    for g, name in enumerate(("emergency", "priority", "scheduled")):
        rows = grade == g
        median = target[rows] * np.exp(-sigma[name] * ndtri(within[g]))
        minutes[rows] = lognormal(rng, median, sigma[name], int(rows.sum()))
    return minutes


def incidents(fm: ForceMonth, calls: dict[str, np.ndarray]) -> pa.Table:
    """Incidents from answered calls (created after handling) and from other sources."""
    rng, cal, p = fm.rng("incidents"), fm.cal, fm.profile
    share = np.where(calls["channel"] == 0, cal["volumes.incident_from_999"], cal["volumes.incident_from_101"])
    from_call = np.flatnonzero(~calls["abandoned"] & (rng.random(len(share)) < share))
    created_call = calls["answered"][from_call] + lognormal(
        rng, cal["contact.handling_median_seconds"], 0.6, len(from_call)
    ).astype(np.int64)
    n_other = rng.poisson(fm.expected(cal["volumes.other_incidents_per_1000"] * p.demand))
    created = np.concatenate([created_call, fm.hours.sample(rng, n_other, fm.weights("101"))])
    sources = ["999", "101", "online", "police_generated", "other"]
    other_names, other_idx = pick(rng, cal["incidents.other_source_mix"], n_other)
    source = np.concatenate([calls["channel"][from_call], np.array([sources.index(x) for x in other_names])[other_idx]])
    call_row = np.concatenate([from_call, np.full(n_other, -1)])
    keep = created < fm.period_end  # an incident created after extraction is not in the return
    order = np.argsort(created[keep], kind="stable")
    created, source, call_row = created[keep][order], source[keep][order], call_row[keep][order]
    n = len(created)

    grades = ["emergency", "priority", "scheduled", "no_deployment"]
    grade = np.empty(n, dtype=np.int64)
    for s, mix in ((0, "grade_mix_999"), (1, "grade_mix_101"), (None, "grade_mix_other")):
        rows = source >= 2 if s is None else source == s
        names, idx = pick(rng, cal[f"incidents.{mix}"], int(rows.sum()))
        grade[rows] = np.array([grades.index(x) for x in names])[idx]
    types, type_idx = pick(rng, cal["incidents.type_mix"], n)
    rural = rng.random(n) < p.rural_share
    # Transport and administration incidents are not flagged domestic abuse.
    can_be_domestic = np.isin(type_idx, [types.index(t) for t in ("transport", "administration")], invert=True)
    domestic = can_be_domestic & (rng.random(n) < cal["incidents.domestic_abuse_share"])
    mental = rng.random(n) < cal["incidents.mental_health_share"]

    urban_t, rural_t = p.emergency_target
    target = np.select(
        [grade == 0, grade == 1, grade == 2],
        [
            np.where(rural, rural_t, urban_t),
            cal["incidents.priority_target_minutes"],
            cal["incidents.scheduled_target_minutes"],
        ],
        0,
    )
    not_attended = cal["incidents.not_attended"]
    never = np.select([grade == 0, grade == 1, grade == 2], [not_attended[g] for g in grades[:3]], 1.0)
    arrival = created + (_attendance_minutes(rng, fm, grade, target) * MINUTE).round().astype(np.int64)
    attended = (grade < 3) & (rng.random(n) >= never)
    attended &= arrival < fm.period_end  # not yet attended when the return was extracted
    from_a_call = call_row >= 0
    call_ids = calls["id"].take(pa.array(np.where(from_a_call, call_row, 0)))
    return build_table(
        "incidents",
        {
            "incident_id": ids(f"I{fm.tag}-", np.arange(1, n + 1)),
            "created_at": datetimes(created),
            "source": labels(sources, source),
            "source_call_id": pc.if_else(pa.array(from_a_call), call_ids, pa.nulls(n, pa.string())),
            "grade": labels(grades, grade),
            "incident_type": labels(types, type_idx),
            "urban_rural": labels(["urban", "rural"], rural.astype(np.int64)),
            "domestic_abuse": pa.array(domestic),
            "mental_health": pa.array(mental),
            "attendance_target_minutes": ints(target, grade < 3),
            "first_arrival_at": datetimes(np.where(attended, arrival, 0), attended),
        },
    )
