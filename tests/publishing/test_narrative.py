"""Narrative written by inspectors is Markdown made into HTML that is safe to publish: whatever is typed,
no script, event handler or javascript: link reaches a page, the standalone file or the PDF."""

from html.parser import HTMLParser

from openpeel.publishing.narrative import sanitise, to_html

HOSTILE = (
    "# Findings\n\n<script>alert('x')</script>\n\n<img src=x onerror=\"alert(1)\">\n\n"
    '[click](javascript:alert(1)) <a href="javascript:alert(2)" onclick="alert(3)">raw link</a>\n\n'
    '<p onmouseover="alert(4)">hover</p>'
)


class Elements(HTMLParser):
    """Every element and attribute of a fragment, as a browser's parser would see them."""

    def __init__(self, html: str):
        super().__init__()
        self.tags, self.attributes = [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += attrs


def assert_harmless(html: str) -> None:
    found = Elements(html)
    assert not {"script", "img", "iframe", "style"} & set(found.tags)
    assert not [name for name, _ in found.attributes if name.startswith("on")]
    assert not [value for name, value in found.attributes if name == "href" and "javascript" in (value or "")]


def test_markdown_gives_headings_under_the_part_paragraphs_lists_and_links_to_evidence():
    html = to_html(
        "# Main findings\n\nThe force answers calls well.\n\n- one\n- two\n\n[the data](#data-x-2024)", top=3
    )
    assert "<h3>Main findings</h3>" in html and "<p>The force answers calls well.</p>" in html
    assert "<ul>\n<li>one</li>" in html and 'href="#data-x-2024"' in html
    assert "<h4>" in to_html("## Sub", top=3)


def test_script_event_handlers_and_javascript_links_typed_as_markdown_never_become_html():
    html = to_html(HOSTILE)
    assert_harmless(html)
    assert "<h3>Findings</h3>" in html  # the rest of the text survives


def test_the_sanitiser_alone_strips_script_onerror_and_javascript_from_html():
    # The second lock, tried without the first: HTML given straight to the sanitiser.
    html = sanitise(
        '<h3>Ok</h3><script>alert(1)</script><img src=x onerror="alert(1)">'
        '<a href="javascript:alert(2)" onclick="x()">link</a><p onmouseover="y()">text</p>'
    )
    assert_harmless(html)
    assert "<h3>Ok</h3>" in html and "link" in html and "<p>text</p>" in html


def test_an_empty_narrative_is_no_html_at_all():
    assert to_html("") == "" and to_html("  \n") == ""
