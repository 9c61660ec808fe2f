"""Filters for the working pages: how a form field is laid out in GOV.UK Frontend, and small lookups."""

from __future__ import annotations

from django import forms, template

register = template.Library()

_KINDS = {
    forms.RadioSelect: "radios",
    forms.CheckboxSelectMultiple: "checkboxes",
    forms.CheckboxInput: "checkbox",
}

# GOV.UK task list status tags: completed is plain text, the others a coloured tag.
_TAGS = {
    "Not started": "govuk-tag--blue",
    "In progress": "govuk-tag--light-blue",
    "Cannot start yet": "govuk-tag--grey",
}


@register.filter
def govuk_kind(field) -> str:
    """radios, checkboxes, checkbox, or widget (rendered by Django with its GOV.UK class)."""
    return next((k for t, k in _KINDS.items() if isinstance(field.field.widget, t)), "widget")


@register.filter
def task_tag(status: str) -> str:
    return _TAGS.get(status, "")


@register.filter
def get(mapping, key):
    return mapping.get(key, key) if mapping else key
