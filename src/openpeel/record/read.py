"""What the web side reads of the published record: a force's history cycle by cycle, and every force's
grades for one cycle. Plain data with each grade's sources; grades of different cycles are never compared.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from openpeel.forces import all_forces, get_force
from openpeel.frameworks import load_framework


@dataclass(frozen=True)
class PublishedGrade:
    area_id: str
    area_title: str
    grade: str  # label as it stands (the amended one where the inspectorate changed it)
    first_published: str  # label as first published
    amended_on: str | None
    sources: tuple[str, ...]
    amendment_sources: tuple[str, ...]
    note: str | None

    @property
    def amended(self) -> bool:
        return self.amended_on is not None


@dataclass(frozen=True)
class PublishedCause:
    area_id: str | None
    text: str
    raised_on: str | None
    status: str
    closed_on: str | None
    sources: tuple[str, ...]
    note: str | None


@dataclass(frozen=True)
class PublishedReport:
    force_id: str
    framework_id: str
    framework_title: str
    published: str | None
    report_url: str | None
    sources: tuple[str, ...]
    note: str | None
    grades: tuple[PublishedGrade, ...]  # in the framework's own order
    causes: tuple[PublishedCause, ...]


@dataclass(frozen=True)
class ForceGrades:
    force_id: str
    force_name: str
    report: PublishedReport | None  # None: nothing of this force's report for the cycle is loaded

    @property
    def loaded(self) -> bool:
        """Grades are loaded for this force (a report row with no grade is not counted as loaded)."""
        return bool(self.report and self.report.grades)


@dataclass(frozen=True)
class CycleGrades:
    framework_id: str
    forces: tuple[ForceGrades, ...]  # the 43 territorial forces, by name

    @property
    def loaded(self) -> int:
        return sum(f.loaded for f in self.forces)

    @property
    def of(self) -> int:
        return len(self.forces)

    def caption(self) -> str:
        """'grades loaded for 30 of 43 forces': a force without grades is not loaded, never zero."""
        return f"grades loaded for {self.loaded} of {self.of} forces"


def _has_record(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(
        con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'record_report'").fetchone()[0]  # type: ignore[index]
    )


def _reports(con: duckdb.DuckDBPyConnection, where: str, params: list) -> list[PublishedReport]:
    if not _has_record(con):
        return []
    rows = con.execute(
        f"SELECT force_id, framework_id, published, report_url, sources, note FROM record_report WHERE {where}",
        params,
    ).fetchall()
    out = []
    for force_id, framework_id, published, report_url, sources, note in rows:
        framework = load_framework(framework_id)
        key = [force_id, framework_id]
        stored = {
            area_id: rest
            for area_id, *rest in con.execute(
                "SELECT area_id, grade_id, amended_grade_id, amended_on, sources, amendment_sources, note "
                "FROM record_grade WHERE force_id = ? AND framework_id = ?",
                key,
            ).fetchall()
        }
        grades = []
        for node, _ in framework.walk():  # the framework's own order
            if node.id not in stored:
                continue
            grade_id, amended_id, amended_on, g_sources, a_sources, g_note = stored[node.id]
            grades.append(
                PublishedGrade(
                    area_id=node.id,
                    area_title=node.title,
                    grade=framework.grade(amended_id or grade_id).label,
                    first_published=framework.grade(grade_id).label,
                    amended_on=amended_on,
                    sources=tuple(g_sources),
                    amendment_sources=tuple(a_sources or ()),
                    note=g_note,
                )
            )
        causes = tuple(
            PublishedCause(area, text, raised, status, closed, tuple(c_sources), c_note)
            for area, text, raised, status, closed, c_sources, c_note in con.execute(
                "SELECT area_id, text, raised_on, status, closed_on, sources, note FROM record_cause "
                "WHERE force_id = ? AND framework_id = ? ORDER BY line",
                key,
            ).fetchall()
        )
        out.append(
            PublishedReport(
                force_id, framework_id, framework.title, published, report_url, tuple(sources), note,
                tuple(grades), causes,
            )
        )  # fmt: skip
    return out


def force_history(con: duckdb.DuckDBPyConnection, force: str) -> list[PublishedReport]:
    """A force's published reports, oldest cycle first (any name the registry knows)."""
    force_id = get_force(force).id
    reports = _reports(con, "force_id = ?", [force_id])
    return sorted(reports, key=lambda r: (load_framework(r.framework_id).start_year, r.framework_id))


def cycle_grades(con: duckdb.DuckDBPyConnection, framework_id: str) -> CycleGrades:
    """Every territorial force's published report in one cycle, or None where none is loaded."""
    load_framework(framework_id)  # an unknown cycle is an error, not an empty page
    by_force = {r.force_id: r for r in _reports(con, "framework_id = ?", [framework_id])}
    forces = sorted(all_forces(territorial_only=True), key=lambda f: f.name)  # the registry checks there are 43
    return CycleGrades(framework_id, tuple(ForceGrades(f.id, f.name, by_force.get(f.id)) for f in forces))


def cycles_loaded(con: duckdb.DuckDBPyConnection) -> list[tuple[str, int, int]]:
    """(cycle, reports, grades) for each cycle the warehouse holds, oldest first."""
    if not _has_record(con):
        return []
    rows = con.execute(
        "SELECT r.framework_id, count(DISTINCT r.force_id), "
        "(SELECT count(*) FROM record_grade g WHERE g.framework_id = r.framework_id) "
        "FROM record_report r GROUP BY r.framework_id"
    ).fetchall()
    return sorted(rows, key=lambda r: load_framework(r[0]).start_year)
