"""SPC signals on the indicators behind tracked items: read from the warehouse's assessment (never planted
in the workflow database), noted when first seen, and listed in a weekly digest of the new ones."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import duckdb
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from openpeel.errors import OpenPeelError, WarehouseError
from openpeel.forces import get_force
from openpeel.indicators.catalogue import catalogue
from openpeel.indicators.read import SignalRun, signal_runs
from openpeel.monitoring.errors import DigestWeekError
from openpeel.monitoring.models import SignalSighting, TrackedItem
from openpeel.warehouse import connect

# A signal is new only in the newest data: it reaches its series' latest period, and that period is recent
# when the signal is first seen (police.uk and Home Office data arrive within a quarter or two). Older data
# loaded now (a first load, a back-fill) is recorded but not new.
FRESH_MONTHS = 6

RULE_WORDS = {
    "beyond_limit": "a month outside normal month-to-month variation",
    "run": "7 or more months in a row on the same side of the average",
    "trend": "7 or more months in a row rising or falling",
    "two_of_three": "2 of 3 months near the edge of normal variation",
}
DIRECTION_WORDS = {"deterioration": "Getting worse", "improvement": "Getting better"}


def describe(run: SignalRun | SignalSighting) -> str:
    """'Getting worse: 7 or more months in a row on the same side of the average, March 2019 to December 2019'."""
    start, end = (run.start, run.end) if isinstance(run, SignalRun) else (run.start_period, run.end_period)
    when = f"{start:%B %Y}" if start == end else f"{start:%B %Y} to {end:%B %Y}"
    direction = DIRECTION_WORDS.get(run.direction, run.direction.capitalize())
    caveat = " (limits still provisional: few months yet)" if getattr(run, "provisional", False) else ""
    return f"{direction}: {RULE_WORDS.get(run.rule, run.rule.replace('_', ' '))}, {when}{caveat}"


def chart_url(force_id: str, indicator_id: str) -> str:
    """The force's page for the indicator: its figure and its months, with normal variation marked."""
    return reverse("force-indicator", kwargs={"force_id": force_id, "indicator_id": indicator_id})


@dataclass
class Signals:
    """What the warehouse says, or why it cannot be asked (the pages still show the items without it)."""

    runs: list[SignalRun] = field(default_factory=list)
    problem: str | None = None

    def for_item(self, item: TrackedItem) -> list[SignalRun]:
        return [r for r in self.runs if r.force_id == item.force_id and r.indicator_id in item.indicator_ids]


def read_signals(
    force_ids: list[str] | None = None,
    indicator_ids: list[str] | None = None,
    con: duckdb.DuckDBPyConnection | None = None,
) -> Signals:
    """The signals of the configured warehouse (OPENPEEL_WAREHOUSE), or a Signals saying why there are none."""
    own = con is None
    try:
        con = con or connect(read_only=True)
    except WarehouseError as e:
        return Signals(problem=str(e))
    try:
        return Signals(signal_runs(con, force_ids, indicator_ids))
    finally:
        if own:
            con.close()


def record_sightings(runs: list[SignalRun], now: dt.datetime | None = None) -> list[SignalSighting]:
    """Note each signal the first time it is seen (a signal is its force, indicator, rule, direction and
    first period, so a run that grows stays the same signal); returns the ones seen for the first time. A
    signal that does not reach its series' latest period when first seen was in older data (a first load of
    years of data, a back-fill), or whose latest period is more than FRESH_MONTHS before it is first seen, was
    in older data: it is recorded with new_in_data False, and no digest calls it new."""
    now = now or timezone.now()
    new = []
    with transaction.atomic():
        for run in runs:
            key = dict(
                force_id=run.force_id, indicator_id=run.indicator_id, rule=run.rule, direction=run.direction,
                start_period=run.start,
            )  # fmt: skip
            seen = SignalSighting.objects.filter(**key).first()
            if seen is None:
                new.append(
                    SignalSighting.objects.create(
                        **key, end_period=run.end, first_seen=now, last_seen=now, new_in_data=_fresh(run, now)
                    )
                )
            else:
                seen.end_period, seen.last_seen = run.end, now
                seen.save(update_fields=["end_period", "last_seen"])
    return new


