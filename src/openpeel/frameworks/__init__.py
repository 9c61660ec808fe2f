"""The PEEL inspection frameworks: one versioned YAML file per cycle, loaded into typed, validated objects.

Grades are values of a framework's own scale and carry its id: grades from different cycles cannot be
compared (the inspectorate says so), and `compare_grades` refuses to.
"""

from openpeel.errors import FrameworkLookupError
from openpeel.frameworks.loader import (
    DATA_DIR,
    all_frameworks,
    current_framework,
    known_framework_ids,
    load_framework,
    load_framework_file,
    newest_first,
)
from openpeel.frameworks.model import (
    Area,
    Characteristic,
    Framework,
    Grade,
    GradeDefinition,
    Node,
    PressPhrases,
    Publishing,
    Question,
    Source,
    Standard,
    compare_grades,
)

__all__ = [
    "DATA_DIR",
    "Area",
    "Characteristic",
    "Framework",
    "FrameworkLookupError",
    "Grade",
    "GradeDefinition",
    "Node",
    "PressPhrases",
    "Publishing",
    "Question",
    "Source",
    "Standard",
    "all_frameworks",
    "compare_grades",
    "current_framework",
    "known_framework_ids",
    "load_framework",
    "load_framework_file",
    "newest_first",
]
