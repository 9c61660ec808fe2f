"""Writes the malformed-file corpus beside this script from real rows of the bundled police.uk files.

Run from the repository root: .venv/bin/python tests/data/malformed/make_corpus.py
Each case is a folder in the police.uk archive layout holding one file; tests/ingest/test_ingest_malformed.py
says what openpeel must do with each. The files are committed: this script only documents how they were made.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

HERE = Path(__file__).parent
DATA = HERE.parent.parent.parent / "data" / "police-uk"


def real(zip_name: str, member: str, rows: int) -> list[str]:
    with zipfile.ZipFile(DATA / zip_name) as z:
        return z.read(member).decode("utf-8").splitlines()[: rows + 1]


STREET = real("street-2018-10_2019-02.zip", "2019-01/2019-01-cambridgeshire-street.csv", 6)
SAS = real("stop-and-search-cambridgeshire-gmp.zip", "2019-06/2019-06-greater-manchester-stop-and-search.csv", 4)
OUTCOMES = real("outcomes-cambridgeshire-2019-01_2020-06.zip", "2019-01/2019-01-cambridgeshire-outcomes.csv", 4)


def cells(line: str, index: int, value: str) -> str:
    import csv
    import io

    fields = next(csv.reader([line]))
    fields[index] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(fields)
    return out.getvalue()


def write(case: str, name: str, lines: list[str] | None = None, *, data: bytes | None = None) -> None:
    month = name[:7]
    folder = HERE / case / month
    folder.mkdir(parents=True, exist_ok=True)
    body = data if data is not None else ("\n".join(lines) + "\n").encode("utf-8")
    (folder / name).write_bytes(body)


def main() -> None:
    for old in HERE.iterdir():
        if old.is_dir():
            shutil.rmtree(old)
    s, st = STREET, "2019-01-cambridgeshire-street.csv"
    write("street-latitude-not-a-number", st, [*s[:3], cells(s[3], 5, "fifty-two"), *s[4:]])
    write("street-longitude-out-of-range", st, [*s[:2], cells(s[2], 4, "12.5"), *s[3:]])
    write("street-unknown-crime-type", st, [*s[:4], cells(s[4], 9, "Jaywalking"), *s[5:]])
    write("street-month-not-the-files", st, [*s[:5], cells(s[5], 1, "2019-02"), *s[6:]])
    write("street-wrong-force", st, [*s[:2], cells(s[2], 3, "Norfolk Constabulary"), *s[3:]])
    write("street-crime-type-missing", st, [*s[:3], cells(s[3], 9, ""), *s[4:]])
    write("street-lsoa-code-malformed", st, [*s[:2], cells(s[2], 7, "E0101"), *s[3:]])
    write("street-month-not-a-month", st, [*s[:6], cells(s[6], 1, "January 2019")])
    write("street-too-few-fields", st, [*s[:3], ",".join(s[3].split(",")[:8]), *s[4:]])
    write("street-too-many-fields", st, [*s[:4], s[4] + ",extra,cells", *s[5:]])
    write("street-unterminated-quote", st, [*s[:5], s[5].replace("On or near", '"On or near', 1), *s[6:]])
    write("street-truncated-last-line", st, data=("\n".join(s[:6]) + "\n" + s[6][:40]).encode())
    write("street-header-renamed", st, [s[0].replace("Crime type", "Offence"), *s[1:]])
    write(
        "street-header-column-missing",
        st,
        [s[0].replace(",Context", ""), *(line[: line.rindex(",")] for line in s[1:])],
    )
    write("street-header-reordered", st, [s[0].replace("Longitude,Latitude", "Latitude,Longitude"), *s[1:]])
    write("street-empty-file", st, data=b"")
    write("street-binary-not-text", st, data=bytes(range(256)) * 4)
    write(
        "street-windows-1252",
        st,
        data=("\r\n".join([*s[:3], cells(s[3], 6, "On or near Café Row"), *s[4:]]) + "\r\n").encode("cp1252"),
    )
    write("street-utf16", st, data=("\n".join(s) + "\n").encode("utf-16"))
    write("street-byte-order-mark-and-crlf", st, data=b"\xef\xbb\xbf" + ("\r\n".join(s) + "\r\n").encode())
    write("street-header-only", st, [s[0]])
    sas, sn = SAS, "2019-06-greater-manchester-stop-and-search.csv"
    write("stop-and-search-date-malformed", sn, [*sas[:2], cells(sas[2], 1, "31/05/2019 23:08"), *sas[3:]])
    write("stop-and-search-boolean-malformed", sn, [*sas[:3], cells(sas[3], 2, "Yes"), *sas[4:]])
    write("stop-and-search-age-range-unknown", sn, [*sas[:4], cells(sas[4], 7, "35-44")])
    o, on = OUTCOMES, "2019-01-cambridgeshire-outcomes.csv"
    write("outcomes-crime-id-missing", on, [*o[:2], cells(o[2], 0, ""), *o[3:]])
    write("outcomes-outcome-missing", on, [*o[:4], cells(o[4], 9, "")])


if __name__ == "__main__":
    main()
