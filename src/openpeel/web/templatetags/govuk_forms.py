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


_ERROR_CLASSES = {
    forms.Textarea: "govuk-textarea--error",
    forms.Select: "govuk-select--error",
    forms.FileInput: "govuk-file-upload--error",
}


@register.filter
def govuk_widget(field):
    """The field's input, described by its hint and error (the ids the template gives them; Django's own
    `id_<name>_helptext` names an element that is not on the page) and marked when it has an error."""
    described_by = [f"{field.auto_id}-hint"] * bool(field.help_text) + [f"{field.auto_id}-error"] * bool(field.errors)
    attrs = {"aria-describedby": " ".join(described_by)} if described_by else {}
    if field.errors:
        widget = field.field.widget
        error_class = next((c for t, c in _ERROR_CLASSES.items() if isinstance(widget, t)), "govuk-input--error")
        attrs["class"] = f"{widget.attrs.get('class', '')} {error_class}".strip()
    return field.as_widget(attrs=attrs)
