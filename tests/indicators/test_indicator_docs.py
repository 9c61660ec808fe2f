"""The indicator reference in docs/ is the catalogue rendered: it says what the engine computes."""

from openpeel.indicators.catalogue import catalogue
from openpeel.indicators.docs import DOCS_PATH, render


def test_docs_indicators_md_is_up_to_date():
    assert DOCS_PATH.read_text(encoding="utf-8") == render(), "run `openpeel indicators docs`"


def test_every_indicator_is_documented():
    text = render()
    for indicator_id in catalogue():
        assert f"`{indicator_id}`" in text
