"""The forms of the monitoring pages (rendered with GOV.UK Frontend markup in the templates)."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from openpeel.indicators.catalogue import catalogue
from openpeel.inspections.validators import validate_document
from openpeel.monitoring.models import ItemStatus


class UpdateForm(forms.Form):
    text = forms.CharField(label="What has the force done?", widget=forms.Textarea)
    document = forms.FileField(label="Evidence document (optional)", required=False, validators=[validate_document])


class StatusForm(forms.Form):
    to = forms.ChoiceField(
        label="New status",
        choices=[(s.value, s.label) for s in (ItemStatus.BEING_PROGRESSED, ItemStatus.COMPLETE, ItemStatus.SUPERSEDED)],
        widget=forms.RadioSelect,
    )
    why = forms.CharField(label="Why (to close it: the closing statement)", widget=forms.Textarea)


class PccResponseForm(forms.Form):
    text = forms.CharField(label="The PCC's response", widget=forms.Textarea)
    responded_on = forms.DateField(label="Date published", widget=forms.DateInput(attrs={"type": "date"}))


def _indicator_choices():
    return [(i.id, i.title) for i in catalogue().values()]


class DetailsForm(forms.Form):
    owner = forms.CharField(label="Owner at the force", max_length=200)
    due_date = forms.DateField(label="Due date", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    indicator_ids = forms.MultipleChoiceField(
        label="Indicators behind it", required=False, choices=_indicator_choices, widget=forms.CheckboxSelectMultiple
    )


class EngageForm(forms.Form):
    reason = forms.CharField(label="Why the force moves to Engage", widget=forms.Textarea)
    entered_on = forms.DateField(
        label="Date", initial=timezone.localdate, widget=forms.DateInput(attrs={"type": "date"})
    )
    action = forms.CharField(label="First action of the improvement plan", widget=forms.Textarea)
    due_on = forms.DateField(label="Action due by", widget=forms.DateInput(attrs={"type": "date"}))


class ExitForm(forms.Form):
    reason = forms.CharField(label="Why the force returns to Scan", widget=forms.Textarea)
    exited_on = forms.DateField(
        label="Date", initial=timezone.localdate, widget=forms.DateInput(attrs={"type": "date"})
    )


class ActionForm(forms.Form):
    action = forms.CharField(label="Action", widget=forms.Textarea)
    due_on = forms.DateField(label="Due by", widget=forms.DateInput(attrs={"type": "date"}))
