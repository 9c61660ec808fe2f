"""Template text: words that stand where a person's own words will be ("Example finding for ...", "Graded
good on the evidence.", "TODO"). Nothing holding them may be approved for publication (rules.check)."""

from __future__ import annotations

import re

# What everything openpeel produces that is not an inspectorate publication says of itself.
DEMONSTRATION = "Demonstration: not a judgment of HM Inspectorate"

# Each pattern is a kind of stand-in wording openpeel's own examples once wrote or editors commonly leave.
PLACEHOLDER_PATTERNS = (
    re.compile(r"^\s*Example\b"),  # "Example summary by HM Inspector ...", "Example of practice ..."
    re.compile(r"\bExample (finding|summary|quote|Inspector)\b"),
    re.compile(r"^\s*Graded [a-z ]+ on the evidence\.?\s*$", re.IGNORECASE),
    re.compile(r"in their words\b|where the inspector's own words will be", re.IGNORECASE),
    re.compile(r"\blorem ipsum\b", re.IGNORECASE),
    re.compile(r"\b(TODO|TBC|TBD|FIXME|XXX)\b"),
    re.compile(r"\[(placeholder|insert[^\]]*)\]", re.IGNORECASE),
)

DRAFT = "Draft: not a judgment of HM Inspectorate"


def notice(inspection) -> str:
    """What an inspection made in openpeel says of itself, on every page, file and API answer: a draft until it
    is published, a demonstration after (openpeel's inspections are not the inspectorate's publications)."""
    return DEMONSTRATION if inspection.published_at else DRAFT


def is_placeholder(text: str | None) -> bool:
    """True where `text` is empty or still template text."""
    text = (text or "").strip()
    return not text or any(p.search(text) for p in PLACEHOLDER_PATTERNS)
