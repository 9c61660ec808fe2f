"""Coverage-guided fuzzing (atheris, libFuzzer) of openpeel's pure-Python parsers: the YAML data files
(framework, indicator catalogue, grade rules, force registry) and a CSV file's text and header checks.

Each input either loads or is refused with openpeel's own error naming the file; any other exception is a
crash, which libFuzzer reports with the input that caused it (saved as crash-*). The real files are the seed
corpus. hypothesis (tests/test_hostile_input.py) damages files at random; this follows the branches instead.

Run (bounded; `make hardening` does):  .venv/bin/python tests/fuzz/fuzz_parsers.py -runs=20000
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["openpeel"]):
    from openpeel.errors import OpenPeelError
    from openpeel.forces.registry import REGISTRY_PATH, load_registry
    from openpeel.frameworks.loader import load_framework_file
    from openpeel.indicators.catalogue import CATALOGUE, load_catalogue
    from openpeel.ingest.police_uk import SOURCES
    from openpeel.ingest.textfile import as_utf8, check_header
    from openpeel.inspections.rules import RULES_FILE, load_grade_rules

FRAMEWORK = Path(load_framework_file.__code__.co_filename).parent / "data" / "peel-2023-25.yaml"
YAML_FILES = [
    (FRAMEWORK, load_framework_file),
    (Path(str(CATALOGUE)), load_catalogue),
    (RULES_FILE, load_grade_rules),
    (REGISTRY_PATH, load_registry),
]
STREET_HEADER = SOURCES["street"].schema.header
WORK = Path(tempfile.mkdtemp(prefix="openpeel-fuzz-"))


def load_csv(path: Path) -> None:
    text, _ = as_utf8(path, WORK)
    check_header(text, path, STREET_HEADER)


TARGETS = [*YAML_FILES, (Path("2019-01-cambridgeshire-street.csv"), load_csv)]


def one_input(data: bytes) -> None:
    if not data:
        return
    original, parse = TARGETS[data[0] % len(TARGETS)]
    path = WORK / original.name
    path.write_bytes(data[1:])
    try:
        parse(path)
    except OpenPeelError as e:
        if str(path) not in str(e):
            raise AssertionError(f"{type(e).__name__} does not name the file: {e}") from None


def seed_corpus() -> Path:
    """The real files, each prefixed with the byte that picks its parser."""
    folder = WORK / "corpus"
    folder.mkdir()
    for n, (original, _) in enumerate(YAML_FILES):
        (folder / original.name).write_bytes(bytes([n]) + original.read_bytes())
    header = ",".join(STREET_HEADER).encode()
    (folder / "street.csv").write_bytes(bytes([len(YAML_FILES)]) + header + b"\r\n" + b",".join([b"x"] * 12) + b"\n")
    return folder


if __name__ == "__main__":
    atheris.Setup([*sys.argv, str(seed_corpus())], one_input)
    atheris.Fuzz()
