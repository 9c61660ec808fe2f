"""The published PEEL record: what the inspectorate published about each force in each cycle (grades per
area, amendments, causes of concern), every fact with its source. A documented file format (CSV or YAML,
docs/record.md), a typed loader, the warehouse tables and what the web side reads. Never imports Django."""

from openpeel.record.loader import load_record
from openpeel.record.model import COLUMNS, FORMAT, Record
from openpeel.record.read import CycleGrades, PublishedReport, cycle_grades, force_history
from openpeel.record.store import ImportResult, bundled_record_path, import_record

__all__ = [
    "COLUMNS",
    "FORMAT",
    "CycleGrades",
    "ImportResult",
    "PublishedReport",
    "Record",
    "bundled_record_path",
    "cycle_grades",
    "force_history",
    "import_record",
    "load_record",
]
