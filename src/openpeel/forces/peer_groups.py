"""Peer groups of similar forces, derived by openpeel from bundled 2011 Census and ONS boundary data.

The Home Office's own most similar groups (MSGs) are not available to us, so we derive groups in the
same spirit: each force gets its own group of the 7 forces nearest to it on standardised variables
linked to crime demand. Method, sources and limits: docs/peer-groups.md.
"""

from __future__ import annotations

import csv
import functools
import json
import math
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from openpeel.errors import DataFileError, UnknownForceError
from openpeel.forces.registry import all_forces, get_force

SOURCES = Path(__file__).parent / "data" / "sources"
BOUNDARIES = SOURCES / "police_force_areas.geojson"
DEMOGRAPHICS = SOURCES / "force-demographics.csv"

GROUP_SIZE = 7  # as in the Home Office MSGs: a force and its seven most similar forces
LABEL = "derived by openpeel; not the Home Office most similar groups"

_ALL_RESIDENTS = "Ethnic Group: All categories: Ethnic group; measures: Value"
_WHITE_BRITISH = "Ethnic Group: White: English/Welsh/Scottish/Northern Irish/British; measures: Value"
# Radius of the sphere with the same surface area as the WGS84 ellipsoid: areas computed on it are
# within about 0.1% of ellipsoidal ones, far below what matters on a log scale.
_AUTHALIC_RADIUS_M = 6_371_007.2


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PeerVariable(_Frozen):
    key: str
    label: str
    unit: str
    transform: Literal["log", "none"]  # applied before standardising
    year: int
    source: str


VARIABLES = (
    PeerVariable(
        key="density",
        label="Population density",
        unit="residents per km²",
        transform="log",
        year=2011,
        source="2011 Census usual residents (force-demographics.csv) / area of the "
        "ONS police force area, December 2020 boundaries (police_force_areas.geojson)",
    ),
    PeerVariable(
        key="not_white_british",
        label="Residents not White British",
        unit="%",
        transform="none",
        year=2011,
        source="2011 Census ethnic group, QS201EW (force-demographics.csv)",
    ),
)


class PeerGroup(_Frozen):
    force_id: str
    members: tuple[str, ...]  # force ids, nearest first
    distances: dict[str, float]  # member id -> Euclidean distance in standard deviations
    variables: tuple[PeerVariable, ...]
    values: dict[str, dict[str, float]]  # force id (the force and each member) -> variable key -> value
    method: Literal["derived"] = "derived"
    label: str = LABEL


def peer_group(name: str) -> PeerGroup | None:
    """The derived peer group of a force (any of its names), or None for a non-territorial force (BTP)."""
    force = get_force(name)
    return all_peer_groups().get(force.id)


@functools.cache
def all_peer_groups() -> dict[str, PeerGroup]:
    """Every territorial force's peer group, computed from the bundled files once per process."""
    raw = _variable_values()
    ids = sorted(raw)
    scores: dict[str, list[float]] = {fid: [] for fid in ids}
    for var in VARIABLES:
        column = [_transform(var, raw[fid][var.key]) for fid in ids]
        mean = sum(column) / len(column)
        sd = math.sqrt(sum((x - mean) ** 2 for x in column) / len(column))
        for fid, x in zip(ids, column, strict=True):
            scores[fid].append((x - mean) / sd)
    groups = {}
    for fid in ids:
        dist = {other: math.dist(scores[fid], scores[other]) for other in ids if other != fid}
        # Rounding makes ties exact whatever the float noise, so ties always fall to the id order.
        members = sorted(dist, key=lambda other: (round(dist[other], 9), other))[:GROUP_SIZE]
        groups[fid] = PeerGroup(
            force_id=fid,
            members=tuple(members),
            variables=VARIABLES,
            distances={m: round(dist[m], 4) for m in members},
            values={f: raw[f] for f in (fid, *members)},
        )
    return groups


def _transform(var: PeerVariable, value: float) -> float:
    return math.log(value) if var.transform == "log" else value


def _variable_values() -> dict[str, dict[str, float]]:
    """Force id -> the raw value of each variable, for the 43 territorial forces."""
    area = _area_km2_by_code()
    residents = _residents_by_force()
    values = {}
    for force in all_forces(territorial_only=True):
        if force.pfa_code not in area:
            raise DataFileError(BOUNDARIES, f"no boundary for {force.id}", value=force.pfa_code)
        if force.id not in residents:
            raise DataFileError(DEMOGRAPHICS, f"no row for {force.id}")
        total, white_british = residents[force.id]
        values[force.id] = {
            "density": round(total / area[force.pfa_code], 1),
            "not_white_british": round(100 * (total - white_british) / total, 2),
        }
    return values


def _residents_by_force() -> dict[str, tuple[int, int]]:
    """Force id -> (all usual residents, White British residents), 2011 Census."""
    out = {}
    with DEMOGRAPHICS.open(encoding="utf-8", newline="") as f:
        for line, row in enumerate(csv.DictReader(f), start=2):
            try:
                force = get_force(row["PFA16NM"])
                out[force.id] = (int(row[_ALL_RESIDENTS]), int(row[_WHITE_BRITISH]))
            except (KeyError, ValueError, UnknownForceError) as e:
                raise DataFileError(DEMOGRAPHICS, f"unreadable row: {e}", line=line) from None
    return out


def _area_km2_by_code() -> dict[str, float]:
    """PFA code -> land area in km², from the generalised ONS boundaries (clipped to the coastline)."""
    try:
        features = json.loads(BOUNDARIES.read_text(encoding="utf-8"))["features"]
        return {f["properties"]["PFA20CD"]: _geometry_area_m2(f["geometry"]) / 1e6 for f in features}
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise DataFileError(BOUNDARIES, f"unreadable boundaries: {e}") from None


def _geometry_area_m2(geometry: dict[str, Any]) -> float:
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    # First ring of a polygon is its outline, the others are holes.
    return sum(_ring_area_m2(p[0]) - sum(_ring_area_m2(h) for h in p[1:]) for p in polygons)


def _ring_area_m2(ring: list[list[float]]) -> float:
    """Area of a lon/lat ring on the sphere: a trapezoid sum over its edges (the 2 cancels round a ring)."""
    total = 0.0
    for (lon1, lat1, *_), (lon2, lat2, *_) in zip(ring, ring[1:] + ring[:1], strict=True):
        total += math.radians(lon2 - lon1) * (2 + math.sin(math.radians(lat1)) + math.sin(math.radians(lat2)))
    return abs(total) * _AUTHALIC_RADIUS_M**2 / 2
