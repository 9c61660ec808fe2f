"""Write peel-record.csv (the published record bundled with openpeel) from the collection of PEEL 2023-25
grades in sources/peel-grades-2023-25/ (grades CSV and extras CSV, each grade with its sources; SOURCE.md),
plus the facts below that were read in the inspectorate's own pages. Run: python build_peel_record.py

A grade is written only where the collection names it; nothing is worked out from totals. The collection's
source_note is about a whole row, so each grade keeps all of its row's sources (Cambridgeshire's are split by
what each source names, as its note says).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from openpeel.forces import get_force
from openpeel.record.model import COLUMNS

CYCLE = "peel-2023-25"
# The collection's force names the registry does not know as they stand.
FORCE_NAMES = {"Hampshire and Isle of Wight": "Hampshire and Isle of Wight Constabulary"}
# The collection's columns for the eight areas, and the 2023-25 framework's ids for them.
AREAS = {
    "police_powers": "police-powers",
    "preventing_crime": "preventing-crime",
    "responding": "responding",
    "investigating": "investigating",
    "protecting_vulnerable": "protecting-vulnerable",
    "managing_offenders": "managing-offenders",
    "positive_workplace": "positive-workplace",
    "leadership": "leadership",
}
HUNTS_POST = "https://www.huntspost.co.uk/news/24181263.force-criticised-manages-sex-offenders/"
PETERBOROUGH_TODAY = (
    "https://www.peterboroughtoday.co.uk/news/crime/cambridgeshire-police-needs-to-improve-how-it-manages-risks-"
    "posed-by-sex-offenders-report-reveals-4550946"
)
HMICFRS_CAMBRIDGESHIRE_RELEASE = (
    "https://www.wired-gov.net/wg/news.nsf/articles/Cambridgeshire+Constabulary+uses+police+powers+effectively+but"
    "+must+improve+how+it+responds+to+the+public+and+manages+offenders+13032024132500?open"
)
# Per grade, the source that names it, where the row's note says which source named which area.
GRADE_SOURCES = {("Cambridgeshire", "positive_workplace"): PETERBOROUGH_TODAY}
ROW_SOURCES = {"Cambridgeshire": HUNTS_POST}
# Report pages the collection read (SOURCE.md); other forces' report addresses were not read.
REPORT_URLS = {
    "Bedfordshire": "https://hmicfrs.justiceinspectorates.gov.uk/peel-reports/bedfordshire-2023-25/",
    "Cambridgeshire": "https://hmicfrs.justiceinspectorates.gov.uk/peel-reports/cambridgeshire-2023-25/",
    "Cumbria": "https://hmicfrs.justiceinspectorates.gov.uk/peel-reports/cumbria-2023-25/",
    "Gwent": "https://hmicfrs.justiceinspectorates.gov.uk/peel-reports/gwent-2023-25",
    "Humberside": "https://hmicfrs.justiceinspectorates.gov.uk/peel-reports/humberside-2023-25/",
    "Kent": "https://hmicfrs.justiceinspectorates.gov.uk/peel-reports/kent-2023-25/",
    "Lancashire": "https://hmicfrs.justiceinspectorates.gov.uk/peel-reports/lancashire-2023-25/",
    "Norfolk": "https://hmicfrs.justiceinspectorates.gov.uk/peel-reports/norfolk-2023-2025/",
}
# Northamptonshire's responding grade: the collection holds the amended grade; its note gives the first one,
# the date of the change and where it was read.
AMENDED = {
    ("Northamptonshire", "responding"): {
        "grade": "adequate",
        "amended_grade": "requires improvement",
        "amended_on": "2024-08-08",
        "amendment_source_url": "https://northantspfcc.org.uk/?p=25963",
        "note": "The inspectorate changed this grade after publication because the force had supplied wrong data "
        "(the commissioner's page).",
    }
}
# Causes of concern named in the extras file: (force, text as the extras give it) -> the row's other cells.
# The extras' wording is a paraphrase; the area and date are filled only where the extras state them.
ACCELERATED = "An accelerated cause of concern, issued before the report. Our paraphrase; its status was not read."
CAUSES = {
    "investigating crime (accelerated, issued 11 Mar 2024)":
        {"area": "investigating", "raised_on": "2024-03-11", "note": ACCELERATED},
    "leadership and force management (accelerated, issued 11 Mar 2024)":
        {"area": "leadership", "raised_on": "2024-03-11", "note": ACCELERATED},
    "preventing and deterring crime (in the report of 11 Jul 2024)":
        {"area": "preventing-crime", "raised_on": "2024-07-11"},
}  # fmt: skip
# Where the publication date was read besides the row's own sources.
REPORT_SOURCES = {
    "Cambridgeshire": HMICFRS_CAMBRIDGESHIRE_RELEASE + " https://policeprofessional.com/news/cambridgeshire-"
    "constabulary-uses-police-powers-effectively-but-must-improve-its-response-to-the-public/",
}

# Read in the inspectorate's own pages (docs/record.md, "Where the bundled facts come from").
EXTRA_ROWS = [
    {
        "force": "Cambridgeshire",
        "cycle": CYCLE,
        "fact": "cause",
        "area": "managing-offenders",
        "cause": "The management of registered sex offenders and the risks they pose in the community",
        "status": "not known",
        "source_url": f"{HMICFRS_CAMBRIDGESHIRE_RELEASE} {PETERBOROUGH_TODAY} {HUNTS_POST}",
        "note": "In the report of 12 March 2024, which graded managing offenders inadequate (Hunts Post); the "
        "inspectorate's release says the constabulary must improve its management of registered sex offenders. "
        "Whether it was raised earlier, and whether it has closed, was not read.",
    },
    {
        "force": "Cambridgeshire",
        "cycle": "peel-2018-19",
        "fact": "report",
        "report_url": "https://hmicfrs.justiceinspectorates.gov.uk/peel-assessments/peel-2018/cambridgeshire/",
        "source_url": "https://hmicfrs.justiceinspectorates.gov.uk/peel-assessments/peel-2018/cambridgeshire/",
        "note": "Inspected in the third tranche of 2018/19; the publication date was not read.",
    },
    *(
        {
            "force": "Cambridgeshire",
            "cycle": "peel-2018-19",
            "fact": "grade",
            "area": pillar,
            "grade": "good",
            "source_url": " ".join(urls),
        }
        for pillar, urls in (
            (
                "effectiveness",
                (
                    "https://hmicfrs.justiceinspectorates.gov.uk/peel-assessments/peel-2018/cambridgeshire/",
                    "https://hmicfrs.justiceinspectorates.gov.uk/peel-assessments/peel-2018/cambridgeshire/effectiveness/",
                ),
            ),
            ("efficiency", ("https://hmicfrs.justiceinspectorates.gov.uk/peel-assessments/peel-2018/cambridgeshire/",)),
            ("legitimacy", ("https://hmicfrs.justiceinspectorates.gov.uk/peel-assessments/peel-2018/cambridgeshire/",)),
        )
    ),
]


def build(shared: Path) -> list[dict]:
    rows: list[dict] = []
    grades = list(csv.DictReader((shared / "peel-2023-25-grades.csv").open(encoding="utf-8", newline="")))
    extras = list(csv.DictReader((shared / "peel-2023-25-extras.csv").open(encoding="utf-8", newline="")))
    recording = {e["force"]: e for e in extras if e["item"] == "recording_data grade"}
    for g in grades:
        force = g["force"]
        # Where nothing else was read, the report page itself (read, without grades) sources the report row.
        sources = g["source_url"].strip() or REPORT_URLS.get(force, "")
        if not sources:
            continue  # nothing was found for this force: no report row can be sourced
        report_sources = f"{sources} {REPORT_SOURCES.get(force, '')}".strip()
        rows.append(
            {"force": force, "cycle": CYCLE, "fact": "report", "published": g["publication_date"],
             "report_url": REPORT_URLS.get(force, ""), "source_url": report_sources}
        )  # fmt: skip
        for column, area in AREAS.items():
            if not g[column].strip():
                continue
            row = {"force": force, "cycle": CYCLE, "fact": "grade", "area": area, "grade": g[column].strip()}
            row["source_url"] = GRADE_SOURCES.get((force, column)) or ROW_SOURCES.get(force) or sources
            row.update(AMENDED.get((force, area), {}))
            rows.append(row)
        if force in recording:
            e = recording[force]
            rows.append(
                {"force": force, "cycle": CYCLE, "fact": "grade", "area": "recording-data", "grade": e["value"],
                 "source_url": e["source_url"]}
            )  # fmt: skip
    for e in extras:
        if e["item"] != "cause_of_concern":
            continue
        head, _, rest = e["value"].partition(": ")
        known = CAUSES.get(head)
        rows.append(
            {"force": e["force"], "cycle": CYCLE, "fact": "cause", "cause": rest if known else e["value"],
             "status": "not known", "source_url": e["source_url"],
             "note": "Our paraphrase of the source; its status was not read.", **(known or {})}
        )  # fmt: skip
    rows += EXTRA_ROWS
    for row in rows:  # every force under its official name, as the registry gives it
        row["force"] = get_force(FORCE_NAMES.get(row["force"], row["force"])).name
    return rows


HERE = Path(__file__).parent
COLLECTION = HERE / "sources" / "peel-grades-2023-25"


def main(shared: str = str(COLLECTION), out: str = str(HERE / "peel-record.csv")) -> None:
    rows = build(Path(shared))
    with open(out, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in COLUMNS})
    print(f"{out}: {len(rows)} rows")


if __name__ == "__main__":
    main(*sys.argv[1:])
