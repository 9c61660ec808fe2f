"""Read a published-record file (CSV or YAML, docs/record.md) and check every fact against the force
registry and the framework of its cycle.

Both layouts become the same rows (one per fact, the CSV's columns) so one set of rules checks them. The
first broken rule stops the load with a RecordFileError naming the file, line, column, value and rule.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

import yaml

from openpeel.errors import (
    FrameworkLookupError,
    RecordFileError,
    UnknownForceError,
    UnknownFrameworkError,
)
from openpeel.forces import get_force
from openpeel.frameworks import Framework, all_frameworks, load_framework
from openpeel.record.model import (
    CAUSE_STATUSES,
    COLUMNS,
    COMMON,
    FACT_COLUMNS,
    FORMAT,
    Amendment,
    CauseFact,
    GradeFact,
    Record,
    ReportFact,
    partial_date_problem,
    url_problem,
)


@dataclass
class Row:
    """One fact as written: its cells by column, and the line each cell is on (a CSV row is one line; in
    YAML a grade's force and cycle are on the lines of the report that holds it)."""

    line: int
    cells: dict[str, str]
    lines: dict[str, int] = field(default_factory=dict)

    def get(self, column: str) -> str:
        return self.cells.get(column, "").strip()

    def line_of(self, column: str) -> int:
        return self.lines.get(column, self.line)


def load_record(path: str | Path) -> Record:
    """The checked record in `path` (.csv, .yaml or .yml)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise RecordFileError(path, "file not found", line=None, column=None) from None
    except OSError as e:
        raise RecordFileError(path, f"cannot be read ({e.strerror or e})", line=None, column=None) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise RecordFileError(path, f"is not UTF-8 text (byte {e.start})", line=None, column=None) from None
    if path.suffix.lower() == ".csv":
        rows = _csv_rows(path, text)
    elif path.suffix.lower() in (".yaml", ".yml"):
        rows = _yaml_rows(path, text)
    else:
        raise RecordFileError(path, "a record file ends in .csv, .yaml or .yml", line=None, column=None)
    reports = _Checker(path).check(rows)
    return Record(path=str(path), sha256=hashlib.sha256(raw).hexdigest(), reports=reports)


# --- CSV ----------------------------------------------------------------------------------------------------


def _csv_rows(path: Path, text: str) -> list[Row]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise RecordFileError(path, f"is empty; expected the header {','.join(COLUMNS)}", line=1, column=None) from None
    header = [h.strip() for h in header]
    for h in header:
        if h not in COLUMNS:
            raise RecordFileError(
                path, f"is not a column of {FORMAT}; its columns are: {', '.join(COLUMNS)}", line=1, column=h, value=h
            )
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise RecordFileError(path, f"the header lacks the column(s) {', '.join(missing)}", line=1, column=missing[0])
    if len(set(header)) != len(header):
        twice = next(h for h in header if header.count(h) > 1)
        raise RecordFileError(path, "the header names this column twice", line=1, column=twice, value=twice)
    rows = []
    for values in reader:
        line = reader.line_num
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(header):
            raise RecordFileError(
                path, f"has {len(values)} cells; the header has {len(header)}", line=line, column=None
            )
        rows.append(Row(line, dict(zip(header, values, strict=True))))
    return rows


# --- YAML ---------------------------------------------------------------------------------------------------

_REPORT_KEYS = ("force", "cycle", "published", "report_url", "source_url", "note", "grades", "causes")


def _yaml_rows(path: Path, text: str) -> list[Row]:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise RecordFileError(
            path, f"is not valid YAML: {problem}", line=mark.line + 1 if mark else None, column=None
        ) from None
    top = _mapping(path, root, "the file", {"format", "reports"})
    fmt = top.get("format")
    if fmt is None or _scalar(path, fmt[1], "format") != FORMAT:
        line = fmt[1].start_mark.line + 1 if fmt else 1
        value = fmt[1].value if fmt else None
        raise RecordFileError(
            path, f"a record file starts with 'format: {FORMAT}'", line=line, column="format", value=value
        )
    reports = top.get("reports")
    if reports is None or not isinstance(reports[1], yaml.SequenceNode):
        raise RecordFileError(path, "must hold a list 'reports:'", line=_line(reports, 1), column="reports")
    rows = []
    for item in reports[1].value:
        report = _mapping(path, item, "a report", set(_REPORT_KEYS))
        base = {k: report[k] for k in ("force", "cycle") if k in report}
        rows.append(_row(path, item, "report", {k: v for k, v in report.items() if k not in ("grades", "causes")}))
        for key, fact in (("grades", "grade"), ("causes", "cause")):
            if key not in report:
                continue
            seq = report[key][1]
            if not isinstance(seq, yaml.SequenceNode):
                raise RecordFileError(path, f"'{key}' must be a list", line=seq.start_mark.line + 1, column=key)
            allowed = set(FACT_COLUMNS[fact]) | {"source_url", "note"}
            for node in seq.value:
                cells = _mapping(path, node, f"a {fact}", allowed)
                rows.append(_row(path, node, fact, {**base, **cells}))
    return rows


def _row(path: Path, node, fact: str, cells: dict) -> Row:
    values = {"fact": fact}
    lines = {"fact": node.start_mark.line + 1}
    for column, (_key, value_node) in cells.items():
        values[column] = _scalar(path, value_node, column)
        lines[column] = value_node.start_mark.line + 1
    return Row(node.start_mark.line + 1, values, lines)


def _mapping(path: Path, node, what: str, allowed: set[str]) -> dict:
    if not isinstance(node, yaml.MappingNode):
        raise RecordFileError(
            path, f"{what} must be a mapping of key: value lines", line=_line((None, node)), column=None
        )
    out = {}
    for key_node, value_node in node.value:
        key = key_node.value
        if key not in allowed:
            raise RecordFileError(
                path,
                f"is not a field of {what}; allowed: {', '.join(sorted(allowed))}",
                line=key_node.start_mark.line + 1,
                column=key,
                value=key,
            )
        if key in out:
            raise RecordFileError(path, "the key appears twice", line=key_node.start_mark.line + 1, column=key)
        out[key] = (key_node, value_node)
    return out


def _scalar(path: Path, node, column: str) -> str:
    """A cell's text; a list of web addresses (source_url) is joined with spaces, as in the CSV."""
    if isinstance(node, yaml.ScalarNode):
        return node.value
    if column.endswith("source_url") and isinstance(node, yaml.SequenceNode):
        if all(isinstance(n, yaml.ScalarNode) for n in node.value):
            return " ".join(n.value for n in node.value)
    raise RecordFileError(path, "must be a single value", line=node.start_mark.line + 1, column=column)


def _line(pair, default: int | None = None) -> int | None:
    return pair[1].start_mark.line + 1 if pair and pair[1] is not None else default


# --- the rules ----------------------------------------------------------------------------------------------


class _Checker:
    """Checks rows in file order and gathers them into reports."""

    def __init__(self, path: Path):
        self.path = path
        self.reports: dict[tuple[str, str], dict] = {}  # (force, cycle) -> report row and its facts
        self.pending: list[tuple[Row, str, str]] = []  # grade and cause rows, checked once reports are known

    def fail(self, row: Row, column: str | None, rule: str, value: str | None = None) -> NoReturn:
        """Stop at this cell: the file, its line, the column, the value in it (or `value`) and the rule."""
        if value is None and column:
            value = row.get(column) or None
        line = row.line_of(column) if column else row.line
        raise RecordFileError(self.path, rule, line=line, column=column, value=value)

    def check(self, rows: list[Row]) -> tuple[ReportFact, ...]:
        for row in rows:
            fact = row.get("fact")
            if fact not in FACT_COLUMNS:
                self.fail(row, "fact", f"a fact is one of: {', '.join(FACT_COLUMNS)}")
            for column in COLUMNS:
                if row.get(column) and column not in COMMON and column not in FACT_COLUMNS[fact]:
                    self.fail(row, column, f"does not apply to a {fact} row (it belongs to a row of another fact)")
            force_id, framework = self._force(row), self._framework(row)
            self._sources(row, "source_url", required=True)
            if fact == "report":
                self._report(row, force_id, framework)
            else:
                self.pending.append((row, force_id, framework.id))
        for row, force_id, framework_id in self.pending:
            report = self.reports.get((force_id, framework_id))
            if report is None:
                self.fail(
                    row, "cycle", f"no report row for {force_id} in {framework_id}: a {row.get('fact')} belongs to "
                    "a report, so the file needs one row with fact 'report' for that force and cycle"
                )  # fmt: skip
            if row.get("fact") == "grade":
                self._grade(row, report)
            else:
                self._cause(row, report)
        return tuple(
            ReportFact(**r["fields"], grades=tuple(r["grades"]), causes=tuple(r["causes"]))
            for r in self.reports.values()
        )

    # --- cells common to every fact ---

    def _force(self, row: Row) -> str:
        name = row.get("force")
        if not name:
            self.fail(row, "force", "every row names its force")
        try:
            return get_force(name).id
        except UnknownForceError as e:
            unknown = e
        self.fail(row, "force", f"unknown force: {unknown}")

    def _framework(self, row: Row) -> Framework:
        cycle = row.get("cycle")
        if not cycle:
            self.fail(row, "cycle", "every row names its cycle (a framework id, as `openpeel frameworks list`)")
        try:
            return load_framework(cycle)
        except UnknownFrameworkError as e:
            unknown = e
        self.fail(row, "cycle", f"unknown cycle: {unknown}")

    def _sources(self, row: Row, column: str, *, required: bool) -> tuple[str, ...]:
        urls = tuple(row.get(column).split())
        if required and not urls:
            self.fail(row, column, "missing source link: every fact needs the address of a source that states it")
        for url in urls:
            problem = url_problem(url)
            if problem:
                self.fail(row, column, problem, url)
        return urls

    def _date(self, row: Row, column: str) -> str | None:
        text = row.get(column)
        if not text:
            return None
        problem = partial_date_problem(text)
        if problem:
            self.fail(row, column, problem)
        return text

    # --- each fact ---

    def _report(self, row: Row, force_id: str, framework: Framework) -> None:
        key = (force_id, framework.id)
        if key in self.reports:
            first = self.reports[key]["fields"]["line"]
            self.fail(
                row, "force", f"a second report row for {force_id} in {framework.id} (the first is on line {first})"
            )
        report_url = row.get("report_url") or None
        if report_url and url_problem(report_url):
            self.fail(row, "report_url", url_problem(report_url) or "")
        fields = {
            "force_id": force_id,
            "framework_id": framework.id,
            "published": self._date(row, "published"),
            "report_url": report_url,
            "sources": self._sources(row, "source_url", required=True),
            "note": row.get("note") or None,
            "line": row.line,
        }
        self.reports[key] = {"fields": fields, "framework": framework, "grades": [], "causes": []}

    def _area(self, row: Row, framework: Framework, *, required: bool):
        area_id = row.get("area")
        if not area_id:
            if required:
                self.fail(row, "area", f"a grade names its area: one of {', '.join(_gradable(framework))}")
            return None
        node = _node_or_none(framework, area_id)
        if node is None:
            elsewhere = [f.id for f in all_frameworks() if f.id != framework.id and area_id in _node_ids(f)]
            if elsewhere:
                self.fail(
                    row, "area", f"is an area of {', '.join(elsewhere)}, not of {framework.id}: an area of one cycle "
                    "cannot be given to another (the questions changed between cycles)"
                )  # fmt: skip
            self.fail(row, "area", f"unknown area: {framework.id} has no area {area_id!r}; its areas are "
                      f"{', '.join(a.id for a in framework.areas)}")  # fmt: skip
        if node.kind == "characteristic":
            self.fail(
                row, "area", f"is a characteristic of good performance in {framework.id}, never graded on its own"
            )
        return node

    def _grade_id(self, row: Row, framework: Framework, column: str) -> str:
        text = row.get(column)
        if not text:
            self.fail(row, column, "a grade row gives the grade")
        for grade in framework.grades():
            if text.lower() in (grade.id.lower(), grade.label.lower()):
                return grade.id
        labels = ", ".join(g.label for g in framework.grades())
        self.fail(row, column, f"not a grade on the scale of {framework.id}: its grades are {labels}")

    def _grade(self, row: Row, report: dict) -> None:
        framework: Framework = report["framework"]
        node = self._area(row, framework, required=True)
        if not node.graded:
            self.fail(row, "area", f"{node.title!r} is not graded in {framework.id}, so it has no grade to record")
        for other in report["grades"]:
            if other.area_id == node.id:
                self.fail(
                    row, "area", f"a second grade for this area in this report (the first is on line {other.line})"
                )
        grade_id = self._grade_id(row, framework, "grade")
        amendment = None
        if row.get("amended_grade") or row.get("amended_on") or row.get("amendment_source_url"):
            if not row.get("amended_on"):
                self.fail(row, "amended_on", "an amended grade needs the date the inspectorate changed it")
            amendment = Amendment(
                grade_id=self._grade_id(row, framework, "amended_grade"),
                on=self._date(row, "amended_on"),  # type: ignore[arg-type]  # required: checked above
                sources=self._sources(row, "amendment_source_url", required=True),
            )
        report["grades"].append(
            GradeFact(
                area_id=node.id,
                grade_id=grade_id,
                sources=self._sources(row, "source_url", required=True),
                amendment=amendment,
                note=row.get("note") or None,
                line=row.line,
            )
        )

    def _cause(self, row: Row, report: dict) -> None:
        framework: Framework = report["framework"]
        node = self._area(row, framework, required=False)
        text = row.get("cause")
        if not text:
            self.fail(row, "cause", "a cause of concern row says what the cause is about")
        status = row.get("status")
        if status not in CAUSE_STATUSES:
            self.fail(row, "status", f"the status of a cause of concern is one of: {', '.join(CAUSE_STATUSES)}")
        closed_on = self._date(row, "closed_on")
        if closed_on and status != "closed":
            self.fail(row, "closed_on", f"a cause whose status is {status!r} has no closing date")
        report["causes"].append(
            CauseFact(
                area_id=node.id if node else None,
                text=text,
                raised_on=self._date(row, "raised_on"),
                status=status,  # type: ignore[arg-type]  # one of STATUSES, checked above
                closed_on=closed_on,
                sources=self._sources(row, "source_url", required=True),
                note=row.get("note") or None,
                line=row.line,
            )
        )


def _node_or_none(framework: Framework, node_id: str):
    try:
        return framework.node(node_id)
    except FrameworkLookupError:
        return None


def _gradable(framework: Framework) -> list[str]:
    return [a.id for a in framework.areas if a.graded]


def _node_ids(framework: Framework) -> set[str]:
    return {node.id for node, _ in framework.walk() if node.kind != "characteristic"}
