"""One exception tree for every error a user can cause.

The CLI prints these as one line and exits 1; the web renders them as a page or a JSON error
carrying `code`. Anything else that escapes is a bug and keeps its traceback.
"""

from __future__ import annotations


class OpenPeelError(Exception):
    """Root of every user-facing error. `code` is stable: the API and tests rely on it."""

    code = "openpeel_error"


class DataFileError(OpenPeelError):
    """A bundled or user-supplied data file is malformed. Names the file, where, and the rule broken."""

    code = "data_file_invalid"
    field_word = "field"  # how the message names the place in a row: a record file says "column"

    def __init__(
        self, path: object, problem: str, *, field: str | None = None, line: int | None = None, value: object = None
    ):
        self.path, self.problem, self.field, self.line, self.value = path, problem, field, line, value
        where = str(path)
        if line is not None:
            where += f", line {line}"
        if field:
            where += f", {self.field_word} {field!r}"
        if value is not None:
            where += f", value {value!r}"
        super().__init__(f"{where}: {problem}")

    @classmethod
    def from_yaml(cls, path: object, error: Exception) -> DataFileError:
        """A YAML parser's error as one line: its problem and line, without the parser's multi-line excerpt."""
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        if isinstance(error, UnicodeDecodeError):
            problem = f"is not UTF-8 text (byte {error.start})"
        elif mark is not None:
            problem = f"is not valid YAML: {problem} (column {mark.column + 1})"
        else:
            problem = f"is not valid YAML: {problem}"
        return cls(path, problem, line=mark.line + 1 if mark is not None else None)


class UnknownForceError(OpenPeelError):
    code = "unknown_force"

    def __init__(self, name: str, suggestions: list[str]):
        self.name, self.suggestions = name, suggestions
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"No police force is known as {name!r}.{hint}")


class UnknownFrameworkError(OpenPeelError):
    code = "unknown_framework"


class FrameworkLookupError(OpenPeelError):
    """Asked a framework for a node or grade it does not have (or a sentence for an ungraded node)."""

    code = "framework_lookup"


class IncomparableGradesError(OpenPeelError):
    """Grades from different PEEL framework versions cannot be compared (the inspectorate says so)."""

    code = "incomparable_grades"


class IngestError(OpenPeelError):
    code = "ingest_failed"


class FetchError(OpenPeelError):
    """A download that cannot be used (not published, cut short, not what was asked for). Names the URL."""

    code = "fetch_failed"


class WarehouseError(OpenPeelError):
    code = "warehouse_error"


class SparkNotInstalledError(OpenPeelError):
    """Spark is an optional extra (the demo and the DuckDB engine need none of it): say how to add it."""

    code = "spark_not_installed"

    def __init__(self) -> None:
        super().__init__("Spark is not installed: pip install 'openpeel[spark]'")


class RecordFileError(DataFileError):
    """A published-record file (docs/record.md) broke a rule. Names the file, line, column, value and rule,
    so the person fixing it can go straight to the cell."""

    code = "record_invalid"
    field_word = "column"

    def __init__(self, path: object, rule: str, *, line: int | None, column: str | None, value: object = None):
        super().__init__(path, rule, field=column, line=line, value=value)
        self.column, self.rule = column, rule
