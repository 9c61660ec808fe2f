"""Narrative written by inspectors (HM Inspector's summary, each area's main findings) as Markdown, turned
into HTML that is safe to publish.

Two locks, because either alone can be got round: markdown-it-py is run with raw HTML switched off (so
`<script>` typed into the text comes out as text), and its output then goes through nh3, an allow-list
sanitiser, which keeps only the tags and link schemes a report needs (so `javascript:` links and event
attributes cannot get through whatever the Markdown parser does).
"""

from __future__ import annotations

from functools import cache

import nh3
from markdown_it import MarkdownIt

# What a narrative may contain: headings, paragraphs, lists, emphasis, quotes, links to evidence, tables.
TAGS = frozenset(
    {"h3", "h4", "h5", "h6", "p", "ul", "ol", "li", "strong", "em", "blockquote", "a", "br"}
    | {"table", "thead", "tbody", "tr", "th", "td"}
)
ATTRIBUTES = {"a": {"href"}, "th": {"scope"}, "ol": {"start"}}
SCHEMES = frozenset({"https", "mailto"})  # links within the report ("#data-…") are relative and always allowed


@cache
def _parser() -> MarkdownIt:
    # "commonmark" with html=False: raw HTML in the text is escaped, never passed through.
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")


def to_html(text: str, top: int = 3) -> str:
    """`text` (Markdown) as sanitised HTML. A heading written `#` becomes <h`top`>, `##` the level below, so
    the narrative's headings sit under the heading of the part of the report it is written for."""
    if not text or not text.strip():
        return ""
    tokens = _parser().parse(text)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, int(token.tag[1]) + top - 1)}"
    return sanitise(_parser().renderer.render(tokens, _parser().options, {}))


def sanitise(html: str) -> str:
    """Only the allowed tags, attributes and link schemes of `html`; everything else is dropped."""
    return nh3.clean(
        html,
        tags=set(TAGS),
        attributes={k: set(v) for k, v in ATTRIBUTES.items()},
        url_schemes=set(SCHEMES),
        link_rel="noopener noreferrer",
    )
