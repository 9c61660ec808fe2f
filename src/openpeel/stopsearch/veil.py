"""The veil-of-darkness test (Grogger and Ridgeway 2006; the Stanford Open Policing Project's form).

After dark an officer sees less of who they are about to search. Within the inter-twilight window (the clock
times that are in daylight on some days of the period and in darkness on others, from the earliest to the
latest end of civil twilight), compare the share of searches of a group in daylight and in darkness with a
logistic model that controls for clock time by a spline. Odds well below 1 for darkness mean the group makes
up more of the searches when officers can see who they search: a sign of bias in daylight searches.

Times come from police.uk (UTC; read as UK clock time); sunset and dusk from astral for the centroid of the
force area (ONS boundaries, forces/data/sources/police_force_areas.geojson). Searches between sunset and
dusk are neither light nor dark and are left out, as are searches with no ethnicity and months whose times
were not recorded. Methods and limits: docs/stop-and-search.md.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from zoneinfo import ZoneInfo

import duckdb
import numpy as np
import pandas as pd
import statsmodels.formula.api as smf
from astral import Observer
from astral.sun import sun

from openpeel.errors import DataFileError, OpenPeelError
from openpeel.forces import get_force
from openpeel.forces.peer_groups import BOUNDARIES
from openpeel.stopsearch import completeness as comp
from openpeel.stopsearch.population import GROUPS, MISSING, group_sql

UK = ZoneInfo("Europe/London")
MIN_SEARCHES = 200  # searches in the window, light or dark, with ethnicity recorded
MIN_EACH = 10  # searches of the group, and of the others, in daylight and in darkness each
SPLINE_DF = 4  # natural cubic spline of clock time (minutes after midnight)


class VeilSampleTooSmall(OpenPeelError):
    code = "veil_sample_too_small"


@dataclass(frozen=True)
class VeilResult:
    force_id: str
    group: str
    window: tuple[str, str]  # clock times, UK time
    searches: int  # in the window, light or dark, ethnicity known
    light: int
    dark: int
    group_light: int
    group_dark: int
    odds_ratio: float  # darkness against daylight, clock time held fixed
    low: float
    high: float
    p_value: float
    between_sunset_and_dusk: int  # left out
    completeness: comp.Completeness

    @property
    def share_light(self) -> float:
        return self.group_light / self.light

    @property
    def share_dark(self) -> float:
        return self.group_dark / self.dark

    def reading(self) -> str:
        if self.high < 1:
            return (
                f"{self.group} people made up a smaller share of searches after dark than in daylight at the "
                "same clock time: consistent with bias in daylight searches."
            )
        if self.low > 1:
            return f"{self.group} people made up a larger share of searches after dark than in daylight."
        return "No significant difference between daylight and darkness at the same clock time."


@cache
def force_location(force_id: str) -> tuple[float, float]:
    """(latitude, longitude) of the centroid of the force area's polygons (area-weighted, in degrees: a few
    kilometres of error move sunset by seconds)."""
    force = get_force(force_id)
    try:
        features = json.loads(BOUNDARIES.read_text(encoding="utf-8"))["features"]
        geometry = next(f["geometry"] for f in features if f["properties"]["PFA20CD"] == force.pfa_code)
    except StopIteration:
        raise DataFileError(BOUNDARIES, f"no boundary for {force.id}", value=force.pfa_code) from None
    except (OSError, ValueError, KeyError) as e:
        raise DataFileError(BOUNDARIES, f"unreadable boundaries: {e}") from None
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    area = cx = cy = 0.0
    for polygon in polygons:
        for i, ring in enumerate(polygon):
            x, y = np.array([p[0] for p in ring]), np.array([p[1] for p in ring])
            cross = x * np.roll(y, -1) - np.roll(x, -1) * y
            a = cross.sum() / 2
            sign = 1 if i == 0 else -1  # holes take away
            area += sign * abs(a)
            cx += sign * abs(a) * ((x + np.roll(x, -1)) * cross).sum() / (6 * a)
            cy += sign * abs(a) * ((y + np.roll(y, -1)) * cross).sum() / (6 * a)
    return float(cy / area), float(cx / area)


def twilight(lat: float, lon: float, day: date) -> tuple[datetime, datetime]:
    """Sunset and the end of civil twilight (dusk) on a day, in UTC."""
    s = sun(Observer(lat, lon), date=day, tzinfo=UTC)
    return s["sunset"], s["dusk"]


def _minutes(t: datetime) -> float:
    local = t.astimezone(UK)
    return local.hour * 60 + local.minute + local.second / 60


def classify(searched_at: pd.Series, lat: float, lon: float) -> pd.DataFrame:
    """For each search (UTC times): its UK clock time in minutes, and light, dark or twilight; and whether it is
    in the inter-twilight window (between the earliest and latest dusk clock time of the dates searched)."""
    times = pd.to_datetime(searched_at, utc=True)
    days = times.dt.tz_convert(UK).dt.date
    edges = {d: twilight(lat, lon, d) for d in days.unique()}
    sunset = days.map(lambda d: edges[d][0])
    dusk = days.map(lambda d: edges[d][1])
    dusk_clock = dusk.map(_minutes)
    clock = times.map(_minutes)
    state = np.where(
        times < pd.to_datetime(sunset, utc=True),
        "light",
        np.where(times >= pd.to_datetime(dusk, utc=True), "dark", "twilight"),
    )
    window = (clock >= dusk_clock.min()) & (clock <= dusk_clock.max())
    return pd.DataFrame({"clock": clock, "state": state, "in_window": window})


def veil_test(frame: pd.DataFrame, group: str, force_id: str, completeness: comp.Completeness) -> VeilResult:
    """The test on searches with columns searched_at (UTC) and g (broad group), at the force's location."""
    lat, lon = force_location(force_id)
    known = frame[frame["g"] != MISSING].reset_index(drop=True)
    if known.empty:
        raise VeilSampleTooSmall(f"veil of darkness, {force_id}: no searches with ethnicity and a recorded time")
    c = classify(known["searched_at"], lat, lon)
    data = pd.DataFrame({"y": (known["g"] == group).astype(int), "clock": c["clock"], "state": c["state"]})
    data = data[c["in_window"]]
    twilight_n = int((data["state"] == "twilight").sum())
    data = data[data["state"] != "twilight"].assign(dark=lambda d: (d["state"] == "dark").astype(int))
    light, dark = data[data.dark == 0], data[data.dark == 1]
    cells = {
        "group in daylight": light.y.sum(),
        "group after dark": dark.y.sum(),
        "others in daylight": len(light) - light.y.sum(),
        "others after dark": len(dark) - dark.y.sum(),
    }
    thin = [f"{k} {v}" for k, v in cells.items() if v < MIN_EACH]
    if len(data) < MIN_SEARCHES or thin:
        raise VeilSampleTooSmall(
            f"veil of darkness, {force_id}, {group}: too few searches to test ({len(data)} in the inter-twilight "
            f"window, {MIN_SEARCHES} needed, and at least {MIN_EACH} in each cell"
            + (f"; {', '.join(thin)}" if thin else "")
            + ")"
        )
    try:
        fit = smf.logit(f"y ~ dark + cr(clock, df={SPLINE_DF})", data).fit(disp=False)
    except np.linalg.LinAlgError as e:
        raise VeilSampleTooSmall(f"veil of darkness, {force_id}: the model cannot be fitted ({e})") from None
    low, high = np.exp(fit.conf_int().loc["dark"])
    lo_clock, hi_clock = data.clock.min(), data.clock.max()
    return VeilResult(
        force_id=force_id,
        group=group,
        window=(_clock(lo_clock), _clock(hi_clock)),
        searches=len(data),
        light=len(light),
        dark=len(dark),
        group_light=int(light.y.sum()),
        group_dark=int(dark.y.sum()),
        odds_ratio=float(np.exp(fit.params["dark"])),
        low=float(low),
        high=float(high),
        p_value=float(fit.pvalues["dark"]),
        between_sunset_and_dusk=twilight_n,
        completeness=completeness,
    )


def _clock(minutes: float) -> str:
    return f"{int(minutes // 60):02d}:{int(minutes % 60):02d}"


def veil(con: duckdb.DuckDBPyConnection, force: str, group: str = "Black") -> VeilResult:
    """The test for a force's searches in the warehouse, every month whose times were recorded."""
    force = get_force(force)
    if group not in GROUPS or group == "White":
        raise OpenPeelError(f"veil of darkness: group must be one of {', '.join(g for g in GROUPS if g != 'White')}")
    months = comp.by_month(con, [force.id])
    timed = [m for (f, m), c in months.items() if c.times_recorded]
    if not months:
        raise comp.NoSearchesError(f"no police.uk stop and search rows for {force.id} in the warehouse")
    frame = con.execute(
        f"SELECT searched_at, {group_sql('self_defined_ethnicity')} AS g FROM stop_search "
        "WHERE force_id = ? AND month IN (SELECT unnest(?))",
        [force.id, timed],
    ).df()
    return veil_test(frame, group, force.id, comp.summed(months, list(months)))