def _fresh(run: SignalRun, now: dt.datetime) -> bool:
    """Whether the signal is in the newest data: it reaches its series' latest period, a recent one."""
    day = timezone.localtime(now).date() if timezone.is_aware(now) else now.date()
    age = (day.year - run.end.year) * 12 + day.month - run.end.month
    return run.current and age <= FRESH_MONTHS


# --- the weekly digest --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Week:
    """An ISO week (Monday to Sunday), UK time."""

    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> Week:
        try:
            monday = dt.datetime.strptime(text + "-1", "%G-W%V-%u").date()
        except ValueError:
            raise DigestWeekError(
                f"A digest week is written like 2025-W07 (ISO year and week), not {text!r}."
            ) from None
        return cls.of(monday)

    @classmethod
    def of(cls, day: dt.date) -> Week:
        year, number, _ = day.isocalendar()
        return cls(year, number)

    @property
    def monday(self) -> dt.date:
        return dt.date.fromisocalendar(self.year, self.number, 1)

    @property
    def sunday(self) -> dt.date:
        return self.monday + dt.timedelta(days=6)

    @property
    def previous(self) -> Week:
        return Week.of(self.monday - dt.timedelta(days=7))

    @property
    def next(self) -> Week:
        return Week.of(self.monday + dt.timedelta(days=7))

    def __str__(self) -> str:
        return f"{self.year}-W{self.number:02d}"

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        zone = timezone.get_current_timezone()
        start = dt.datetime.combine(self.monday, dt.time(), zone)
        return start, dt.datetime.combine(self.monday + dt.timedelta(days=7), dt.time(), zone)


@dataclass(frozen=True)
class DigestEntry:
    sighting: SignalSighting
    force_name: str
    indicator_title: str
    words: str
    url: str
    items: list[TrackedItem]  # tracked items linked to the indicator at that force


def digest(week: Week, new: bool = True) -> list[DigestEntry]:
    """Every signal that first appeared in the data in the week (first seen then, and reaching the latest
    period of its series). Deteriorations first. new=False: the signals first seen that week in older data,
    listed apart and never as new."""
    start, end = week.bounds()
    sightings = SignalSighting.objects.filter(first_seen__gte=start, first_seen__lt=end, new_in_data=new)
    titles = {i.id: i.title for i in catalogue().values()}
    open_items = list(TrackedItem.objects.filter(force_id__in={s.force_id for s in sightings}))
    entries = []
    for s in sightings:
        try:
            force_name = get_force(s.force_id).name
        except OpenPeelError:
            force_name = s.force_id
        linked = [i for i in open_items if i.force_id == s.force_id and s.indicator_id in i.indicator_ids]
        entries.append(
            DigestEntry(s, force_name, titles.get(s.indicator_id, s.indicator_id), describe(s),
                        chart_url(s.force_id, s.indicator_id), linked)
        )  # fmt: skip
    return sorted(entries, key=lambda e: (e.sighting.direction != "deterioration", e.force_name, e.indicator_title))


def digest_text(
    week: Week, entries: list[DigestEntry], base_url: str = "", earlier: list[DigestEntry] | tuple[()] = ()
) -> str:
    """The digest as plain text, for email or the record."""
    lines = [
        f"openpeel signal digest, week {week} ({week.monday:%d %B %Y} to {week.sunday:%d %B %Y})",
        f"{len(entries)} new signal{'s' if len(entries) != 1 else ''} (first seen this week, in the newest data).",
        "",
    ]
    for e in entries:
        lines.append(f"- {e.force_name}: {e.indicator_title}")
        lines.append(f"  {e.words}")
        lines.append(f"  Chart: {base_url}{e.url}")
        for item in e.items:
            lines.append(
                f"  Linked {item.get_kind_display().lower()}: {item.text} ({item.get_status_display().lower()})"
            )
    if earlier:
        count = f"{len(earlier)} signal{'s' if len(earlier) != 1 else ''}"
        lines += ["", f"{count} in older data, first recorded this week (not new: each ended before the latest "
                  "period of its series):"]  # fmt: skip
        for e in earlier:  # each with its chart, as on the page
            lines += [f"- {e.force_name}: {e.indicator_title}. {e.words}", f"  Chart: {base_url}{e.url}"]
    return "\n".join(lines) + "\n"
