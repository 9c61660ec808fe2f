"""The inspectors' Markdown narrative as HTML on a page: rendered and sanitised at the moment it is shown
(openpeel.publishing.narrative), so nothing stored is ever trusted as HTML."""

from __future__ import annotations

from django import template
from django.utils.safestring import mark_safe

from openpeel.publishing.narrative import to_html

register = template.Library()


@register.filter
def narrative(text: str | None, top: int = 3) -> str:
    """`{{ s.narrative|narrative:3 }}`: headings start at <h3>."""
    return mark_safe(to_html(text or "", int(top)))  # noqa: S308 - to_html's output is sanitised by nh3
